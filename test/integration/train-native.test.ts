/**
 * The training tests on native TensorFlow (`@tensorflow/tfjs-node`), built offline from the Keras venv's
 * tensorflow-cpu wheel by scripts/build-tfjs-node.sh, which prints the folder MODEL_LENS_TFJS_NODE names.
 * Skipped, with the reason, where it is not built. Each run is a worker process of its own: the addon cannot be
 * loaded twice in one process.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { cliTrain, requireBuild, requireFashionMnist, ROOT } from './helpers';

const native = process.env.MODEL_LENS_TFJS_NODE;
const skip = !native ? 'MODEL_LENS_TFJS_NODE is not set (scripts/build-tfjs-node.sh builds tfjs-node and prints the folder)' : !existsSync(join(native, 'package.json')) ? `${native} holds no tfjs-node` : false;
const env = { MODEL_LENS_TFJS_NODE: native ?? '' };
const dir = mkdtempSync(join(tmpdir(), 'ml-native-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('training on native TensorFlow', { skip }, () => {
  test('the tutorial trains on the tensorflow backend, with no note about it, to the same accuracy band as wasm', async () => {
    requireBuild();
    requireFashionMnist();
    const r = await cliTrain([join(ROOT, 'examples', 'fashion_mnist.py'), '--backend', 'tensorflow', '--epochs', '1', '--limit', '10000', '--test-limit', '2000', '--seed', '1', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    const backend = r.lines.find((l) => l.event === 'backend')!;
    assert.equal(backend.backend, 'tensorflow');
    assert.deepEqual(backend.notes, []);
    const result = r.lines.find((l) => l.event === 'result')!;
    assert.ok((result.testAccuracy as number) >= 0.75, `test accuracy ${String(result.testAccuracy)}`);
  });

  test('auto picks native TensorFlow when it loads; a convnet trains on it', async () => {
    const file = join(dir, 'cnn.py');
    writeFileSync(
      file,
      [
        'import keras',
        'from keras import layers',
        '(x_train, y_train), (x_test, y_test) = keras.datasets.fashion_mnist.load_data()',
        'x_train = x_train / 255.0',
        'model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(10, activation="softmax")])',
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])',
        'model.fit(x_train, y_train, epochs=1)',
        '',
      ].join('\n'),
    );
    const r = await cliTrain([file, '--limit', '2000', '--test-limit', '500', '--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.lines.find((l) => l.event === 'backend')!.backend, 'tensorflow');
    assert.ok((r.lines.find((l) => l.event === 'result')!.testAccuracy as number) > 0.5);
  });
});
