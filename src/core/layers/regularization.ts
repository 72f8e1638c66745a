/**
 * Regularization layers (keras/src/layers/regularization) besides Dropout: they only act while training and
 * never change the shape or add weights.
 */
import { ShapeError } from '../model/errors';
import type { Shape } from '../model/shape';
import { describe } from '../model/values';
import { noMacs } from './macs-rules';
import { expectRank, type LayerConfig, type LayerSpec } from './spec';
import { clampedRate, ndim } from './tfjs-keys';
import { arg, dataFormat } from './util';

/** The check Dropout, GaussianDropout and AlphaDropout share (`rate`), also used for GaussianNoise's `stddev`. */
export function checkUnitInterval(cfg: LayerConfig, name: 'rate' | 'stddev'): void {
  const v = cfg.float(name);
  if (!(v >= 0 && v <= 1)) {
    throw new ShapeError(
      `Invalid value received for argument \`${name}\`. Expected a float value between 0 and 1. Received: ${name}=${describe(arg(cfg, name))}`,
    );
  }
}

function spatialDropout(rank: 1 | 2 | 3): LayerSpec {
  const className = `SpatialDropout${rank}D`;
  return {
    className,
    builtAtInit: true,
    // Keras 3's SpatialDropout takes (rate, [data_format,] seed, name, dtype) and no other keyword arguments.
    args: rank === 1
      ? [{ name: 'rate' }, { name: 'seed', default: null }]
      : [{ name: 'rate' }, { name: 'data_format', default: null }, { name: 'seed', default: null }],
    outputShape([input], cfg) {
      checkUnitInterval(cfg, 'rate');
      if (rank > 1) dataFormat(cfg);
      expectRank(input, rank + 2, `spatial_dropout${rank}d`);
      return input;
    },
    doc: `Like Dropout, but while training it drops whole feature maps (entire channels) instead of single values; the shape does not change.`,
    docsPath: `regularization_layers/spatial_dropout${rank}d`,
    tfjs: rank === 1 ? { factories: ['spatialDropout1d'], keys: { rate: clampedRate, seed: 'seed' }, check: ndim(3), train: {} } : undefined,
    macs: noMacs,
  };
}

export const SpatialDropout1D = spatialDropout(1);
export const SpatialDropout2D = spatialDropout(2);
export const SpatialDropout3D = spatialDropout(3);

export const GaussianNoise: LayerSpec = {
  className: 'GaussianNoise',
  builtAtInit: true,
  args: [{ name: 'stddev' }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'stddev');
    return input;
  },
  doc: 'While training, adds random normal noise with standard deviation `stddev` to the inputs; does nothing at inference.',
  docsPath: 'regularization_layers/gaussian_noise',
  tfjs: { factories: ['gaussianNoise'], keys: { stddev: 'stddev', seed: 'seed' }, train: { ignore: ['seed'] } },
  macs: noMacs,
};

export const GaussianDropout: LayerSpec = {
  className: 'GaussianDropout',
  builtAtInit: true,
  args: [{ name: 'rate' }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'rate');
    return input;
  },
  doc: 'While training, multiplies the inputs by random noise centred on 1 (a smooth form of dropout); does nothing at inference.',
  docsPath: 'regularization_layers/gaussian_dropout',
  tfjs: { factories: ['gaussianDropout'], keys: { rate: 'rate' }, train: { ignore: ['seed'] } },
  macs: noMacs,
};

export const AlphaDropout: LayerSpec = {
  className: 'AlphaDropout',
  builtAtInit: true,
  args: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'rate');
    return input;
  },
  doc: 'Dropout for SELU networks: while training it drops values in a way that keeps the mean and variance of the inputs; does nothing at inference.',
  docsPath: 'regularization_layers/alpha_dropout',
  tfjs: { factories: ['alphaDropout'], keys: { rate: 'rate', noiseShape: 'noise_shape' }, train: { ignore: ['seed'] } },
  macs: noMacs,
};

export const ActivityRegularization: LayerSpec = {
  className: 'ActivityRegularization',
  builtAtInit: true,
  args: [
    { name: 'l1', default: 0, float: true },
    { name: 'l2', default: 0, float: true },
  ],
  outputShape: (inputs: readonly Shape[]) => inputs[0],
  doc: 'Passes the inputs through unchanged but adds an L1/L2 penalty on their size to the training loss.',
  docsPath: 'regularization_layers/activity_regularization',
  macs: noMacs,
};

/** This family, in the order the catalogue lists it. */
export const REGULARIZATION_LAYERS: readonly LayerSpec[] = [
  SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization,
];
