/** Pre-flight for TF.js sources: `model.compile({...})` and `model.fit(xs, ys, {...})` read with TF.js's names and defaults. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import type { JsDialect } from '../../src/core/tfjs/parser';
import { DEFAULT_COMPILE, DEFAULT_FIT } from '../../src/train/host/plan';
import { jsCompileName, jsSettingsCall, readJsCompile, readJsFit, readJsLoss, readJsOptimizer } from '../../src/train/host/js-compile-fit';
import { planJsTraining } from '../../src/train/host/js-plan';
import { fileLineWords, noteText } from '../../src/train/host/plan-notes';

before(async () => {
  await initJsParsers();
});

/** Imports TF.js and makes a `model` on the first line of a snippet, so its lines stay where they are written. */
const withModel = (src: string) => (src.includes('const model') ? "import * as tf from '@tensorflow/tfjs'; " : "import * as tf from '@tensorflow/tfjs'; const model = tf.sequential(); ") + src;

/** The compile and fit calls of `model` in `src`, as the analyzer recorded them and the planner reads them. */
function calls(src: string, dialect: JsDialect = 'javascript') {
  const text = withModel(src);
  const report = analyzeJavaScript(text, { typescript: dialect === 'typescript' });
  const model = report.models.find((m) => m.variable === 'model')?.model;
  const compile = report.compiles.filter((c) => c.model === model).pop();
  const fit = report.fits.find((c) => c.model === model);
  const c = readJsCompile(compile && jsSettingsCall(compile, text, fileLineWords), DEFAULT_COMPILE);
  const f = readJsFit(fit && jsSettingsCall(fit, text, fileLineWords), DEFAULT_FIT);
  return { compile: { ...c, notes: c.notes.map(noteText) }, fit: { ...f, notes: f.notes.map(noteText) } };
}

/** The optimizer `code` as the analyzer evaluates it in `model.compile({optimizer: code})`, after `before`. */
function expr(code: string, before = '') {
  const report = analyzeJavaScript(withModel(`${before}\nmodel.compile({optimizer: ${code}});`), { typescript: true });
  return report.compiles[0].keywords.get('optimizer')!;
}

describe('compile', () => {
  test("the tutorial: tf.train.adam(), 'sparseCategoricalCrossentropy', accuracy", () => {
    const { compile } = calls(`const model = tf.sequential();
model.compile({optimizer: tf.train.adam(), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});`);
    assert.deepEqual(compile.problems, []);
    assert.deepEqual(compile.value, {
      optimizer: { name: 'adam', learningRate: 0.001, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
      loss: { name: 'sparse_categorical_crossentropy', fromLogits: false },
      accuracy: true,
    });
    assert.deepEqual(compile.notes, ['optimizer: tf.train.adam (learning rate 0.001)', 'loss: sparseCategoricalCrossentropy']);
  });

  test("optimizer strings get TF.js's defaults, which differ from Keras's", () => {
    assert.deepEqual(readJsOptimizer({ kind: 'str', value: 'sgd' }), { name: 'sgd', learningRate: 0.01, options: { momentum: 0, nesterov: false } });
    assert.equal((readJsOptimizer({ kind: 'str', value: 'adagrad' }) as { learningRate: number }).learningRate, 0.01);
    assert.equal((readJsOptimizer({ kind: 'str', value: 'adadelta' }) as { learningRate: number }).learningRate, 1);
    assert.equal((readJsOptimizer({ kind: 'str', value: 'adamax' }) as { learningRate: number }).learningRate, 0.002);
    assert.equal((readJsOptimizer({ kind: 'str', value: 'RMSProp' }) as { name: string }).name, 'rmsprop');
    // TF.js's identifiers are case-sensitive: 'RMSprop' is Keras's spelling, and TF.js rejects it.
    assert.match(readJsOptimizer({ kind: 'str', value: 'RMSprop' }) as string, /^Unknown optimizer 'RMSprop': TF\.js's compile\(\) knows 'sgd', 'adam'/);
  });

  test('tf.train factories: positional arguments in their order, constants followed', () => {
    const read = (code: string, before = '') => readJsOptimizer(expr(code, before));
    assert.deepEqual(read('tf.train.adam(LR, 0.8)', 'const LR = 3e-4;'), { name: 'adam', learningRate: 3e-4, options: { beta_1: 0.8, beta_2: 0.999, epsilon: 1e-7 } });
    assert.deepEqual(read('tf.train.momentum(0.1, 0.9, true)'), { name: 'sgd', learningRate: 0.1, options: { momentum: 0.9, nesterov: true } });
    assert.deepEqual(read('tf.train.rmsprop(0.01, 0.95)'), { name: 'rmsprop', learningRate: 0.01, options: { rho: 0.95, momentum: 0, epsilon: 1e-7, centered: false } });
    assert.deepEqual(read('tf.train.adagrad(0.05)'), { name: 'adagrad', learningRate: 0.05, options: { initial_accumulator_value: 0.1 } });
    assert.match(read('tf.train.sgd()') as string, /tf\.train\.sgd\(\) needs a learning rate/);
    assert.match(read('tf.train.adam(schedule)') as string, /the learning rate is not a value known from the source \(.*schedule.*\)/);
    assert.match(read('tf.train.adamax(0.002, 0.9, 0.999, null, 0.1)') as string, /with a decay cannot be trained here/);
    assert.match(read('new Lion()') as string, /^The optimizer is not known from the source \(`new Lion` is not something Model Lens follows\); write it as 'adam' or tf\.train\.adam/);
  });

  test("losses: TF.js's camelCase names and tf.losses functions", () => {
    assert.deepEqual(readJsLoss({ kind: 'str', value: 'categoricalCrossentropy' }), { name: 'categorical_crossentropy', fromLogits: false });
    assert.deepEqual(readJsLoss({ kind: 'str', value: 'meanSquaredError' }), { name: 'mean_squared_error', fromLogits: false });
    assert.deepEqual(readJsLoss(expr('tf.losses.softmaxCrossEntropy')), { name: 'categorical_crossentropy', fromLogits: true });
    assert.deepEqual(readJsLoss(expr('tf.metrics.binaryCrossentropy')), { name: 'binary_crossentropy', fromLogits: false });
    // Keras's spelling is not a TF.js loss.
    assert.match(readJsLoss({ kind: 'str', value: 'sparse_categorical_crossentropy' }) as string, /^Unknown loss 'sparse_categorical_crossentropy': TF\.js's names are camelCase/);
    assert.match(readJsLoss({ kind: 'str', value: 'hinge' }) as string, /'hinge' is not one Model Lens can train with/);
  });

  // The pre-flight picker's title names the optimizer and loss as TF.js does, never in Keras's spelling.
  const NAMES: [string, string][] = [
    [`{optimizer: 'adam', loss: 'sparseCategoricalCrossentropy'}`, `'adam', 'sparseCategoricalCrossentropy'`],
    [`{optimizer: tf.train.adam(0.01), loss: 'categoricalCrossentropy'}`, `'adam', 'categoricalCrossentropy'`],
    [`{optimizer: 'rmsprop', loss: 'meanSquaredError'}`, `'rmsprop', 'meanSquaredError'`],
    [`{optimizer: tf.train.momentum(0.01, 0.9), loss: 'binaryCrossentropy'}`, `tf.train.momentum, 'binaryCrossentropy'`],
    [`{optimizer: 'sgd', loss: tf.losses.softmaxCrossEntropy}`, `'sgd', tf.losses.softmaxCrossEntropy`],
    [`{optimizer: 'adamax', loss: tf.losses.sigmoidCrossEntropy}`, `'adamax', tf.losses.sigmoidCrossEntropy`],
  ];
  for (const [config, name] of NAMES) {
    test(`the title of ${config}: ${name}`, () => {
      assert.equal(jsCompileName(calls(`model.compile(${config});`).compile.value), name);
    });
  }

  test('metrics: accuracy in its TF.js spellings; the rest are noted and left out', () => {
    const { compile } = calls(`model.compile({optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: [tf.metrics.categoricalAccuracy, 'mse']});`);
    assert.equal(compile.value.accuracy, true);
    assert.ok(compile.notes.includes("metrics: only accuracy is tracked here; 'mse' left out"));
    assert.equal(calls(`model.compile({optimizer: 'sgd', loss: 'meanSquaredError'});`).compile.value.accuracy, false);
    assert.equal(calls(`model.compile({optimizer: 'sgd', loss: 'binaryCrossentropy', metrics: 'acc'});`).compile.value.accuracy, true);
  });

  test('a config object held in a constant, and TypeScript around it', () => {
    const { compile } = calls(
      `const model: tf.Sequential = tf.sequential();
const COMPILE_ARGS: tf.ModelCompileArgs = {optimizer: tf.train.sgd(0.1) as tf.Optimizer, loss: 'binaryCrossentropy'};
(model as tf.LayersModel).compile(COMPILE_ARGS);`,
      'typescript',
    );
    assert.deepEqual(compile.problems, []);
    assert.equal(compile.value.optimizer.learningRate, 0.1);
    assert.equal(compile.value.loss.name, 'binary_crossentropy');
  });

  test('problems carry the line; what TF.js requires must be there', () => {
    const { compile } = calls(`const model = tf.sequential();

model.compile({optimizer: 'nadam', loss: 'sparse_categorical_crossentropy'});`);
    assert.deepEqual(
      compile.problems.map((p) => p.line),
      [3, 3],
    );
    assert.match(calls('model.compile({loss: "meanSquaredError"});').compile.problems[0].message, /model\.compile\(\) needs an optimizer/);
    assert.match(calls('model.compile(settings);').compile.problems[0].message, /its config is not an object literal Model Lens can read/);
  });

  test('no compile: the defaults, said so', () => {
    const { compile } = calls('const model = tf.sequential();');
    assert.deepEqual(compile.problems, []);
    assert.equal(compile.value.optimizer.name, 'adam');
    assert.match(compile.notes[0], /^compile: no model\.compile\(\{\.\.\.\}\) found for this model; using the defaults/);
  });
});

describe('fit', () => {
  test('epochs, batchSize, validationSplit from the config object (await and constants too)', () => {
    const { fit } = calls(`const EPOCHS = 3;
async function train(xs, ys) {
  const BATCH = 64;
  await model.fit(xs.div(255), ys, {epochs: EPOCHS, batchSize: BATCH, validationSplit: 0.2, shuffle: 'batch'});
}`);
    assert.deepEqual(fit.problems, []);
    assert.deepEqual(fit.value, { epochs: 3, batchSize: 64, validationSplit: 0.2, validateOnTest: false, shuffle: true });
    assert.deepEqual(fit.notes, ['epochs: 3 (line 4)', 'batch size: 64 (line 4)', 'validation: last 20% of the training data (line 4)']);
  });

  test('validationData validates on the test set; shuffle: false is kept', () => {
    const { fit } = calls('model.fit(x, y, {validationData: [xTest, yTest], shuffle: false});');
    assert.equal(fit.value.validateOnTest, true);
    assert.equal(fit.value.shuffle, false);
    assert.deepEqual(fit.notes.slice(0, 2), ['epochs: 1 (not given; default)', 'batch size: 32 (not given; default)']);
  });

  test('bad values are problems with the line, in TF.js words', () => {
    const { fit } = calls('\nmodel.fit(x, y, {epochs: 0, batchSize: n, validationSplit: 1.5});');
    assert.deepEqual(
      fit.problems.map((p) => [p.message, p.line]),
      [
        ['model.fit({epochs: 0}): expected a positive whole number known from the source.', 2],
        [`model.fit({batchSize: n}): expected a positive whole number known from the source (${'`n`'} is not defined in this file).`, 2],
        ['model.fit({validationSplit: 1.5}): expected a number in [0, 1).', 2],
      ],
    );
  });

  test('another model’s fit is not this model’s', () => {
    const { fit } = calls('const other = tf.sequential(); other.fit(x, y, {epochs: 9}); model.fit(x, y, {epochs: 2});');
    assert.equal(fit.value.epochs, 2);
  });
});

describe('the plan reads the values the analyzer evaluated', () => {
  test("tf.train.adam(3e-4) reaches the plan's optimizer, and a config's epochs held in an object", () => {
    const { plan, problems } = planJsTraining(
      `import * as tf from '@tensorflow/tfjs';
const cfg = {units: 64, epochs: 3};
const model = tf.sequential({layers: [tf.layers.dense({units: cfg.units, inputShape: [784], activation: 'relu'}), tf.layers.dense({units: 10, activation: 'softmax'})]});
model.compile({optimizer: tf.train.adam(3e-4), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy']});
model.fit(xs, ys, {epochs: cfg.epochs});
const DATA = 'data/fashion-mnist';`,
      {},
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(plan!.job.compile.optimizer, { name: 'adam', learningRate: 3e-4, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } });
    assert.equal(plan!.job.fit.epochs, 3);
    assert.ok(plan!.notes.map(noteText).includes('optimizer: tf.train.adam (learning rate 0.0003)'));
  });
});
