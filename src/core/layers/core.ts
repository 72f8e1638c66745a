/** Core layers: Dense, Embedding, Activation, Dropout and the plain reshaping ones. */
import { ShapeError } from '../errors';
import { formatShape, type Dim, type Shape } from '../shape';
import { describe } from '../values';
import { lastDim, type LayerSpec } from './spec';
import { arg, withLora } from './util';

const same = (inputs: readonly Shape[]): Shape => inputs[0];

export const Dense: LayerSpec = {
  className: 'Dense',
  aliases: ['dense'],
  args: [
    { name: 'units' },
    { name: 'activation', default: null },
    { name: 'use_bias', default: true },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'activity_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'quantization_config', default: null },
  ],
  outputShape([input], cfg) {
    return [...input.slice(0, -1), cfg.positiveInt('units')];
  },
  weights([input], cfg) {
    const units = cfg.positiveInt('units');
    const kernel = { name: 'kernel', shape: [lastDim(input, 'dense'), units], trainable: true };
    const weights = cfg.bool('use_bias') ? [kernel, { name: 'bias', shape: [units], trainable: true }] : [kernel];
    return withLora(weights, cfg, 'kernel', 'lora_kernel_a', 'lora_kernel_b');
  },
  doc: 'A fully connected layer: every output unit is a weighted sum of all inputs plus a bias, passed through the activation (output = activation(dot(input, kernel) + bias)).',
  docsPath: 'core_layers/dense',
};

export const Activation: LayerSpec = {
  className: 'Activation',
  aliases: ['activation'],
  args: [{ name: 'activation' }],
  outputShape: same,
  doc: 'Applies an activation function element-wise; the shape does not change.',
  docsPath: 'core_layers/activation',
};

export const Dropout: LayerSpec = {
  className: 'Dropout',
  aliases: ['dropout'],
  args: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  outputShape: same,
  doc: 'During training, sets a random fraction `rate` of the inputs to 0 and scales the rest by 1/(1 - rate) to fight overfitting; does nothing at inference.',
  docsPath: 'regularization_layers/dropout',
};

export const Flatten: LayerSpec = {
  className: 'Flatten',
  aliases: ['flatten'],
  args: [{ name: 'data_format', default: null }],
  outputShape([input]) {
    const rest = input.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * (d as number), 1);
    return [input[0], size];
  },
  doc: 'Unrolls each sample into one long vector (e.g. a 28×28 image into 784 values); it has no weights and learns nothing.',
  docsPath: 'reshaping_layers/flatten',
};

export const Reshape: LayerSpec = {
  className: 'Reshape',
  aliases: ['reshape'],
  args: [{ name: 'target_shape' }],
  outputShape([input], cfg) {
    const target = cfg.dims('target_shape');
    const unknownAt = target.flatMap((d, i) => (d === -1 ? [i] : []));
    if (unknownAt.length > 1) throw new ShapeError('There can only be one unknown dimension in `target_shape`.');
    const rest = input.slice(1);
    const known = rest.every((d) => d !== null);
    const inputSize = known ? rest.reduce<number>((a, d) => a * (d as number), 1) : null;
    const fixed = target.filter((d) => d !== -1).reduce<number>((a, d) => a * (d ?? 1), 1);
    if (unknownAt.length === 1) {
      if (inputSize === null) return [input[0], ...target.map((d) => (d === -1 ? null : d))];
      if (fixed === 0 || inputSize % fixed !== 0) throw reshapeError(input, target);
      return [input[0], ...target.map((d) => (d === -1 ? inputSize / fixed : d))];
    }
    if (inputSize !== null && inputSize !== fixed) throw reshapeError(input, target);
    return [input[0], ...target];
  },
  doc: 'Rearranges each sample into `target_shape` without changing its values; the element count must stay the same (-1 lets Keras infer one dimension).',
  docsPath: 'reshaping_layers/reshape',
};

function reshapeError(input: Shape, target: readonly Dim[]): ShapeError {
  const rest = input.slice(1);
  return new ShapeError(
    `The total size of the tensor must be unchanged. Received: input_shape=${formatShape(rest)}, target_shape=${formatShape(target)}`,
  );
}

export const Embedding: LayerSpec = {
  className: 'Embedding',
  aliases: ['embedding'],
  args: [
    { name: 'input_dim' },
    { name: 'output_dim' },
    { name: 'embeddings_initializer', default: 'uniform' },
    { name: 'embeddings_regularizer', default: null },
    { name: 'embeddings_constraint', default: null },
    { name: 'mask_zero', default: false },
    { name: 'weights', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'quantization_config', default: null },
  ],
  outputShape([input], cfg) {
    embeddingDims(cfg);
    return [...input, cfg.int('output_dim')];
  },
  weights(_inputs, cfg) {
    const [inputDim, outputDim] = embeddingDims(cfg);
    return withLora([{ name: 'embeddings', shape: [inputDim, outputDim], trainable: true }], cfg, 'embeddings', 'lora_embeddings_a', 'lora_embeddings_b');
  },
  doc: 'Looks up a learned vector of length `output_dim` for each integer token id below `input_dim`, so the output gains a last axis of size `output_dim`.',
  docsPath: 'core_layers/embedding',
};

function embeddingDims(cfg: Parameters<LayerSpec['outputShape']>[1]): [number, number] {
  return [positiveDim(cfg, 'input_dim'), positiveDim(cfg, 'output_dim')];
}

function positiveDim(cfg: Parameters<LayerSpec['outputShape']>[1], name: string): number {
  const v = arg(cfg, name);
  if (v.kind === 'int' && v.value > 0) return v.value;
  const type = { bool: 'bool', float: 'float', str: 'str', none: 'NoneType', tuple: 'tuple', list: 'list' }[v.kind as string] ?? 'int';
  throw new ShapeError(`\`${name}\` must be a positive integer. Received: ${name}=${describe(v)} (of type ${type}).`);
}
