/** Core layers: Dense, Embedding, Activation, Dropout and the plain reshaping ones. */
import { ShapeError, Unresolved } from '../model/errors';
import { formatShape, type Dim, type Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import { denseMacs, noMacs } from './macs-rules';
import { lastDim, type LayerConfig, type LayerSpec, type Weight } from './spec';
import { checkUnitInterval } from './regularization';
import { ACTIVATION_KEY, clampedRate, dataFormatKey, HANDLED, int, ndim, tfjsShape, WITHOUT_LORA } from './tfjs-keys';
import { arg, asInt, items, known, withLora } from './util';

const same = (inputs: readonly Shape[]): Shape => inputs[0];

export const Dense: LayerSpec = {
  className: 'Dense',
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
  tfjs: { factories: ['dense'], keys: { units: 'units', ...ACTIVATION_KEY, useBias: 'use_bias', inputDim: HANDLED }, train: { without: WITHOUT_LORA } },
  macs: denseMacs,
};

export const Activation: LayerSpec = {
  className: 'Activation',
  builtAtInit: true,
  args: [{ name: 'activation' }],
  outputShape: same,
  doc: 'Applies an activation function element-wise; the shape does not change.',
  docsPath: 'core_layers/activation',
  tfjs: { factories: ['activation'], keys: { ...ACTIVATION_KEY }, train: {} },
  macs: noMacs,
};

export const Dropout: LayerSpec = {
  className: 'Dropout',
  builtAtInit: true,
  args: [{ name: 'rate' }, { name: 'noise_shape', default: null }, { name: 'seed', default: null }],
  outputShape([input], cfg) {
    checkUnitInterval(cfg, 'rate');
    return input;
  },
  doc: 'During training, sets a random fraction `rate` of the inputs to 0 and scales the rest by 1/(1 - rate) to fight overfitting; does nothing at inference.',
  docsPath: 'regularization_layers/dropout',
  tfjs: { factories: ['dropout'], keys: { rate: clampedRate, noiseShape: 'noise_shape', seed: 'seed' }, train: {} },
  macs: noMacs,
};

export const Flatten: LayerSpec = {
  className: 'Flatten',
  args: [{ name: 'data_format', default: null }],
  outputShape([input]) {
    const rest = input.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, d) => a * (d as number), 1);
    return [input[0], size];
  },
  doc: 'Unrolls each sample into one long vector (e.g. a 28×28 image into 784 values); it has no weights and learns nothing.',
  docsPath: 'reshaping_layers/flatten',
  tfjs: { factories: ['flatten'], keys: { dataFormat: dataFormatKey }, check: flattenCheck, train: {} },
  macs: noMacs,
};

/** TF.js's Flatten needs rank 3 or more and every dimension but the batch known. */
function flattenCheck(inputs: readonly Shape[], cfg: LayerConfig, name: string): void {
  ndim(3, true)(inputs, cfg, name);
  const rest = inputs[0].slice(1);
  if (rest.some((d) => d === null)) {
    throw new ShapeError(
      `The shape of the input to "Flatten" is not fully defined (got ${rest.map((d) => (d === null ? 'null' : d)).join(',')}). Make sure to pass a complete "input_shape" or "batch_input_shape" argument to the first layer in your model.`,
    );
  }
}

export const Reshape: LayerSpec = {
  className: 'Reshape',
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
  tfjs: { factories: ['reshape'], keys: { targetShape: tfjsTargetShape }, outputShape: (inputs, cfg) => tfjsReshapeShape(inputs, cfg), train: { fromOutputShape: 'target_shape' } },
  macs: noMacs,
};

/** TF.js's Reshape reads null or a negative size as the one dimension to infer (Keras writes -1). */
function tfjsTargetShape(v: PyValue): [string, PyValue] {
  if (v.kind !== 'list' && v.kind !== 'tuple') return ['target_shape', v];
  return ['target_shape', { kind: 'tuple', items: v.items.map((d) => (d.kind === 'none' || (d.kind === 'int' && d.value < 0) ? int(-1) : d)) }];
}

/**
 * TF.js's Reshape (tfjs-layers core.ts): while any input dim is unknown (the batch, usually) it returns the
 * target as written, unknown entries as null; only a fully known input gets the inferred size and the check.
 * A size mismatch TF.js lets through while building still fails when the model runs, so it is an error here.
 */
function tfjsReshapeShape(inputs: readonly Shape[], cfg: LayerConfig): Shape {
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

function reshapeError(input: Shape, target: readonly Dim[]): ShapeError {
  const rest = input.slice(1);
  return new ShapeError(
    `The total size of the tensor must be unchanged. Received: input_shape=${formatShape(rest)}, target_shape=${formatShape(target)}`,
  );
}

export const Embedding: LayerSpec = {
  className: 'Embedding',
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
  tfjs: {
    factories: ['embedding'],
    keys: { inputDim: 'input_dim', outputDim: 'output_dim', maskZero: 'mask_zero', inputLength: 'input_length' },
    outputShape: (inputs, cfg, keras) => tfjsEmbeddingShape(inputs, cfg, keras),
    train: { without: { weights: null, ...WITHOUT_LORA }, ignore: ['input_length', 'sparse'] },
  },
  macs: noMacs,
};

/** TF.js's Embedding with `inputLength`: the declared lengths fill in unknown input dims (tfjs-layers embeddings.ts). */
function tfjsEmbeddingShape(inputs: readonly Shape[], cfg: LayerConfig, keras: LayerSpec): Shape {
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

function embeddingDims(cfg: Parameters<LayerSpec['outputShape']>[1]): [number, number] {
  return [positiveDim(cfg, 'input_dim'), positiveDim(cfg, 'output_dim')];
}

function positiveDim(cfg: Parameters<LayerSpec['outputShape']>[1], name: string): number {
  const v = arg(cfg, name);
  if (v.kind === 'int' && v.value > 0) return v.value;
  const type = { bool: 'bool', float: 'float', str: 'str', none: 'NoneType', tuple: 'tuple', list: 'list' }[v.kind as string] ?? 'int';
  throw new ShapeError(`\`${name}\` must be a positive integer. Received: ${name}=${describe(v)} (of type ${type}).`);
}

export const Masking: LayerSpec = {
  className: 'Masking',
  builtAtInit: true,
  args: [{ name: 'mask_value', default: 0, float: true }],
  outputShape: same,
  doc: 'Marks the time steps whose values all equal `mask_value` (0 by default) so that later layers such as LSTM skip them; the shape does not change.',
  docsPath: 'core_layers/masking',
  tfjs: { factories: ['masking'], keys: { maskValue: 'mask_value' }, train: {} },
  macs: noMacs,
};

export const Identity: LayerSpec = {
  className: 'Identity',
  builtAtInit: true,
  args: [],
  outputShape: same,
  doc: 'Returns its input unchanged; a placeholder layer.',
  docsPath: 'core_layers/identity',
  macs: noMacs,
};

/** A shape written without the batch dim (`(10,)`), or a list/tuple of them for several outputs. */
function lambdaShapes(v: PyValue): { shapes: (readonly (number | null)[])[]; multi: boolean } {
  // Keras prepends the batch size with `(batch,) + shape`, which only works for tuples.
  if (v.kind === 'int') throw new ShapeError('can only concatenate tuple (not "int") to tuple');
  if (v.kind === 'list' && v.items.every((x) => x.kind === 'int' || x.kind === 'none')) {
    throw new ShapeError('can only concatenate tuple (not "TrackedList") to tuple');
  }
  const list = items(v, 'output_shape');
  if (!list) throw new Unresolved('the output_shape of this Lambda is a function Model Lens does not run');
  const dim = (x: PyValue): number | null => {
    if (x.kind === 'none') return null;
    const n = asInt(x);
    if (n === undefined) throw new Unresolved(`output_shape ${describe(v)} is not a shape`);
    return n;
  };
  if (list.every((x) => x.kind === 'int' || x.kind === 'none' || x.kind === 'bool')) return { shapes: [list.map(dim)], multi: false };
  return { shapes: list.map((x) => (items(x, 'output_shape') ?? [x]).map(dim)), multi: true };
}

export const Lambda: LayerSpec = {
  className: 'Lambda',
  args: [
    { name: 'function' },
    { name: 'output_shape', default: null },
    { name: 'mask', default: null },
    { name: 'arguments', default: null },
  ],
  outputShape(inputs, cfg) {
    const v = arg(cfg, 'output_shape');
    if (v.kind === 'none') throw new Unresolved('a Lambda layer runs arbitrary code; give it `output_shape=` to have its shape shown');
    // Keras adds the batch size of the first input to each shape given without it.
    const batch = inputs[0][0];
    const { shapes, multi } = lambdaShapes(v);
    const out = shapes.map((s) => [batch, ...s]);
    return multi ? out : out[0];
  },
  doc: 'Wraps an arbitrary Python function as a layer; its output shape is only known when `output_shape` is given.',
  docsPath: 'core_layers/lambda',
  notInTfjs: 'a Lambda layer runs Python code, which TensorFlow.js cannot run',
};

/** `_analyze_einsum_string` in keras/src/layers/core/einsum_dense.py: kernel, bias and full output shapes. */
function analyzeEinsum(equation: string, biasAxes: string | null, input: Shape, partial: readonly (number | null)[]) {
  const replaced = equation.replace(/\.\.\./g, '0');
  let m = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/.exec(replaced);
  let leftElided = false;
  if (!m) {
    m = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/.exec(replaced);
    leftElided = m !== null;
  }
  if (!m) m = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/.exec(replaced);
  if (!m) {
    throw new ShapeError(
      `Invalid einsum equation '${equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....`,
    );
  }
  const [, inputSpec, weightSpec, outputSpec] = m;
  const elided = input.length - inputSpec.length;
  const output: (number | null)[] = [input[0], ...partial];
  const at = (shape: readonly (number | null)[], i: number): number | null => {
    const k = i < 0 ? i + shape.length : i;
    if (k < 0 || k >= shape.length) throw new ShapeError('tuple index out of range');
    return shape[k];
  };
  if (elided > 0 && leftElided) {
    for (let i = 1; i < elided; i++) output.splice(1, 0, input[i]);
  } else if (elided > 0) {
    for (let i = input.length - elided; i < input.length; i++) output.push(input[i]);
  }
  const inputMap = new Map<string, number>();
  const outputMap = new Map<string, number>();
  [...inputSpec].forEach((d, i) => inputMap.set(d, leftElided ? i + elided - input.length : i));
  [...outputSpec].forEach((d, i) => outputMap.set(d, leftElided ? i + elided : i));
  for (const d of inputSpec) {
    const inDim = at(input, inputMap.get(d)!);
    if (outputMap.has(d)) {
      const outDim = at(output, outputMap.get(d)!);
      if (outDim !== null && outDim !== inDim) {
        if (inDim === null) throw new Unresolved(`dimension '${d}' of the EinsumDense input is not known`);
        throw new ShapeError(`Input shape and output shape do not match at shared dimension '${d}'. Input shape is ${inDim}, and output shape is ${outDim}.`);
      }
    }
  }
  for (const d of outputSpec) {
    if (!inputSpec.includes(d) && !weightSpec.includes(d)) {
      throw new ShapeError(
        `Dimension '${d}' was specified in the output '${outputSpec}' but has no corresponding dim in the input spec '${inputSpec}' or weight spec '${outputSpec}'`,
      );
    }
  }
  const kernel = [...weightSpec].map((d) => {
    if (outputMap.has(d)) return at(output, outputMap.get(d)!);
    if (inputMap.has(d)) return at(input, inputMap.get(d)!);
    throw new ShapeError(
      `Weight dimension '${d}' did not have a match in either the input spec '${inputSpec}' or the output spec '${outputSpec}'. For this layer, the weight must be fully specified.`,
    );
  });
  let bias: (number | null)[] | null = null;
  if (biasAxes !== null) {
    const offset = leftElided ? elided : 0;
    const idx = new Map([...outputSpec].map((c, i) => [c, at(output, i + offset)] as const));
    for (const c of biasAxes) {
      if (!outputSpec.includes(c)) throw new ShapeError(`Bias dimension '${c}' was requested, but is not part of the output spec '${outputSpec}'`);
    }
    const first = Math.min(...[...biasAxes].map((c) => outputSpec.indexOf(c)));
    bias = [...outputSpec.slice(first)].map((c) => (biasAxes.includes(c) ? idx.get(c)! : 1));
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1);
  }
  return { kernel, bias, output };
}

function einsumConfig(cfg: LayerConfig, input: Shape) {
  const v = arg(cfg, 'output_shape');
  const one = asInt(v);
  const partial = one !== undefined ? [one] : cfg.dims('output_shape');
  return analyzeEinsum(cfg.str('equation'), cfg.optStr('bias_axes'), input, partial);
}

export const EinsumDense: LayerSpec = {
  className: 'EinsumDense',
  args: [
    { name: 'equation' },
    { name: 'output_shape' },
    { name: 'activation', default: null },
    { name: 'bias_axes', default: null },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'lora_rank', default: null },
    { name: 'lora_alpha', default: null },
    { name: 'gptq_unpacked_column_size', default: null },
    { name: 'quantization_config', default: null },
  ],
  outputShape([input], cfg) {
    return einsumConfig(cfg, input).output;
  },
  weights([input], cfg) {
    const { kernel, bias } = einsumConfig(cfg, input);
    const w: Weight[] = [{ name: 'kernel', shape: kernel.map((d) => known(d, 'a dimension of the EinsumDense kernel')), trainable: true }];
    if (bias) w.push({ name: 'bias', shape: bias.map((d) => known(d, 'a dimension of the EinsumDense bias')), trainable: true });
    return withLora(w, cfg, 'kernel', 'lora_kernel_a', 'lora_kernel_b');
  },
  doc: 'A dense layer written as an einsum `equation` between the input and a learned kernel, so it can project several axes at once (used inside attention).',
  docsPath: 'core_layers/einsum_dense',
};

/** This family, in the order the catalogue lists it. */
export const CORE_LAYERS: readonly LayerSpec[] = [Dense, EinsumDense, Embedding, Activation, Identity, Lambda, Masking, Dropout, Flatten, Reshape];
