import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('preprocessing', [
  { layer: 'Rescaling', args: [1 / 255], input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'Rescaling', kwargs: { scale: 2.5, offset: -1.5 }, input: [null, 10], output: [null, 10] },
  { layer: 'rescaling', args: [[0.5, 0.25, 0.125]], input: [null, 4, 4, 3], output: [null, 4, 4, 3] },
  { layer: 'Rescaling', input: [null, 10], output: { error: /missing 1 required positional argument: 'scale'/ } },
]);
