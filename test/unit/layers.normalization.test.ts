import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('normalization', [
  { layer: 'BatchNormalization', input: [null, 64], output: [null, 64], trainable: 128, nonTrainable: 128 },
  { layer: 'BatchNormalization', input: [null, 28, 28, 32], output: [null, 28, 28, 32], trainable: 64, nonTrainable: 64 },
  { layer: 'BatchNormalization', kwargs: { axis: 1 }, input: [null, 3, 32, 32], output: [null, 3, 32, 32], trainable: 6, nonTrainable: 6 },
  { layer: 'BatchNormalization', kwargs: { center: false }, input: [null, 10], output: [null, 10], trainable: 10, nonTrainable: 20 },
  { layer: 'batchNormalization', kwargs: { center: false, scale: false }, input: [null, 10], output: [null, 10], nonTrainable: 20 },
  { layer: 'BatchNormalization', kwargs: { renorm: true }, input: [null, 10], output: [null, 10], trainable: 20, nonTrainable: 50 },
  { layer: 'BatchNormalization', kwargs: { axis: 3 }, input: [null, 10], output: { error: /tuple index out of range/ } },
]);
