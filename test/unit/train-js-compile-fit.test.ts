/** Pre-flight for TF.js sources: `model.compile({...})` and `model.fit(xs, ys, {...})` read with TF.js's names and defaults. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { initJsParsers } from '../../src/core/tfjs/analyze';
import { parseJs, type JsDialect } from '../../src/core/tfjs/parser';
import { DEFAULT_COMPILE, DEFAULT_FIT } from '../../src/train/host/plan';
import { jsCompileName, jsMethodCalls, readJsCompile, readJsFit, readJsLoss, readJsOptimizer } from '../../src/train/host/js-compile-fit';
import { readJsExpr } from '../../src/train/host/js-expr';

before(async () => {
  await initJsParsers();
});

/** The compile and fit calls on `model` in `src`, read as the planner reads them. */
function calls(src: string, dialect: JsDialect = 'javascript') {
  const root = parseJs(src, dialect).rootNode;
  return {
    compile: readJsCompile(jsMethodCalls(root, 'model', 'compile')[0], DEFAULT_COMPILE),
    fit: readJsFit(jsMethodCalls(root, 'model', 'fit')[0], DEFAULT_FIT),
  };
}

/** The expression of `const x = <code>;`, read with the file's other bindings in view. */
function expr(code: string, before = '') {
  const root = parseJs(`${before}\nconst x = ${code};`, 'typescript').rootNode;
  const decl = root.namedChildren[root.namedChildren.length - 1]!.namedChildren[0]!;
  return readJsExpr(decl.childForFieldName('value')!);
}

describe('TF.js expressions', () => {
  test('numbers, strings, arrays, names and arithmetic over constants', () => {
    assert.deepEqual(expr('1e-3'), { kind: 'num', value: 0.001, float: true });
    assert.deepEqual(expr('`adam`'), { kind: 'str', value: 'adam' });
    assert.deepEqual(expr("['accuracy', tf.metrics.binaryAccuracy]"), { kind: 'seq', items: [{ kind: 'str', value: 'accuracy' }, { kind: 'name', path: 'tf.metrics.binaryAccuracy' }] });
    assert.deepEqual(expr('LR * 2', 'const LR = 0.005;'), { kind: 'num', value: 0.01, float: true });
    assert.deepEqual(expr('(EPOCHS as number)!', 'let EPOCHS = 3;\nEPOCHS = 4;'), { kind: 'num', value: 4, float: false });
    assert.equal(expr('`${a}b`').kind, 'unknown');
  });

  test("a call's trailing config object is its keyword arguments", () => {
    const e = expr('tf.initializers.randomNormal({mean: 0, stddev: STD})', 'const STD = 0.05;');
    assert.equal(e.kind, 'call');
    if (e.kind !== 'call') return;
    assert.equal(e.callee, 'tf.initializers.randomNormal');
    assert.deepEqual(e.args, []);
    assert.deepEqual([...e.kwargs], [['mean', { kind: 'num', value: 0, float: false }], ['stddev', { kind: 'num', value: 0.05, float: true }]]);
  });
});

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
    assert.match(read('tf.train.adam(schedule)') as string, /the learning rate schedule is not a value known from the source/);
    assert.match(read('tf.train.adamax(0.002, 0.9, 0.999, null, 0.1)') as string, /with a decay cannot be trained here/);
    assert.match(read('new Lion()') as string, /is not known from the source; write it as 'adam' or tf\.train\.adam/);
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
    assert.match(calls('model.compile(settings);').compile.problems[0].message, /its config settings is not an object literal Model Lens can read/);
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
        ['model.fit({batchSize: n}): expected a positive whole number known from the source.', 2],
        ['model.fit({validationSplit: 1.5}): expected a number in [0, 1).', 2],
      ],
    );
  });

  test('another variable’s fit is not this model’s', () => {
    const root = parseJs('other.fit(x, y, {epochs: 9}); model.fit(x, y, {epochs: 2});', 'javascript').rootNode;
    assert.equal(jsMethodCalls(root, 'model', 'fit').length, 1);
    assert.equal(readJsFit(jsMethodCalls(root, 'model', 'fit')[0], DEFAULT_FIT).value.epochs, 2);
  });
});
