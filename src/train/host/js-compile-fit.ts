/**
 * What `model.compile({...})` and `model.fit(xs, ys, {...})` in a TensorFlow.js source ask for, read from the
 * syntax with TF.js's names and defaults (`tf.train.adam()`, `'sparseCategoricalCrossentropy'`, `batchSize`),
 * into the same compile and fit specs the Python reader makes. TF.js's string identifiers are case-sensitive
 * and its optimizers' defaults differ from Keras's (tfjs-layers optimizers.ts, tfjs-core
 * optimizer_constructors.ts); a setting TF.js would reject, or that cannot be trained here, is a problem with
 * its line.
 */
import type { SourceRange } from '../../core/model/graph';
import { rangeOf, type SyntaxNode } from '../../core/python/parser';
import { callAt, fitSettings, type CompileDefaults, type CompileSpec, type Extracted, type FitDefaults, type FitSpec, type FitSpelling, type LossName, type LossSpec, type OptimizerName, type OptimizerSpec, type Problem } from './compile-fit';
import { jsExprText, readJsExpr, resolveJs, unwrapJs } from './js-expr';
import { lastSegment, walk, type Expr } from './python-expr';

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

/** `variable.method(...)` calls in the file, in source order (`await model.fit(...)` included). */
export function jsMethodCalls(root: SyntaxNode, variable: string, method: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'call_expression') continue;
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'member_expression') continue;
    if (fn.childForFieldName('property')?.text !== method) continue;
    const object = fn.childForFieldName('object');
    if (!object || unwrapJs(object).text !== variable) continue;
    out.push(node);
  }
  return out;
}

/** A call's config object (its argument number `index`, followed through names), read as kwargs. */
function configArgument(call: SyntaxNode, index: number): { config: Map<string, Expr>; problem?: string } {
  const list = call.childForFieldName('arguments');
  const arg = list ? list.namedChildren.filter((c) => c?.type !== 'comment')[index] : undefined;
  if (!arg) return { config: new Map() };
  const target = resolveJs(arg);
  if (target.type !== 'object') return { config: new Map(), problem: `its config ${arg.text.slice(0, 60)} is not an object literal Model Lens can read` };
  const e = readJsExpr(call);
  return { config: e.kind === 'call' ? new Map(e.kwargs) : new Map() };
}

const num = (e: Expr | undefined): number | undefined => (e?.kind === 'num' ? e.value : undefined);

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
  const logits = c.loss.name === 'binary_crossentropy' ? 'tf.losses.sigmoidCrossEntropy' : 'tf.losses.softmaxCrossEntropy';
  const loss = c.loss.fromLogits ? logits : `'${LOSS_ID_OF.get(c.loss.name) ?? c.loss.name}'`;
  return `${optimizer}, ${loss}`;
}

/** `'adam'`, `tf.train.adam(0.001)`, `tf.train.momentum(0.01, 0.9)`; a message when TF.js (or training here) cannot take it. */
export function readJsOptimizer(e: Expr): OptimizerSpec | string {
  if (e.kind === 'str') {
    const id = OPTIMIZER_IDS[e.value];
    if (!id) return `Unknown optimizer '${e.value}': TF.js's compile() knows 'sgd', 'adam', 'adamax', 'rmsprop', 'adagrad' and 'adadelta' (or tf.train.*()).`;
    const base = STRING_OPTIMIZERS[id];
    return { name: base.name, learningRate: base.learningRate, options: { ...base.options } };
  }
  if (e.kind !== 'call') return `The optimizer ${jsExprText(e)} is not known from the source; write it as 'adam' or tf.train.adam(...).`;
  const factory = lastSegment(e.callee);
  const table = TRAIN_FACTORIES[factory];
  if (!table) return `The optimizer ${e.callee}() cannot be trained here; use tf.train.sgd, momentum, rmsprop, adam, adamax, adagrad or adadelta.`;
  if (e.kwargs.size) return `${e.callee}() takes its settings as arguments in order, not as a config object.`;
  if (e.args.length > table.params.length) return `${e.callee}() takes at most ${table.params.length} arguments.`;
  const options: Record<string, number | boolean> = { ...STRING_OPTIMIZERS[table.name].options, ...table.fixed };
  let learningRate = 0;
  for (let i = 0; i < table.params.length; i++) {
    const param = table.params[i];
    const arg = e.args[i];
    const given = arg && arg.kind !== 'none' ? arg : undefined;
    if (!given && param.default === undefined) return `${e.callee}() needs ${param.key === 'learningRate' ? 'a learning rate' : `its ${param.key} argument`}.`;
    let value: number | boolean;
    if (!given) value = param.default === null ? EPSILON : param.default!;
    else if (given.kind === 'num' || given.kind === 'bool') value = given.value;
    else return `${e.callee}(): the ${param.key === 'learningRate' ? 'learning rate' : param.key} ${jsExprText(given)} is not a value known from the source; give a number to train here.`;
    if (param.key === 'learningRate') learningRate = Number(value);
    else if (param.key === 'decay') {
      if (value !== 0) return `${e.callee}() with a decay cannot be trained here; remove it.`;
    } else options[param.key] = value;
  }
  if (!(learningRate > 0)) return `The learning rate must be positive; got ${learningRate}.`;
  return { name: table.name, learningRate, options };
}

/** `'sparseCategoricalCrossentropy'`, `tf.losses.softmaxCrossEntropy`; a message when TF.js (or training here) cannot take it. */
export function readJsLoss(e: Expr): LossSpec | string {
  if (e.kind === 'str') {
    const name = LOSS_IDS[e.value];
    if (name) return { name, fromLogits: false };
    if (OTHER_TFJS_LOSSES.has(e.value)) return `The loss '${e.value}' is not one Model Lens can train with; use 'sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError' or 'meanAbsoluteError'.`;
    return `Unknown loss '${e.value}': TF.js's names are camelCase, such as 'sparseCategoricalCrossentropy' or 'meanSquaredError'.`;
  }
  if (e.kind === 'name') {
    const parts = e.path.split('.');
    const spec = LOSS_FUNCTIONS[parts.slice(-2).join('.')];
    if (spec) return spec;
  }
  return `The loss ${jsExprText(e)} is not one Model Lens can train with; write it as a name like 'sparseCategoricalCrossentropy'.`;
}

/** Reads `model.compile({...})`; `call` undefined means the file has none and the defaults apply. */
export function readJsCompile(call: SyntaxNode | undefined, defaults: CompileDefaults): Extracted<CompileSpec> {
  const notes: string[] = [];
  const problems: Problem[] = [];
  const line = call ? rangeOf(call).startLine + 1 : undefined;
  const { config, problem } = call ? configArgument(call, 0) : { config: new Map<string, Expr>(), problem: undefined };
  if (problem) problems.push({ message: `model.compile(): ${problem}.`, line });
  if (!call) notes.push(`compile: no model.compile({...}) found for this model; using the defaults (${defaults.optimizer}, ${defaults.loss}, accuracy)`);

  const base = STRING_OPTIMIZERS[defaults.optimizer];
  let optimizer: OptimizerSpec = { name: base.name, learningRate: base.learningRate, options: { ...base.options } };
  const opt = config.get('optimizer');
  if (opt) {
    const parsed = readJsOptimizer(opt);
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else optimizer = parsed;
  } else if (call && !problem) problems.push({ message: 'model.compile() needs an optimizer (TF.js requires one).', line });
  notes.push(`optimizer: ${describeJsOptimizer(optimizer)}${opt ? '' : ' (default)'}`);

  let loss: LossSpec = { name: defaults.loss, fromLogits: false };
  const lossExpr = config.get('loss');
  if (lossExpr) {
    const parsed = readJsLoss(lossExpr);
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else loss = parsed;
  } else if (call && !problem) problems.push({ message: 'model.compile() needs a loss (TF.js requires one).', line });
  notes.push(`loss: ${lossExpr ? (lossExpr.kind === 'str' ? lossExpr.value : jsExprText(lossExpr)) : loss.name}${loss.fromLogits ? ' (from logits)' : ''}${lossExpr ? '' : ' (default)'}`);

  let accuracy = !call;
  const metrics = config.get('metrics');
  if (metrics) {
    const items = metrics.kind === 'seq' ? metrics.items : [metrics];
    const skipped: string[] = [];
    for (const m of items) {
      const name = m.kind === 'str' ? m.value : m.kind === 'name' ? lastSegment(m.path) : undefined;
      if (name && ACCURACY_NAMES.has(name)) accuracy = true;
      else skipped.push(jsExprText(m));
    }
    if (skipped.length) notes.push(`metrics: only accuracy is tracked here; ${skipped.join(', ')} left out`);
  }
  return { value: { optimizer, loss, accuracy }, notes, problems };
}

const JS_FIT: FitSpelling = {
  batchSize: 'batchSize',
  validationSplit: 'validationSplit',
  validationData: 'validationData',
  setting: (key, value) => `${key}: ${jsExprText(value)}`,
  inFit: (setting) => `model.fit({${setting}})`,
  none: 'null',
  shuffleValues: "true, false or 'batch'",
};

/** Reads `model.fit(xs, ys, {...})`; `call` undefined means the file has none and the defaults apply. */
export function readJsFit(call: SyntaxNode | undefined, defaults: FitDefaults): Extracted<FitSpec> {
  const line = call ? rangeOf(call).startLine + 1 : undefined;
  const { config, problem } = call ? configArgument(call, 2) : { config: new Map<string, Expr>(), problem: undefined };
  const read = fitSettings(config, line, call !== undefined, defaults, JS_FIT);
  if (problem) read.problems.unshift({ message: `model.fit(): ${problem}.`, line });
  return read;
}

/** The `call_expression` at `range` (what the analyzer recorded for `model.compile({...})`). */
export const jsCallAt = (root: SyntaxNode, range: SourceRange): SyntaxNode | undefined => callAt(root, range, 'call_expression');
