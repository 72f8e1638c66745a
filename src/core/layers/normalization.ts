/** Normalization layers (keras/src/layers/normalization). The shape never changes; the weights follow the axis. */
import { ShapeError } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { describe } from '../model/values';
import { perOutputElement } from './macs-rules';
import type { ArgDef, LayerConfig, LayerSpec, Weight } from './spec';
import { tfjsShape } from './tfjs-keys';
import { arg, asInt, items, known, pyTuple } from './util';

/** Python's `shape[axis]` on a tuple, negative indices included. */
export function pyIndex(shape: Shape, axis: number): Dim {
  const at = axis < 0 ? axis + shape.length : axis;
  if (at < 0 || at >= shape.length) throw new ShapeError('tuple index out of range');
  return shape[at];
}

/** An int axis, or a list/tuple of them (as the layer's `axis` argument). */
function axes(cfg: LayerConfig, name = 'axis'): { list: number[]; single: boolean; repr: string } {
  const v = arg(cfg, name);
  const one = asInt(v);
  if (one !== undefined) return { list: [one], single: true, repr: String(one) };
  const list = items(v, name);
  if (!list) throw new ShapeError(`Expected an int or a list/tuple of ints for the argument 'axis', but received: ${describe(v)}`);
  const ints = list.map((x) => {
    const i = asInt(x);
    if (i === undefined) throw new ShapeError(`Expected an int or a list/tuple of ints for the argument 'axis', but received: ${describe(v)}`);
    return i;
  });
  return { list: ints, single: false, repr: `[${ints.join(', ')}]` };
}

/** The bounds check the normalization layers' `compute_output_shape` share. */
function checkAxes(input: Shape, list: number[], repr: string): void {
  for (const a of list) {
    if (a >= input.length || a < -input.length) {
      throw new ShapeError(`Axis ${a} is out of bounds for input shape ${pyTuple(input)}. Received: axis=${repr}`);
    }
  }
}

const dimOf = (input: Shape, axis: number, layer: string): number =>
  known(pyIndex(input, axis), `the size of the axis ${layer} normalizes`);

export const BatchNormalization: LayerSpec = {
  className: 'BatchNormalization',
  args: [
    { name: 'axis', default: -1 },
    { name: 'momentum', default: 0.99 },
    { name: 'epsilon', default: 0.001 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    { name: 'beta_initializer', default: 'zeros' },
    { name: 'gamma_initializer', default: 'ones' },
    { name: 'moving_mean_initializer', default: 'zeros' },
    { name: 'moving_variance_initializer', default: 'ones' },
    { name: 'beta_regularizer', default: null },
    { name: 'gamma_regularizer', default: null },
    { name: 'beta_constraint', default: null },
    { name: 'gamma_constraint', default: null },
    { name: 'renorm', default: false },
    { name: 'renorm_clipping', default: null },
    { name: 'renorm_momentum', default: 0.99 },
    { name: 'synchronized', default: false },
  ],
  outputShape([input], cfg) {
    const axis = cfg.int('axis');
    pyIndex(input, axis);
    checkAxes(input, [axis], String(axis));
    return input;
  },
  weights([input], cfg) {
    const dim = dimOf(input, cfg.int('axis'), 'BatchNormalization');
    const w: Weight[] = [];
    if (cfg.bool('scale')) w.push({ name: 'gamma', shape: [dim], trainable: true });
    if (cfg.bool('center')) w.push({ name: 'beta', shape: [dim], trainable: true });
    w.push({ name: 'moving_mean', shape: [dim], trainable: false }, { name: 'moving_variance', shape: [dim], trainable: false });
    if (cfg.bool('renorm')) {
      for (const name of ['moving_stddev', 'renorm_mean', 'renorm_stddev']) w.push({ name, shape: [dim], trainable: false });
    }
    return w;
  },
  doc: 'Normalizes each channel to mean 0 and variance 1 using batch statistics while training (and learned moving averages at inference), then scales by gamma and shifts by beta; the shape does not change.',
  docsPath: 'normalization_layers/batch_normalization',
  tfjs: {
    factories: ['batchNormalization'],
    keys: { axis: 'axis', momentum: 'momentum', epsilon: 'epsilon', center: 'center', scale: 'scale' },
    check: (inputs, cfg) => {
      const input = inputs[0];
      const axis = cfg.int('axis');
      const k = axis >= 0 ? axis : axis + input.length;
      if (k < 0 || k >= input.length || input[k] === null) {
        throw new ShapeError(`Axis ${k} of input tensor should have a defined dimension but the layer received an input with shape ${tfjsShape(input)}.`);
      }
    },
    train: { without: { synchronized: false, renorm: false, renorm_clipping: null, renorm_momentum: 0.99 } },
  },
  macs: perOutputElement,
};

/** LayerNormalization and RMSNormalization build one weight over the (sorted) axes. */
function axisParamShape(input: Shape, list: number[], layer: string): number[] {
  return [...list].sort((a, b) => a - b).map((a) => dimOf(input, a, layer));
}


/** Layer and group normalization's beta/gamma arguments, in Keras's order. */
const BETA_GAMMA_ARGS: ArgDef[] = [
  { name: 'beta_initializer', default: 'zeros' },
  { name: 'gamma_initializer', default: 'ones' },
  { name: 'beta_regularizer', default: null },
  { name: 'gamma_regularizer', default: null },
  { name: 'beta_constraint', default: null },
  { name: 'gamma_constraint', default: null },
];

export const LayerNormalization: LayerSpec = {
  className: 'LayerNormalization',
  args: [
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 0.001 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    ...BETA_GAMMA_ARGS,
    // Deprecated, still accepted through **kwargs: gamma only, no beta.
    { name: 'rms_scaling', default: false, keywordOnly: true },
  ],
  outputShape([input], cfg) {
    const { list, repr } = axes(cfg);
    for (const a of list) pyIndex(input, a);
    checkAxes(input, list, repr);
    return input;
  },
  weights([input], cfg) {
    const shape = axisParamShape(input, axes(cfg).list, 'LayerNormalization');
    const rms = cfg.bool('rms_scaling');
    const w: Weight[] = [];
    if (cfg.bool('scale') || rms) w.push({ name: 'gamma', shape, trainable: true });
    if (cfg.bool('center') && !rms) w.push({ name: 'beta', shape, trainable: true });
    return w;
  },
  doc: 'Normalizes each sample on its own (over the last axis by default) to mean 0 and variance 1, then scales by gamma and shifts by beta; the shape does not change.',
  docsPath: 'normalization_layers/layer_normalization',
  tfjs: { factories: ['layerNormalization'], keys: { axis: 'axis', epsilon: 'epsilon', center: 'center', scale: 'scale' }, train: { without: { rms_scaling: false } } },
  macs: perOutputElement,
};

export const RMSNormalization: LayerSpec = {
  className: 'RMSNormalization',
  args: [
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 1e-6 },
  ],
  outputShape([input], cfg) {
    const { list, repr } = axes(cfg);
    for (const a of list) pyIndex(input, a);
    checkAxes(input, list, repr);
    return input;
  },
  weights([input], cfg) {
    return [{ name: 'scale', shape: axisParamShape(input, axes(cfg).list, 'RMSNormalization'), trainable: true }];
  },
  doc: 'Divides each sample by its root mean square over the last axis, then multiplies by a learned scale; the shape does not change.',
  docsPath: 'normalization_layers/rms_normalization',
};

export const GroupNormalization: LayerSpec = {
  className: 'GroupNormalization',
  args: [
    { name: 'groups', default: 32 },
    { name: 'axis', default: -1 },
    { name: 'epsilon', default: 0.001 },
    { name: 'center', default: true },
    { name: 'scale', default: true },
    ...BETA_GAMMA_ARGS,
  ],
  outputShape([input], cfg) {
    groupDim(input, cfg);
    return input;
  },
  weights([input], cfg) {
    const dim = groupDim(input, cfg);
    const w: Weight[] = [];
    if (cfg.bool('scale')) w.push({ name: 'gamma', shape: [dim], trainable: true });
    if (cfg.bool('center')) w.push({ name: 'beta', shape: [dim], trainable: true });
    return w;
  },
  doc: 'Splits the channels into `groups` groups and normalizes each group within each sample to mean 0 and variance 1, then scales and shifts per channel; the shape does not change.',
  docsPath: 'normalization_layers/group_normalization',
  macs: perOutputElement,
};

function groupDim(input: Shape, cfg: LayerConfig): number {
  let groups = cfg.int('groups');
  if (groups <= 0 && groups !== -1) {
    throw new ShapeError(
      `Received an invalid value for argument \`groups\`, expected a positive integer (or \`-1\` for instance normalization). Received: groups=${groups}`,
    );
  }
  const axis = cfg.int('axis');
  const dim = known(pyIndex(input, axis), 'the number of channels GroupNormalization splits into groups');
  if (groups === -1) groups = dim;
  if (dim < groups) throw new ShapeError(`Number of groups (${groups}) cannot be more than the number of channels (${dim}).`);
  if (dim % groups !== 0) throw new ShapeError(`Number of groups (${groups}) must be a multiple of the number of channels (${dim}).`);
  checkAxes(input, [axis], String(axis));
  return dim;
}

export const UnitNormalization: LayerSpec = {
  className: 'UnitNormalization',
  builtAtInit: true,
  args: [{ name: 'axis', default: -1 }],
  outputShape([input], cfg) {
    const { list, repr } = axes(cfg);
    for (const a of list) {
      if (a >= input.length || a < -input.length) throw new ShapeError(`Axis ${repr} is out of bounds for input shape ${pyTuple(input)}.`);
    }
    return input;
  },
  doc: 'Scales each sample so that its values along `axis` have length (L2 norm) 1; no weights, the shape does not change.',
  docsPath: 'normalization_layers/unit_normalization',
  macs: perOutputElement,
};

/** This family, in the order the catalogue lists it. */
export const NORMALIZATION_LAYERS: readonly LayerSpec[] = [BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization];
