/**
 * One spec per layer, shaped like Keras's own layers: arguments in Keras's positional order with their
 * defaults, the output shape from the input shape and config, and the weights with their shapes.
 * Parameter counts are derived from the weights (the sum of each weight's shape product), never a formula.
 */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import type { LayerInstance } from '../model/graph';
import { describe, type PyValue } from '../model/values';

/** A default as Keras declares it in `__init__`. */
export type DefaultValue = number | string | boolean | null | readonly (number | null)[];

export interface ArgDef {
  readonly name: string;
  /** Omitted: the argument is required. */
  readonly default?: DefaultValue;
  /** A float default (1.0 must stay a float even though JS cannot tell 1.0 from 1). */
  readonly float?: boolean;
  /** Accepted by keyword only (Keras takes it through `**kwargs`); list these after the positional ones. */
  readonly keywordOnly?: boolean;
}

export interface Weight {
  readonly name: string;
  readonly shape: readonly Dim[];
  readonly trainable: boolean;
}

export interface LayerSpec {
  /** Keras's class name, the canonical name everywhere (`Conv2D`). */
  readonly className: string;
  /**
   * Other public names Keras 3 gives the same class (`Convolution2D`, `MaxPool2D`). Only Keras's own names:
   * a TF.js factory name (`conv2d`) is not one, and Python's `keras.layers.conv2d` does not exist.
   */
  readonly aliases?: readonly string[];
  /** Constructor arguments in Keras's positional order. Common ones (name, trainable, dtype, input_shape, ...) are handled for every layer and need not be listed. */
  readonly args: readonly ArgDef[];
  /**
   * How the layer is called. `single` (default): one tensor. `list`: a list of tensors (merge layers).
   * `attention`: `(query, value, key=None)` as separate arguments, any of them by keyword.
   */
  readonly call?: 'single' | 'list' | 'attention';
  /**
   * Output shapes (one per output; most layers have one) from the input shapes (one per input tensor).
   * `call` holds the keyword arguments of the call itself (`return_attention_scores=True`), when known.
   */
  outputShape(inputs: readonly Shape[], cfg: LayerConfig, call?: ReadonlyMap<string, PyValue>): Shape | Shape[];
  /** The weights Keras creates in `build`, in Keras's order. Omitted: the layer has none. */
  weights?(inputs: readonly Shape[], cfg: LayerConfig): Weight[];
  /** One plain sentence: what the layer does. Shown in hover. */
  readonly doc: string;
  /** Path of its page under https://keras.io/api/layers/ (e.g. `core_layers/dense`). */
  readonly docsPath?: string;
  /** A layer only tf.keras 2 has (Keras 3 removed it): why Keras 3 refuses it. Such a layer has no keras.io page. */
  readonly tfKeras2Only?: string;
  /**
   * Layers Keras creates inside this one when it is first built, which take automatic names from the same
   * counters (MultiHeadAttention makes a Softmax and a Dropout): later layers' names depend on it.
   */
  readonly buildNames?: readonly string[];
  /**
   * Keras marks the layer built when it is created (`_build_at_init()`, Keras 3.15): called inside a subclassed
   * model's call() it records no build shape, so model.summary() shows `?` for it.
   */
  readonly builtAtInit?: boolean;
  /** The same layer in TensorFlow.js (`tf.layers.*`); omitted: TF.js has no such layer. */
  readonly tfjs?: TfjsLayerSpec;
  /** Why TF.js cannot train this layer, where "TensorFlow.js has no <class> layer" would not say it. */
  readonly notInTfjs?: string;
  /** Multiply-accumulates per sample (see report/macs.ts); omitted: not known, shown as `?`. */
  readonly macs?: (layer: MacsArgs) => bigint | null;
}

/** What a layer's MACs formula reads: its weights and the shapes of one call. */
export interface MacsArgs {
  readonly weights: readonly Weight[] | null;
  /** The input shape, when the layer takes exactly one tensor. */
  readonly input: Shape | null;
  /** The output shape, when the layer makes exactly one tensor. */
  readonly output: Shape | null;
  /** `channels_first` puts channels right after the batch; anything else is channels-last. */
  readonly dataFormat?: string | null;
}

/** How one TF.js config key (camelCase) reaches the Keras argument. */
export type TfjsKey =
  /** Passed on under this Keras name, with TF.js's enum spellings (`channelsLast`, `hardSigmoid`) converted. */
  | string
  /** Converted by a function: the Keras name and value, or a reason it cannot be shown. */
  | ((value: PyValue) => [string, PyValue] | { unresolved: string } | { error: string } | { ignored: string });

/**
 * A layer as tfjs-layers 4.22 has it (checked against its source). A key TF.js does not read is reported,
 * never passed on: TF.js ignores it, so the numbers must too.
 */
export interface TfjsLayerSpec {
  /** `tf.layers.<factory>` names: TF.js's own first, then its aliases (`maxPool2d` for `maxPooling2d`). */
  readonly factories: readonly string[];
  /** TF.js's class name where it differs from Keras's: automatic layer names are `${snake(tfClass)}_${n}`. */
  readonly className?: string;
  /** Config keys TF.js reads that change shapes or weights. Initializers, regularizers and constraints are read too but change neither. */
  readonly keys: Readonly<Record<string, TfjsKey>>;
  /** Keras arguments set where TF.js's default differs from Keras 3's (GRU's reset_after, say). */
  readonly defaults?: Readonly<Record<string, PyValue>>;
  /** Config keys TF.js needs although Keras has a default for them. */
  readonly required?: readonly string[];
  /** A rule TF.js applies before the shape (an input rank, say); throws ShapeError in TF.js's words. */
  readonly check?: (inputs: readonly Shape[], cfg: LayerConfig, name: string) => void;
  /** Replaces the Keras output shape where TF.js computes it differently. */
  readonly outputShape?: (inputs: readonly Shape[], cfg: LayerConfig, keras: LayerSpec) => Shape | Shape[];
  /** Said on every use: a TF.js quirk that changes what the model does. */
  readonly warning?: string;
  /** Said on every use, as information: a TF.js quirk in what it reports. */
  readonly note?: string;
  /** The hover's words where the Keras `doc` does not fit TF.js's layer (an argument TF.js lacks). */
  readonly doc?: string;
  /** How training rebuilds the Keras layer in TF.js from its config; omitted: training cannot. */
  readonly train?: TfjsTraining;
}

/**
 * How a Keras layer's config becomes TF.js's Keras-2-style config (TF.js camel-cases the names itself when it
 * reads the JSON). Arguments TF.js lacks are listed with the value that makes them a no-op: another value
 * cannot be rebuilt faithfully, so the run does not start.
 */
export interface TfjsTraining {
  /** Keras 3 arguments TF.js lacks → the value they must have (then they are left out). */
  readonly without?: Readonly<Record<string, DefaultValue>>;
  /** Keras 3 name → TF.js (Keras 2) name. */
  readonly rename?: Readonly<Record<string, string>>;
  /** Arguments dropped whatever their value, because they do not change what is trained (e.g. cuDNN selection). */
  readonly ignore?: readonly string[];
  /** TF.js has only channels_last for this layer (its 1D layers take no data_format). */
  readonly channelsLastOnly?: boolean;
  /** Keras 2 keywords Keras 3 still accepts for an argument (LeakyReLU's `alpha` for `negative_slope`): when given, they win. */
  readonly keywordAliases?: Readonly<Record<string, string>>;
  /**
   * An argument written out as the analyzer's output shape without the batch: Reshape's `target_shape`, whose
   * -1 TF.js leaves unknown (a Flatten after it then fails), while the analyzer knows the size.
   */
  readonly fromOutputShape?: string;
}

/**
 * The arguments of one layer call, bound to names (positional ones by the spec's order) with the spec's
 * defaults filled in. Accessors read a typed value, throwing ShapeError for a value Keras would reject and
 * Unresolved for a value the analyzer could not work out (the caller turns that into `?`).
 */
export class LayerConfig {
  constructor(
    readonly className: string,
    private readonly values: ReadonlyMap<string, PyValue>,
    /** Arguments the user wrote explicitly, as opposed to defaults. */
    private readonly given: ReadonlySet<string>,
  ) {}

  has(name: string): boolean {
    return this.given.has(name);
  }

  /** Every argument with its value (defaults included), in binding order; for rebuilding the layer elsewhere (TF.js). */
  entries(): [string, PyValue][] {
    return [...this.values];
  }

  raw(name: string): PyValue | undefined {
    return this.values.get(name);
  }

  private get(name: string): PyValue {
    const v = this.values.get(name);
    if (v === undefined) throw new ShapeError(`${this.className}: missing required argument '${name}'`);
    if (v.kind === 'unknown') throw new Unresolved(`${name}: ${v.reason}`);
    return v;
  }

  private bad(name: string, v: PyValue, want: string): ShapeError {
    return new ShapeError(`${this.className}: expected ${want} for argument \`${name}\`, received ${describe(v)}`);
  }

  isNone(name: string): boolean {
    return this.get(name).kind === 'none';
  }

  int(name: string): number {
    const v = this.get(name);
    if (v.kind === 'int') return v.value;
    if (v.kind === 'bool') return v.value ? 1 : 0;
    throw this.bad(name, v, 'an integer');
  }

  /** A strictly positive integer, as Keras requires for units, filters and the like. */
  positiveInt(name: string): number {
    const n = this.int(name);
    if (n <= 0) {
      throw new ShapeError(
        `Received an invalid value for \`${name}\`, expected a positive integer. Received: ${name}=${n}`,
      );
    }
    return n;
  }

  optInt(name: string): number | null {
    return this.isNone(name) ? null : this.int(name);
  }

  float(name: string): number {
    const v = this.get(name);
    if (v.kind === 'int' || v.kind === 'float') return v.value;
    throw this.bad(name, v, 'a number');
  }

  str(name: string): string {
    const v = this.get(name);
    if (v.kind === 'str') return v.value;
    throw this.bad(name, v, 'a string');
  }

  optStr(name: string): string | null {
    return this.isNone(name) ? null : this.str(name);
  }

  bool(name: string): boolean {
    const v = this.get(name);
    if (v.kind === 'bool') return v.value;
    if (v.kind === 'int') return v.value !== 0;
    throw this.bad(name, v, 'a boolean');
  }

  /** An int repeated n times, or a tuple/list of exactly n ints (kernel_size, strides, pool_size, ...). */
  intTuple(name: string, n: number): number[] {
    const v = this.get(name);
    if (v.kind === 'int') return Array<number>(n).fill(v.value);
    if ((v.kind === 'tuple' || v.kind === 'list') && v.items.length === n) {
      return v.items.map((item) => {
        if (item.kind === 'unknown') throw new Unresolved(`${name}: ${item.reason}`);
        if (item.kind !== 'int') throw this.bad(name, v, `a tuple of ${n} integers`);
        return item.value;
      });
    }
    throw this.bad(name, v, n === 1 ? 'an integer' : `an integer or a tuple of ${n} integers`);
  }

  /** A tuple/list of ints or None (shapes, axes); a lone int becomes a 1-tuple. */
  dims(name: string): Dim[] {
    const v = this.get(name);
    if (v.kind === 'int') return [v.value];
    if (v.kind === 'tuple' || v.kind === 'list') {
      return v.items.map((item) => {
        if (item.kind === 'unknown') throw new Unresolved(`${name}: ${item.reason}`);
        if (item.kind === 'none') return null;
        if (item.kind !== 'int') throw this.bad(name, v, 'a tuple of integers');
        return item.value;
      });
    }
    throw this.bad(name, v, 'a tuple of integers');
  }

  /** A layer passed as an argument (Bidirectional, TimeDistributed). */
  layer(name: string): LayerInstance {
    const v = this.get(name);
    if (v.kind === 'layer') return v.layer;
    throw this.bad(name, v, 'a layer instance');
  }

  /** The activation's Keras name: `'relu'`, `tf.nn.relu` and `keras.activations.relu` all give `relu`; None gives `linear`. */
  activation(name = 'activation'): string {
    const v = this.get(name);
    if (v.kind === 'none') return 'linear';
    if (v.kind === 'str') return v.value;
    if (v.kind === 'ref') return v.path.split('.').pop() ?? v.path;
    if (v.kind === 'layer') return v.layer.className;
    throw this.bad(name, v, 'an activation name or function');
  }
}

/** The batch/feature bookkeeping most specs need. */
export function lastDim(shape: Shape, layer: string): number {
  const d = shape[shape.length - 1];
  if (d === undefined || shape.length < 2) {
    throw new ShapeError(`Input 0 of layer '${layer}' is incompatible with the layer: expected min_ndim=2, found ndim=${shape.length}. Full shape received: (${shape.map((x) => (x === null ? 'None' : x)).join(', ')})`);
  }
  if (d === null) throw new Unresolved(`the last dimension of the input to ${layer} is not known`);
  return d;
}

/** Keras's InputSpec check on rank, worded as Keras words it. */
export function expectRank(shape: Shape, ndim: number, layer: string, min = false): void {
  const ok = min ? shape.length >= ndim : shape.length === ndim;
  if (!ok) {
    const dims = shape.map((x) => (x === null ? 'None' : String(x)));
    const full = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
    throw new ShapeError(
      `Input 0 of layer '${layer}' is incompatible with the layer: expected ${min ? 'min_ndim' : 'ndim'}=${ndim}, found ndim=${shape.length}. Full shape received: ${full}`,
    );
  }
}
