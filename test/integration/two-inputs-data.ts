/**
 * A functional model with two inputs, image (4×4×1) and meta (3), and data it can learn only from both: shared by
 * the integration test (train-multi-input.test.ts) and the E2E test that picks one file per input.
 */

export const MODEL = `import keras
from keras import layers

image = keras.Input(shape=(4, 4, 1), name="image")
meta = keras.Input(shape=(3,), name="meta")
x = layers.Concatenate()([layers.Flatten()(image), meta])
x = layers.Dense(16, activation="relu")(x)
out = layers.Dense(2, activation="softmax")(x)
model = keras.Model([image, meta], out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;

/** A float32 `.npy` (format 1.0) of `shape`. */
export function npy(values: Float32Array, shape: readonly number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(64 - ((10 + header.length + 1) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, ...Buffer.from('NUMPY'), 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(Buffer.from(header, 'latin1'), 10);
  out.set(new Uint8Array(values.buffer), 10 + header.length);
  return out;
}

/** The label is which input is larger on average: learnable only from both inputs together. */
export function split(n: number, seed: number): Record<string, Uint8Array> {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2 ** 31), s / 2 ** 31);
  const image = new Float32Array(n * 16);
  const meta = new Float32Array(n * 3);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0;
    let b = 0;
    for (let j = 0; j < 16; j++) a += image[i * 16 + j] = rand();
    for (let j = 0; j < 3; j++) b += meta[i * 3 + j] = rand();
    y[i] = a / 16 > b / 3 ? 1 : 0;
  }
  return { image: npy(image, [n, 4, 4, 1]), meta: npy(meta, [n, 3]), y: npy(y, [n]) };
}
