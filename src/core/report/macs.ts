/**
 * Multiply-accumulates per sample (MACs): how much arithmetic one forward pass of one example costs. Keras's
 * summary does not show it; torchinfo's "Mult-Adds" does, and people moving between the two ask for it.
 *
 * Counted from the weights the spec builds and the layer's input/output shapes, so it follows the layer
 * catalogue instead of repeating each layer's formula:
 * - a layer that multiplies its input by a kernel costs one MAC per kernel entry per position the kernel is
 *   applied at (Dense: per leading position; Conv: per output pixel; Conv transposed: per input pixel; RNN: per
 *   timestep, for the input and the recurrent kernel);
 * - an element-wise affine layer (BatchNormalization, LayerNormalization, Rescaling) costs one per output
 *   element;
 * - layers that only move, compare, add or drop values (pooling, reshaping, dropout, activations, merges,
 *   inputs, lookups) cost 0.
 * Anything else, or an unknown dimension, is `null` (shown as `?`): never a guess. Biases are additions, not
 * multiply-accumulates, and are not counted (torchinfo and the MAC literature count the same way).
 */
import type { Weight } from '../layers/spec';
import { shapeSize, type Shape } from '../model/shape';

/** What the count needs to know about one layer; a LayerReport has all of it. */
export interface MacsInput {
  readonly className: string;
  readonly weights: readonly Weight[] | null;
  readonly inputShapes: readonly (Shape | null)[] | null;
  readonly outputShapes: readonly Shape[] | null;
  /** `channels_first` puts channels right after the batch; anything else is channels-last. */
  readonly dataFormat?: string | null;
}

/** Layers whose forward pass has no multiply-accumulates with weights. */
const NO_MACS = new Set([
  'InputLayer', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D',
  'SpatialDropout3D', 'GaussianDropout', 'GaussianNoise', 'AlphaDropout', 'ActivityRegularization', 'Activation',
  'ReLU', 'LeakyReLU', 'PReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'Identity', 'Masking', 'Embedding',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'GlobalMaxPooling3D', 'GlobalAveragePooling1D',
  'GlobalAveragePooling2D', 'GlobalAveragePooling3D', 'ZeroPadding1D', 'ZeroPadding2D', 'ZeroPadding3D',
  'Cropping1D', 'Cropping2D', 'Cropping3D', 'UpSampling1D', 'UpSampling2D', 'UpSampling3D', 'Concatenate',
  'Add', 'Subtract', 'Maximum', 'Minimum', 'Average', 'Multiply',
]);

/** Element-wise scale and shift: one MAC per output element. */
const AFFINE_PER_ELEMENT = new Set(['BatchNormalization', 'LayerNormalization', 'GroupNormalization', 'UnitNormalization', 'Rescaling']);

const CONV = /^(Conv|Convolution)[123]D$/;
const CONV_TRANSPOSE = /^(Conv|Convolution)[123]DTranspose$/;
const DEPTHWISE = /^DepthwiseConv[12]D$/;
const SEPARABLE = /^(SeparableConv|SeparableConvolution)[12]D$/;
const RNN = new Set(['SimpleRNN', 'LSTM', 'GRU']);

const product = (dims: readonly (number | null)[]): bigint | null => shapeSize(dims);

function mul(a: bigint | null, b: bigint | null): bigint | null {
  return a === null || b === null ? null : a * b;
}

function weight(weights: readonly Weight[], name: string): Weight | undefined {
  return weights.find((w) => w.name === name);
}

/** The spatial dims of a batched image-like shape (everything but batch and channels). */
function spatial(shape: Shape, dataFormat: string | null | undefined): Shape {
  return dataFormat === 'channels_first' ? shape.slice(2) : shape.slice(1, -1);
}

/** MACs for one sample through one layer, or null when it cannot be known. */
export function layerMacs(layer: MacsInput): bigint | null {
  const { className, weights } = layer;
  const output = layer.outputShapes?.length === 1 ? layer.outputShapes[0] : null;
  const input = layer.inputShapes?.length === 1 ? layer.inputShapes[0] : null;
  if (NO_MACS.has(className)) return 0n;
  if (AFFINE_PER_ELEMENT.has(className)) return output ? product(output.slice(1)) : null;
  if (!weights || !output) return null;
  if (className === 'Dense' || className === 'EinsumDense') {
    const kernel = weight(weights, 'kernel');
    if (!kernel || className === 'EinsumDense') return null;
    // A Dense on (batch, t, features) applies its kernel at each of the t positions.
    return mul(product(kernel.shape), product(output.slice(1, -1)));
  }
  if (CONV.test(className) || DEPTHWISE.test(className)) {
    const kernel = weight(weights, 'kernel');
    return kernel ? mul(product(kernel.shape), product(spatial(output, layer.dataFormat))) : null;
  }
  if (CONV_TRANSPOSE.test(className)) {
    const kernel = weight(weights, 'kernel');
    // Each input pixel scatters the whole kernel into the output.
    return kernel && input ? mul(product(kernel.shape), product(spatial(input, layer.dataFormat))) : null;
  }
  if (SEPARABLE.test(className)) {
    const depthwise = weight(weights, 'depthwise_kernel');
    const pointwise = weight(weights, 'pointwise_kernel');
    if (!depthwise || !pointwise) return null;
    const positions = product(spatial(output, layer.dataFormat));
    const dw = mul(product(depthwise.shape), positions);
    const pw = mul(product(pointwise.shape), positions);
    return dw === null || pw === null ? null : dw + pw;
  }
  if (RNN.has(className)) {
    const kernel = weight(weights, 'kernel');
    const recurrent = weight(weights, 'recurrent_kernel');
    if (!kernel || !recurrent || !input || input.length !== 3) return null;
    const inputStep = product(kernel.shape);
    const recurrentStep = product(recurrent.shape);
    if (inputStep === null || recurrentStep === null) return null;
    return mul(inputStep + recurrentStep, product([input[1]]));
  }
  return null;
}

export interface ModelMacs {
  /** The sum over all layers, or null if any layer's count is unknown. */
  readonly total: bigint | null;
  /** Layers whose count is unknown (by name), so the `?` can say why. */
  readonly unknown: readonly string[];
}

export function modelMacs(layers: readonly (MacsInput & { readonly name: string })[]): ModelMacs {
  let total = 0n;
  const unknown: string[] = [];
  for (const l of layers) {
    const n = layerMacs(l);
    if (n === null) unknown.push(l.name);
    else total += n;
  }
  return { total: unknown.length ? null : total, unknown };
}
