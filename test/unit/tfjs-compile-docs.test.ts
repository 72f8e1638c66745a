/**
 * The hover on the strings of a TF.js compile config: what is under the cursor, and the words for optimizers,
 * losses and metrics with TF.js's names and defaults. tfjs-layers 4.22 itself is the reference: its
 * getOptimizer makes each optimizer (whose settings the hover must state), and its lossesMap and metricsMap
 * are the names the hover must know.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import '@tensorflow/tfjs-backend-cpu';
import { env, train } from '@tensorflow/tfjs-core';
import { lossesMap } from '@tensorflow/tfjs-layers/dist/losses.js';
import { metricsMap } from '@tensorflow/tfjs-layers/dist/metrics.js';
import { getOptimizer } from '@tensorflow/tfjs-layers/dist/optimizers.js';
import { symbolHoverMarkdown } from '../../src/core/report/explain';
import { initJsParsers } from '../../src/core/tfjs/analyze';
import { TFJS_STRING_OPTIMIZERS, TFJS_TRAIN_FACTORIES, tfjsLossDoc, tfjsMetricDoc, tfjsOptimizerDoc } from '../../src/core/tfjs/compile-docs';
import { tfjsSymbolAt } from '../../src/core/tfjs/symbol-at';
import { readJsOptimizer } from '../../src/train/host/js-compile-fit';

before(async () => {
  await initJsParsers();
  // tfjs-core's note that a faster backend exists is for programs, not for a test's output.
  env().set('IS_TEST', true);
});

describe('the compile strings under the cursor in a TF.js source', () => {
  const SOURCE = `import * as tf from '@tensorflow/tfjs';
model.compile({optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'mse']});
twoHeads.compile({optimizer: tf.train.sgd(0.1), loss: {digit: 'categoricalCrossentropy', 'size': 'meanSquaredError'}, metrics: {digit: 'acc'}});
const layer = tf.layers.dense({units: 4, name: 'loss', activation: 'relu'});`;
  const CASES: [string, string, [string, string] | undefined][] = [
    ["optimizer: 'adam'", 'adam', ['optimizer', 'adam']],
    ["loss: 'sparseCategoricalCrossentropy'", 'sparse', ['loss', 'sparseCategoricalCrossentropy']],
    ["metrics: ['accuracy'", 'accuracy', ['metric', 'accuracy']],
    ["'mse']", 'mse', ['metric', 'mse']],
    // One loss per output: still a loss.
    ["digit: 'categoricalCrossentropy'", 'categorical', ['loss', 'categoricalCrossentropy']],
    ["'size': 'meanSquaredError'", 'mean', ['loss', 'meanSquaredError']],
    ["metrics: {digit: 'acc'}", 'acc', ['metric', 'acc']],
    // A key that is written as a string is not a value; a layer named 'loss' is a layer.
    ["'size': 'meanSquaredError'", 'size', undefined],
    ["name: 'loss'", 'loss', ['layer', 'dense']],
    // A tf.train factory, by any part of its name; not its arguments.
    ['tf.train.sgd(0.1)', 'sgd', ['optimizer', 'tf.train.sgd']],
    ['tf.train.sgd(0.1)', 'train', ['optimizer', 'tf.train.sgd']],
    ['tf.train.sgd(0.1)', '0.1', undefined],
    ["activation: 'relu'", 'relu', ['activation', 'relu']],
  ];
  for (const [context, part, expected] of CASES) {
    test(`${part} in ${context}`, () => {
      const sym = tfjsSymbolAt(SOURCE, SOURCE.indexOf(context) + context.indexOf(part) + 1, 'javascript');
      assert.deepEqual(sym && [sym.kind, sym.name], expected);
    });
  }
});

describe("the hover on TF.js's optimizer strings", () => {
  for (const [name, entry] of Object.entries(TFJS_STRING_OPTIMIZERS)) {
    test(`'${name}' states what compile() makes of it, as tfjs-layers does`, () => {
      const made = getOptimizer(name) as unknown as Record<string, number>;
      for (const [key, value] of entry.settings) assert.equal(made[key], value, `${name}: ${key}`);
      // The planner trains with the same learning rate.
      const planned = readJsOptimizer({ kind: 'str', value: name });
      assert.equal(typeof planned === 'string' ? planned : planned.learningRate, entry.settings[0][1]);
      const doc = tfjsOptimizerDoc(name)!;
      assert.equal(doc.title, `'${name}' optimizer`);
      assert.ok(doc.details!.includes(`\`learningRate\` ${entry.settings[0][1]}`), doc.details);
      assert.equal(doc.docsUrl, `https://js.tensorflow.org/api/latest/#train.${entry.factory}`);
    });
  }

  test("'adam' in full, and where TF.js's defaults are not Keras's", () => {
    assert.equal(
      tfjsOptimizerDoc('adam')!.details,
      '`compile()` makes it as `tf.train.adam(0.001, 0.9, 0.999, 1e-7)`: `learningRate` 0.001, `beta1` 0.9, `beta2` 0.999, `epsilon` 1e-7. For other values pass the optimizer itself, such as `tf.train.adam(0.0005)`.',
    );
    assert.match(tfjsOptimizerDoc('adagrad')!.details!, /`learningRate` 0\.01, `initialAccumulatorValue` 0\.1\. .* Keras's `'adagrad'` starts at 0\.001\.$/);
    assert.match(tfjsOptimizerDoc('sgd')!.summary, /`w = w - learningRate \* g`/);
    // getOptimizer's capitalized spellings; TF.js's names are case-sensitive.
    assert.equal(tfjsOptimizerDoc('RMSProp')!.title, "'RMSProp' optimizer");
    for (const unknown of ['ADAM', 'RMSprop', 'nadam', 'constructor']) assert.equal(tfjsOptimizerDoc(unknown), undefined, unknown);
  });
});

describe('the hover on tf.train factories', () => {
  for (const [factory, entry] of Object.entries(TFJS_TRAIN_FACTORIES)) {
    test(`tf.train.${factory}: its parameters in order, with tfjs-core's defaults`, () => {
      // Required parameters get a value; the others are left to their defaults, which the hover must state.
      const make = train[factory as keyof typeof train] as (...args: unknown[]) => Record<string, unknown>;
      const made = make(...entry.params.map(([, v]) => (v === undefined ? 0.5 : undefined)));
      for (const [key, value] of entry.params) if (value !== undefined) assert.equal(made[key], value, `${factory}: ${key}`);
      const doc = tfjsOptimizerDoc(`tf.train.${factory}`)!;
      assert.equal(doc.title, `tf.train.${factory}`);
      assert.ok(doc.details!.startsWith(`Parameters in order: \`${entry.params[0][0]}\``), doc.details);
    });
  }

  test('tf.train.adam in full, and what the string of its name makes', () => {
    assert.equal(
      tfjsOptimizerDoc('tf.train.adam')!.details,
      "Parameters in order: `learningRate` (0.001), `beta1` (0.9), `beta2` (0.999), `epsilon` (1e-7). The string `'adam'` makes `tf.train.adam(0.001, 0.9, 0.999, 1e-7)`.",
    );
    assert.match(tfjsOptimizerDoc('tf.train.adagrad')!.details!, /`learningRate` \(required\)/);
    assert.equal(tfjsOptimizerDoc('tf.train.nadam'), undefined);
  });
});

describe("the hover on TF.js's loss and metric strings", () => {
  test('every loss TF.js knows by name has words, and only those', () => {
    for (const name of Object.keys(lossesMap)) assert.ok(tfjsLossDoc(name)?.summary, name);
    // Keras's spellings and short names are not TF.js losses.
    for (const unknown of ['mse', 'sparse_categorical_crossentropy', 'softmaxCrossEntropy', 'toString']) assert.equal(tfjsLossDoc(unknown), undefined, unknown);
  });

  test('every metric TF.js knows by name has words, and accuracy says how TF.js picks it', () => {
    for (const name of [...Object.keys(metricsMap), 'accuracy', 'acc', 'crossentropy', 'ce']) assert.ok(tfjsMetricDoc(name)?.summary, name);
    assert.equal(tfjsMetricDoc('Accuracy'), undefined);
    assert.match(tfjsMetricDoc('accuracy')!.details!, /`sparseCategoricalAccuracy` when the loss is `'sparseCategoricalCrossentropy'`.*logged as `acc`/);
  });

  test("the words speak TF.js: its names, its formulas, its links", () => {
    const sparse = tfjsLossDoc('sparseCategoricalCrossentropy')!;
    assert.equal(sparse.title, "'sparseCategoricalCrossentropy' loss");
    assert.match(sparse.details!, /the last layer needs `activation: 'softmax'`/);
    assert.match(tfjsLossDoc('categoricalCrossentropy')!.details!, /`activation: 'softmax'`; on logits use `tf\.losses\.softmaxCrossEntropy`/);
    assert.equal(sparse.docsUrl, 'https://js.tensorflow.org/api/latest/#tf.LayersModel.compile');
    for (const name of [...Object.keys(lossesMap)]) {
      const md = symbolHoverMarkdown(tfjsLossDoc(name)!);
      assert.doesNotMatch(md, /y_true|y_pred|from_logits|_crossentropy|mean_squared/, name);
    }
    assert.match(tfjsLossDoc('meanSquaredError')!.summary, /`mean\(square\(yTrue - yPred\)\)`/);
    assert.match(tfjsMetricDoc('precision')!.details!, /exactly 1/);
  });
});
