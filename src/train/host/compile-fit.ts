/**
 * What `model.compile(...)` and `model.fit(...)` ask for, as the analyzer evaluated their arguments (the
 * report's `compiles` and `fits`), mapped to what TensorFlow.js can do: optimizer and its hyperparameters, loss
 * (with `from_logits`), accuracy, epochs, batch size, validation and shuffling. Anything TF.js cannot do, and
 * any value the analyzer could not know, is a problem with its line, never a silent change.
 */
import type { ModelMethodCall } from '../../core/model/result';
import { describe, type PyValue } from '../../core/model/values';
import { atLine, note, type LineWords, type PlanNote } from './plan-notes';
import { readOutputs, type OutputSpec, type OutputsDialect } from './compile-outputs';

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
  /**
   * A model with several outputs: each output's loss, weight and accuracy, in the model's order (`loss` is then
   * the first output's, `accuracy` whether any output tracks it).
   */
  readonly outputs?: readonly OutputSpec[];
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
  /** Where each setting came from, for the pre-flight summary. */
  readonly notes: PlanNote[];
  readonly problems: Problem[];
}

/**
 * A `compile()` or `fit()` call as the settings readers see it, in either language: its arguments' values by
 * name (as the analyzer evaluated them), how each is written in the source, and the call's line.
 */
export interface SettingsCall {
  /** 1-based. */
  readonly line: number;
  readonly words: LineWords;
  readonly values: ReadonlyMap<string, PyValue>;
  /** The argument as the source writes it (`n`, `int(sys.argv[1])`), for messages. */
  written(key: string): string;
  /** TF.js: the config argument is not an object literal (a value the analyzer could not know, or none at all). */
  readonly configNotLiteral?: boolean;
}

/** A Python call of the report: positional arguments are named by `params` (Keras's order) for their source text. */
export function pythonSettingsCall(call: ModelMethodCall, params: readonly string[], words: LineWords): SettingsCall {
  return {
    line: call.range.startLine + 1,
    words,
    values: call.keywords,
    written(key) {
      const span = call.args?.items.find((a) => a.keyword === key || (a.keyword === undefined && params[a.position] === key));
      const value = call.keywords.get(key);
      return span?.valueText ?? (value ? describe(value) : '');
    },
  };
}

/** The value's number, for int and float. */
export const numberOf = (v: PyValue | undefined): number | undefined => (v?.kind === 'int' || v?.kind === 'float' ? v.value : undefined);

/** ` (why)` for a value the analyzer could not know, else nothing. */
export const unknownWhy = (v: PyValue): string => (v.kind === 'unknown' ? ` (${v.reason})` : '');

/** The last segment of a dotted path, as Keras resolves it: `keras.optimizers.Adam` → `Adam`. */
export function lastSegment(path: string): string {
  return path.split('.').pop() ?? path;
}

/** The name a string, a reference or a factory call gives: `'adam'`, `keras.losses.mse`, `Adam(...)`. */
export function identifierOf(v: PyValue): string | undefined {
  return v.kind === 'str' ? v.value : v.kind === 'ref' || v.kind === 'call' ? lastSegment(v.path) : undefined;
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

/** The optimizer and loss by their Keras strings, for a title: `adam, sparse_categorical_crossentropy` (with several outputs, each one's). */
export function kerasCompileName(c: CompileSpec): string {
  return `${c.optimizer.name}, ${c.outputs ? c.outputs.map((o) => o.loss.name).join(' + ') : c.loss.name}`;
}

/** How Keras 3 writes a several-output model's losses and metrics (compile-outputs.ts). */
const KERAS_OUTPUTS: OutputsDialect = {
  readLoss: (v, written) => readLoss(v, written),
  isAccuracy: (v) => ACCURACY_NAMES.has(identifierOf(v) ?? ''),
  text: describe,
  metricsListPerOutput: true,
  lossWeights: 'loss_weights',
};

/** The items of a metrics argument: a list or tuple, or one metric. */
export function metricItems(v: PyValue): readonly PyValue[] {
  return v.kind === 'list' || v.kind === 'tuple' ? v.items : [v];
}

/**
 * Reads `model.compile(...)`; `call` undefined means the file has none and the defaults apply. `outputNames`:
 * the output layers' names of a model with several outputs, whose losses and metrics are read per output.
 */
export function readCompile(call: SettingsCall | undefined, defaults: CompileDefaults, outputNames?: readonly string[]): Extracted<CompileSpec> {
  const notes: PlanNote[] = [];
  const problems: Problem[] = [];
  const line = call?.line;
  const args = call?.values ?? new Map<string, PyValue>();
  if (!call) notes.push(note('compile', `no model.compile(...) found for this model; using the defaults (${defaults.optimizer}, ${defaults.loss}, accuracy)`));

  let optimizer: OptimizerSpec = { name: defaults.optimizer, learningRate: OPTIMIZERS[defaults.optimizer].learningRate, options: { ...OPTIMIZERS[defaults.optimizer].options } };
  const opt = args.get('optimizer');
  if (opt) {
    const parsed = readOptimizer(opt, call!.written('optimizer'));
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else optimizer = parsed;
  }
  notes.push(note('optimizer', describeOptimizer(optimizer), opt ? undefined : { kind: 'default' }));
  if (outputNames && outputNames.length > 1) return withOutputs(optimizer, readOutputs(args, outputNames, { name: defaults.loss, fromLogits: false }, !call, KERAS_OUTPUTS, line), notes, problems);

  let loss: LossSpec = { name: defaults.loss, fromLogits: false };
  const lossValue = args.get('loss');
  if (lossValue) {
    const parsed = readLoss(lossValue, call!.written('loss'));
    if (typeof parsed === 'string') problems.push({ message: parsed, line });
    else loss = parsed;
  }
  notes.push(note('loss', `${loss.name}${loss.fromLogits ? ' (from logits)' : ''}`, lossValue ? undefined : { kind: 'default' }));

  let accuracy = !call;
  const metrics = args.get('metrics');
  if (metrics) {
    const skipped: string[] = [];
    for (const m of metricItems(metrics)) {
      const name = identifierOf(m);
      if (name && ACCURACY_NAMES.has(name)) accuracy = true;
      else skipped.push(describe(m));
    }
    if (skipped.length) notes.push(note('metrics', `only accuracy is tracked here; ${skipped.join(', ')} left out`));
  }
  if (args.has('loss_weights') || args.has('weighted_metrics')) notes.push(note('loss weights', 'loss_weights / weighted_metrics are ignored (one output only)'));
  return { value: { optimizer, loss, accuracy }, notes, problems };
}

/** The compile settings of a model with several outputs: the optimizer, and per output what `readOutputs` read. */
export function withOutputs(optimizer: OptimizerSpec, read: ReturnType<typeof readOutputs>, notes: PlanNote[], problems: Problem[]): Extracted<CompileSpec> {
  const value: CompileSpec = { optimizer, loss: read.outputs[0].loss, accuracy: read.outputs.some((o) => o.accuracy), outputs: read.outputs };
  return { value, notes: [...notes, ...read.notes], problems: [...problems, ...read.problems] };
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

/**
 * `'adam'`, `keras.optimizers.Adam(learning_rate=3e-4)`, `SGD(0.05, momentum=0.9)`, as the analyzer evaluated
 * them (`written`: as the source writes it, for messages); a message when TF.js has no such optimizer.
 */
export function readOptimizer(v: PyValue, written = v.kind === 'unknown' ? '' : describe(v)): OptimizerSpec | string {
  const raw = identifierOf(v);
  if (raw === undefined) return `The optimizer ${written ? `${written} ` : ''}is not known from the source${unknownWhy(v)}; write it as 'adam' or keras.optimizers.Adam(...).`;
  const name = optimizerName(raw);
  if (!name) {
    return `The optimizer ${raw} has no TensorFlow.js counterpart; TF.js trains with Adam, SGD, RMSprop, Adagrad, Adadelta or Adamax. Choose one of those to train here.`;
  }
  const base = OPTIMIZERS[name];
  const options: Record<string, number | boolean> = { ...base.options };
  let learningRate = base.learningRate;
  if (v.kind === 'call') {
    const lr = v.keywords.get('learning_rate') ?? v.keywords.get('lr') ?? v.positional[0];
    if (lr) {
      const rate = numberOf(lr);
      if (rate === undefined) return `The learning rate ${lr.kind === 'unknown' ? '' : `${describe(lr)} `}is not a number known from the source${unknownWhy(lr)} (a schedule or a variable); give a number to train here.`;
      learningRate = rate;
    }
    for (const [k, x] of v.keywords) {
      if (k === 'learning_rate' || k === 'lr' || k === 'name') continue;
      if (k in options) {
        const known = x.kind === 'bool' ? x.value : numberOf(x);
        if (known === undefined) return `${base.keras}(${k}=${describe(x)}): the value is not known from the source${unknownWhy(x)}.`;
        options[k] = known;
      } else if (!(x.kind === 'none' || (x.kind === 'bool' && !x.value) || numberOf(x) === 0)) {
        return `${base.keras}(${k}=${describe(x)}) has no TensorFlow.js counterpart; remove it to train here.`;
      }
    }
  }
  if (!(learningRate > 0)) return `The learning rate must be positive; got ${learningRate}.`;
  return { name, learningRate, options };
}

/** `'sparse_categorical_crossentropy'`, `SparseCategoricalCrossentropy(from_logits=True)`, `keras.losses.mse`. */
export function readLoss(v: PyValue, written = v.kind === 'unknown' ? '' : describe(v)): LossSpec | string {
  const raw = identifierOf(v);
  if (raw === undefined) return `The loss ${written ? `${written} ` : ''}is not known from the source${unknownWhy(v)}; write it as a name like 'sparse_categorical_crossentropy'.`;
  const name = LOSS_ALIASES[raw] ?? LOSS_ALIASES[raw.toLowerCase()];
  if (!name) return `The loss ${raw} is not one Model Lens can train with; use sparse_categorical_crossentropy, categorical_crossentropy, binary_crossentropy, mean_squared_error or mean_absolute_error.`;
  let fromLogits = false;
  if (v.kind === 'call') {
    const fl = v.keywords.get('from_logits');
    if (fl) {
      if (fl.kind !== 'bool') return `from_logits=${describe(fl)} is not known from the source${unknownWhy(fl)}; write True or False.`;
      fromLogits = fl.value;
    }
    for (const [k, x] of v.keywords) {
      if (k === 'from_logits' || k === 'name' || k === 'reduction') continue;
      if (k === 'label_smoothing' && numberOf(x) === 0) continue;
      if (k === 'ignore_class' && x.kind === 'none') continue;
      if (k === 'axis' && numberOf(x) === -1) continue;
      return `${raw}(${k}=${describe(x)}) is not supported for training here; remove it to train.`;
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
  readonly setting: (key: string, written: string) => string;
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
  setting: (key, written) => `${key}=${written}`,
  inFit: (setting) => `model.fit(${setting})`,
  none: 'None',
  shuffleValues: "True, False or 'batch'",
};

/** The fit settings of `call` (none: the file has no `model.fit`, and the defaults apply), in any language's `spelling`. */
export function readFit(call: SettingsCall | undefined, defaults: FitDefaults, spelling: FitSpelling = PYTHON_FIT): Extracted<FitSpec> {
  const notes: PlanNote[] = [];
  const problems: Problem[] = [];
  const args = call?.values ?? new Map<string, PyValue>();
  const line = call?.line;
  const here = call ? atLine(call.line, call.words) : undefined;
  const quoted = (key: string) => spelling.inFit(spelling.setting(key, call!.written(key)));
  const positiveInt = (key: string, kind: 'epochs' | 'batch size', fallback: number): number => {
    const v = args.get(key);
    if (!v || v.kind === 'none') {
      notes.push(note(kind, fallback, { kind: 'default', why: v ? spelling.none : call ? 'not given' : 'no model.fit(...) found' }));
      return fallback;
    }
    const n = numberOf(v);
    if (n === undefined || !Number.isInteger(n) || n < 1) {
      problems.push({ message: `${quoted(key)}: expected a positive whole number known from the source${unknownWhy(v)}.`, line });
      return fallback;
    }
    notes.push(note(kind, n, here));
    return n;
  };
  const epochs = positiveInt('epochs', 'epochs', defaults.epochs);
  const batchSize = positiveInt(spelling.batchSize, 'batch size', defaults.batchSize);
  let validationSplit = 0;
  const vs = args.get(spelling.validationSplit);
  if (vs && vs.kind !== 'none') {
    const n = numberOf(vs);
    if (n === undefined || n < 0 || n >= 1) problems.push({ message: `${quoted(spelling.validationSplit)}: expected a number in [0, 1).`, line });
    else validationSplit = n;
  }
  const vd = args.get(spelling.validationData);
  const validateOnTest = vd !== undefined && vd.kind !== 'none';
  if (validateOnTest) notes.push(note('validation', `the test set (${spelling.setting(spelling.validationData, call!.written(spelling.validationData)).slice(0, 56)})`));
  else if (validationSplit > 0) notes.push(note('validation', `last ${Math.round(validationSplit * 100)}% of the training data`, here));
  let shuffle = true;
  const sh = args.get('shuffle');
  if (sh && sh.kind !== 'none') {
    // 'batch' shuffles within batches: the data is still shuffled.
    if (sh.kind === 'bool') shuffle = sh.value;
    else if (!(sh.kind === 'str' && sh.value === 'batch')) problems.push({ message: `${quoted('shuffle')}: expected ${spelling.shuffleValues}.`, line });
  }
  if (!shuffle) notes.push(note('shuffle', 'off'));
  return { value: { epochs, batchSize, validationSplit, validateOnTest, shuffle }, notes, problems };
}
