import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('activations', [
  { layer: 'ReLU', input: [null, 10], output: [null, 10] },
  { layer: 'ReLU', kwargs: { max_value: 6 }, input: [null, 4, 4, 3], output: [null, 4, 4, 3] },
  { layer: 'ReLU', kwargs: { negative_slope: 0.1, threshold: 0.5 }, input: [null, 7], output: [null, 7] },
  { layer: 'ReLU', kwargs: { max_value: -1 }, input: [null, 10], output: { error: /max_value of a ReLU layer cannot be a negative value/ } },
  { layer: 'ReLU', kwargs: { negative_slope: -0.5 }, input: [null, 10], output: { error: /negative_slope of a ReLU layer cannot be None or a negative value/ } },
  { layer: 'LeakyReLU', input: [null, 8], output: [null, 8] },
  { layer: 'LeakyReLU', kwargs: { negative_slope: 0.2 }, input: [null, 5, 5], output: [null, 5, 5] },
  { layer: 'LeakyReLU', kwargs: { alpha: 0.1 }, input: [null, 8], output: [null, 8] },
  { layer: 'LeakyReLU', kwargs: { negative_slope: -1 }, input: [null, 8], output: { error: /negative_slope value of a Leaky ReLU layer cannot be None or negative value/ } },
  { layer: 'LeakyReLU', kwargs: { alpha: -0.5 }, input: [null, 8], output: { error: /cannot be None or negative value/ } },
  { layer: 'Softmax', input: [null, 10], output: [null, 10] },
  { layer: 'Softmax', kwargs: { axis: 1 }, input: [null, 3, 4], output: [null, 3, 4] },
  { layer: 'Softmax', input: [null, null, 6], output: [null, null, 6] },
  { layer: 'Softmax', kwargs: { dim: 1 }, input: [null, 10], output: { error: /Unrecognized keyword arguments passed to Softmax/ } },
  { layer: 'ELU', input: [null, 10], output: [null, 10] },
  { layer: 'ELU', kwargs: { alpha: 0.5 }, input: [null, 3, 3], output: [null, 3, 3] },
  { layer: 'ELU', args: [2], input: [null, null, 4], output: [null, null, 4] },
  { layer: 'ELU', kwargs: { beta: 1 }, input: [null, 10], output: { error: /Unrecognized keyword arguments passed to ELU/ } },
  { layer: 'PReLU', input: [null, 10], output: [null, 10], trainable: 10 },
  { layer: 'PReLU', input: [null, 4, 5], output: [null, 4, 5], trainable: 20 },
  { layer: 'PReLU', kwargs: { shared_axes: [1, 2] }, input: [null, 8, 8, 3], output: [null, 8, 8, 3], trainable: 3 },
  { layer: 'PReLU', kwargs: { shared_axes: 1 }, input: [null, 5, 4], output: [null, 5, 4], trainable: 4 },
  { layer: 'PReLU', kwargs: { shared_axes: [5] }, input: [null, 4], output: { error: /list assignment index out of range/ } },
]);
