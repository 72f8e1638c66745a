/**
 * tf.keras 2's kernel-approximation layer (tf_keras/src/layers/kernelized.py), reached as
 * `keras.layers.experimental.RandomFourierFeatures`. Keras 3 removed it (its `keras.layers.experimental` is gone).
 */
import { ShapeError } from '../model/errors';
import { formatShape } from '../model/shape';
import type { LayerSpec } from './spec';

const RBF_KERNELS = ['gaussian', 'laplacian'];

function outputDim(cfg: Parameters<LayerSpec['outputShape']>[1]): number {
  const dim = cfg.int('output_dim');
  if (dim <= 0) throw new ShapeError(`\`output_dim\` should be a positive integer. Received: ${dim}`);
  const init = cfg.raw('kernel_initializer');
  if (init?.kind === 'str' && !RBF_KERNELS.includes(init.value.toLowerCase())) {
    throw new ShapeError(`Unsupported \`kernel_initializer\`: ${init.value} Expected one of: [${RBF_KERNELS.map((k) => `'${k}'`).join(', ')}]`);
  }
  return dim;
}

/** tf-keras's build(): a rank-2 input whose last dim is known. */
function inputDim(input: Parameters<LayerSpec['outputShape']>[0][number]): number {
  if (input.length !== 2) {
    throw new ShapeError(`The rank of the input tensor should be 2. Received input with rank ${input.length} instead. Full input shape received: ${formatShape(input)}`);
  }
  const dim = input[1];
  if (dim === null) throw new ShapeError(`The last dimension of the input tensor should be defined. Found \`None\`. Full input shape received: ${formatShape(input)}`);
  return dim;
}

export const RandomFourierFeatures: LayerSpec = {
  className: 'RandomFourierFeatures',
  // `trainable` is the layer's own argument here, False by default: it decides whether `kernel_scale` trains.
  args: [{ name: 'output_dim' }, { name: 'kernel_initializer', default: 'gaussian' }, { name: 'scale', default: null }, { name: 'trainable', default: false }],
  outputShape([input], cfg) {
    inputDim(input);
    return [input[0], outputDim(cfg)];
  },
  weights([input], cfg) {
    const units = outputDim(cfg);
    return [
      { name: 'unscaled_kernel', shape: [inputDim(input), units], trainable: false },
      { name: 'bias', shape: [units], trainable: false },
      { name: 'kernel_scale', shape: [1], trainable: cfg.bool('trainable') },
    ];
  },
  doc: 'Maps its inputs to random Fourier features that approximate a Gaussian or Laplacian kernel (cos(x·W + b) with W and b fixed at random), so a linear layer after it works like a kernel SVM.',
  tfKeras2Only: 'Keras 3 has no RandomFourierFeatures: it was tf.keras 2\'s `keras.layers.experimental.RandomFourierFeatures` (install tf-keras, or write the layer yourself)',
};

export const KERNELIZED_LAYERS: readonly LayerSpec[] = [RandomFourierFeatures];
