/** Pooling layers (keras/src/layers/pooling): windowed, global and adaptive max/average pooling. No weights. */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim } from '../model/shape';
import { noMacs } from './macs-rules';
import { expectRank, type LayerSpec } from './spec';
import { dataFormatKey, int, ndim, POOL1D_KEYS, POOL_KEYS } from './tfjs-keys';
import { describe } from '../model/values';
import { arg, dataFormat, items, joinChannels, poolOutputShape, snake, splitChannels, standardizeTuple } from './util';

const ORDINAL = ['', '1D', '2D', '3D'];

/** MaxPooling1D/2D/3D and AveragePooling1D/2D/3D (`BasePooling`). */
function pooling(mode: 'Max' | 'Average', rank: 1 | 2 | 3, aliases: string[]): LayerSpec {
  const className = `${mode}Pooling${ORDINAL[rank]}`;
  const layer = snake(className);
  // MaxPooling has a default pool size, AveragePooling requires one.
  const poolDefault = mode === 'Max' ? (rank === 1 ? 2 : Array<number>(rank).fill(2)) : undefined;
  return {
    className,
    aliases,
    builtAtInit: true,
    args: [
      poolDefault === undefined ? { name: 'pool_size' } : { name: 'pool_size', default: poolDefault },
      { name: 'strides', default: null },
      { name: 'padding', default: 'valid' },
      { name: 'data_format', default: null },
    ],
    outputShape([input], cfg) {
      const poolSize = standardizeTuple(arg(cfg, 'pool_size'), rank, 'pool_size');
      const stridesArg = arg(cfg, 'strides');
      const strides = standardizeTuple(stridesArg.kind === 'none' ? arg(cfg, 'pool_size') : stridesArg, rank, 'strides', true);
      const format = dataFormat(cfg);
      expectRank(input, rank + 2, layer);
      if (strides.includes(0)) throw new ShapeError('division by zero');
      return poolOutputShape(input, poolSize, strides, cfg.str('padding'), format);
    },
    doc: mode === 'Max'
      ? `Downsamples by keeping the largest value in each \`pool_size\` window (moving by \`strides\`, which defaults to the pool size); the channel count does not change.`
      : `Downsamples by averaging each \`pool_size\` window (moving by \`strides\`, which defaults to the pool size); the channel count does not change.`,
    docsPath: `pooling_layers/${mode === 'Max' ? 'max' : 'average'}_pooling${rank}d`,
    tfjs: {
      factories: mode === 'Max' ? [`maxPooling${rank}d`, ...(rank < 3 ? [`maxPool${rank}d`] : [])] : [`averagePooling${rank}d`, `avgPool${rank}d`, `avgPooling${rank}d`],
      keys: rank === 1 ? POOL1D_KEYS : POOL_KEYS,
      // TF.js's AveragePooling has a default pool size too.
      defaults: { pool_size: rank === 1 ? int(2) : { kind: 'tuple', items: Array(rank).fill(int(2)) } },
      check: ndim(rank + 2),
      train: rank === 1 ? { channelsLastOnly: true } : {},
    },
    macs: noMacs,
  };
}

export const MaxPooling1D = pooling('Max', 1, ['MaxPool1D']);
export const MaxPooling2D = pooling('Max', 2, ['MaxPool2D']);
export const MaxPooling3D = pooling('Max', 3, ['MaxPool3D']);
export const AveragePooling1D = pooling('Average', 1, ['AvgPool1D']);
export const AveragePooling2D = pooling('Average', 2, ['AvgPool2D']);
export const AveragePooling3D = pooling('Average', 3, ['AvgPool3D']);

/** GlobalMax/AveragePooling1D/2D/3D (`BaseGlobalPooling`). */
function globalPooling(mode: 'Max' | 'Average', rank: 1 | 2 | 3, aliases: string[], factories?: string[]): LayerSpec {
  const className = `Global${mode}Pooling${ORDINAL[rank]}`;
  const layer = snake(className);
  return {
    className,
    aliases,
    builtAtInit: true,
    args: [
      { name: 'data_format', default: null },
      { name: 'keepdims', default: false },
    ],
    outputShape([input], cfg) {
      const format = dataFormat(cfg);
      expectRank(input, rank + 2, layer);
      const { channels } = splitChannels(input, format);
      if (!cfg.bool('keepdims')) return [input[0], channels];
      return joinChannels(input[0], Array<Dim>(input.length - 2).fill(1), channels, format);
    },
    doc: `Reduces each channel to one number, the ${mode === 'Max' ? 'largest' : 'average'} value over all ${rank === 1 ? 'steps' : 'positions'}, giving one vector per sample (or size-1 ${rank === 1 ? 'step' : 'spatial'} dims with \`keepdims=True\`).`,
    docsPath: `pooling_layers/global_${mode === 'Max' ? 'max' : 'average'}_pooling${rank}d`,
    tfjs: factories && {
      factories,
      keys: rank === 1 ? {} : { dataFormat: dataFormatKey },
      check: ndim(rank + 2),
      // TF.js has no keepdims.
      doc: `Reduces each channel to one number, the ${mode === 'Max' ? 'largest' : 'average'} value over all ${rank === 1 ? 'steps' : 'positions'}, giving one vector per sample.`,
      train: { without: { keepdims: false }, channelsLastOnly: rank === 1 || undefined },
    },
    macs: noMacs,
  };
}

export const GlobalMaxPooling1D = globalPooling('Max', 1, ['GlobalMaxPool1D'], ['globalMaxPooling1d', 'globalMaxPool1d']);
export const GlobalMaxPooling2D = globalPooling('Max', 2, ['GlobalMaxPool2D'], ['globalMaxPooling2d', 'globalMaxPool2d']);
export const GlobalMaxPooling3D = globalPooling('Max', 3, ['GlobalMaxPool3D']);
export const GlobalAveragePooling1D = globalPooling('Average', 1, ['GlobalAvgPool1D'], ['globalAveragePooling1d']);
export const GlobalAveragePooling2D = globalPooling('Average', 2, ['GlobalAvgPool2D'], ['globalAveragePooling2d']);
export const GlobalAveragePooling3D = globalPooling('Average', 3, ['GlobalAvgPool3D']);

/** AdaptiveMax/AveragePooling1D/2D/3D: pools each input down to exactly `output_size`, whatever its size. */
function adaptivePooling(mode: 'Max' | 'Average', rank: 1 | 2 | 3): LayerSpec {
  const className = `Adaptive${mode}Pooling${ORDINAL[rank]}`;
  const wanted = { 1: 'tuple of 1 integer', 2: '(height, width) tuple', 3: '(depth, height, width) tuple' }[rank];
  return {
    className,
    args: [{ name: 'output_size' }, { name: 'data_format', default: null }],
    outputShape([input], cfg) {
      const v = arg(cfg, 'output_size');
      let size: number[];
      const list = items(v, 'output_size');
      if (v.kind === 'int') {
        size = Array<number>(rank).fill(v.value);
      } else if (list && (rank === 1 || list.length === rank)) {
        if (list.length !== rank) throw new ShapeError(`For 1D input, \`output_size\` tuple must have length 1. Received: ${describe(v)}`);
        size = list.map((x) => {
          if (x.kind !== 'int') throw new Unresolved(`output_size ${describe(v)} is not a tuple of integers`);
          return x.value;
        });
      } else {
        throw new ShapeError(`\`output_size\` must be an integer or ${wanted}. Received: ${describe(v)} of type <class '${v.kind}'>`);
      }
      // Unlike the other pooling layers, these do not lower-case `data_format`.
      const df = arg(cfg, 'data_format');
      const format = df.kind === 'none' ? 'channels_last' : df.kind === 'str' ? df.value : describe(df);
      if (format !== 'channels_last' && format !== 'channels_first') {
        throw new ShapeError(`Invalid data_format: ${format}. Expected 'channels_first' or 'channels_last'.`);
      }
      return format === 'channels_last' ? [input[0], ...size, input[input.length - 1]] : [input[0], input[1], ...size];
    },
    doc: `Pools each channel down to exactly \`output_size\` by taking the ${mode === 'Max' ? 'largest value' : 'average'} of evenly spread windows, whatever the input size.`,
    docsPath: `pooling_layers/adaptive_${mode === 'Max' ? 'max' : 'average'}_pooling${rank}d`,
  };
}

export const AdaptiveMaxPooling1D = adaptivePooling('Max', 1);
export const AdaptiveMaxPooling2D = adaptivePooling('Max', 2);
export const AdaptiveMaxPooling3D = adaptivePooling('Max', 3);
export const AdaptiveAveragePooling1D = adaptivePooling('Average', 1);
export const AdaptiveAveragePooling2D = adaptivePooling('Average', 2);
export const AdaptiveAveragePooling3D = adaptivePooling('Average', 3);

/** This family, in the order the catalogue lists it. */
export const POOLING_LAYERS: readonly LayerSpec[] = [
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D,
  AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D,
];
