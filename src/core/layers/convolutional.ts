/**
 * Convolution layers (keras/src/layers/convolutional): plain, transposed, separable and depthwise, in 1, 2
 * and 3 spatial dimensions. Each family is one factory, as in Keras where Conv1D/2D/3D share `BaseConv`.
 */
import { ShapeError } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { convMacs, convTransposeMacs, separableMacs } from './macs-rules';
import { expectRank, type ArgDef, type LayerConfig, type LayerSpec, type TfjsLayerSpec, type Weight } from './spec';
import { CONV_KEYS, ignoredUnlessOne, ndim, sameOrValid, WITHOUT_LORA } from './tfjs-keys';
import {
  convOutputShape,
  convPadding,
  dataFormat,
  known,
  pyTuple,
  snake,
  splitChannels,
  joinChannels,
  tupleArg,
  withLora,
  LORA_ARGS,
  type DataFormat,
} from './util';

const ORDINAL = ['', '1D', '2D', '3D'];
const tuple = (rank: number, x: number): number | number[] => (rank === 1 ? x : Array<number>(rank).fill(x));

function positiveArg(cfg: LayerConfig, name: string, label = name): number {
  const n = cfg.int(name);
  if (n <= 0) {
    throw new ShapeError(`Invalid value for argument \`${label}\`. Expected a strictly positive value. Received ${label}=${n}.`);
  }
  return n;
}

function stridesWithDilation(strides: number[], dilation: number[]): void {
  if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
    throw new ShapeError(
      `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\`. Received: strides=${pyTuple(strides)} and dilation_rate=${pyTuple(dilation)}`,
    );
  }
}

/** The first four arguments of Conv, ConvTranspose and SeparableConv, in Keras's order (they can be positional). */
const WINDOW_ARGS = (rank: number): ArgDef[] => [
  { name: 'filters' },
  { name: 'kernel_size' },
  { name: 'strides', default: tuple(rank, 1) },
  { name: 'padding', default: 'valid' },
];

const TAIL_ARGS = (prefix: 'kernel' | 'depthwise'): ArgDef[] => [
  { name: `${prefix}_initializer`, default: 'glorot_uniform' },
  { name: 'bias_initializer', default: 'zeros' },
  { name: `${prefix}_regularizer`, default: null },
  { name: 'bias_regularizer', default: null },
  { name: 'activity_regularizer', default: null },
  { name: `${prefix}_constraint`, default: null },
  { name: 'bias_constraint', default: null },
];

/** Conv1D / Conv2D / Conv3D (`BaseConv`). */
function conv(rank: 1 | 2 | 3, aliases: string[], tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `Conv${ORDINAL[rank]}`;
  const layer = snake(className);
  interface Parsed {
    filters: number;
    kernel: number[];
    strides: number[];
    dilation: number[];
    padding: 'valid' | 'same' | 'causal';
    format: DataFormat;
    groups: number;
  }
  const parse = (input: Shape, cfg: LayerConfig): Parsed & { out: Dim[]; channels: number } => {
    const kernel = tupleArg(cfg, 'kernel_size', rank);
    const strides = tupleArg(cfg, 'strides', rank);
    const dilation = tupleArg(cfg, 'dilation_rate', rank);
    const padding = convPadding(cfg, rank === 1);
    const format = dataFormat(cfg);
    const filters = positiveArg(cfg, 'filters');
    const groups = cfg.int('groups');
    if (groups <= 0) throw new ShapeError(`The number of groups must be a positive integer. Received: groups=${groups}.`);
    if (filters % groups !== 0) {
      throw new ShapeError(`The number of filters must be evenly divisible by the number of groups. Received: groups=${groups}, filters=${filters}.`);
    }
    stridesWithDilation(strides, dilation);
    expectRank(input, rank + 2, layer, true);
    const channels = known(splitChannels(input, format).channels, `the number of input channels of ${className}`);
    if (channels % groups !== 0) {
      throw new ShapeError(
        `The number of input channels must be evenly divisible by the number of groups. Received groups=${groups}, but the input has ${channels} channels (full input shape is ${pyTuple(input)}).`,
      );
    }
    const out = convOutputShape(input, filters, kernel, strides, padding, format, dilation);
    return { filters, kernel, strides, dilation, padding, format, groups, out, channels };
  };
  return {
    className,
    aliases,
    args: [
      ...WINDOW_ARGS(rank),
      { name: 'data_format', default: null },
      { name: 'dilation_rate', default: tuple(rank, 1) },
      { name: 'groups', default: 1 },
      { name: 'activation', default: null },
      { name: 'use_bias', default: true },
      ...TAIL_ARGS('kernel'),
      ...LORA_ARGS,
    ],
    outputShape([input], cfg) {
      return parse(input, cfg).out;
    },
    weights([input], cfg) {
      const p = parse(input, cfg);
      const weights: Weight[] = [{ name: 'kernel', shape: [...p.kernel, p.channels / p.groups, p.filters], trainable: true }];
      if (cfg.bool('use_bias')) weights.push({ name: 'bias', shape: [p.filters], trainable: true });
      return withLora(weights, cfg, 'kernel', 'lora_kernel_a', 'lora_kernel_b');
    },
    doc: {
      1: 'Slides `filters` learned 1D windows of length `kernel_size` along the sequence; each output step holds one value per filter.',
      2: 'Slides `filters` learned 2D windows (`kernel_size`) over the image; each output pixel holds one value per filter, so the channel count becomes `filters`.',
      3: 'Slides `filters` learned 3D windows (`kernel_size`) over a volume (e.g. video frames); the channel count becomes `filters`.',
    }[rank],
    docsPath: `convolution_layers/convolution${rank}d`,
    tfjs,
    macs: convMacs,
  };
}

/** TF.js's convolutions: the same keys; training leaves out Keras 3's groups and LoRA at their no-op values. */
const tfjsConv = (factory: string, train: TfjsLayerSpec['train'], check?: TfjsLayerSpec['check']): TfjsLayerSpec => ({
  factories: [factory], keys: { filters: 'filters', ...CONV_KEYS }, check, train,
});
const CONV_TRAIN = { without: { groups: 1, ...WITHOUT_LORA } };

export const Conv1D = conv(1, ['Convolution1D'], tfjsConv('conv1d', { ...CONV_TRAIN, channelsLastOnly: true }, ndim(3)));
export const Conv2D = conv(2, ['Convolution2D'], tfjsConv('conv2d', CONV_TRAIN));
export const Conv3D = conv(3, ['Convolution3D'], tfjsConv('conv3d', CONV_TRAIN));

/** `_get_output_shape_given_tf_padding` in keras/src/backend/common/backend_utils.py. */
function transposeLength(input: Dim, kernel: number, stride: number, padding: string, outputPadding: number | null, dilation: number): Dim {
  if (input === null) return null;
  const k = (kernel - 1) * dilation + 1;
  if (padding === 'valid') return (input - 1) * stride + k + (outputPadding ?? Math.max(k, stride) - k);
  return outputPadding === null ? input * stride : (input - 1) * stride + (k % 2) + outputPadding;
}

/** Conv1DTranspose / Conv2DTranspose / Conv3DTranspose (`BaseConvTranspose`). */
function convTranspose(rank: 1 | 2 | 3, aliases: string[], tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `Conv${ORDINAL[rank]}Transpose`;
  const layer = snake(className);
  const parse = (input: Shape, cfg: LayerConfig) => {
    const kernel = tupleArg(cfg, 'kernel_size', rank);
    const strides = tupleArg(cfg, 'strides', rank);
    const dilation = tupleArg(cfg, 'dilation_rate', rank);
    const padding = convPadding(cfg, false);
    const outputPadding = cfg.isNone('output_padding') ? null : tupleArg(cfg, 'output_padding', rank, true);
    const format = dataFormat(cfg);
    const filters = positiveArg(cfg, 'filters');
    outputPadding?.forEach((op, i) => {
      if (op >= strides[i]) {
        throw new ShapeError(
          `\`output_padding\` must be strictly less than \`strides\` for all dimensions. At dimension ${i}, \`output_padding\` is ${op} but \`strides\` is ${strides[i]}. Received: output_padding=${pyTuple(outputPadding)}, strides=${pyTuple(strides)}`,
        );
      }
    });
    stridesWithDilation(strides, dilation);
    expectRank(input, rank + 2, layer, true);
    const { spatial, channels } = splitChannels(input, format);
    if (spatial.length > rank) throw new ShapeError('tuple index out of range');
    const out = spatial.map((s, i) => transposeLength(s, kernel[i], strides[i], padding, outputPadding?.[i] ?? null, dilation[i]));
    return { kernel, filters, channels, out: joinChannels(input[0], out, filters, format) };
  };
  // Keras 3 puts output_padding before data_format for 1D/2D, after it for 3D.
  const formatArgs: ArgDef[] = rank === 3
    ? [{ name: 'data_format', default: null }, { name: 'output_padding', default: null }]
    : [{ name: 'output_padding', default: null }, { name: 'data_format', default: null }];
  return {
    className,
    aliases,
    args: [
      ...WINDOW_ARGS(rank),
      ...formatArgs,
      { name: 'dilation_rate', default: tuple(rank, 1) },
      { name: 'activation', default: null },
      { name: 'use_bias', default: true },
      ...TAIL_ARGS('kernel'),
    ],
    outputShape([input], cfg) {
      return parse(input, cfg).out;
    },
    weights([input], cfg) {
      const p = parse(input, cfg);
      const channels = known(p.channels, `the number of input channels of ${className}`);
      const weights: Weight[] = [{ name: 'kernel', shape: [...p.kernel, p.filters, channels], trainable: true }];
      if (cfg.bool('use_bias')) weights.push({ name: 'bias', shape: [p.filters], trainable: true });
      return weights;
    },
    doc: `Transposed ("de-") convolution: the reverse of Conv${ORDINAL[rank]} in shape terms, it spreads each input step out over a learned window, so with \`strides\` > 1 the ${rank === 1 ? 'sequence gets longer' : 'spatial size grows'} (upsampling).`,
    docsPath: `convolution_layers/convolution${rank}d_transpose`,
    tfjs,
    macs: convTransposeMacs,
  };
}

/** TF.js's transposed convolutions: only 'same' and 'valid' padding, and dilation ignored. */
function tfjsConvTranspose(rank: 2 | 3): TfjsLayerSpec {
  const factory = `conv${rank}dTranspose`;
  return {
    factories: [factory],
    keys: { filters: 'filters', ...CONV_KEYS, padding: sameOrValid(`Conv${rank}DTranspose`), dilationRate: ignoredUnlessOne(factory, 'dilationRate') },
    check: ndim(rank + 2),
    train: { without: { output_padding: null, groups: 1 } },
  };
}

export const Conv1DTranspose = convTranspose(1, ['Convolution1DTranspose']);
export const Conv2DTranspose = convTranspose(2, ['Convolution2DTranspose'], tfjsConvTranspose(2));
export const Conv3DTranspose = convTranspose(3, ['Convolution3DTranspose'], tfjsConvTranspose(3));

/** SeparableConv1D / SeparableConv2D (`BaseSeparableConv`). */
function separable(rank: 1 | 2, aliases: string[], tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `SeparableConv${ORDINAL[rank]}`;
  const layer = snake(className);
  const parse = (input: Shape, cfg: LayerConfig) => {
    const kernel = tupleArg(cfg, 'kernel_size', rank);
    const strides = tupleArg(cfg, 'strides', rank);
    const dilation = tupleArg(cfg, 'dilation_rate', rank);
    const padding = convPadding(cfg, false);
    const format = dataFormat(cfg);
    const multiplier = positiveArg(cfg, 'depth_multiplier');
    const filters = positiveArg(cfg, 'filters');
    expectRank(input, rank + 2, layer, true);
    const channels = known(splitChannels(input, format).channels, `the number of input channels of ${className}`);
    const out = convOutputShape(input, filters, kernel, strides, padding, format, dilation);
    return { kernel, multiplier, filters, channels, out };
  };
  return {
    className,
    aliases,
    args: [
      ...WINDOW_ARGS(rank),
      { name: 'data_format', default: null },
      { name: 'dilation_rate', default: tuple(rank, 1) },
      { name: 'depth_multiplier', default: 1 },
      { name: 'activation', default: null },
      { name: 'use_bias', default: true },
      { name: 'depthwise_initializer', default: 'glorot_uniform' },
      { name: 'pointwise_initializer', default: 'glorot_uniform' },
      { name: 'bias_initializer', default: 'zeros' },
      { name: 'depthwise_regularizer', default: null },
      { name: 'pointwise_regularizer', default: null },
      { name: 'bias_regularizer', default: null },
      { name: 'activity_regularizer', default: null },
      { name: 'depthwise_constraint', default: null },
      { name: 'pointwise_constraint', default: null },
      { name: 'bias_constraint', default: null },
    ],
    outputShape([input], cfg) {
      return parse(input, cfg).out;
    },
    weights([input], cfg) {
      const p = parse(input, cfg);
      const weights: Weight[] = [
        { name: 'depthwise_kernel', shape: [...p.kernel, p.channels, p.multiplier], trainable: true },
        { name: 'pointwise_kernel', shape: [...Array<number>(rank).fill(1), p.multiplier * p.channels, p.filters], trainable: true },
      ];
      if (cfg.bool('use_bias')) weights.push({ name: 'bias', shape: [p.filters], trainable: true });
      return weights;
    },
    doc: 'A cheaper convolution in two steps: first each input channel is filtered on its own (depthwise), then a 1×1 convolution mixes the channels into `filters` outputs (pointwise).',
    docsPath: `convolution_layers/separable_convolution${rank}d`,
    tfjs,
    macs: separableMacs,
  };
}

export const SeparableConv1D = separable(1, ['SeparableConvolution1D']);
export const SeparableConv2D = separable(2, ['SeparableConvolution2D'], {
  factories: ['separableConv2d'],
  keys: { filters: 'filters', ...CONV_KEYS, padding: sameOrValid('SeparableConv2D'), depthMultiplier: 'depth_multiplier' },
  train: {},
});

/** DepthwiseConv1D / DepthwiseConv2D (`BaseDepthwiseConv`). */
function depthwise(rank: 1 | 2, aliases: string[], tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `DepthwiseConv${ORDINAL[rank]}`;
  const layer = snake(className);
  const parse = (input: Shape, cfg: LayerConfig) => {
    const kernel = tupleArg(cfg, 'kernel_size', rank);
    const strides = tupleArg(cfg, 'strides', rank);
    const dilation = tupleArg(cfg, 'dilation_rate', rank);
    const padding = convPadding(cfg, false);
    const format = dataFormat(cfg);
    const multiplier = positiveArg(cfg, 'depth_multiplier');
    expectRank(input, rank + 2, layer, true);
    const channels = known(splitChannels(input, format).channels, `the number of input channels of ${className}`);
    const out = convOutputShape(input, multiplier * channels, kernel, strides, padding, format, dilation);
    return { kernel, multiplier, channels, out };
  };
  return {
    className,
    aliases,
    args: [
      { name: 'kernel_size' },
      { name: 'strides', default: tuple(rank, 1) },
      { name: 'padding', default: 'valid' },
      { name: 'depth_multiplier', default: 1 },
      { name: 'data_format', default: null },
      { name: 'dilation_rate', default: tuple(rank, 1) },
      { name: 'activation', default: null },
      { name: 'use_bias', default: true },
      ...TAIL_ARGS('depthwise'),
    ],
    outputShape([input], cfg) {
      return parse(input, cfg).out;
    },
    weights([input], cfg) {
      const p = parse(input, cfg);
      const weights: Weight[] = [{ name: 'kernel', shape: [...p.kernel, p.channels, p.multiplier], trainable: true }];
      if (cfg.bool('use_bias')) weights.push({ name: 'bias', shape: [p.multiplier * p.channels], trainable: true });
      return weights;
    },
    doc: 'Filters each input channel on its own with `depth_multiplier` learned windows, without mixing channels; the output has channels × depth_multiplier channels.',
    docsPath: `convolution_layers/depthwise_convolution${rank}d`,
    tfjs,
    macs: convMacs,
  };
}

export const DepthwiseConv1D = depthwise(1, []);
export const DepthwiseConv2D = depthwise(2, [], {
  factories: ['depthwiseConv2d'],
  keys: { ...CONV_KEYS, depthMultiplier: 'depth_multiplier', dilationRate: ignoredUnlessOne('depthwiseConv2d', 'dilationRate') },
  train: {},
});

/** This family, in the order the catalogue lists it. */
export const CONVOLUTION_LAYERS: readonly LayerSpec[] = [
  Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
  SeparableConv1D, SeparableConv2D, DepthwiseConv1D, DepthwiseConv2D,
];
