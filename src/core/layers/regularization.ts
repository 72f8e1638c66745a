/**
 * Regularization layers (keras/src/layers/regularization) besides Dropout: they only act while training and
 * never change the shape or add weights.
 */
import { ShapeError } from '../model/errors';
import type { Shape } from '../model/shape';
import { describe } from '../model/values';
import { expectRank, type LayerConfig, type LayerSpec } from './spec';
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
    aliases: rank === 1 ? ['spatialDropout1d'] : [],
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
  };
}

export const SpatialDropout1D = spatialDropout(1);
export const SpatialDropout2D = spatialDropout(2);
export const SpatialDropout3D = spatialDropout(3);

export const GaussianNoise: LayerSpec = {
  className: 'GaussianNoise',
  aliases: ['gaussianNoise'],
  args: [{ name: 'stddev' }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'stddev');
    return input;
  },
  doc: 'While training, adds random normal noise with standard deviation `stddev` to the inputs; does nothing at inference.',
  docsPath: 'regularization_layers/gaussian_noise',
};

export const GaussianDropout: LayerSpec = {
  className: 'GaussianDropout',
  aliases: ['gaussianDropout'],
  args: [{ name: 'rate' }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'rate');
    return input;
  },
  doc: 'While training, multiplies the inputs by random noise centred on 1 (a smooth form of dropout); does nothing at inference.',
  docsPath: 'regularization_layers/gaussian_dropout',
};

export const AlphaDropout: LayerSpec = {
  className: 'AlphaDropout',
  aliases: ['alphaDropout'],
  args: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'rate');
    return input;
  },
  doc: 'Dropout for SELU networks: while training it drops values in a way that keeps the mean and variance of the inputs; does nothing at inference.',
  docsPath: 'regularization_layers/alpha_dropout',
};

export const ActivityRegularization: LayerSpec = {
  className: 'ActivityRegularization',
  args: [
    { name: 'l1', default: 0, float: true },
    { name: 'l2', default: 0, float: true },
  ],
  outputShape: (inputs: readonly Shape[]) => inputs[0],
  doc: 'Passes the inputs through unchanged but adds an L1/L2 penalty on their size to the training loss.',
  docsPath: 'regularization_layers/activity_regularization',
};
