/**
 * What the hover says about a TF.js `model.compile({optimizer, loss, metrics})`: the optimizer an optimizer string
 * makes, with TF.js's defaults in `tf.train`'s own names (some differ from Keras's: `'adagrad'` starts at a
 * learning rate of 0.01, Keras's at 0.001), the `tf.train.*` factories with their parameters, and the losses and
 * metrics TF.js knows by name. The words
 * come from docs.ts where they fit TF.js (formulas in TF.js's `yTrue` / `yPred`), TF.js's own where TF.js
 * differs. Names and defaults follow tfjs-layers 4.22 (optimizers.ts getOptimizer, losses.ts lossesMap,
 * metrics.ts metricsMap, and training.ts for `'accuracy'`). Pure data and lookups.
 */
import { lossDoc, metricDoc, optimizerDoc, type SymbolDoc } from '../python/docs';
import { TFJS_API } from './docs';

/** tfjs-core's epsilon on float32 backends, which compile() passes to the optimizers that take one. */
const EPSILON = 1e-7;

interface OptimizerEntry {
  /** The Keras optimizer whose words fit. */
  readonly keras: string;
  /** The `tf.train` factory compile() calls. */
  readonly factory: string;
  /** The factory's parameters in order, with the values compile() passes. */
  readonly settings: readonly (readonly [name: string, value: number])[];
  readonly summary?: string;
  readonly note?: string;
}

/** What `compile({optimizer: '<name>'})` makes: tfjs-layers getOptimizer. */
export const TFJS_STRING_OPTIMIZERS: Readonly<Record<string, OptimizerEntry>> = {
  sgd: {
    keras: 'SGD',
    factory: 'sgd',
    settings: [['learningRate', 0.01]],
    summary: 'Plain stochastic gradient descent: after each batch every weight moves a small step against its gradient, `w = w - learningRate * g`.',
    note: 'With momentum it is `tf.train.momentum(learningRate, momentum)`.',
  },
  adam: { keras: 'Adam', factory: 'adam', settings: [['learningRate', 0.001], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', EPSILON]] },
  adamax: { keras: 'Adamax', factory: 'adamax', settings: [['learningRate', 0.002], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', EPSILON], ['decay', 0]], note: "Keras's `'adamax'` starts at 0.001." },
  rmsprop: { keras: 'RMSprop', factory: 'rmsprop', settings: [['learningRate', 0.001], ['decay', 0.9], ['momentum', 0], ['epsilon', EPSILON]] },
  adagrad: { keras: 'Adagrad', factory: 'adagrad', settings: [['learningRate', 0.01], ['initialAccumulatorValue', 0.1]], note: "Keras's `'adagrad'` starts at 0.001." },
  adadelta: { keras: 'Adadelta', factory: 'adadelta', settings: [['learningRate', 1], ['rho', 0.95], ['epsilon', EPSILON]], note: "Keras's `'adadelta'` starts at 0.001." },
};

/** getOptimizer's other spellings; TF.js's names are case-sensitive. */
const OPTIMIZER_ALIASES: Readonly<Record<string, string>> = { SGD: 'sgd', Adam: 'adam', Adamax: 'adamax', RMSProp: 'rmsprop', Adagrad: 'adagrad', Adadelta: 'adadelta' };

/** The entry for `name` (a string from the source, so never one of Object's own properties such as `'constructor'`). */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/** A `tf.train` factory's parameters in order, with their defaults (tfjs-core optimizer_constructors.ts); none: required. */
export const TFJS_TRAIN_FACTORIES: Readonly<Record<string, { readonly keras: string; readonly params: readonly (readonly [name: string, value?: number | boolean])[] }>> = {
  sgd: { keras: 'SGD', params: [['learningRate']] },
  momentum: { keras: 'SGD', params: [['learningRate'], ['momentum'], ['useNesterov', false]] },
  rmsprop: { keras: 'RMSprop', params: [['learningRate'], ['decay', 0.9], ['momentum', 0], ['epsilon', EPSILON], ['centered', false]] },
  adam: { keras: 'Adam', params: [['learningRate', 0.001], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', EPSILON]] },
  adadelta: { keras: 'Adadelta', params: [['learningRate', 0.001], ['rho', 0.95], ['epsilon', EPSILON]] },
  adamax: { keras: 'Adamax', params: [['learningRate', 0.002], ['beta1', 0.9], ['beta2', 0.999], ['epsilon', EPSILON], ['decay', 0]] },
  adagrad: { keras: 'Adagrad', params: [['learningRate'], ['initialAccumulatorValue', 0.1]] },
};

/** `tf.train.adam` and its kin: the parameters in order with their defaults, and what the string of the same name makes. */
function trainFactoryDoc(callee: string): SymbolDoc | undefined {
  const factory = callee.slice(callee.lastIndexOf('.') + 1);
  const entry = own(TFJS_TRAIN_FACTORIES, factory);
  const keras = entry && optimizerDoc(entry.keras);
  if (!entry || !keras) return undefined;
  const params = entry.params.map(([k, v]) => `\`${k}\` (${v === undefined ? 'required' : v})`).join(', ');
  const string = own(TFJS_STRING_OPTIMIZERS, factory);
  const details = [`Parameters in order: ${params}.`, ...(string ? [`The string \`'${factory}'\` makes \`tf.train.${factory}(${string.settings.map(([, v]) => v).join(', ')})\`.`] : [])].join(' ');
  const summary = factory === 'momentum' ? 'Stochastic gradient descent with momentum: each step also carries on part of the previous one, which smooths and speeds up training.' : (string?.summary ?? keras.summary);
  return { title: `tf.train.${factory}`, summary, details, docsUrl: `${TFJS_API}#train.${factory}`, docsLabel: 'TF.js docs' };
}

/**
 * An optimizer of TF.js's compile(): a string (`'adam'`, `'sgd'`) with the defaults it gets there, or a `tf.train`
 * factory (`tf.train.adam`, written with its namespace) with its parameters.
 */
export function tfjsOptimizerDoc(name: string): SymbolDoc | undefined {
  if (name.includes('.')) return trainFactoryDoc(name);
  const entry = own(TFJS_STRING_OPTIMIZERS, own(OPTIMIZER_ALIASES, name) ?? name);
  const keras = entry && optimizerDoc(entry.keras);
  if (!entry || !keras) return undefined;
  const call = `tf.train.${entry.factory}(${entry.settings.map(([, v]) => v).join(', ')})`;
  const settings = entry.settings.map(([k, v]) => `\`${k}\` ${v}`).join(', ');
  const first = entry.settings[0][1];
  const details = [
    `\`compile()\` makes it as \`${call}\`: ${settings}.`,
    `For other values pass the optimizer itself, such as \`tf.train.${entry.factory}(${first / 2})\`.`,
    ...(entry.note ? [entry.note] : []),
  ].join(' ');
  return { title: `'${name}' optimizer`, summary: entry.summary ?? keras.summary, details, docsUrl: `${TFJS_API}#train.${entry.factory}`, docsLabel: 'TF.js docs' };
}

interface NamedEntry {
  /** The Keras loss or metric whose words fit. */
  readonly keras: string;
  readonly summary?: string;
  /** TF.js's own details; null: Keras's do not apply and there are none. */
  readonly details?: string | null;
}

const LOGITS = (activation: string, fn: string) => `TF.js's named losses take probabilities, so the last layer needs \`activation: '${activation}'\`; on logits use \`tf.losses.${fn}\`.`;
const SIGNED_LABELS = 'Labels should be -1 or 1: TF.js uses them as they are (Keras turns 0/1 labels into -1/1).';

/** The loss identifiers TF.js knows (tfjs-layers lossesMap); `'mse'` and other short names are not among them. */
const TFJS_LOSSES: Readonly<Record<string, NamedEntry>> = {
  sparseCategoricalCrossentropy: {
    keras: 'sparse_categorical_crossentropy',
    details:
      "`loss = -log(p[label])`: the lower the probability given to the right class, the higher the loss. TF.js's named losses take probabilities, so the last layer needs `activation: 'softmax'` " +
      "(`tf.losses.softmaxCrossEntropy` takes logits, but with one-hot labels). For one-hot labels use `'categoricalCrossentropy'`.",
  },
  categoricalCrossentropy: {
    keras: 'categorical_crossentropy',
    details: `\`loss = -sum(yTrue * log(yPred))\`. ${LOGITS('softmax', 'softmaxCrossEntropy')} For integer labels use \`'sparseCategoricalCrossentropy'\`.`,
  },
  binaryCrossentropy: { keras: 'binary_crossentropy', details: `\`loss = -(y * log(p) + (1 - y) * log(1 - p))\`, averaged over the outputs. ${LOGITS('sigmoid', 'sigmoidCrossEntropy')}` },
  meanSquaredError: { keras: 'mean_squared_error' },
  meanAbsoluteError: { keras: 'mean_absolute_error', details: "Less sensitive to outliers than `'meanSquaredError'`." },
  meanAbsolutePercentageError: { keras: 'mean_absolute_percentage_error' },
  meanSquaredLogarithmicError: { keras: 'mean_squared_logarithmic_error' },
  squaredHinge: { keras: 'squared_hinge', details: SIGNED_LABELS },
  hinge: { keras: 'hinge', details: `${SIGNED_LABELS} Use a \`'tanh'\` or linear output.` },
  categoricalHinge: { keras: 'categorical_hinge' },
  logcosh: { keras: 'log_cosh', details: "It behaves like `'meanSquaredError'` for small errors and like `'meanAbsoluteError'` for large ones, and is smooth everywhere." },
  kullbackLeiblerDivergence: { keras: 'kl_divergence' },
  poisson: { keras: 'poisson', details: "The model output must be positive, so use a `'softplus'` activation." },
  cosineProximity: { keras: 'cosine_similarity' },
};

const ACCURACY_RULE =
  "With `'accuracy'` (or `'acc'`) TF.js picks the kind from the model: `binaryAccuracy` when the output has one unit or the loss is `'binaryCrossentropy'`, " +
  "`sparseCategoricalAccuracy` when the loss is `'sparseCategoricalCrossentropy'` (integer labels such as Fashion-MNIST's 0–9), otherwise `categoricalAccuracy`. It is logged as `acc`.";

/** The metric identifiers TF.js knows (tfjs-layers metricsMap, and the ones compile() reads itself). */
const TFJS_METRICS: Readonly<Record<string, NamedEntry>> = {
  accuracy: { keras: 'accuracy', details: ACCURACY_RULE },
  acc: { keras: 'accuracy', details: ACCURACY_RULE },
  crossentropy: { keras: 'crossentropy', details: "Picked like `'accuracy'`: binary, sparse categorical or categorical crossentropy. It is logged as `ce`." },
  ce: { keras: 'crossentropy', details: "Picked like `'accuracy'`: binary, sparse categorical or categorical crossentropy. It is logged as `ce`." },
  binaryAccuracy: { keras: 'binary_accuracy', summary: 'The fraction of yes/no predictions that match the label, counting a prediction above 0.5 as yes.' },
  categoricalAccuracy: { keras: 'categorical_accuracy' },
  precision: {
    keras: 'precision',
    details: "TF.js counts a prediction as positive only when it is exactly 1, so on a sigmoid's probabilities it is usually 0 (Keras's `Precision` counts those above 0.5).",
  },
  categoricalCrossentropy: { ...TFJS_LOSSES.categoricalCrossentropy, details: null },
  sparseCategoricalCrossentropy: { ...TFJS_LOSSES.sparseCategoricalCrossentropy, details: null },
  mse: { keras: 'mse' },
  MSE: { keras: 'mse' },
  mae: { keras: 'mae' },
  MAE: { keras: 'mae' },
  mape: { keras: 'mape' },
  MAPE: { keras: 'mape' },
  cosine: { keras: 'cosine_similarity' },
};

/** A formula of the Keras text in TF.js's names. */
function jsFormula(text: string): string {
  return text.split('y_true').join('yTrue').split('y_pred').join('yPred').split('l2_normalize').join('l2Normalize');
}

function namedDoc(name: string, kind: 'loss' | 'metric', entry: NamedEntry | undefined, keras: SymbolDoc | undefined): SymbolDoc | undefined {
  if (!entry || !keras) return undefined;
  const doc: SymbolDoc = { title: `'${name}' ${kind}`, summary: entry.summary ?? jsFormula(keras.summary), docsUrl: `${TFJS_API}#tf.LayersModel.compile`, docsLabel: 'TF.js docs' };
  const details = entry.details === undefined ? keras.details && jsFormula(keras.details) : entry.details;
  if (details) doc.details = details;
  return doc;
}

/** A loss string of TF.js's compile() (`'sparseCategoricalCrossentropy'`); undefined for one TF.js does not know. */
export function tfjsLossDoc(name: string): SymbolDoc | undefined {
  const entry = own(TFJS_LOSSES, name);
  return namedDoc(name, 'loss', entry, entry && lossDoc(entry.keras));
}

/** A metric string of TF.js's compile() (`'accuracy'`, `'mse'`); undefined for one TF.js does not know. */
export function tfjsMetricDoc(name: string): SymbolDoc | undefined {
  const entry = own(TFJS_METRICS, name);
  return namedDoc(name, 'metric', entry, entry && (metricDoc(entry.keras) ?? lossDoc(entry.keras)));
}
