import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('regularization', [
  { layer: 'SpatialDropout1D', args: [0.2], input: [null, 10, 16], output: [null, 10, 16] },
  { layer: 'SpatialDropout1D', args: [0.5], kwargs: { seed: 3 }, input: [2, 4, 4], output: [2, 4, 4] },
  { layer: 'SpatialDropout1D', args: [0.2], input: [null, 16], output: { error: /expected ndim=3, found ndim=2/ } },
  { layer: 'SpatialDropout1D', args: [1.5], input: [null, 10, 16], output: { error: /Invalid value received for argument `rate`/ } },
  { layer: 'SpatialDropout2D', args: [0.2], kwargs: { data_format: 'channels_first' }, input: [null, 3, 8, 8], output: [null, 3, 8, 8] },
  { layer: 'SpatialDropout2D', args: [0.5], input: [null, 8, 8, 3], output: [null, 8, 8, 3] },
  { layer: 'SpatialDropout2D', args: [0.5], input: [null, 8, 3], output: { error: /expected ndim=4, found ndim=3/ } },
  { layer: 'SpatialDropout3D', args: [0.1], input: [null, 4, 4, 4, 2], output: [null, 4, 4, 4, 2] },
  { layer: 'SpatialDropout3D', args: [0.1], kwargs: { data_format: 'channels_first' }, input: [null, 2, 4, 4, 4], output: [null, 2, 4, 4, 4] },
  { layer: 'SpatialDropout3D', args: [0.1], input: [null, 4, 4, 2], output: { error: /expected ndim=5, found ndim=4/ } },
  { layer: 'GaussianNoise', args: [0.1], input: [null, 10], output: [null, 10] },
  { layer: 'GaussianNoise', kwargs: { stddev: 0.5, seed: 1 }, input: [null, 4, 4], output: [null, 4, 4] },
  { layer: 'GaussianNoise', args: [0], input: [null, 3], output: [null, 3] },
  { layer: 'GaussianNoise', args: [2], input: [null, 10], output: { error: /Invalid value received for argument `stddev`. Expected a float value between 0 and 1/ } },
  { layer: 'GaussianDropout', args: [0.3], input: [null, 10], output: [null, 10] },
  { layer: 'GaussianDropout', args: [0.3], input: [null, 5, 5], output: [null, 5, 5] },
  { layer: 'GaussianDropout', args: [-0.1], input: [null, 10], output: { error: /Invalid value received for argument `rate`/ } },
  { layer: 'AlphaDropout', args: [0.1], input: [null, 10], output: [null, 10] },
  { layer: 'AlphaDropout', args: [0.2], kwargs: { seed: 7 }, input: [null, 2, 3], output: [null, 2, 3] },
  { layer: 'AlphaDropout', args: [1.1], input: [null, 10], output: { error: /Invalid value received for argument `rate`/ } },
  { layer: 'ActivityRegularization', kwargs: { l1: 0.01 }, input: [null, 10], output: [null, 10] },
  { layer: 'ActivityRegularization', input: [null, 3, 3], output: [null, 3, 3] },
  { layer: 'ActivityRegularization', args: [0.1, 0.2], input: [null, 4], output: [null, 4] },
  { layer: 'ActivityRegularization', kwargs: { l3: 0.01 }, input: [null, 10], output: { error: /Unrecognized keyword arguments passed to ActivityRegularization/ } },
]);
