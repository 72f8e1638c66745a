/** Pre-flight: compile and fit settings read from the source, data checked against the model, the whole plan. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { KERAS_COMPILE_PARAMS, KERAS_FIT_PARAMS } from '../../src/core/model/result';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { pythonSettingsCall, readCompile, readFit, readLoss, readOptimizer } from '../../src/train/host/compile-fit';
import { DataError } from '../../src/train/data/errors';
import { matchData } from '../../src/train/data/match';
import { estimateMemory } from '../../src/train/host/memory';
import { DEFAULT_COMPILE, DEFAULT_FIT, detectDataset, detectScale, planTraining } from '../../src/train/host/plan';
import { fileLineWords, noteText } from '../../src/train/host/plan-notes';

before(async () => {
  await initParser();
});

/** Makes `keras` and a `model` known on the first line of a snippet, so its lines stay where they are written. */
const WITH_MODEL = 'import keras; import tensorflow as tf; from keras.optimizers import Adam; model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)]); ';

/** The compile/fit calls of `model` in `src`, as the analyzer recorded them and the planner reads them. */
function calls(src: string) {
  const report = analyzePython(src.includes('model = ') ? src : WITH_MODEL + src);
  const compile = report.compiles.filter((c) => c.model === report.models[0]?.model).pop();
  const fit = report.fits.find((c) => c.model === report.models[0]?.model);
  const c = readCompile(compile && pythonSettingsCall(compile, KERAS_COMPILE_PARAMS, fileLineWords), DEFAULT_COMPILE);
  const f = readFit(fit && pythonSettingsCall(fit, KERAS_FIT_PARAMS, fileLineWords), DEFAULT_FIT);
  return { compile: { ...c, notes: c.notes.map(noteText) }, fit: { ...f, notes: f.notes.map(noteText) } };
}

/** The value of `x = <code>` as the analyzer evaluates it (with `keras`, `tf` and `Adam` imported). */
const expr = (code: string) => {
  const report = analyzePython(`${WITH_MODEL}\nmodel.compile(optimizer=${code})`);
  return report.compiles[0].keywords.get('optimizer')!;
};

describe('compile', () => {
  test('the tutorial: Adam(), sparse categorical crossentropy, accuracy', () => {
    const { compile } = calls(readFileSync('examples/fashion_mnist.py', 'utf8'));
    assert.deepEqual(compile.problems, []);
    assert.deepEqual(compile.value, {
      optimizer: { name: 'adam', learningRate: 0.001, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
      loss: { name: 'sparse_categorical_crossentropy', fromLogits: false },
      accuracy: true,
    });
  });

  test('optimizer names, classes, learning rates from constants and positional arguments', () => {
    assert.deepEqual(readOptimizer(expr("'sgd'")), { name: 'sgd', learningRate: 0.01, options: { momentum: 0, nesterov: false } });
    assert.deepEqual(readOptimizer(expr('keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True)')), { name: 'sgd', learningRate: 0.1, options: { momentum: 0.9, nesterov: true } });
    assert.equal((readOptimizer(expr('tf.keras.optimizers.RMSprop(learning_rate=1e-4)')) as { learningRate: number }).learningRate, 1e-4);
    assert.equal((readOptimizer(expr('Adam(lr=2 * 1e-3)')) as { learningRate: number }).learningRate, 0.002);
    // Positional learning rate and momentum reach the plan's optimizer as the analyzer read them.
    assert.deepEqual(readOptimizer(expr('keras.optimizers.SGD(0.05, momentum=0.9)')), { name: 'sgd', learningRate: 0.05, options: { momentum: 0.9, nesterov: false } });
    assert.deepEqual(readOptimizer(expr('Adam(learning_rate=3e-4)')), { name: 'adam', learningRate: 3e-4, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } });
    const { compile } = calls(`LR = 3e-4
model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR), loss="mse")`);
    assert.equal(compile.value.optimizer.learningRate, 3e-4);
    assert.equal(compile.value.loss.name, 'mean_squared_error');
    assert.equal(compile.value.accuracy, false);
  });

  test('optimizers and arguments TF.js lacks are problems with the line', () => {
    assert.match(readOptimizer(expr("'nadam'")) as string, /The optimizer nadam has no TensorFlow\.js counterpart; TF\.js trains with Adam, SGD/);
    assert.match(readOptimizer(expr('Adam(learning_rate=schedule)')) as string, /The learning rate is not a number known from the source \(.*schedule.*\)/);
    assert.match(readOptimizer(expr('Adam(amsgrad=True)')) as string, /Adam\(amsgrad=True\) has no TensorFlow\.js counterpart/);
    const { compile } = calls(`x = 1
model.compile(optimizer="lion", loss="sparse_categorical_crossentropy")`);
    assert.equal(compile.problems[0].line, 2);
  });

  test('losses: names, classes with from_logits, function references', () => {
    assert.deepEqual(readLoss(expr("'categorical_crossentropy'")), { name: 'categorical_crossentropy', fromLogits: false });
    assert.deepEqual(readLoss(expr('tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)')), { name: 'sparse_categorical_crossentropy', fromLogits: true });
    assert.deepEqual(readLoss(expr('keras.losses.binary_crossentropy')), { name: 'binary_crossentropy', fromLogits: false });
    assert.match(readLoss(expr("'hinge'")) as string, /The loss hinge is not one Model Lens can train with/);
    assert.match(readLoss(expr('keras.losses.CategoricalCrossentropy(label_smoothing=0.1)')) as string, /label_smoothing=0\.1\) is not supported/);
  });

  test('metrics: accuracy in any spelling; others are noted as left out', () => {
    const { compile } = calls(`model.compile("adam", "sparse_categorical_crossentropy", metrics=[keras.metrics.SparseCategoricalAccuracy(), "mae"])`);
    assert.equal(compile.value.accuracy, true);
    assert.ok(compile.notes.some((n) => /only accuracy is tracked here; 'mae' left out/.test(n)), compile.notes.join('\n'));
  });

  test('no compile call: the defaults, said so', () => {
    const c = readCompile(undefined, DEFAULT_COMPILE);
    assert.equal(c.value.optimizer.name, 'adam');
    assert.match(noteText(c.notes[0]), /no model\.compile\(\.\.\.\) found/);
  });
});

describe('fit', () => {
  test('epochs, batch size, validation split and shuffle, by keyword and position', () => {
    const { fit } = calls(`EPOCHS = 3
model.fit(x_train, y_train, 64, EPOCHS, validation_split=0.1, shuffle=False)`);
    assert.deepEqual(fit.value, { epochs: 3, batchSize: 64, validationSplit: 0.1, validateOnTest: false, shuffle: false });
    assert.ok(fit.notes.includes('epochs: 3 (line 2)'));
  });

  test('validation_data means the test set; the tutorial has epochs=5 and no batch size', () => {
    assert.equal(calls('model.fit(x, y, epochs=2, validation_data=(x_test, y_test))').fit.value.validateOnTest, true);
    const { fit } = calls(readFileSync('examples/fashion_mnist.py', 'utf8'));
    assert.deepEqual(fit.value, { epochs: 5, batchSize: 32, validationSplit: 0, validateOnTest: false, shuffle: true });
    assert.ok(fit.notes.includes('batch size: 32 (not given; default)'));
  });

  test('bad values are problems with the line', () => {
    const { fit } = calls(`
model.fit(x, y, epochs=0, batch_size=n, validation_split=1.5)`);
    assert.deepEqual(
      fit.problems.map((p) => [p.line, p.message]),
      [
        [2, 'model.fit(epochs=0): expected a positive whole number known from the source.'],
        [2, "model.fit(batch_size=n): expected a positive whole number known from the source (name 'n' is not defined)."],
        [2, 'model.fit(validation_split=1.5): expected a number in [0, 1).'],
      ],
    );
  });
});

describe('data against the model', () => {
  const images = { data: new Uint8Array(2 * 784), shape: [2, 28, 28] };
  const labels = { data: new Uint8Array([3, 9]), shape: [2] };
  const side = (input: (number | null)[], output: (number | null)[]) => ({ inputShape: input, outputShape: output, outputLayer: 'Dense "dense_1" (line 15)' });
  const sparse = { name: 'sparse_categorical_crossentropy' as const, fromLogits: false };
  const throwsData = (fn: () => unknown, re: RegExp) => assert.throws(fn, (e: Error) => e instanceof DataError && re.test(e.message));

  test('28×28 images fit (None, 28, 28), (None, 784) and (None, 28, 28, 1)', () => {
    for (const input of [[null, 28, 28], [null, 784], [null, 28, 28, 1]]) {
      const plan = matchData(images, labels, side(input, [null, 10]), sparse, 10);
      assert.deepEqual(plan.sampleShape, input.slice(1));
      assert.equal(plan.labelMode, 'sparse');
      assert.equal(plan.classes, 10);
    }
  });

  test('a shape mismatch names both sides', () => {
    throwsData(() => matchData(images, labels, side([null, 32, 32, 3], [null, 10]), sparse), /each sample has shape \(28, 28\) \(784 values\), but the model's input is \(None, 32, 32, 3\) \(3,072 values per sample\)/);
  });

  test('10 classes need 10 outputs', () => {
    throwsData(
      () => matchData(images, labels, side([null, 28, 28], [null, 5]), sparse, 10),
      /sparse_categorical_crossentropy with 10 classes \(labels 0–9\) needs 10 outputs, but Dense "dense_1" \(line 15\) has 5\. Give the last layer 10 units\./,
    );
  });

  test('categorical crossentropy one-hot encodes class ids; binary needs 0/1 and one output', () => {
    const cat = matchData(images, labels, side([null, 784], [null, 10]), { name: 'categorical_crossentropy', fromLogits: false }, 10);
    assert.deepEqual([cat.labelMode, cat.labelShape], ['onehot', [10]]);
    throwsData(() => matchData(images, labels, side([null, 784], [null, 1]), { name: 'binary_crossentropy', fromLogits: false }), /binary_crossentropy needs labels between 0 and 1; the labels range over 3…9/);
    throwsData(() => matchData(images, labels, side([null, 784], [null, 10]), { name: 'binary_crossentropy', fromLogits: false }), /needs one output \(None, 1\), but Dense "dense_1" \(line 15\) outputs \(None, 10\)\. For 10 classes use sparse_categorical_crossentropy/);
  });

  test('NaN and ±Infinity in the inputs or labels are refused before training, with the sample', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = { data: new Float32Array(2 * 784), shape: [2, 28, 28] };
      x.data[784 + 5] = bad;
      throwsData(() => matchData(x, labels, side([null, 784], [null, 10]), sparse), new RegExp(`^The inputs hold ${String(bad).replace('+', '')} \\(sample 1\\); training needs finite numbers`));
    }
    const y = { data: new Float64Array([1, Infinity]), shape: [2] };
    throwsData(() => matchData(images, y, side([null, 784], [null, 10]), sparse), /^The labels hold Infinity \(sample 1\)/);
  });

  test('labels that are not class ids', () => {
    const floats = { data: new Float32Array([0.5, 1]), shape: [2] };
    throwsData(() => matchData(images, floats, side([null, 784], [null, 10]), sparse), /needs whole-number class ids.*not all whole numbers/);
  });
});

describe('the plan', () => {
  test('the tutorial: its dataset, its preprocessing, its settings', () => {
    const text = readFileSync('examples/fashion_mnist.py', 'utf8');
    const { facts } = analyzePython(text);
    // The line where the analysis sees the dataset loaded (`fashion_mnist.load_data()`), and the first `/ 255.0`.
    assert.deepEqual(detectDataset(facts), { dataset: 'fashion_mnist', line: 5 });
    assert.equal(detectScale(facts)?.line, 10);
    const { plan, problems } = planTraining(text, { epochs: 1, limit: 100 });
    assert.deepEqual(problems, []);
    assert.equal(plan!.job.model.params, '203530');
    assert.equal(plan!.job.fit.epochs, 1);
    assert.equal(plan!.job.scale, 1 / 255);
    assert.deepEqual(plan!.job.data, { kind: 'keras', dataset: 'fashion_mnist', folders: [] });
    assert.equal(plan!.job.model.outputLayer, 'Dense "dense_1" (line 15)');
    assert.ok(plan!.notes.map(noteText).includes('epochs: 1 (chosen for this run)'), plan!.notes.map(noteText).join('\n'));
  });

  test('values the analyzer knows reach the plan: a dict\'s entries for units and epochs, the optimizer\'s arguments', () => {
    const { plan, problems } = planTraining(`import keras
cfg = {"units": 64, "epochs": 3}
(x_train, y_train), _ = keras.datasets.fashion_mnist.load_data()
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(cfg["units"]), keras.layers.Dense(10)])
model.compile(keras.optimizers.SGD(0.05, momentum=0.9), "sparse_categorical_crossentropy")
model.fit(x_train, y_train, epochs=cfg["epochs"])`);
    assert.deepEqual(problems, []);
    assert.equal(plan!.job.fit.epochs, 3);
    assert.equal(plan!.model.params, BigInt(784 * 64 + 64 + 650));
    assert.deepEqual(plan!.job.compile.optimizer, { name: 'sgd', learningRate: 0.05, options: { momentum: 0.9, nesterov: false } });
    assert.deepEqual(plan!.notes.map(noteText).slice(0, 3), ['optimizer: SGD (learning rate 0.05, momentum 0.9)', 'loss: sparse_categorical_crossentropy', 'epochs: 3 (line 6)']);
  });

  test('no dataset and no files: a clear problem', () => {
    const { problems } = planTraining(`import keras
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])`);
    assert.match(problems[0].message, /loads no dataset Model Lens knows.*Pick training data files/);
  });

  test('the memory estimate counts weights, optimizer slots, activations and data', () => {
    const { plan } = planTraining(readFileSync('examples/fashion_mnist.py', 'utf8'));
    const m = estimateMemory(plan!.model, plan!.job.compile.optimizer, 32, 70_000);
    assert.equal(m.parts.weights, 203530 * 4 * 2);
    assert.equal(m.parts.optimizer, 203530 * 4 * 2);
    assert.equal(m.parts.activations, (784 + 256 + 10) * 32 * 4 * 2);
    assert.equal(m.parts.data, 70_000 * 784 * 4);
    const big = planTraining(readFileSync('examples/fashion_mnist.py', 'utf8'), { memoryWarningMB: 10 });
    assert.match(big.plan!.warnings[0], /This run may need about \d+ MB .* above the 10 MB warning level/);
  });
});
