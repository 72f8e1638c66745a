import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('convolutional', [
  // Conv2D
  { layer: 'Conv2D', args: [32, 3], input: [null, 28, 28, 1], output: [null, 26, 26, 32], trainable: 320 },
  { layer: 'Conv2D', args: [32, 3], kwargs: { strides: 2 }, input: [null, 28, 28, 1], output: [null, 13, 13, 32], trainable: 320 },
  { layer: 'Conv2D', args: [64, [3, 3]], kwargs: { padding: 'same', strides: 2 }, input: [null, 32, 32, 3], output: [null, 16, 16, 64], trainable: 1792 },
  { layer: 'Conv2D', args: [16, 3], kwargs: { dilation_rate: 2 }, input: [null, 10, 10, 4], output: [null, 6, 6, 16], trainable: 592 },
  { layer: 'Conv2D', args: [8, 3], kwargs: { groups: 2 }, input: [null, 9, 9, 4], output: [null, 7, 7, 8], trainable: 152 },
  { layer: 'Conv2D', args: [8, 3], kwargs: { use_bias: false, data_format: 'channels_first' }, input: [null, 3, 32, 32], output: [null, 8, 30, 30], trainable: 216 },
  { layer: 'Conv2D', args: [8, 3], kwargs: { padding: 'SAME' }, input: [null, 5, 5, 1], output: [null, 5, 5, 8], trainable: 80 },
  { layer: 'Conv2D', args: [16, [3, 1]], kwargs: { strides: [2, 1] }, input: [null, 9, 9, 2], output: [null, 4, 9, 16], trainable: 112 },
  { layer: 'Conv2D', args: [16, 3], input: [null, null, null, 3], output: [null, null, null, 16], trainable: 448 },
  { layer: 'Conv2D', args: [8, 3], kwargs: { lora_rank: 2 }, input: [null, 8, 8, 4], output: [null, 6, 6, 8], trainable: 96, nonTrainable: 288 },
  { layer: 'Convolution2D', args: [4, 1], input: [2, 6, 6, 3], output: [2, 6, 6, 4], trainable: 16 },
  { layer: 'conv2d', args: [4, 2], input: [null, 6, 6, 3], output: [null, 5, 5, 4], trainable: 52 },
  { layer: 'Conv2D', args: [8, 5], input: [null, 3, 3, 1], output: { error: /Computed output size would be zero or negative/ } },
  { layer: 'Conv2D', args: [8, 3], input: [null, 64], output: { error: /expected min_ndim=4, found ndim=2/ } },
  { layer: 'Conv2D', args: [8, 3], kwargs: { groups: 3 }, input: [null, 9, 9, 3], output: { error: /The number of filters must be evenly divisible by the number of groups/ } },
  { layer: 'Conv2D', args: [4, 3], kwargs: { groups: 2 }, input: [null, 9, 9, 3], output: { error: /The number of input channels must be evenly divisible by the number of groups/ } },
  { layer: 'Conv2D', args: [8, 3], kwargs: { padding: 'causal' }, input: [null, 9, 9, 3], output: { error: /The `padding` argument must be a list\/tuple or one of/ } },
  { layer: 'Conv2D', args: [8, 3], kwargs: { strides: 2, dilation_rate: 2 }, input: [null, 9, 9, 3], output: { error: /`strides > 1` not supported in conjunction with `dilation_rate > 1`/ } },
  { layer: 'Conv2D', args: [0, 3], input: [null, 9, 9, 3], output: { error: /Invalid value for argument `filters`. Expected a strictly positive value/ } },
  { layer: 'Conv2D', args: [8, [3, 3, 3]], input: [null, 9, 9, 3], output: { error: /The `kernel_size` argument must be a tuple of 2 integers/ } },
  { layer: 'Conv2D', args: [8, 0], input: [null, 9, 9, 3], output: { error: /that do not satisfy `value > 0`/ } },
  { layer: 'Conv2D', args: [8, 3], kwargs: { data_format: 'NHWC' }, input: [null, 9, 9, 3], output: { error: /The `data_format` argument must be one of/ } },
  // Conv1D
  { layer: 'Conv1D', args: [32, 3], input: [null, 100, 8], output: [null, 98, 32], trainable: 800 },
  { layer: 'Conv1D', args: [16, 5], kwargs: { padding: 'causal', dilation_rate: 2 }, input: [null, 50, 4], output: [null, 50, 16], trainable: 336 },
  { layer: 'Conv1D', args: [16, 3], kwargs: { strides: 2, padding: 'same' }, input: [null, 11, 4], output: [null, 6, 16], trainable: 208 },
  { layer: 'Conv1D', args: [8, 3], kwargs: { data_format: 'channels_first' }, input: [null, 4, 20], output: [null, 8, 18], trainable: 104 },
  { layer: 'Conv1D', args: [8, 3], kwargs: { groups: 4 }, input: [null, null, 8], output: [null, null, 8], trainable: 56 },
  { layer: 'conv1d', args: [8, 3], kwargs: { use_bias: false }, input: [null, 10, 2], output: [null, 8, 8], trainable: 48 },
  { layer: 'Conv1D', args: [8, 3], input: [null, 2, 4], output: { error: /Computed output size would be zero or negative/ } },
  { layer: 'Conv1D', args: [8, 3], input: [null, 5, 6, 64], output: { error: /Kernel shape must have the same length as input/ } },
  { layer: 'Conv1D', args: [8, 3], input: [null, 10], output: { error: /expected min_ndim=3, found ndim=2/ } },
]);
