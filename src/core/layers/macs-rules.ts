/**
 * The multiply-accumulate rules the layer specs' `macs` pick from (what is counted and why: report/macs.ts).
 * Each reads the weights the spec builds and the shapes of one call, so no layer repeats its own arithmetic;
 * an unknown weight or dimension gives null (`?`), never a guess.
 */
import { shapeSize, type Shape } from '../model/shape';
import type { MacsArgs, Weight } from './spec';

function mul(a: bigint | null, b: bigint | null): bigint | null {
  return a === null || b === null ? null : a * b;
}

function weight(weights: readonly Weight[] | null, name: string): Weight | undefined {
  return weights?.find((w) => w.name === name);
}

/** The spatial dims of a batched image-like shape (everything but batch and channels). */
function spatial(shape: Shape, dataFormat: string | null | undefined): Shape {
  return dataFormat === 'channels_first' ? shape.slice(2) : shape.slice(1, -1);
}

/** Layers that only move, compare, add or drop values (pooling, reshaping, dropout, activations, merges, lookups). */
export const noMacs = (): bigint => 0n;

/** Element-wise scale and shift (BatchNormalization, Rescaling): one per output element. */
export const perOutputElement = ({ output }: MacsArgs): bigint | null => (output ? shapeSize(output.slice(1)) : null);

/** Dense: the kernel at each leading position (a Dense on (batch, t, features) applies it t times). */
export function denseMacs({ weights, output }: MacsArgs): bigint | null {
  const kernel = weight(weights, 'kernel');
  if (!kernel || !output) return null;
  return mul(shapeSize(kernel.shape), shapeSize(output.slice(1, -1)));
}

/** Convolutions (plain and depthwise): the whole kernel at every output position. */
export function convMacs({ weights, output, dataFormat }: MacsArgs): bigint | null {
  const kernel = weight(weights, 'kernel');
  if (!kernel || !output) return null;
  return mul(shapeSize(kernel.shape), shapeSize(spatial(output, dataFormat)));
}

/** Transposed convolutions: each input pixel scatters the whole kernel into the output. */
export function convTransposeMacs({ weights, input, output, dataFormat }: MacsArgs): bigint | null {
  const kernel = weight(weights, 'kernel');
  if (!kernel || !input || !output) return null;
  return mul(shapeSize(kernel.shape), shapeSize(spatial(input, dataFormat)));
}

/** Separable convolutions: the depthwise and the pointwise kernel, each at every output position. */
export function separableMacs({ weights, output, dataFormat }: MacsArgs): bigint | null {
  const depthwise = weight(weights, 'depthwise_kernel');
  const pointwise = weight(weights, 'pointwise_kernel');
  if (!depthwise || !pointwise || !output) return null;
  const positions = shapeSize(spatial(output, dataFormat));
  const dw = mul(shapeSize(depthwise.shape), positions);
  const pw = mul(shapeSize(pointwise.shape), positions);
  return dw === null || pw === null ? null : dw + pw;
}

/** Recurrent layers: the input and the recurrent kernel, once per timestep. */
export function recurrentMacs({ weights, input, output }: MacsArgs): bigint | null {
  const kernel = weight(weights, 'kernel');
  const recurrent = weight(weights, 'recurrent_kernel');
  if (!kernel || !recurrent || !input || !output || input.length !== 3) return null;
  const inputStep = shapeSize(kernel.shape);
  const recurrentStep = shapeSize(recurrent.shape);
  if (inputStep === null || recurrentStep === null) return null;
  return mul(inputStep + recurrentStep, shapeSize([input[1]]));
}
