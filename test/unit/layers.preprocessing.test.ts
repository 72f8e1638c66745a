import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('preprocessing', [
  { layer: 'Rescaling', args: [1 / 255], input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'Rescaling', kwargs: { scale: 2.5, offset: -1.5 }, input: [null, 10], output: [null, 10] },
  { layer: 'rescaling', args: [[0.5, 0.25, 0.125]], input: [null, 4, 4, 3], output: [null, 4, 4, 3] },
  { layer: 'Rescaling', input: [null, 10], output: { error: /missing 1 required positional argument: 'scale'/ } },
  { layer: 'Normalization', input: [null, 4], output: [null, 4], nonTrainable: 9 },
  { layer: 'Normalization', kwargs: { axis: null }, input: [null, 4], output: [null, 4], nonTrainable: 3 },
  { layer: 'Normalization', kwargs: { axis: [1, 2] }, input: [null, 3, 4], output: [null, 3, 4], nonTrainable: 25 },
  { layer: 'Normalization', kwargs: { mean: 3.5, variance: 2.5 }, input: [null, 4], output: [null, 4] },
  { layer: 'normalization', kwargs: { mean: [1, 2, 3, 4], variance: [1, 1, 1, 1] }, input: [null, 4], output: [null, 4] },
  { layer: 'Normalization', kwargs: { mean: 1.5 }, input: [null, 4], output: { error: /both `mean` and `variance` must be set/ } },
  { layer: 'Normalization', kwargs: { axis: 3 }, input: [null, 4], output: { error: /All `axis` values must be in the range \[-ndim, ndim\)/ } },
  { layer: 'Resizing', args: [64, 64], input: [null, 128, 128, 3], output: [null, 64, 64, 3] },
  { layer: 'Resizing', args: [32, 48], kwargs: { data_format: 'channels_first' }, input: [null, 3, 100, 100], output: [null, 3, 32, 48] },
  { layer: 'resizing', args: [10, 20], kwargs: { interpolation: 'nearest', crop_to_aspect_ratio: true }, input: [null, null, null, 1], output: [null, 10, 20, 1] },
  { layer: 'Resizing', args: [10], input: [null, 28, 28, 1], output: { error: /missing 1 required positional argument: 'width'/ } },
  { layer: 'CenterCrop', args: [24, 24], input: [null, 32, 32, 3], output: [null, 24, 24, 3] },
  { layer: 'CenterCrop', args: [8, 6], kwargs: { data_format: 'channels_first' }, input: [null, 3, 10, 10], output: [null, 3, 8, 6] },
  { layer: 'centerCrop', args: [40, 40], input: [null, 32, 32, 3], output: [null, 40, 40, 3] },
  { layer: 'CenterCrop', args: [8, 8], input: [null, 32], output: { error: /`input_shape` must be a non-nested tuple or list of rank-1 with size 3 \(unbatched\) or 4 \(batched\)/ } },
  { layer: 'Resizing', args: [10, 20], input: [null, 50, 3], output: [10, 20, 3] },
  { layer: 'Resizing', args: [10, 20], input: [null, 5, 50, 50, 3], output: [10, 20, 50, 50, 3] },
  { layer: 'Resizing', args: [10, 20], input: [null], output: { error: /list assignment index out of range/ } },
]);
