import { runLayerTable } from './layer-table';

// Every row checked against tf-keras 2.21 (tf_keras.layers.experimental.RandomFourierFeatures on keras.Input(batch_shape=input)).
runLayerTable('kernelized', [
  { layer: 'RandomFourierFeatures', kwargs: { output_dim: 4096, scale: 10.0, kernel_initializer: 'gaussian' }, input: [null, 784], output: [null, 4096], nonTrainable: 3215361 },
  { layer: 'RandomFourierFeatures', args: [8], kwargs: { trainable: true }, input: [null, 10], output: [null, 8], trainable: 1, nonTrainable: 88 },
  { layer: 'RandomFourierFeatures', args: [8, 'laplacian', 2.0, true], input: [null, 10], output: [null, 8], trainable: 1, nonTrainable: 88 },
  { layer: 'RandomFourierFeatures', args: [8], input: [null, 3, 10], output: { error: /The rank of the input tensor should be 2. Received input with rank 3 instead/ } },
  { layer: 'RandomFourierFeatures', args: [8], input: [null, null], output: { error: /The last dimension of the input tensor should be defined. Found `None`/ } },
  { layer: 'RandomFourierFeatures', args: [0], input: [null, 10], output: { error: /`output_dim` should be a positive integer. Received: 0/ } },
  { layer: 'RandomFourierFeatures', args: [8], kwargs: { kernel_initializer: 'uniform' }, input: [null, 10], output: { error: /Unsupported `kernel_initializer`: uniform Expected one of: \['gaussian', 'laplacian'\]/ } },
]);
