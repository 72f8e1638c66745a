import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationDoc, lossDoc, metricDoc, modelApiDoc, optimizerDoc, type SymbolDoc } from '../../src/core/python/docs';

const ACTIVATIONS = [
  'relu', 'softmax', 'sigmoid', 'tanh', 'elu', 'selu', 'gelu', 'silu', 'swish', 'softplus', 'softsign', 'exponential',
  'hard_sigmoid', 'hard_silu', 'hard_swish', 'leaky_relu', 'relu6', 'mish', 'log_softmax', 'linear', 'crelu',
];
const OPTIMIZERS = ['Adam', 'SGD', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'Nadam', 'AdamW', 'Ftrl', 'Lion', 'Adafactor', 'Lamb'];
const OPTIMIZER_STRINGS = ['adam', 'sgd', 'rmsprop', 'adagrad', 'adadelta', 'adamax', 'nadam', 'adamw', 'ftrl', 'lion', 'adafactor'];
const LOSSES = [
  'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy', 'categorical_crossentropy', 'CategoricalCrossentropy',
  'binary_crossentropy', 'BinaryCrossentropy', 'bce', 'BCE', 'binary_focal_crossentropy', 'BinaryFocalCrossentropy',
  'categorical_focal_crossentropy', 'CategoricalFocalCrossentropy',
  'mean_squared_error', 'MeanSquaredError', 'mse', 'MSE', 'mean_absolute_error', 'MeanAbsoluteError', 'mae', 'MAE',
  'mean_absolute_percentage_error', 'mape', 'MAPE', 'MeanAbsolutePercentageError',
  'mean_squared_logarithmic_error', 'msle', 'MSLE', 'MeanSquaredLogarithmicError',
  'huber', 'Huber', 'huber_loss', 'kl_divergence', 'KLDivergence', 'kld', 'KLD', 'kullback_leibler_divergence',
  'hinge', 'Hinge', 'squared_hinge', 'SquaredHinge', 'categorical_hinge', 'CategoricalHinge', 'poisson', 'Poisson',
  'cosine_similarity', 'CosineSimilarity', 'log_cosh', 'logcosh', 'LogCosh', 'ctc', 'CTC', 'dice', 'Dice',
];
const METRICS = [
  'accuracy', 'acc', 'Accuracy', 'sparse_categorical_accuracy', 'SparseCategoricalAccuracy', 'categorical_accuracy',
  'CategoricalAccuracy', 'binary_accuracy', 'BinaryAccuracy', 'top_k_categorical_accuracy', 'TopKCategoricalAccuracy',
  'sparse_top_k_categorical_accuracy', 'SparseTopKCategoricalAccuracy', 'mae', 'MAE', 'mean_absolute_error',
  'MeanAbsoluteError', 'mse', 'MSE', 'mean_squared_error', 'MeanSquaredError', 'root_mean_squared_error',
  'RootMeanSquaredError', 'r2_score', 'R2Score', 'AUC', 'auc', 'Precision', 'precision', 'Recall', 'recall', 'F1Score',
  'f1_score', 'sparse_categorical_crossentropy', 'binary_crossentropy', 'BinaryCrossentropy', 'mape', 'msle',
  'kl_divergence', 'hinge', 'cosine_similarity', 'log_cosh_error', 'LogCoshError', 'crossentropy', 'ce',
];
const MODEL_API = ['Sequential', 'Model', 'Functional', 'Input', 'InputLayer', 'compile', 'fit', 'evaluate', 'predict', 'summary', 'add'];

const LOOKUPS: ReadonlyArray<[string, (name: string) => SymbolDoc | undefined, readonly string[]]> = [
  ['activationDoc', activationDoc, ACTIVATIONS],
  ['optimizerDoc', optimizerDoc, [...OPTIMIZERS, ...OPTIMIZER_STRINGS]],
  ['lossDoc', lossDoc, LOSSES],
  ['metricDoc', metricDoc, METRICS],
  ['modelApiDoc', modelApiDoc, MODEL_API],
];

function all(): Array<[string, SymbolDoc]> {
  const out: Array<[string, SymbolDoc]> = [];
  for (const [fn, lookup, names] of LOOKUPS) for (const n of names) out.push([`${fn}('${n}')`, lookup(n)!]);
  return out;
}

function text(doc: SymbolDoc): string {
  return `${doc.summary} ${doc.details ?? ''}`;
}

/** Sentences outside backticked code; a sentence ends at `.`, `!` or `?` followed by a space or the end. */
function sentences(s: string): number {
  return (s.replace(/`[^`]*`/g, 'CODE').match(/[.!?](?=\s|$)/g) ?? []).length;
}

const round4 = (xs: number[]) => `[${xs.map((x) => x.toFixed(4)).join(', ')}]`;
const softmax = (xs: number[]) => {
  const e = xs.map(Math.exp);
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const relu6 = (x: number) => Math.min(Math.max(0, x), 6);
const SAMPLES = [-10, -4, -3, -2.5, -1.2, -0.5, 0, 0.3, 1, 2.5, 3, 4.5, 10];

test('every required name resolves', () => {
  for (const [fn, lookup, names] of LOOKUPS) {
    for (const n of names) assert.ok(lookup(n), `${fn}('${n}') should resolve`);
  }
});

test('lookups are case-sensitive where Keras is, and forgiving about dotted paths', () => {
  assert.equal(activationDoc('ReLU'), undefined, "'ReLU' is a layer, not an activation string");
  assert.equal(activationDoc('Relu'), undefined);
  assert.equal(lossDoc('Mse'), undefined);
  assert.equal(metricDoc('Mae'), undefined);
  assert.equal(modelApiDoc('sequential'), undefined);
  assert.equal(activationDoc('nonsense'), undefined);
  assert.equal(optimizerDoc('Adamm'), undefined);
  // Keras lowercases optimizer identifiers; compile() compares 'accuracy' / 'acc' in any case.
  assert.equal(optimizerDoc('ADAM')?.title, 'Adam optimizer');
  assert.ok(metricDoc('ACC'));
  assert.equal(activationDoc('tf.nn.relu')?.title, 'relu activation');
  assert.equal(activationDoc('exp')?.title, 'exp activation (exponential)');
  assert.equal(activationDoc('swish')?.title, 'swish activation (silu)');
  assert.equal(lossDoc('keras.losses.SparseCategoricalCrossentropy')?.title, 'SparseCategoricalCrossentropy loss');
  assert.equal(lossDoc('mse')?.title, 'mse loss (mean_squared_error)');
  // The Accuracy class checks exact equality; the 'accuracy' string picks the right kind of accuracy.
  assert.notEqual(metricDoc('Accuracy')?.summary, metricDoc('accuracy')?.summary);
});

test('softmax example numbers are what softmax computes', () => {
  const p = softmax([0.0, -1.0, 2.0, 3.0]);
  assert.equal(round4(p), '[0.0347, 0.0128, 0.2562, 0.6964]');
  assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(activationDoc('softmax')!.details!.includes('`[0.0, -1.0, 2.0, 3.0]` becomes `[0.0347, 0.0128, 0.2562, 0.6964]`'));
});

test('other example numbers are recomputed', () => {
  const logSoftmax = softmax([0.0, -1.0, 2.0, 3.0]).map(Math.log);
  assert.ok(activationDoc('log_softmax')!.details!.includes(`\`${round4(logSoftmax)}\``));
  assert.ok(activationDoc('relu')!.details!.includes('`[-3.0, -1.0, 0.0, 2.0]` becomes `[0.0, 0.0, 0.0, 2.0]`'));
  assert.deepEqual([-3, -1, 0, 2].map((x) => Math.max(0, x)), [0, 0, 0, 2]);
  assert.equal(sigmoid(0), 0.5);
  // sigmoid is a 2-class softmax whose second score is 0.
  for (const x of SAMPLES) assert.ok(Math.abs(sigmoid(x) - softmax([x, 0])[0]) < 1e-12);
  // silu's lowest value, about -0.278.
  let low = 0;
  for (let x = -5; x <= 0; x += 1e-4) low = Math.min(low, x * sigmoid(x));
  assert.equal(low.toFixed(3), '-0.278');
  assert.ok(activationDoc('silu')!.details!.includes('`-0.278`'));
});

test('the formulas written as identities hold', () => {
  for (const x of SAMPLES) {
    // tanh(x) = 2 * sigmoid(2 * x) - 1
    assert.ok(Math.abs(Math.tanh(x) - (2 * sigmoid(2 * x) - 1)) < 1e-12);
    // hard_sigmoid(x) = relu6(x + 3) / 6: 0 below -3, 1 above 3 and x / 6 + 0.5 in between (Keras 3's piecewise form).
    const hs = relu6(x + 3) / 6;
    assert.ok(Math.abs(hs - (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5)) < 1e-12);
    // Keras 2's clip(0.2 * x + 0.5, 0, 1) reaches 0 and 1 at -2.5 and 2.5.
    const hs2 = Math.min(1, Math.max(0, 0.2 * x + 0.5));
    assert.equal(hs2, x <= -2.5 ? 0 : x >= 2.5 ? 1 : 0.2 * x + 0.5);
    // hard_silu(x) = x * relu6(x + 3) / 6: 0 below -3, x above 3 and x * (x + 3) / 6 in between.
    assert.ok(Math.abs((x * relu6(x + 3)) / 6 - (x < -3 ? 0 : x > 3 ? x : (x * (x + 3)) / 6)) < 1e-12);
    // huber: delta * (abs(e) - 0.5 * delta) is the usual delta * abs(e) - 0.5 * delta^2, and meets 0.5 * e^2 at abs(e) = delta.
    const delta = 1.0;
    assert.ok(Math.abs(delta * (Math.abs(x) - 0.5 * delta) - (delta * Math.abs(x) - 0.5 * delta ** 2)) < 1e-12);
  }
  assert.equal(0.5 * 1 ** 2, 1 * (1 - 0.5 * 1));
  // log_cosh: about e^2 / 2 for small e and abs(e) - log(2) for large e.
  assert.ok(Math.abs(Math.log(Math.cosh(0.01)) - 0.01 ** 2 / 2) < 1e-8);
  assert.ok(Math.abs(Math.log(Math.cosh(20)) - (20 - Math.log(2))) < 1e-12);
  // selu's constants as Keras defines them.
  assert.ok(activationDoc('selu')!.summary.includes('`alpha = 1.67326324`'));
  assert.ok(activationDoc('selu')!.summary.includes('`scale = 1.05070098`'));
});

test('every activation states its formula', () => {
  const formulas: Record<string, string> = {
    relu: '`relu(x) = max(0, x)`',
    softmax: '`softmax(x) = exp(x) / sum(exp(x))`',
    sigmoid: '`sigmoid(x) = 1 / (1 + exp(-x))`',
    tanh: '`tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))`',
    elu: '`elu(x) = x if x > 0 else alpha * (exp(x) - 1)`',
    selu: '`selu(x) = scale * (x if x > 0 else alpha * (exp(x) - 1))`',
    gelu: '`gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))`',
    silu: '`silu(x) = x * sigmoid(x)`',
    swish: '`silu(x) = x * sigmoid(x)`',
    softplus: '`softplus(x) = log(exp(x) + 1)`',
    softsign: '`softsign(x) = x / (abs(x) + 1)`',
    exponential: '`exponential(x) = exp(x)`',
    hard_sigmoid: '`hard_sigmoid(x) = relu6(x + 3) / 6`',
    hard_silu: '`hard_silu(x) = x * relu6(x + 3) / 6`',
    hard_swish: '`hard_silu(x) = x * relu6(x + 3) / 6`',
    leaky_relu: '`leaky_relu(x) = x if x > 0 else negative_slope * x`',
    relu6: '`relu6(x) = min(max(0, x), 6)`',
    mish: '`mish(x) = x * tanh(softplus(x))`',
    log_softmax: '`log_softmax(x) = x - log(sum(exp(x)))`',
    linear: '`linear(x) = x`',
    crelu: '`crelu(x) = concatenate([relu(x), relu(-x)], axis=-1)`',
  };
  for (const name of ACTIVATIONS) {
    assert.ok(formulas[name], `no expected formula for ${name}`);
    assert.ok(activationDoc(name)!.summary.includes(formulas[name]), `${name}: summary should give ${formulas[name]}`);
  }
});

test('optimizers give the Keras 3 default learning rate', () => {
  const lr: Record<string, string> = {
    Adam: '0.001', SGD: '0.01', RMSprop: '0.001', Adagrad: '0.001', Adadelta: '0.001', Adamax: '0.001', Nadam: '0.001',
    AdamW: '0.001', Ftrl: '0.001', Lion: '0.001', Adafactor: '0.001', Lamb: '0.001',
  };
  for (const name of OPTIMIZERS) {
    assert.ok(optimizerDoc(name)!.details!.includes(`\`learning_rate=${lr[name]}\``), `${name} learning rate`);
    assert.deepEqual(optimizerDoc(name.toLowerCase()), optimizerDoc(name));
  }
  assert.match(optimizerDoc('adam')!.summary, /how the model is updated based on the data it sees and its loss function/);
  assert.match(optimizerDoc('AdamW')!.details!, /`weight_decay=0\.004`/);
});

test('the tutorial facts are there', () => {
  assert.match(modelApiDoc('Sequential')!.summary, /plain stack of layers/);
  assert.match(modelApiDoc('Sequential')!.summary, /one input tensor and one output tensor/);
  const scce = lossDoc('sparse_categorical_crossentropy')!;
  assert.match(scce.summary, /integers \(like 0–9 for 10 classes\)/);
  assert.match(scce.summary, /one probability per class/);
  assert.match(scce.details!, /from_logits=True/);
  assert.match(lossDoc('categorical_crossentropy')!.summary, /one-hot/);
  assert.match(metricDoc('accuracy')!.summary, /fraction of examples that are correctly classified/);
  // The docs speak of the person's model, never of the tutorial's (issue 17).
  for (const doc of [activationDoc('relu'), activationDoc('softmax'), activationDoc('linear'), scce, metricDoc('accuracy'), modelApiDoc('Sequential'), modelApiDoc('compile'), optimizerDoc('adam')]) assert.doesNotMatch(`${doc!.summary} ${doc!.details ?? ''}`, /tutorial/);
  assert.deepEqual(metricDoc('acc')!.summary, metricDoc('accuracy')!.summary);
  assert.match(modelApiDoc('compile')!.details!, /measures how accurate the model is during training/);
});

test('docs URLs point at keras.io, the way the brief names them', () => {
  assert.equal(activationDoc('relu')!.docsUrl, 'https://keras.io/api/layers/activations/#relu-function');
  assert.equal(activationDoc('leaky_relu')!.docsUrl, 'https://keras.io/api/layers/activations/#leakyrelu-function');
  assert.equal(activationDoc('swish')!.docsUrl, 'https://keras.io/api/layers/activations/#silu-function');
  assert.equal(optimizerDoc('adam')!.docsUrl, 'https://keras.io/api/optimizers/adam/');
  assert.equal(optimizerDoc('nadam')!.docsUrl, 'https://keras.io/api/optimizers/Nadam/');
  assert.equal(
    lossDoc('sparse_categorical_crossentropy')!.docsUrl,
    'https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-function',
  );
  assert.equal(
    lossDoc('SparseCategoricalCrossentropy')!.docsUrl,
    'https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class',
  );
  assert.equal(lossDoc('mse')!.docsUrl, 'https://keras.io/api/losses/regression_losses/#meansquarederror-function');
  assert.match(metricDoc('accuracy')!.docsUrl!, /^https:\/\/keras\.io\/api\/metrics\/accuracy_metrics\//);
  assert.equal(metricDoc('AUC')!.docsUrl, 'https://keras.io/api/metrics/classification_metrics/#auc-class');
  assert.equal(modelApiDoc('Sequential')!.docsUrl, 'https://keras.io/api/models/sequential/');
  assert.equal(modelApiDoc('fit')!.docsUrl, 'https://keras.io/api/models/model_training_apis/#fit-method');
  for (const [where, doc] of all()) assert.match(doc.docsUrl ?? '', /^https:\/\/keras\.io\/api\//, where);
});

test('every doc is short: a one-sentence summary and at most 3 sentences of details', () => {
  for (const [where, doc] of all()) {
    assert.ok(doc.title.length > 0, where);
    assert.equal(sentences(doc.summary), 1, `${where}: summary "${doc.summary}"`);
    assert.match(doc.summary, /[.]$/, where);
    if (doc.details !== undefined) assert.ok(sentences(doc.details) <= 3, `${where}: details "${doc.details}"`);
    // Backticks come in pairs, so no formula leaks out of its code span.
    assert.equal((text(doc).match(/`/g) ?? []).length % 2, 0, where);
  }
});

test('the docs module stays free of VS Code and I/O', () => {
  const source = readFileSync(join(__dirname, '../../src/core/python/docs.ts'), 'utf8');
  assert.doesNotMatch(source, /^\s*import\b/m);
  assert.doesNotMatch(source, /require\(/);
});
