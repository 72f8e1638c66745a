/**
 * Reshaping layers (keras/src/layers/reshaping) beyond Flatten/Reshape: padding, cropping, upsampling,
 * Permute and RepeatVector. None of them has weights.
 */
import { ShapeError } from '../model/errors';
import type { Dim } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import { noMacs } from './macs-rules';
import { expectRank, type LayerConfig, type LayerSpec, type TfjsLayerSpec } from './spec';
import { dataFormatKey, ndim } from './tfjs-keys';
import { arg, asInt, dataFormat, items, joinChannels, pyTuple, snake, splitChannels, standardizeTuple, tupleArg } from './util';

const ORDINAL = ['', '1D', '2D', '3D'];
const NTH = ['1st', '2nd', '3rd'];

/** `((before, after), ...)` per spatial dim, parsed the way ZeroPadding2D/3D and Cropping2D/3D parse it. */
function pairs(cfg: LayerConfig, name: 'padding' | 'cropping', rank: 2 | 3): [number, number][] {
  const v: PyValue = arg(cfg, name);
  const single = asInt(v);
  if (single !== undefined) {
    if (name === 'cropping' && single < 0) throw new ShapeError(`\`cropping\` cannot be negative. Received: cropping=${single}.`);
    return Array.from({ length: rank }, () => [single, single] as [number, number]);
  }
  const list = items(v, name);
  if (!list) {
    throw new ShapeError(
      `\`${name}\` should be either an int, a tuple of ${rank} ints, or a tuple of ${rank} tuples of 2 ints. Received: ${rank === 2 ? `${name}=` : ''}${describe(v)}.`,
    );
  }
  if (list.length !== rank) {
    throw new ShapeError(rank === 2
      ? `\`${name}\` should have two elements. Received: ${name}=${describe(v)}.`
      : `\`${name}\` should have 3 elements. Received: ${describe(v)}.`);
  }
  return list.map((item, i) => standardizeTuple(item, 2, `${NTH[i]} entry of ${name}`, true) as [number, number]);
}

function zeroPadding(rank: 1 | 2 | 3, tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `ZeroPadding${ORDINAL[rank]}`;
  const layer = snake(className);
  return {
    className,
    // ZeroPadding3D's default is ((1, 1), (1, 1), (1, 1)); a nested default is written as plain 1s here.
    args: [{ name: 'padding', default: rank === 2 ? [1, 1] : 1 }, { name: 'data_format', default: null }],
    outputShape([input], cfg) {
      const format = dataFormat(cfg);
      const pads = rank === 1 ? [tupleArg(cfg, 'padding', 2, true) as [number, number]] : pairs(cfg, 'padding', rank);
      expectRank(input, rank + 2, layer);
      const { spatial, channels } = splitChannels(input, format);
      const out = spatial.map((d, i) => (d === null ? null : d + pads[i][0] + pads[i][1]));
      return joinChannels(input[0], out, channels, format);
    },
    doc: `Adds rows of zeros around the ${rank === 1 ? 'sequence (at its start and end)' : rank === 2 ? 'image (top, bottom, left, right)' : 'volume on every side'}, making the spatial size bigger by the padding.`,
    docsPath: `reshaping_layers/zero_padding${rank}d`,
    tfjs,
    macs: noMacs,
  };
}

export const ZeroPadding1D = zeroPadding(1);
export const ZeroPadding2D = zeroPadding(2, { factories: ['zeroPadding2d'], keys: { padding: 'padding', dataFormat: dataFormatKey }, check: ndim(4), train: {} });
export const ZeroPadding3D = zeroPadding(3);

export const Cropping1D: LayerSpec = {
  className: 'Cropping1D',
  args: [{ name: 'cropping', default: [1, 1] }],
  outputShape([input], cfg) {
    const crop = tupleArg(cfg, 'cropping', 2, true);
    expectRank(input, 3, 'cropping1d');
    let length: Dim = null;
    if (input[1] !== null) {
      length = input[1] - crop[0] - crop[1];
      if (length <= 0) {
        throw new ShapeError(
          `\`cropping\` parameter of \`Cropping1D\` layer must be smaller than the input length. Received: input_shape=${pyTuple(input)}, cropping=${pyTuple(crop)}`,
        );
      }
    }
    return [input[0], length, input[2]];
  },
  doc: 'Cuts `cropping` steps off the start and the end of each sequence.',
  docsPath: 'reshaping_layers/cropping1d',
  macs: noMacs,
};

function cropping(rank: 2 | 3, tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `Cropping${ORDINAL[rank]}`;
  const layer = snake(className);
  return {
    className,
    // Cropping2D defaults to ((0, 0), (0, 0)), Cropping3D to ((1, 1), (1, 1), (1, 1)).
    args: [{ name: 'cropping', default: rank === 2 ? 0 : 1 }, { name: 'data_format', default: null }],
    outputShape([input], cfg) {
      const format = dataFormat(cfg);
      const crops = pairs(cfg, 'cropping', rank);
      expectRank(input, rank + 2, layer);
      const { spatial, channels } = splitChannels(input, format);
      const tooBig = () =>
        new ShapeError(
          `Values in \`cropping\` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=${pyTuple(input)}, cropping=(${crops.map((c) => pyTuple(c)).join(', ')})`,
        );
      const out = spatial.map((d, i) => {
        if (d === null) return null;
        const left = d - crops[i][0] - crops[i][1];
        if (left <= 0) throw tooBig();
        return left;
      });
      return joinChannels(input[0], out, channels, format);
    },
    doc: `Cuts the given number of ${rank === 2 ? 'rows and columns off the edges of each image' : 'slices off every side of each volume'}.`,
    docsPath: `reshaping_layers/cropping${rank}d`,
    tfjs,
    macs: noMacs,
  };
}

export const Cropping2D = cropping(2, { factories: ['cropping2D'], keys: { cropping: 'cropping', dataFormat: dataFormatKey }, required: ['cropping'], check: ndim(4), train: {} });
export const Cropping3D = cropping(3);

export const UpSampling1D: LayerSpec = {
  className: 'UpSampling1D',
  args: [{ name: 'size', default: 2 }],
  outputShape([input], cfg) {
    const v = arg(cfg, 'size');
    if (v.kind !== 'int') throw new ShapeError(`Expected an integer value for \`size\`, got <class '${v.kind === 'float' ? 'float' : v.kind}'>.`);
    if (v.value <= 0) throw new ShapeError(`Argument \`size\` should be a positive integer. Received: size=${v.value}`);
    expectRank(input, 3, 'up_sampling1d');
    return [input[0], input[1] === null ? null : v.value * input[1], input[2]];
  },
  doc: 'Repeats each step of the sequence `size` times, making it `size` times longer.',
  docsPath: 'reshaping_layers/up_sampling1d',
  macs: noMacs,
};

function upSampling(rank: 2 | 3, tfjs?: TfjsLayerSpec): LayerSpec {
  const className = `UpSampling${ORDINAL[rank]}`;
  const layer = snake(className);
  return {
    className,
    args: rank === 2
      ? [{ name: 'size', default: [2, 2] }, { name: 'data_format', default: null }, { name: 'interpolation', default: 'nearest' }]
      : [{ name: 'size', default: [2, 2, 2] }, { name: 'data_format', default: null }],
    outputShape([input], cfg) {
      const format = dataFormat(cfg);
      const size = tupleArg(cfg, 'size', rank);
      expectRank(input, rank + 2, layer);
      const { spatial, channels } = splitChannels(input, format);
      return joinChannels(input[0], spatial.map((d, i) => (d === null ? null : d * size[i])), channels, format);
    },
    doc: `Enlarges each ${rank === 2 ? 'image' : 'volume'} by repeating its ${rank === 2 ? 'rows and columns' : 'values'} \`size\` times (or interpolating); the channel count does not change.`,
    docsPath: `reshaping_layers/up_sampling${rank}d`,
    tfjs,
    macs: noMacs,
  };
}

/** UpSampling2D's `size` must be an array in TF.js: a number makes NaN dimensions. */
function tfjsUpSize(v: PyValue): [string, PyValue] | { error: string } {
  if (v.kind === 'int' || v.kind === 'float') return { error: `UpSampling2D in TF.js needs \`size\` as an array of two numbers ([${v.value}, ${v.value}]); a single number gives NaN dimensions` };
  return ['size', v];
}

export const UpSampling2D = upSampling(2, {
  factories: ['upSampling2d'], keys: { size: tfjsUpSize, dataFormat: dataFormatKey, interpolation: 'interpolation' }, check: ndim(4), train: {},
});
export const UpSampling3D = upSampling(3);

export const Permute: LayerSpec = {
  className: 'Permute',
  args: [{ name: 'dims' }],
  outputShape([input], cfg) {
    const dims = cfg.dims('dims');
    const sorted = [...dims].sort((a, b) => (a ?? 0) - (b ?? 0));
    if (!sorted.every((d, i) => d === i + 1)) {
      throw new ShapeError(
        `Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${describe(arg(cfg, 'dims'))}`,
      );
    }
    expectRank(input, dims.length + 1, 'permute');
    return [input[0], ...dims.map((d) => input[d as number])];
  },
  doc: 'Reorders the non-batch axes of each sample, e.g. `dims=(2, 1)` swaps the first two.',
  docsPath: 'reshaping_layers/permute',
  tfjs: { factories: ['permute'], keys: { dims: 'dims' }, train: {} },
  macs: noMacs,
};

export const RepeatVector: LayerSpec = {
  className: 'RepeatVector',
  args: [{ name: 'n' }],
  outputShape([input], cfg) {
    const v = arg(cfg, 'n');
    if (v.kind !== 'int') throw new ShapeError(`Expected an integer value for \`n\`, got <class '${v.kind === 'float' ? 'float' : v.kind}'>.`);
    if (v.value <= 0) throw new ShapeError(`Argument \`n\` should be a positive integer. Received: n=${v.value}`);
    expectRank(input, 2, 'repeat_vector');
    return [input[0], v.value, input[1]];
  },
  doc: 'Repeats each input vector `n` times, turning (batch, features) into (batch, n, features).',
  docsPath: 'reshaping_layers/repeat_vector',
  tfjs: { factories: ['repeatVector'], keys: { n: 'n' }, check: ndim(2), train: {} },
  macs: noMacs,
};

/** This family, in the order the catalogue lists it. */
export const RESHAPING_LAYERS: readonly LayerSpec[] = [
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D,
  UpSampling1D, UpSampling2D, UpSampling3D, Permute, RepeatVector,
];
