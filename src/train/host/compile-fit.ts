/**
 * What `model.compile(...)` and `model.fit(...)` in the file ask for, read from the syntax and mapped to what
 * TensorFlow.js can do: optimizer and its hyperparameters, loss (with `from_logits`), accuracy, epochs, batch
 * size, validation and shuffling. Anything TF.js cannot do is a problem with its line, never a silent change.
 */
import { rangeOf, type SyntaxNode } from '../../core/python/parser';
import type { SourceRange } from '../../core/model/graph';
import { exprText, lastSegment, readExpr, walk, type Constants, type Expr } from './python-expr';

export type OptimizerName = 'adam' | 'sgd' | 'rmsprop' | 'adagrad' | 'adadelta' | 'adamax';
export type LossName = 'sparse_categorical_crossentropy' | 'categorical_crossentropy' | 'binary_crossentropy' | 'mean_squared_error' | 'mean_absolute_error';

export interface OptimizerSpec {
  readonly name: OptimizerName;
  readonly learningRate: number;
  /** Keras's other hyperparameters by Keras name (`beta_1`, `momentum`, `nesterov`, `rho`, `epsilon`, ...). */
  readonly options: Readonly<Record<string, number | boolean>>;
}

export interface LossSpec {
  readonly name: LossName;
  readonly fromLogits: boolean;
}

export interface CompileSpec {
  readonly optimizer: OptimizerSpec;
  readonly loss: LossSpec;
  /** Only accuracy is tracked (and shown); other metrics are noted and left out. */
  readonly accuracy: boolean;
}

export interface FitSpec {
  readonly epochs: number;
  readonly batchSize: number;
  readonly validationSplit: number;
  /** `validation_data=` was given: validate on the test set. */
  readonly validateOnTest: boolean;
  readonly shuffle: boolean;
}

export interface Problem {
  readonly message: string;
  /** 1-based. */
  readonly line?: number;
}

export interface Extracted<T> {
  readonly value: T;
  /** Where each setting came from, for the pre-flight summary: `epochs: 5 (line 22)`, `batch size: 32 (default)`. */
  readonly notes: string[];
  readonly problems: Problem[];
}

/** Keras's defaults (keras/src/optimizers/*.py): learning rate and the hyperparameters TF.js takes. */
const OPTIMIZERS: Record<OptimizerName, { keras: string; learningRate: number; options: Record<string, number | boolean> }> = {
  adam: { keras: 'Adam', learningRate: 0.001, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
  sgd: { keras: 'SGD', learningRate: 0.01, options: { momentum: 0, nesterov: false } },
  rmsprop: { keras: 'RMSprop', learningRate: 0.001, options: { rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false } },
  adagrad: { keras: 'Adagrad', learningRate: 0.001, options: { initial_accumulator_value: 0.1 } },
  adadelta: { keras: 'Adadelta', learningRate: 0.001, options: { rho: 0.95, epsilon: 1e-7 } },
  adamax: { keras: 'Adamax', learningRate: 0.001, options: { beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7 } },
};

const LOSS_ALIASES: Record<string, LossName> = {
  sparse_categorical_crossentropy: 'sparse_categorical_crossentropy',
  sparsecategoricalcrossentropy: 'sparse_categorical_crossentropy',
  categorical_crossentropy: 'categorical_crossentropy',
  categoricalcrossentropy: 'categorical_crossentropy',
  binary_crossentropy: 'binary_crossentropy',
  binarycrossentropy: 'binary_crossentropy',
  mse: 'mean_squared_error',
  mean_squared_error: 'mean_squared_error',
  meansquarederror: 'mean_squared_error',
  mae: 'mean_absolute_error',
  mean_absolute_error: 'mean_absolute_error',
  meanabsoluteerror: 'mean_absolute_error',
};

const ACCURACY_NAMES = new Set(['accuracy', 'acc', 'sparse_categorical_accuracy', 'categorical_accuracy', 'binary_accuracy', 'SparseCategoricalAccuracy', 'CategoricalAccuracy', 'BinaryAccuracy', 'Accuracy']);

/** The call node at `range` (what the analyzer recorded for `model.compile(...)`); JavaScript's calls are `call_expression`s. */
export function callAt(root: SyntaxNode, range: SourceRange, callType: 'call' | 'call_expression' = 'call'): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(range.startIndex, Math.max(range.startIndex, range.endIndex - 1));
  while (node && !(node.type === callType && node.startIndex <= range.startIndex && node.endIndex >= range.endIndex)) node = node.parent;
  return node ?? undefined;
}

/** `variable.method(...)` calls in the file, in source order. */
export function methodCalls(root: SyntaxNode, variable: string, method: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const node of walk(root)) {
    if (node.type !== 'call') continue;
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute') continue;
    if (fn.childForFieldName('attribute')?.text !== method) continue;
    if (fn.childForFieldName('object')?.text !== variable) continue;
    out.push(node);
  }
  return out;
}

/** Keyword arguments of a call, with positional ones named by `positional` (Keras's order). */
export function callArguments(call: SyntaxNode, consts: Constants, positional: readonly string[]): Map<string, Expr> {
  const e = readExpr(call, consts);
  const out = new Map<string, Expr>();
  if (e.kind !== 'call') return out;
  e.args.forEach((a, i) => {
    if (positional[i]) out.set(positional[i], a);
  });
  for (const [k, v] of e.kwargs) out.set(k, v);
  return out;
}

const num = (e: Expr | undefined): number | undefined => (e?.kind === 'num' ? e.value : undefined);

/** The optimizer and loss by their Keras strings, for a title: `adam, sparse_categorical_crossentropy`. */
export function kerasCompileName(c: CompileSpec): string {
  return `${c.optimizer.name}, ${c.loss.name}`;
}

/** Reads `model.compile(...)`; `call` undefined means the file has none and the defaults apply. */
export function readCompile(call: SyntaxNode | undefined, consts: Constants, defaults: CompileDefaults): Extracted<CompileSpec> {
  const notes: string[] = [];
  const problems: Problem[] = [];
  const line = call ? rangeOf(call).startLine + 1 : undefined;
  const args = call ? callArguments(call, consts, ['optimizer', 'loss', 'loss_weights', 'metrics']) : new Map<string, Expr>();
  if (!call) notes.push(`compile: no model.compile(...) found for this model; using the defaults (${defaults.optimizer}, ${defaults.loss}, accuracy)`);

  // Optimizer
  let optimizer: OptimizerSpec = { name: defaults.optimizer, learningRate: OPTIMIZERS[defaults.optimizer].learningRate, options: { ...OPTIMIZERS[defaults.optimizer].options } };
  const opt = args.get('optimizer');
  if (opt) {
    const parsed = readOptimizer(opt);
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else optimizer = parsed;
  }
  notes.push(`optimizer: ${describeOptimizer(optimizer)}${opt ? '' : ' (default)'}`);

  // Loss
  let loss: LossSpec = { name: defaults.loss, fromLogits: false };
  const lossExpr = args.get('loss');
  if (lossExpr) {
    const parsed = readLoss(lossExpr);
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else loss = parsed;
  }
  notes.push(`loss: ${loss.name}${loss.fromLogits ? ' (from logits)' : ''}${lossExpr ? '' : ' (default)'}`);

  // Metrics
  let accuracy = !call;
  const metrics = args.get('metrics');
  if (metrics) {
    const items = metrics.kind === 'seq' ? metrics.items : [metrics];
    const skipped: string[] = [];
    for (const m of items) {
      const name = m.kind === 'str' ? m.value : m.kind === 'name' ? lastSegment(m.path) : m.kind === 'call' ? lastSegment(m.callee) : undefined;
      if (name && ACCURACY_NAMES.has(name)) accuracy = true;
      else skipped.push(exprText(m));
    }
    if (skipped.length) notes.push(`metrics: only accuracy is tracked here; ${skipped.join(', ')} left out`);
  }
  if (args.has('loss_weights') || args.has('weighted_metrics')) notes.push('loss_weights / weighted_metrics are ignored (one output only)');
  return { value: { optimizer, loss, accuracy }, notes, problems };
}

export interface CompileDefaults {
  readonly optimizer: OptimizerName;
  readonly loss: LossName;
}

export function describeOptimizer(o: OptimizerSpec): string {
  const extra = Object.entries(o.options)
    .filter(([k, v]) => v !== OPTIMIZERS[o.name].options[k])
    .map(([k, v]) => `${k} ${v}`);
  return `${OPTIMIZERS[o.name].keras} (learning rate ${o.learningRate}${extra.length ? ', ' + extra.join(', ') : ''})`;
}

function optimizerName(name: string): OptimizerName | undefined {
  const key = name.toLowerCase();
  return (Object.keys(OPTIMIZERS) as OptimizerName[]).find((k) => k === key);
}

/** `'adam'`, `Adam()`, `tf.keras.optimizers.Adam(learning_rate=...)`; a message when TF.js has no such optimizer. */
export function readOptimizer(e: Expr): OptimizerSpec | string {
  const raw = e.kind === 'str' ? e.value : e.kind === 'call' ? lastSegment(e.callee) : e.kind === 'name' ? lastSegment(e.path) : undefined;
  if (raw === undefined) return `The optimizer ${exprText(e)} is not known from the source; write it as 'adam' or keras.optimizers.Adam(...).`;
  const name = optimizerName(raw);
  if (!name) {
    return `The optimizer ${raw} has no TensorFlow.js counterpart; TF.js trains with Adam, SGD, RMSprop, Adagrad, Adadelta or Adamax. Choose one of those to train here.`;
  }
  const base = OPTIMIZERS[name];
  const options: Record<string, number | boolean> = { ...base.options };
  let learningRate = base.learningRate;
  if (e.kind === 'call') {
    const lr = e.kwargs.get('learning_rate') ?? e.kwargs.get('lr') ?? e.args[0];
    if (lr) {
      if (lr.kind !== 'num') return `The learning rate ${exprText(lr)} is not a number known from the source (a schedule or a variable); give a number to train here.`;
      learningRate = lr.value;
    }
    for (const [k, v] of e.kwargs) {
      if (k === 'learning_rate' || k === 'lr' || k === 'name') continue;
      if (k in options) {
        if (v.kind === 'num' || v.kind === 'bool') options[k] = v.kind === 'num' ? v.value : v.value;
        else return `${base.keras}(${k}=${exprText(v)}): the value is not known from the source.`;
      } else if (!(v.kind === 'none' || (v.kind === 'bool' && !v.value) || (v.kind === 'num' && v.value === 0))) {
        return `${base.keras}(${k}=${exprText(v)}) has no TensorFlow.js counterpart; remove it to train here.`;
      }
    }
  }
  if (!(learningRate > 0)) return `The learning rate must be positive; got ${learningRate}.`;
  return { name, learningRate, options };
}

/** `'sparse_categorical_crossentropy'`, `SparseCategoricalCrossentropy(from_logits=True)`, `keras.losses.mse`. */
export function readLoss(e: Expr): LossSpec | string {
  const raw = e.kind === 'str' ? e.value : e.kind === 'call' ? lastSegment(e.callee) : e.kind === 'name' ? lastSegment(e.path) : undefined;
  if (raw === undefined) return `The loss ${exprText(e)} is not known from the source; write it as a name like 'sparse_categorical_crossentropy'.`;
  const name = LOSS_ALIASES[raw] ?? LOSS_ALIASES[raw.toLowerCase()];
  if (!name) return `The loss ${raw} is not one Model Lens can train with; use sparse_categorical_crossentropy, categorical_crossentropy, binary_crossentropy, mean_squared_error or mean_absolute_error.`;
  let fromLogits = false;
  if (e.kind === 'call') {
    const fl = e.kwargs.get('from_logits');
    if (fl) {
      if (fl.kind !== 'bool') return `from_logits=${exprText(fl)} is not known from the source; write True or False.`;
      fromLogits = fl.value;
    }
    for (const [k, v] of e.kwargs) {
      if (k === 'from_logits' || k === 'name' || k === 'reduction') continue;
      if (k === 'label_smoothing' && v.kind === 'num' && v.value === 0) continue;
      if (k === 'ignore_class' && v.kind === 'none') continue;
      if (k === 'axis' && v.kind === 'num' && v.value === -1) continue;
      return `${raw}(${k}=${exprText(v)}) is not supported for training here; remove it to train.`;
    }
  }
  if (fromLogits && (name === 'mean_squared_error' || name === 'mean_absolute_error')) return `${raw} takes no from_logits.`;
  return { name, fromLogits };
}

export interface FitDefaults {
  readonly epochs: number;
  readonly batchSize: number;
}

/** How a language writes fit's settings: their names, and how a message quotes them. */
export interface FitSpelling {
  /** Keras's `batch_size`, TF.js's `batchSize`. */
  readonly batchSize: string;
  readonly validationSplit: string;
  readonly validationData: string;
  /** `epochs=0` in Python, `epochs: 0` in JavaScript. */
  readonly setting: (key: string, value: Expr) => string;
  /** The setting as the call writes it: `model.fit(epochs=0)`, `model.fit({epochs: 0})`. */
  readonly inFit: (setting: string) => string;
  /** `None`, `null`. */
  readonly none: string;
  /** What `shuffle` takes: `True, False or 'batch'`. */
  readonly shuffleValues: string;
}

const PYTHON_FIT: FitSpelling = {
  batchSize: 'batch_size',
  validationSplit: 'validation_split',
  validationData: 'validation_data',
  setting: (key, value) => `${key}=${exprText(value)}`,
  inFit: (setting) => `model.fit(${setting})`,
  none: 'None',
  shuffleValues: "True, False or 'batch'",
};

/** Reads `model.fit(...)`; `call` undefined means the file has none and the defaults apply. */
export function readFit(call: SyntaxNode | undefined, consts: Constants, defaults: FitDefaults): Extracted<FitSpec> {
  const line = call ? rangeOf(call).startLine + 1 : undefined;
  const args = call ? callArguments(call, consts, ['x', 'y', 'batch_size', 'epochs', 'verbose', 'callbacks', 'validation_split', 'validation_data', 'shuffle']) : new Map<string, Expr>();
  return fitSettings(args, call ? line : undefined, call !== undefined, defaults, PYTHON_FIT);
}

/** The fit settings among `args` (found in a `model.fit` call at `line`, or no call: the defaults), in any language's `spelling`. */
export function fitSettings(args: ReadonlyMap<string, Expr>, line: number | undefined, found: boolean, defaults: FitDefaults, spelling: FitSpelling): Extracted<FitSpec> {
  const notes: string[] = [];
  const problems: Problem[] = [];
  const where = line ? ` (line ${line})` : '';
  const positiveInt = (key: string, label: string, fallback: number): number => {
    const e = args.get(key);
    if (!e || e.kind === 'none') {
      notes.push(`${label}: ${fallback} (${e ? spelling.none : found ? 'not given' : 'no model.fit(...) found'}; default)`);
      return fallback;
    }
    const v = num(e);
    if (v === undefined || !Number.isInteger(v) || v < 1) {
      problems.push({ message: `${spelling.inFit(spelling.setting(key, e))}: expected a positive whole number known from the source.`, line });
      return fallback;
    }
    notes.push(`${label}: ${v}${where}`);
    return v;
  };
  const epochs = positiveInt('epochs', 'epochs', defaults.epochs);
  const batchSize = positiveInt(spelling.batchSize, 'batch size', defaults.batchSize);
  let validationSplit = 0;
  const vs = args.get(spelling.validationSplit);
  if (vs && vs.kind !== 'none') {
    const v = num(vs);
    if (v === undefined || v < 0 || v >= 1) problems.push({ message: `${spelling.inFit(spelling.setting(spelling.validationSplit, vs))}: expected a number in [0, 1).`, line });
    else validationSplit = v;
  }
  const vd = args.get(spelling.validationData);
  const validateOnTest = vd !== undefined && vd.kind !== 'none';
  if (validateOnTest) notes.push(`validation: the test set (${spelling.setting(spelling.validationData, vd).slice(0, 56)})`);
  else if (validationSplit > 0) notes.push(`validation: last ${Math.round(validationSplit * 100)}% of the training data${where}`);
  let shuffle = true;
  const sh = args.get('shuffle');
  if (sh && sh.kind !== 'none') {
    // 'batch' shuffles within batches: the data is still shuffled.
    if (sh.kind === 'bool') shuffle = sh.value;
    else if (!(sh.kind === 'str' && sh.value === 'batch')) problems.push({ message: `${spelling.inFit(spelling.setting('shuffle', sh))}: expected ${spelling.shuffleValues}.`, line });
  }
  if (!shuffle) notes.push('shuffle: off');
  return { value: { epochs, batchSize, validationSplit, validateOnTest, shuffle }, notes, problems };
}
