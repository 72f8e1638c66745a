/**
 * TensorFlow.js layer factories (`tf.layers.dense({...})`) mapped onto the Keras layer catalogue: which Keras
 * spec each one is, how its camelCase config keys become Keras arguments, where TF.js's defaults differ from
 * Keras 3's, and the few shape rules TF.js applies on top (checked against tfjs-layers 4.22's source).
 * A key TF.js does not read is reported, never passed on: TF.js ignores it, so the numbers must too.
 */
import { ShapeError, Unresolved } from '../model/errors';
import { findLayerSpec } from '../layers/catalogue';
import { snakeCase } from '../model/naming';
import type { LayerConfig, LayerSpec } from '../layers/spec';
import { formatShape, type Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';

/** How one TF.js config key reaches the Keras spec. */
type ArgMap =
  /** Passed on under this Keras name, with TF.js's enum spellings (`channelsLast`, `hardSigmoid`) converted. */
  | string
  /** Converted by a function: the Keras name and value, or a reason it cannot be shown. */
  | ((value: PyValue) => [string, PyValue] | { unresolved: string } | { error: string } | { ignored: string });

export interface TfjsLayerDef {
  /** The TF.js class name: automatic layer names are `${snake(tfClass)}_${tfClass}${n}`. */
  readonly tfClass: string;
  /** The catalogue's (Keras) class; undefined when Model Lens has no spec for it. */
  readonly keras?: string;
  /** Config keys TF.js reads that change shapes or weights. Initializers, regularizers and constraints are read too but change neither. */
  readonly args: Readonly<Record<string, ArgMap>>;
  /** Keras arguments set where TF.js's default differs from Keras 3's (GRU's reset_after, say). */
  readonly defaults?: Readonly<Record<string, PyValue>>;
  /** Config keys TF.js needs although Keras has a default for them. */
  readonly required?: readonly string[];
  /** A rule TF.js applies before the shape (an input rank, say); throws ShapeError in TF.js's words. */
  readonly check?: (inputs: readonly Shape[], cfg: LayerConfig, name: string) => void;
  /** Replaces the Keras output shape where TF.js computes it differently. */
  readonly outputShape?: (inputs: readonly Shape[], cfg: LayerConfig, keras: LayerSpec) => Shape | Shape[];
  /** How the layer is called when not a single tensor (merge layers take a list). */
  readonly list?: boolean;
  /** Said on every use: a TF.js quirk that changes what the model does. */
  readonly warning?: string;
  /** Said on every use, as information: a TF.js quirk in what it reports. */
  readonly note?: string;
}

const int = (value: number): PyValue => ({ kind: 'int', value });

/** A key the evaluator reads itself (Dense's inputDim declares the input shape), or one with no effect on shapes. */
const HANDLED = (): { ignored: string } => ({ ignored: '' });



/** TF.js's `toSnakeCase` (tfjs-layers/src/utils/generic_utils.ts), used for automatic layer names. */
export function tfjsSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2');
  const insecure = intermediate.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return insecure.startsWith('_') ? `private${insecure}` : insecure;
}

/** TF.js spells Keras's enum strings in camelCase: `channelsLast` → `channels_last`, `hardSigmoid` → `hard_sigmoid`. */
function snakeValue(v: PyValue): PyValue {
  if (v.kind !== 'str') return v;
  return { kind: 'str', value: v.value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() };
}

const DATA_FORMATS = new Set(['channelsFirst', 'channelsLast']);

function dataFormat(v: PyValue): [string, PyValue] | { error: string } {
  if (v.kind === 'str' && !DATA_FORMATS.has(v.value)) return { error: `Invalid DataFormat: ${JSON.stringify(v.value)}. Valid values are ["channelsFirst","channelsLast"]` };
  return ['data_format', snakeValue(v)];
}

/** `padding` for convolutions: TF.js computes 'causal' like 'valid' and then fails when run. */
function convPadding(v: PyValue): [string, PyValue] | { unresolved: string } {
  if (v.kind === 'str' && v.value === 'causal') return { unresolved: "TF.js does not implement padding 'causal' for convolutions (the layer fails when it runs)" };
  return ['padding', v];
}

/** `padding` where TF.js allows only 'same' and 'valid'. */
function sameOrValid(layer: string) {
  return (v: PyValue): [string, PyValue] | { error: string } => {
    if (v.kind === 'str' && v.value !== 'same' && v.value !== 'valid') {
      return { error: `${layer} currently supports only padding modes 'same' and 'valid', but received padding mode ${v.value}` };
    }
    return ['padding', v];
  };
}

/** An argument TF.js accepts but does not use for shapes: dilation of transposed and depthwise convolutions. */
function ignoredUnlessOne(layer: string, key: string) {
  return (v: PyValue): [string, PyValue] | { ignored: string } => {
    const ones = (x: PyValue): boolean => (x.kind === 'int' && x.value === 1) || ((x.kind === 'list' || x.kind === 'tuple') && x.items.every(ones));
    if (ones(v)) return [snakeKey(key), v];
    return { ignored: `TF.js's ${layer} ignores \`${key}\` when it computes shapes and runs, so it has no effect here` };
  };
}

/** `rate` is clamped to [0, 1] by TF.js's Dropout instead of rejected. */
function clampedRate(v: PyValue): [string, PyValue] {
  if (v.kind === 'int' || v.kind === 'float') {
    const r = Math.max(Math.min(v.value, 1), 0);
    return ['rate', Number.isInteger(r) ? int(r) : { kind: 'float', value: r }];
  }
  return ['rate', v];
}

/** TF.js's Reshape reads null or a negative size as the one dimension to infer (Keras writes -1). */
function targetShape(v: PyValue): [string, PyValue] {
  if (v.kind !== 'list' && v.kind !== 'tuple') return ['target_shape', v];
  return ['target_shape', { kind: 'tuple', items: v.items.map((d) => (d.kind === 'none' || (d.kind === 'int' && d.value < 0) ? int(-1) : d)) }];
}

/** UpSampling2D's `size` must be an array in TF.js: a number makes NaN dimensions. */
function upSize(v: PyValue): [string, PyValue] | { error: string } {
  if (v.kind === 'int' || v.kind === 'float') return { error: `UpSampling2D in TF.js needs \`size\` as an array of two numbers ([${v.value}, ${v.value}]); a single number gives NaN dimensions` };
  return ['size', v];
}

export function snakeKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `kernel_size` → `kernelSize`: a Keras argument in TF.js's terms. */
export function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Keys every layer reads (tfjs-layers' LayerArgs); the evaluator handles them, not the spec. */
export const COMMON_KEYS: ReadonlySet<string> = new Set(['inputShape', 'batchInputShape', 'batchSize', 'dtype', 'name', 'trainable', 'weights', 'inputDType']);

/** Initializers, regularizers and constraints: read by TF.js, never a shape. */
export function isWeightSetting(key: string): boolean {
  return /(Initializer|Regularizer|Constraint)$/.test(key);
}

const ACT = { activation: 'activation' } as const;
const CONV_BASE = {
  kernelSize: 'kernel_size', strides: 'strides', padding: convPadding, dataFormat, dilationRate: 'dilation_rate', useBias: 'use_bias', ...ACT,
} as const;
const RNN_BASE = {
  units: 'units', ...ACT, useBias: 'use_bias', dropout: 'dropout', recurrentDropout: 'recurrent_dropout', returnSequences: 'return_sequences',
  returnState: 'return_state', goBackwards: 'go_backwards', stateful: 'stateful', unroll: 'unroll',
} as const;

/**
 * TF.js's InputSpec rank check (tfjs-layers/src/engine/topology.ts assertInputCompatibility), worded like the
 * Keras specs' so that the layer's own name replaces `name` (see infer.ts).
 */
function ndim(n: number, min = false) {
  return (inputs: readonly Shape[], _cfg: LayerConfig, name: string) => {
    const rank = inputs[0].length;
    if (min ? rank < n : rank !== n) {
      throw new ShapeError(`Input 0 of layer '${name}' is incompatible with the layer: expected ${min ? 'min_ndim' : 'ndim'}=${n}, found ndim=${rank}. Full shape received: ${tfjsShape(inputs[0])}`);
    }
  };
}

const FLATTEN_CHECK = (inputs: readonly Shape[], cfg: LayerConfig, name: string) => {
  ndim(3, true)(inputs, cfg, name);
  const rest = inputs[0].slice(1);
  if (rest.some((d) => d === null)) {
    throw new ShapeError(
      `The shape of the input to "Flatten" is not fully defined (got ${rest.map((d) => (d === null ? 'null' : d)).join(',')}). Make sure to pass a complete "input_shape" or "batch_input_shape" argument to the first layer in your model.`,
    );
  }
};

/** TF.js's Embedding with `inputLength`: the declared lengths fill in unknown input dims (tfjs-layers embeddings.ts). */
function embeddingShape(inputs: readonly Shape[], cfg: LayerConfig, keras: LayerSpec): Shape {
  const base = keras.outputShape(inputs, cfg) as Shape;
  const length = cfg.raw('input_length');
  if (!length || length.kind === 'none') return base;
  const input = inputs[0];
  const lens: (number | null)[] = [];
  const list = length.kind === 'list' || length.kind === 'tuple' ? length.items : [length];
  for (const item of list) {
    if (item.kind === 'int') lens.push(item.value);
    else if (item.kind === 'none') lens.push(null);
    else throw new Unresolved(`inputLength: ${item.kind === 'unknown' ? item.reason : describe(item)} is not a length`);
  }
  const bad = () => new ShapeError(`"inputLength" is ${lens.map((d) => d ?? 'null').join(',')}, but received input shape has shape ${input.map((d) => d ?? 'null').join(',')}`);
  if (lens.length !== input.length - 1) throw bad();
  const out = lens.map((d, k) => {
    const given = input[k + 1];
    if (d !== null && given !== null && d !== given) throw bad();
    return d ?? given;
  });
  return [input[0], ...out, base[base.length - 1]];
}

/**
 * TF.js's Reshape (tfjs-layers core.ts): while any input dim is unknown (the batch, usually) it returns the
 * target as written, unknown entries as null; only a fully known input gets the inferred size and the check.
 * A size mismatch TF.js lets through while building still fails when the model runs, so it is an error here.
 */
function reshapeShape(inputs: readonly Shape[], cfg: LayerConfig): Shape {
  const input = inputs[0];
  const target: (number | null)[] = cfg.dims('target_shape').map((d) => (d === null || d < 0 ? null : d));
  const unknownAt = target.flatMap((d, i) => (d === null ? [i] : []));
  const rest = input.slice(1);
  const restKnown = rest.every((d) => d !== null);
  const original = restKnown ? rest.reduce<number>((a, d) => a * (d as number), 1) : null;
  const known = target.reduce<number>((a, d) => a * (d ?? 1), 1);
  const mismatch = original !== null && (unknownAt.length === 0 ? original !== known : known === 0 || original % known !== 0);
  if (unknownAt.length > 1 && restKnown) throw new ShapeError('Can only specifiy one unknown dimension.');
  if (mismatch) {
    throw new ShapeError(`Total size of new array must be unchanged: the input has ${original} values per sample (${tfjsShape(rest)}), the target shape ${tfjsShape(target)} ${unknownAt.length ? `cannot hold them` : `holds ${known}`}.${input[0] === null ? ' TF.js builds the model but fails when it runs.' : ''}`);
  }
  if (input.some((d) => d === null)) return [input[0], ...target];
  if (unknownAt.length === 1) target[unknownAt[0]] = (original as number) / known;
  return [input[0], ...target];
}

/** TF.js's Resizing returns `[height, width, inputShape[2]]` for its symbolic shape: no batch, and the third input dim. */
function resizingShape(inputs: readonly Shape[], cfg: LayerConfig): Shape {
  return [cfg.int('height'), cfg.int('width'), inputs[0][2] ?? null];
}

const POOL1D = { poolSize: 'pool_size', strides: 'strides', padding: 'padding' } as const;
const POOL = { ...POOL1D, dataFormat } as const;

/** Every `tf.layers.*` factory of tfjs-layers 4.22, by factory name. */
export const TFJS_LAYERS: ReadonlyMap<string, TfjsLayerDef> = new Map<string, TfjsLayerDef>([
  // core
  ['dense', { tfClass: 'Dense', keras: 'Dense', args: { units: 'units', ...ACT, useBias: 'use_bias', inputDim: HANDLED } }],
  ['dropout', { tfClass: 'Dropout', keras: 'Dropout', args: { rate: clampedRate, noiseShape: 'noise_shape', seed: 'seed' } }],
  ['spatialDropout1d', { tfClass: 'SpatialDropout1D', keras: 'SpatialDropout1D', args: { rate: clampedRate, seed: 'seed' }, check: ndim(3) }],
  ['flatten', { tfClass: 'Flatten', keras: 'Flatten', args: { dataFormat }, check: FLATTEN_CHECK }],
  ['activation', { tfClass: 'Activation', keras: 'Activation', args: { ...ACT } }],
  ['repeatVector', { tfClass: 'RepeatVector', keras: 'RepeatVector', args: { n: 'n' }, check: ndim(2) }],
  ['reshape', { tfClass: 'Reshape', keras: 'Reshape', args: { targetShape }, outputShape: (inputs, cfg) => reshapeShape(inputs, cfg) }],
  ['permute', { tfClass: 'Permute', keras: 'Permute', args: { dims: 'dims' } }],
  ['embedding', {
    tfClass: 'Embedding', keras: 'Embedding',
    args: { inputDim: 'input_dim', outputDim: 'output_dim', maskZero: 'mask_zero', inputLength: 'input_length' },
    outputShape: (inputs, cfg, keras) => embeddingShape(inputs, cfg, keras),
  }],
  ['masking', { tfClass: 'Masking', keras: 'Masking', args: { maskValue: 'mask_value' } }],
  // convolution
  ['conv1d', { tfClass: 'Conv1D', keras: 'Conv1D', args: { filters: 'filters', ...CONV_BASE }, check: ndim(3) }],
  ['conv2d', { tfClass: 'Conv2D', keras: 'Conv2D', args: { filters: 'filters', ...CONV_BASE } }],
  ['conv3d', { tfClass: 'Conv3D', keras: 'Conv3D', args: { filters: 'filters', ...CONV_BASE } }],
  ['conv2dTranspose', {
    tfClass: 'Conv2DTranspose', keras: 'Conv2DTranspose',
    args: { filters: 'filters', ...CONV_BASE, padding: sameOrValid('Conv2DTranspose'), dilationRate: ignoredUnlessOne('conv2dTranspose', 'dilationRate') },
    check: ndim(4),
  }],
  ['conv3dTranspose', {
    tfClass: 'Conv3DTranspose', keras: 'Conv3DTranspose',
    args: { filters: 'filters', ...CONV_BASE, padding: sameOrValid('Conv3DTranspose'), dilationRate: ignoredUnlessOne('conv3dTranspose', 'dilationRate') },
    check: ndim(5),
  }],
  ['separableConv2d', {
    tfClass: 'SeparableConv2D', keras: 'SeparableConv2D',
    args: { filters: 'filters', ...CONV_BASE, padding: sameOrValid('SeparableConv2D'), depthMultiplier: 'depth_multiplier' },
  }],
  ['depthwiseConv2d', {
    tfClass: 'DepthwiseConv2D', keras: 'DepthwiseConv2D',
    args: { ...CONV_BASE, depthMultiplier: 'depth_multiplier', dilationRate: ignoredUnlessOne('depthwiseConv2d', 'dilationRate') },
  }],
  ['cropping2D', { tfClass: 'Cropping2D', keras: 'Cropping2D', args: { cropping: 'cropping', dataFormat }, required: ['cropping'], check: ndim(4) }],
  ['upSampling2d', { tfClass: 'UpSampling2D', keras: 'UpSampling2D', args: { size: upSize, dataFormat, interpolation: 'interpolation' }, check: ndim(4) }],
  ['zeroPadding2d', { tfClass: 'ZeroPadding2D', keras: 'ZeroPadding2D', args: { padding: 'padding', dataFormat }, check: ndim(4) }],
  // pooling
  ...(['max', 'average', 'avgPool', 'avgPooling'] as const).flatMap((kind) =>
    ([1, 2, 3] as const).map((rank): [string, TfjsLayerDef] => {
      const name = kind === 'max' ? `maxPooling${rank}d` : kind === 'average' ? `averagePooling${rank}d` : `${kind}${rank}d`;
      const cls = `${kind === 'max' ? 'Max' : 'Average'}Pooling${rank}D`;
      return [name, { tfClass: cls, keras: cls, args: rank === 1 ? POOL1D : POOL, defaults: { pool_size: rank === 1 ? int(2) : { kind: 'tuple', items: Array(rank).fill(int(2)) } }, check: ndim(rank + 2) }];
    }),
  ),
  // tfjs-layers' own aliases (exports_layers.ts)
  ['maxPool1d', { tfClass: 'MaxPooling1D', keras: 'MaxPooling1D', args: POOL1D, defaults: { pool_size: int(2) }, check: ndim(3) }],
  ['maxPool2d', { tfClass: 'MaxPooling2D', keras: 'MaxPooling2D', args: POOL, defaults: { pool_size: { kind: 'tuple', items: [int(2), int(2)] } }, check: ndim(4) }],
  ['globalMaxPool1d', { tfClass: 'GlobalMaxPooling1D', keras: 'GlobalMaxPooling1D', args: {}, check: ndim(3) }],
  ['globalMaxPool2d', { tfClass: 'GlobalMaxPooling2D', keras: 'GlobalMaxPooling2D', args: { dataFormat }, check: ndim(4) }],
  ['globalAveragePooling1d', { tfClass: 'GlobalAveragePooling1D', keras: 'GlobalAveragePooling1D', args: {}, check: ndim(3) }],
  ['globalMaxPooling1d', { tfClass: 'GlobalMaxPooling1D', keras: 'GlobalMaxPooling1D', args: {}, check: ndim(3) }],
  ['globalAveragePooling2d', { tfClass: 'GlobalAveragePooling2D', keras: 'GlobalAveragePooling2D', args: { dataFormat }, check: ndim(4) }],
  ['globalMaxPooling2d', { tfClass: 'GlobalMaxPooling2D', keras: 'GlobalMaxPooling2D', args: { dataFormat }, check: ndim(4) }],
  // normalization
  ['batchNormalization', {
    tfClass: 'BatchNormalization', keras: 'BatchNormalization', args: { axis: 'axis', momentum: 'momentum', epsilon: 'epsilon', center: 'center', scale: 'scale' },
    check: (inputs, cfg) => {
      const input = inputs[0];
      const axis = cfg.int('axis');
      const k = axis >= 0 ? axis : axis + input.length;
      if (k < 0 || k >= input.length || input[k] === null) {
        throw new ShapeError(`Axis ${k} of input tensor should have a defined dimension but the layer received an input with shape ${tfjsShape(input)}.`);
      }
    },
  }],
  ['layerNormalization', { tfClass: 'LayerNormalization', keras: 'LayerNormalization', args: { axis: 'axis', epsilon: 'epsilon', center: 'center', scale: 'scale' } }],
  // recurrent
  ['simpleRNN', { tfClass: 'SimpleRNN', keras: 'SimpleRNN', args: { ...RNN_BASE }, check: ndim(3) }],
  ['lstm', { tfClass: 'LSTM', keras: 'LSTM', args: { ...RNN_BASE, recurrentActivation: 'recurrent_activation', unitForgetBias: 'unit_forget_bias', implementation: HANDLED }, check: ndim(3) }],
  ['gru', {
    tfClass: 'GRU', keras: 'GRU',
    args: {
      ...RNN_BASE, recurrentActivation: 'recurrent_activation', implementation: HANDLED,
      resetAfter: (v) => (v.kind === 'bool' && v.value ? { error: 'GRUCell does not support reset_after parameter set to true.' } : HANDLED()),
    },
    // TF.js's GRU has no reset_after: one bias of 3×units, like Keras 2's reset_after=False.
    defaults: { reset_after: { kind: 'bool', value: false } },
    check: ndim(3),
  }],
  ['convLstm2d', {
    tfClass: 'ConvLSTM2D', keras: 'ConvLSTM2D',
    args: { filters: 'filters', ...CONV_BASE, recurrentActivation: 'recurrent_activation', unitForgetBias: 'unit_forget_bias', dropout: 'dropout', recurrentDropout: 'recurrent_dropout', returnSequences: 'return_sequences', returnState: 'return_state', goBackwards: 'go_backwards', stateful: 'stateful', implementation: HANDLED },
    check: ndim(5),
  }],
  // TF.js's Bidirectional takes its recurrent layer's input spec: rank 3.
  ['bidirectional', { tfClass: 'Bidirectional', keras: 'Bidirectional', args: { layer: 'layer', mergeMode: 'merge_mode' }, check: ndim(3) }],
  ['timeDistributed', { tfClass: 'TimeDistributed', keras: 'TimeDistributed', args: { layer: 'layer' }, check: ndim(3, true) }],
  // merging
  ['add', { tfClass: 'Add', keras: 'Add', args: {}, list: true }],
  ['multiply', { tfClass: 'Multiply', keras: 'Multiply', args: {}, list: true }],
  ['average', { tfClass: 'Average', keras: 'Average', args: {}, list: true }],
  ['maximum', { tfClass: 'Maximum', keras: 'Maximum', args: {}, list: true }],
  ['minimum', { tfClass: 'Minimum', keras: 'Minimum', args: {}, list: true }],
  ['concatenate', { tfClass: 'Concatenate', keras: 'Concatenate', args: { axis: 'axis' }, list: true }],
  ['dot', {
    tfClass: 'Dot', keras: 'Dot', args: { axes: 'axes', normalize: 'normalize' }, list: true,
    check: (inputs) => {
      if (inputs.some((s) => s.length > 3)) throw new ShapeError('Dot layer does not support tensors of 4D or higher rank yet.');
    },
  }],
  // activations
  ['reLU', { tfClass: 'ReLU', keras: 'ReLU', args: { maxValue: 'max_value' } }],
  ['leakyReLU', { tfClass: 'LeakyReLU', keras: 'LeakyReLU', args: { alpha: 'negative_slope' } }],
  ['prelu', { tfClass: 'PReLU', keras: 'PReLU', args: { sharedAxes: 'shared_axes' } }],
  ['elu', {
    tfClass: 'ELU', keras: 'ELU',
    args: { alpha: (v) => (v.kind === 'int' && v.value === 1 ? ['alpha', v] : { error: `Non-default alpha value (${describe(v)}) is not supported by the ELU layer yet.` }) },
  }],
  ['softmax', { tfClass: 'Softmax', keras: 'Softmax', args: { axis: 'axis' } }],
  ['thresholdedReLU', { tfClass: 'ThresholdedReLU', args: {} }],
  // noise
  ['gaussianNoise', { tfClass: 'GaussianNoise', keras: 'GaussianNoise', args: { stddev: 'stddev', seed: 'seed' } }],
  ['gaussianDropout', { tfClass: 'GaussianDropout', keras: 'GaussianDropout', args: { rate: 'rate' } }],
  ['alphaDropout', { tfClass: 'AlphaDropout', keras: 'AlphaDropout', args: { rate: 'rate', noiseShape: 'noise_shape' } }],
  // preprocessing
  ['rescaling', { tfClass: 'Rescaling', keras: 'Rescaling', args: { scale: 'scale', offset: 'offset' } }],
  ['centerCrop', {
    tfClass: 'CenterCrop', keras: 'CenterCrop', args: { height: 'height', width: 'width' },
    note: "TF.js's centerCrop writes its height and width into the shape TF.js records for its input, so model.summary() shows the layer before it with the cropped size; the shapes here are the real ones",
  }],
  ['resizing', {
    tfClass: 'Resizing', keras: 'Resizing',
    args: { height: 'height', width: 'width', interpolation: 'interpolation', cropToAspectRatio: 'crop_to_aspect_ratio' },
    outputShape: (inputs, cfg) => resizingShape(inputs, cfg),
    warning: "TF.js's resizing layer reports its output shape as [height, width, input dim 2], without the batch dimension; layers after it are built for that shape (the Keras shape would be [batch, height, width, channels])",
  }],
  ['categoryEncoding', { tfClass: 'CategoryEncoding', args: {} }],
  ['randomWidth', { tfClass: 'RandomWidth', args: {} }],
  // generic recurrent containers: the cell decides everything
  ['rnn', { tfClass: 'RNN', args: {} }],
  ['simpleRNNCell', { tfClass: 'SimpleRNNCell', args: {} }],
  ['lstmCell', { tfClass: 'LSTMCell', args: {} }],
  ['gruCell', { tfClass: 'GRUCell', args: {} }],
  ['stackedRNNCells', { tfClass: 'StackedRNNCells', args: {} }],
  ['convLstm2dCell', { tfClass: 'ConvLSTM2DCell', args: {} }],
]);

/** The result of translating one `tf.layers.x({...})` config. */
export interface TranslatedConfig {
  /** Keras keyword arguments for `bindArgs`. */
  readonly keywords: Map<string, PyValue>;
  /** Keys TF.js does not read, or reads without effect; each becomes a warning. */
  readonly ignored: { key: string; why: string }[];
  /** A value TF.js itself rejects (the constructor throws). */
  readonly error?: string;
}

/**
 * The Keras keywords for a TF.js config object. Undefined values count as absent (TF.js tests `== null`);
 * null is None where TF.js distinguishes it (Bidirectional's mergeMode).
 */
export function translateConfig(def: TfjsLayerDef, config: ReadonlyMap<string, PyValue>, isUndefined: (v: PyValue) => boolean): TranslatedConfig {
  const keywords = new Map<string, PyValue>();
  for (const [k, v] of Object.entries(def.defaults ?? {})) keywords.set(k, v);
  const ignored: { key: string; why: string }[] = [];
  let error: string | undefined;
  for (const [key, value] of config) {
    if (COMMON_KEYS.has(key)) continue;
    // Initializers, regularizers and constraints do not change shapes; kept under Keras's name for training's rebuild.
    if (isWeightSetting(key)) { if (value.kind !== 'none' && !isUndefined(value) && tfjsSpec(def)?.args.some((a) => a.name === snakeKey(key))) keywords.set(snakeKey(key), value); continue; }
    const map = def.args[key];
    if (map === undefined) {
      ignored.push({ key, why: `tf.layers.${factoryOf(def)} does not read \`${key}\`; TF.js ignores it` });
      continue;
    }
    // TF.js reads `x == null` as "not given" for every argument but mergeMode.
    if (isUndefined(value) || (value.kind === 'none' && key !== 'mergeMode')) continue;
    if (typeof map === 'string') {
      keywords.set(map, map === 'activation' || map === 'recurrent_activation' || map === 'interpolation' ? snakeValue(value) : value);
      continue;
    }
    const out = map(value);
    if (Array.isArray(out)) keywords.set(out[0], out[1]);
    else if ('unresolved' in out) keywords.set(snakeKey(key), { kind: 'unknown', reason: out.unresolved });
    else if ('error' in out) error ??= out.error;
    else if (out.ignored) ignored.push({ key, why: out.ignored });
  }
  for (const key of def.required ?? []) {
    const v = config.get(key);
    if (v === undefined || v.kind === 'none') error ??= `tf.layers.${factoryOf(def)} needs \`${key}\``;
  }
  return { keywords, ignored, error };
}

function factoryOf(def: TfjsLayerDef): string {
  for (const [name, d] of TFJS_LAYERS) if (d === def) return name;
  return def.tfClass;
}

const wrapped = new Map<TfjsLayerDef, LayerSpec>();

/**
 * The catalogue spec with TF.js's own rules around it. The Keras spec stays the source of the shape and the
 * weights; the wrapper adds TF.js's checks and, where TF.js differs, its shape.
 */
export function tfjsSpec(def: TfjsLayerDef): LayerSpec | undefined {
  if (!def.keras) return undefined;
  const cached = wrapped.get(def);
  if (cached) return cached;
  const keras = findLayerSpec(def.keras);
  if (!keras) return undefined;
  const spec: LayerSpec = {
    ...keras,
    // `input_length` is TF.js's Embedding argument; Keras 3 dropped it.
    args: def.args.inputLength ? [...keras.args, { name: 'input_length', default: null, keywordOnly: true }] : keras.args,
    outputShape(inputs, cfg) {
      def.check?.(inputs, cfg, snakeCase(keras.className));
      return def.outputShape ? def.outputShape(inputs, cfg, keras) : keras.outputShape(inputs, cfg);
    },
  };
  wrapped.set(def, spec);
  return spec;
}

/** A readable shape for messages, as TF.js prints arrays: `[null,28,28]`. */
export function tfjsShape(shape: Shape): string {
  return JSON.stringify(shape);
}

export { formatShape };
