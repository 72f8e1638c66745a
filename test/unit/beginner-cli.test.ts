/** `model-lens summary` tells the plain sentences and the beginner's advice as the editor does (issue 17). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { diagnosticLines, jsonDiagnostics } from '../../src/cli/taught-output';
import './analyze-helpers';

const CONV_AFTER_DENSE = 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((64,)), layers.Dense(8), layers.Conv2D(8, 3)])\n';
const SOFTMAX_TWICE = `import keras
from keras import layers
(x_train, y_train), _ = keras.datasets.mnist.load_data()
model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(x_train, y_train)
`;
const line = (r: { startLine: number }) => ({ line: r.startLine + 1 });
const KERAS = "Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2. Full shape received: (None, 8)";
const PLAIN = 'Conv2D needs images shaped (height, width, channels), but Dense on line 3 outputs a flat vector of 8 numbers per sample: convolutions go before Flatten and Dense.';
const ADVICE =
  'The last layer, Dense on line 4, already applies softmax, so "model" outputs probabilities; from_logits=True makes the loss apply softmax again, and training learns slowly. Remove from_logits=True, or drop the softmax from the last layer.';

describe('CLI: plain sentences and advice', () => {
  test("text: Keras's message, the sentence on the next line", () => {
    assert.deepEqual(diagnosticLines('m.py', analyzePython(CONV_AFTER_DENSE), CONV_AFTER_DENSE, line), [`m.py:3:64: error: ${KERAS}\n  ${PLAIN}`]);
  });

  test("JSON: message stays Keras's own, the sentence is plain; advice is a diagnostic with its code", () => {
    assert.deepEqual(jsonDiagnostics(analyzePython(CONV_AFTER_DENSE), CONV_AFTER_DENSE, line), [{ line: 3, severity: 'error', message: KERAS, plain: PLAIN }]);
    assert.deepEqual(jsonDiagnostics(analyzePython(SOFTMAX_TWICE), SOFTMAX_TWICE, line), [{ line: 5, severity: 'warning', message: ADVICE, code: 'softmax-from-logits' }]);
  });

  const dir = mkdtempSync(join(tmpdir(), 'model-lens-beginner-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the command prints the advice after the summary', () => {
    const file = join(dir, 'twice.py');
    writeFileSync(file, SOFTMAX_TWICE);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(run.stdout.endsWith(`${file}:5:1: warning: ${ADVICE}\n`), run.stdout);
  });
});
