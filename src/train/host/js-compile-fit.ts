/**
 * What `model.compile({...})` and `model.fit(xs, ys, {...})` in a TensorFlow.js source ask for, read from the
 * syntax with TF.js's names and defaults (`tf.train.adam()`, `'sparseCategoricalCrossentropy'`, `batchSize`),
 * into the same compile and fit specs the Python reader makes. TF.js's string identifiers are case-sensitive
 * and its optimizers' defaults differ from Keras's (tfjs-layers optimizers.ts, tfjs-core
 * optimizer_constructors.ts); a setting TF.js would reject, or that cannot be trained here, is a problem with
 * its line.
 */
import type { ModelMethodCall } from '../../core/model/result';
import { describe, type PyValue } from '../../core/model/values';
import { identifierOf, lastSegment, metricItems, numberOf, readFit, unknownWhy, type CompileDefaults, type CompileSpec, type Extracted, type FitDefaults, type FitSpec, type FitSpelling, type LossName, type LossSpec, type OptimizerName, type OptimizerSpec, type Problem, type SettingsCall, withOutputs } from './compile-fit';
import { readOutputs, type OutputsDialect } from './compile-outputs';
import { note, type LineWords, type PlanNote } from './plan-notes';

/** TF.js's epsilon when an optimizer is given none (tfjs-core's backend epsilon for float32). */
const EPSILON = 1e-7;

/** What `compile({optimizer: 'adam'})` makes in TF.js (tfjs-layers getOptimizer): its own defaults, not Keras's. */
const STRING_OPTIMIZERS: Readonly<Record<string, { name: OptimizerName; learningRate: number; options: Record<string, number | boolean> }>> = {
  sgd: { name: 'sgd', learningRate: 0.01, options: { momentum: 0, nesterov: false } },
  adam: { name: 'adam', learningRate: 0.001, options: { beta_1: 0.9, beta_2: 0.999, epsilon: EPSILON } },
  adamax: { name: 'adamax', learningRate: 0.002, options: { beta_1: 0.9, beta_2: 0.999, epsilon: EPSILON } },
  rmsprop: { name: 'rmsprop', learningRate: 0.001, options: { rho: 0.9, momentum: 0, epsilon: EPSILON, centered: false } },
  adagrad: { name: 'adagrad', learningRate: 0.01, options: { initial_accumulator_value: 0.1 } },
  adadelta: { name: 'adadelta', learningRate: 1, options: { rho: 0.95, epsilon: EPSILON } },
};
/** getOptimizer's identifiers: exactly these spellings. */
const OPTIMIZER_IDS: Readonly<Record<string, string>> = {
  sgd: 'sgd', SGD: 'sgd', adam: 'adam', Adam: 'adam', adamax: 'adamax', Adamax: 'adamax',
  rmsprop: 'rmsprop', RMSProp: 'rmsprop', adagrad: 'adagrad', Adagrad: 'adagrad', adadelta: 'adadelta', Adadelta: 'adadelta',
};

interface TrainParam {
  /** The OptimizerSpec option it sets (`learningRate` for the rate). */
  readonly key: string;
  /** TF.js's default; undefined: required. null: TF.js's epsilon. */
  readonly default?: number | boolean | null;
}

/** `tf.train.*` factories: their positional parameters in order, with tfjs-core's defaults. */
const TRAIN_FACTORIES: Readonly<Record<string, { name: OptimizerName; params: readonly TrainParam[]; fixed?: Record<string, number | boolean> }>> = {
  sgd: { name: 'sgd', params: [{ key: 'learningRate' }], fixed: { momentum: 0, nesterov: false } },
  momentum: { name: 'sgd', params: [{ key: 'learningRate' }, { key: 'momentum' }, { key: 'nesterov', default: false }] },
  rmsprop: {
    name: 'rmsprop',
    params: [{ key: 'learningRate' }, { key: 'rho', default: 0.9 }, { key: 'momentum', default: 0 }, { key: 'epsilon', default: null }, { key: 'centered', default: false }],
  },
  adam: { name: 'adam', params: [{ key: 'learningRate', default: 0.001 }, { key: 'beta_1', default: 0.9 }, { key: 'beta_2', default: 0.999 }, { key: 'epsilon', default: null }] },
  adamax: {
    name: 'adamax',
    params: [{ key: 'learningRate', default: 0.002 }, { key: 'beta_1', default: 0.9 }, { key: 'beta_2', default: 0.999 }, { key: 'epsilon', default: null }, { key: 'decay', default: 0 }],
  },
  adagrad: { name: 'adagrad', params: [{ key: 'learningRate' }, { key: 'initial_accumulator_value', default: 0.1 }] },
  adadelta: { name: 'adadelta', params: [{ key: 'learningRate', default: 0.001 }, { key: 'rho', default: 0.95 }, { key: 'epsilon', default: null }] },
};

/** TF.js's loss identifiers (tfjs-layers losses.ts lossesMap) that can be trained here. */
const LOSS_IDS: Readonly<Record<string, LossName>> = {
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  binaryCrossentropy: 'binary_crossentropy',
  meanSquaredError: 'mean_squared_error',
  meanAbsoluteError: 'mean_absolute_error',
};
/** The other identifiers TF.js knows: valid in TF.js, not trained here. */
const OTHER_TFJS_LOSSES = new Set(['meanAbsolutePercentageError', 'meanSquaredLogarithmicError', 'squaredHinge', 'hinge', 'categoricalHinge', 'logcosh', 'kullbackLeiblerDivergence', 'poisson', 'cosineProximity']);
/** Loss functions passed by reference: `tf.losses.*` (tfjs-core; the cross-entropies take logits) and `tf.metrics.*`. */
const LOSS_FUNCTIONS: Readonly<Record<string, LossSpec>> = {
  'losses.meanSquaredError': { name: 'mean_squared_error', fromLogits: false },
  'losses.absoluteDifference': { name: 'mean_absolute_error', fromLogits: false },
  'losses.softmaxCrossEntropy': { name: 'categorical_crossentropy', fromLogits: true },
  'losses.sigmoidCrossEntropy': { name: 'binary_crossentropy', fromLogits: true },
  'metrics.categoricalCrossentropy': { name: 'categorical_crossentropy', fromLogits: false },
  'metrics.sparseCategoricalCrossentropy': { name: 'sparse_categorical_crossentropy', fromLogits: false },
  'metrics.binaryCrossentropy': { name: 'binary_crossentropy', fromLogits: false },
  'metrics.meanSquaredError': { name: 'mean_squared_error', fromLogits: false },
  'metrics.meanAbsoluteError': { name: 'mean_absolute_error', fromLogits: false },
};

/** TF.js's accuracy metrics, as strings (tfjs-layers metrics.ts) and as `tf.metrics.*` functions. */
const ACCURACY_NAMES = new Set(['accuracy', 'acc', 'categoricalAccuracy', 'binaryAccuracy', 'sparseCategoricalAccuracy']);

/** A TF.js call of the report: its config keys' values, quoted from the source where the analyzer could not know them. */
export function jsSettingsCall(call: ModelMethodCall, text: string, words: LineWords): SettingsCall {
  return {
    line: call.range.startLine + 1,
    words,
    values: call.keywords,
    configNotLiteral: call.keyRanges === undefined,
    written(key) {
      const value = call.keywords.get(key);
      const pair = call.keyRanges?.get(key);
      if (value && value.kind !== 'unknown') return jsText(value);
      // `batchSize: n`: the value after the key, as written.
      const source = pair ? text.slice(pair.startIndex, pair.endIndex) : '';
      return source.includes(':') ? source.slice(source.indexOf(':') + 1).trim() : source || '?';
    },
  };
}

/** JavaScript's spelling of a value, for messages: `tf.train.adam(0.001)`, `['accuracy']`, `null`. */
export function jsText(v: PyValue): string {
  switch (v.kind) {
    case 'str':
      return `'${v.value}'`;
    case 'bool':
      return String(v.value);
    case 'none':
      return 'null';
    case 'list':
    case 'tuple':
      return `[${v.items.map(jsText).join(', ')}]`;
    case 'dict':
      return `{${[...v.entries].map(([k, x]) => `${k}: ${jsText(x)}`).join(', ')}}`;
    case 'ref':
      return v.path.replace(/^tfjs\./, 'tf.');
    case 'call':
      return `${v.path}(${v.positional.map(jsText).join(', ')})`;
    default:
      return describe(v);
  }
}

/** `tf.train.adam (learning rate 0.001)`, with the settings that differ from what the bare name gives. */
export function describeJsOptimizer(o: OptimizerSpec): string {
  const base = STRING_OPTIMIZERS[o.name];
  const extra = Object.entries(o.options)
    .filter(([k, v]) => v !== base.options[k])
    .map(([k, v]) => `${k} ${v}`);
  return `tf.train.${o.name === 'sgd' && o.options.momentum ? 'momentum' : o.name} (learning rate ${o.learningRate}${extra.length ? ', ' + extra.join(', ') : ''})`;
}

/** Each loss of the training here by TF.js's identifier (`'sparseCategoricalCrossentropy'`). */
const LOSS_ID_OF = new Map<LossName, string>(Object.entries(LOSS_IDS).map(([id, name]) => [name, id]));

/**
 * The optimizer and loss as TF.js names them, for a title: `'adam', 'sparseCategoricalCrossentropy'`; the ones
 * with no string name as their functions (`tf.train.momentum`, `tf.losses.softmaxCrossEntropy`).
 */
export function jsCompileName(c: CompileSpec): string {
  const optimizer = c.optimizer.name === 'sgd' && c.optimizer.options.momentum ? 'tf.train.momentum' : `'${c.optimizer.name}'`;
  const named = (l: LossSpec) => (l.fromLogits ? (l.name === 'binary_crossentropy' ? 'tf.losses.sigmoidCrossEntropy' : 'tf.losses.softmaxCrossEntropy') : `'${LOSS_ID_OF.get(l.name) ?? l.name}'`);
  // Several outputs: each one's loss.
  return `${optimizer}, ${c.outputs ? c.outputs.map((o) => named(o.loss)).join(' + ') : named(c.loss)}`;
}

/** `'adam'`, `tf.train.adam(0.001)`, `tf.train.momentum(0.01, 0.9)`; a message when TF.js (or training here) cannot take it. */
export function readJsOptimizer(v: PyValue, written = v.kind === 'unknown' ? '' : jsText(v)): OptimizerSpec | string {
  if (v.kind === 'str') {
    const id = OPTIMIZER_IDS[v.value];
    if (!id) return `Unknown optimizer '${v.value}': TF.js's compile() knows 'sgd', 'adam', 'adamax', 'rmsprop', 'adagrad' and 'adadelta' (or tf.train.*()).`;
    const base = STRING_OPTIMIZERS[id];
    return { name: base.name, learningRate: base.learningRate, options: { ...base.options } };
  }
  if (v.kind !== 'call') return `The optimizer ${written ? `${written} ` : ''}is not known from the source${unknownWhy(v)}; write it as 'adam' or tf.train.adam(...).`;
  const factory = lastSegment(v.path);
  const table = TRAIN_FACTORIES[factory];
  if (!table) return `The optimizer ${v.path}() cannot be trained here; use tf.train.sgd, momentum, rmsprop, adam, adamax, adagrad or adadelta.`;
  if (v.positional.some((a) => a.kind === 'dict')) return `${v.path}() takes its settings as arguments in order, not as a config object.`;
  if (v.positional.length > table.params.length) return `${v.path}() takes at most ${table.params.length} arguments.`;
  const options: Record<string, number | boolean> = { ...STRING_OPTIMIZERS[table.name].options, ...table.fixed };
  let learningRate = 0;
  for (let i = 0; i < table.params.length; i++) {
    const param = table.params[i];
    const arg = v.positional[i];
    const given = arg && arg.kind !== 'none' ? arg : undefined;
    if (!given && param.default === undefined) return `${v.path}() needs ${param.key === 'learningRate' ? 'a learning rate' : `its ${param.key} argument`}.`;
    let value: number | boolean;
    const known = given ? (given.kind === 'bool' ? given.value : numberOf(given)) : undefined;
    if (!given) value = param.default === null ? EPSILON : param.default!;
    else if (known !== undefined) value = known;
    else return `${v.path}(): the ${param.key === 'learningRate' ? 'learning rate' : param.key}${given.kind === 'unknown' ? '' : ` ${jsText(given)}`} is not a value known from the source${unknownWhy(given)}; give a number to train here.`;
    if (param.key === 'learningRate') learningRate = Number(value);
    else if (param.key === 'decay') {
      if (value !== 0) return `${v.path}() with a decay cannot be trained here; remove it.`;
    } else options[param.key] = value;
  }
  if (!(learningRate > 0)) return `The learning rate must be positive; got ${learningRate}.`;
  return { name: table.name, learningRate, options };
}

/** `'sparseCategoricalCrossentropy'`, `tf.losses.softmaxCrossEntropy`; a message when TF.js (or training here) cannot take it. */
export function readJsLoss(v: PyValue, written = v.kind === 'unknown' ? '' : jsText(v)): LossSpec | string {
  if (v.kind === 'str') {
    const name = LOSS_IDS[v.value];
    if (name) return { name, fromLogits: false };
    if (OTHER_TFJS_LOSSES.has(v.value)) return `The loss '${v.value}' is not one Model Lens can train with; use 'sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError' or 'meanAbsoluteError'.`;
    return `Unknown loss '${v.value}': TF.js's names are camelCase, such as 'sparseCategoricalCrossentropy' or 'meanSquaredError'.`;
  }
  if (v.kind === 'ref') {
    const spec = LOSS_FUNCTIONS[v.path.split('.').slice(-2).join('.')];
    if (spec) return spec;
  }
  return `The loss ${written ? `${written} ` : ''}is not one Model Lens can train with${unknownWhy(v)}; write it as a name like 'sparseCategoricalCrossentropy'.`;
}

/** How TF.js writes a several-output model's losses and metrics (compile-outputs.ts): a metrics list is every output's. */
const JS_OUTPUTS: OutputsDialect = {
  readLoss: (v, written) => readJsLoss(v, written),
  isAccuracy: (v) => v.kind !== 'call' && ACCURACY_NAMES.has(identifierOf(v) ?? ''),
  text: jsText,
  metricsListPerOutput: false,
};

/** Reads `model.compile({...})`; `call` undefined means the file has none and the defaults apply. `outputNames`: as `readCompile`'s. */
export function readJsCompile(call: SettingsCall | undefined, defaults: CompileDefaults, outputNames?: readonly string[]): Extracted<CompileSpec> {
  const notes: PlanNote[] = [];
  const problems: Problem[] = [];
  const line = call?.line;
  const config = call?.values ?? new Map<string, PyValue>();
  // A config the analyzer could not read says so once, not as a missing optimizer and a missing loss.
  const unread = call !== undefined && call.configNotLiteral === true && config.size === 0;
  if (unread) problems.push({ message: 'model.compile(): its config is not an object literal Model Lens can read (nor a name for one).', line });
  if (!call) notes.push(note('compile', `no model.compile({...}) found for this model; using the defaults (${defaults.optimizer}, ${defaults.loss}, accuracy)`));

  const base = STRING_OPTIMIZERS[defaults.optimizer];
  let optimizer: OptimizerSpec = { name: base.name, learningRate: base.learningRate, options: { ...base.options } };
  const opt = config.get('optimizer');
  if (opt) {
    const parsed = readJsOptimizer(opt, call!.written('optimizer'));
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else optimizer = parsed;
  } else if (call && !unread) problems.push({ message: 'model.compile() needs an optimizer (TF.js requires one).', line });
  notes.push(note('optimizer', describeJsOptimizer(optimizer), opt ? undefined : { kind: 'default' }));
  if (outputNames && outputNames.length > 1) {
    if (call && !unread && !config.get('loss')) problems.push({ message: 'model.compile() needs a loss (TF.js requires one).', line });
    return withOutputs(optimizer, readOutputs(config, outputNames, { name: defaults.loss, fromLogits: false }, !call, JS_OUTPUTS, line), notes, problems);
  }

  let loss: LossSpec = { name: defaults.loss, fromLogits: false };
  const lossValue = config.get('loss');
  if (lossValue) {
    const parsed = readJsLoss(lossValue, call!.written('loss'));
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else loss = parsed;
  } else if (call && !unread) problems.push({ message: 'model.compile() needs a loss (TF.js requires one).', line });
  notes.push(note('loss', `${lossValue ? (lossValue.kind === 'str' ? lossValue.value : jsText(lossValue)) : loss.name}${loss.fromLogits ? ' (from logits)' : ''}`, lossValue ? undefined : { kind: 'default' }));

  let accuracy = !call;
  const metrics = config.get('metrics');
  if (metrics) {
    const skipped: string[] = [];
    for (const m of metricItems(metrics)) {
      const name = m.kind === 'call' ? undefined : identifierOf(m);
      if (name && ACCURACY_NAMES.has(name)) accuracy = true;
      else skipped.push(jsText(m));
    }
    if (skipped.length) notes.push(note('metrics', `only accuracy is tracked here; ${skipped.join(', ')} left out`));
  }
  return { value: { optimizer, loss, accuracy }, notes, problems };
}

const JS_FIT: FitSpelling = {
  batchSize: 'batchSize',
  validationSplit: 'validationSplit',
  validationData: 'validationData',
  setting: (key, written) => `${key}: ${written}`,
  inFit: (setting) => `model.fit({${setting}})`,
  none: 'null',
  shuffleValues: "true, false or 'batch'",
};

/** Reads `model.fit(xs, ys, {...})`; `call` undefined means the file has none and the defaults apply. */
export function readJsFit(call: SettingsCall | undefined, defaults: FitDefaults): Extracted<FitSpec> {
  return readFit(call, defaults, JS_FIT);
}
