/** Activation layers (keras/src/layers/activations): element-wise, so the shape never changes. */
import { ShapeError } from '../model/errors';
import type { Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import { noMacs } from './macs-rules';
import type { LayerSpec } from './spec';
import { arg, asInt, items, known } from './util';

const same = (inputs: readonly Shape[]): Shape => inputs[0];

/** A float argument that may be None; Keras compares it with 0. */
function optNumber(cfg: Parameters<LayerSpec['outputShape']>[1], name: string): number | null {
  return cfg.isNone(name) ? null : cfg.float(name);
}

export const ReLU: LayerSpec = {
  className: 'ReLU',
  builtAtInit: true,
  args: [
    { name: 'max_value', default: null },
    { name: 'negative_slope', default: 0, float: true },
    { name: 'threshold', default: 0, float: true },
  ],
  outputShape(inputs, cfg) {
    const max = optNumber(cfg, 'max_value');
    if (max !== null && max < 0) {
      throw new ShapeError(`max_value of a ReLU layer cannot be a negative value. Received: max_value=${describe(arg(cfg, 'max_value'))}`);
    }
    const slope = optNumber(cfg, 'negative_slope');
    if (slope === null || slope < 0) {
      throw new ShapeError(`negative_slope of a ReLU layer cannot be None or a negative value. Received: negative_slope=${describe(arg(cfg, 'negative_slope'))}`);
    }
    const threshold = optNumber(cfg, 'threshold');
    if (threshold === null || threshold < 0) {
      throw new ShapeError(`threshold of a ReLU layer cannot be None or a negative value. Received: threshold=${describe(arg(cfg, 'threshold'))}`);
    }
    return inputs[0];
  },
  doc: 'Rectified linear unit: keeps positive values and sets negative ones to 0 (optionally capped at `max_value`, with a slope for negatives); the shape does not change.',
  docsPath: 'activation_layers/relu',
  tfjs: {
    factories: ['reLU'],
    keys: { maxValue: 'max_value' },
    doc: 'Rectified linear unit: keeps positive values and sets negative ones to 0 (optionally capped at `maxValue`); the shape does not change.',
    train: { without: { negative_slope: 0, threshold: 0 } },
  },
  macs: noMacs,
};

export const LeakyReLU: LayerSpec = {
  className: 'LeakyReLU',
  builtAtInit: true,
  // `alpha` is the Keras 2 name, still accepted (with a deprecation warning) and then wins.
  args: [{ name: 'negative_slope', default: 0.3 }, { name: 'alpha', default: null, keywordOnly: true }],
  outputShape(inputs, cfg) {
    const name = cfg.has('alpha') ? 'alpha' : 'negative_slope';
    const slope = optNumber(cfg, name);
    if (slope === null || slope < 0) {
      throw new ShapeError(
        `The negative_slope value of a Leaky ReLU layer cannot be None or negative value. Expected a float. Received: negative_slope=${describe(arg(cfg, name))}`,
      );
    }
    return inputs[0];
  },
  doc: 'Like ReLU, but negative values are multiplied by a small slope (`negative_slope`, 0.3 by default) instead of being set to 0; the shape does not change.',
  docsPath: 'activation_layers/leaky_relu',
  tfjs: { factories: ['leakyReLU'], keys: { alpha: 'negative_slope' }, train: { rename: { negative_slope: 'alpha' }, keywordAliases: { alpha: 'negative_slope' } } },
  macs: noMacs,
};

export const Softmax: LayerSpec = {
  className: 'Softmax',
  builtAtInit: true,
  args: [{ name: 'axis', default: -1 }],
  outputShape: same,
  doc: 'Turns the values along `axis` into probabilities that are positive and sum to 1; the shape does not change.',
  docsPath: 'activation_layers/softmax',
  tfjs: { factories: ['softmax'], keys: { axis: 'axis' }, train: {} },
  macs: noMacs,
};

/** TF.js's ELU layer takes only the default alpha. */
function tfjsAlpha(v: PyValue): [string, PyValue] | { error: string } {
  return v.kind === 'int' && v.value === 1 ? ['alpha', v] : { error: `Non-default alpha value (${describe(v)}) is not supported by the ELU layer yet.` };
}

export const ELU: LayerSpec = {
  className: 'ELU',
  builtAtInit: true,
  args: [{ name: 'alpha', default: 1, float: true }],
  outputShape: same,
  doc: 'Exponential linear unit: keeps positive values and maps negative ones smoothly towards -alpha; the shape does not change.',
  docsPath: 'activation_layers/elu',
  tfjs: { factories: ['elu'], keys: { alpha: tfjsAlpha }, train: {} },
  macs: noMacs,
};

export const PReLU: LayerSpec = {
  className: 'PReLU',
  args: [
    { name: 'alpha_initializer', default: 'Zeros' },
    { name: 'alpha_regularizer', default: null },
    { name: 'alpha_constraint', default: null },
    { name: 'shared_axes', default: null },
  ],
  outputShape: same,
  weights([input], cfg) {
    const param = input.slice(1);
    const v = arg(cfg, 'shared_axes');
    if (v.kind !== 'none') {
      const axes = (items(v, 'shared_axes') ?? [v]).map((a) => {
        const i = asInt(a);
        if (i === undefined) throw new ShapeError(`PReLU: expected integers for argument \`shared_axes\`, received ${describe(v)}`);
        return i;
      });
      for (const i of axes) {
        // Python's `param_shape[i - 1] = 1`, negative indices included.
        const at = i - 1 < 0 ? i - 1 + param.length : i - 1;
        if (at < 0 || at >= param.length) throw new ShapeError('list assignment index out of range');
        param[at] = 1;
      }
    }
    return [{ name: 'alpha', shape: param.map((d) => known(d, 'a dimension of the PReLU input that is not shared')), trainable: true }];
  },
  doc: 'Like LeakyReLU, but the slope for negative values is learned, one per input value (or per channel with `shared_axes`).',
  docsPath: 'activation_layers/prelu',
  tfjs: { factories: ['prelu'], keys: { sharedAxes: 'shared_axes' }, train: {} },
  macs: noMacs,
};

/** This family, in the order the catalogue lists it. */
export const ACTIVATION_LAYERS: readonly LayerSpec[] = [ReLU, LeakyReLU, PReLU, ELU, Softmax];
