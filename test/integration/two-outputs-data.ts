/**
 * A functional model with two outputs, a classification head ("kind", 3 classes) and a regression head ("size"),
 * and data it can learn both from: shared by the two-output training tests (train-multi-output.test.ts).
 */
import { zipSync } from 'fflate';
import { npy } from './two-inputs-data';

export const MODEL = `import keras
from keras import layers

features = keras.Input(shape=(8,), name="features")
x = layers.Dense(32, activation="relu")(features)
kind = layers.Dense(3, activation="softmax", name="kind")(x)
size = layers.Dense(1, name="size")(x)
model = keras.Model(features, [kind, size])
model.compile(optimizer="adam", loss={"kind": "sparse_categorical_crossentropy", "size": "mse"}, loss_weights={"kind": 1.0, "size": 0.5}, metrics={"kind": ["accuracy"]})
`;

/** kind: which of the first three features is largest; size: the mean of all eight. */
export function split(n: number, seed: number): { features: Uint8Array; kind: Uint8Array; size: Uint8Array } {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  const features = new Float32Array(n * 8);
  const kind = new Float32Array(n);
  const size = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < 8; j++) sum += features[i * 8 + j] = rand();
    const f = features.subarray(i * 8, i * 8 + 3);
    kind[i] = f[0] >= f[1] && f[0] >= f[2] ? 0 : f[1] >= f[2] ? 1 : 2;
    size[i] = sum / 8;
  }
  return { features: npy(features, [n, 8]), kind: npy(kind, [n]), size: npy(size, [n, 1]) };
}

/** An .npz as `np.savez(path, x_train=..., y_train_kind=..., y_train_size=..., x_test=..., y_test_kind=..., y_test_size=...)` writes it. */
export function twoOutputsNpz(trainSamples: number, testSamples: number): Uint8Array {
  const train = split(trainSamples, 1);
  const test = split(testSamples, 2);
  return zipSync({ 'x_train.npy': train.features, 'y_train_kind.npy': train.kind, 'y_train_size.npy': train.size, 'x_test.npy': test.features, 'y_test_kind.npy': test.kind, 'y_test_size.npy': test.size });
}
