import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('reshaping', [
  { layer: 'ZeroPadding2D', input: [null, 28, 28, 3], output: [null, 30, 30, 3] },
  { layer: 'ZeroPadding2D', kwargs: { padding: [2, 3] }, input: [null, 10, 10, 1], output: [null, 14, 16, 1] },
  { layer: 'ZeroPadding2D', kwargs: { padding: [[1, 2], [3, 4]] }, input: [null, 10, 10, 1], output: [null, 13, 17, 1] },
  { layer: 'ZeroPadding2D', args: [1], kwargs: { data_format: 'channels_first' }, input: [null, 3, 8, 8], output: [null, 3, 10, 10] },
  { layer: 'zeroPadding2d', input: [null, null, 5, 2], output: [null, null, 7, 2] },
  { layer: 'ZeroPadding2D', kwargs: { padding: [1, 2, 3] }, input: [null, 10, 10, 1], output: { error: /`padding` should have two elements/ } },
  { layer: 'ZeroPadding2D', input: [null, 5, 5], output: { error: /expected ndim=4, found ndim=3/ } },
  { layer: 'UpSampling2D', input: [null, 7, 7, 64], output: [null, 14, 14, 64] },
  { layer: 'UpSampling2D', kwargs: { size: [3, 2], interpolation: 'bilinear' }, input: [null, 4, 5, 1], output: [null, 12, 10, 1] },
  { layer: 'UpSampling2D', kwargs: { data_format: 'channels_first' }, input: [null, 3, 4, 5], output: [null, 3, 8, 10] },
  { layer: 'upSampling2d', args: [2], input: [null, null, 4, 5], output: [null, null, 8, 5] },
  { layer: 'UpSampling2D', kwargs: { size: 0 }, input: [null, 4, 4, 1], output: { error: /The `size` argument must be a tuple of 2 integers/ } },
  { layer: 'UpSampling2D', input: [null, 4, 4], output: { error: /expected ndim=4, found ndim=3/ } },
]);
