import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (a list of keras.Input(batch_shape=...) → layer → output shape).
runLayerTable('merging', [
  { layer: 'Concatenate', input: [[null, 3], [null, 4]], output: [null, 7] },
  { layer: 'Concatenate', kwargs: { axis: 1 }, input: [[null, 2, 3], [null, 5, 3]], output: [null, 7, 3] },
  { layer: 'Concatenate', input: [[null, 4, 4, 8], [null, 4, 4, 16], [null, 4, 4, 3]], output: [null, 4, 4, 27] },
  { layer: 'Concatenate', input: [[null, null, 3], [null, 5, 4]], output: [null, null, 7] },
  { layer: 'Concatenate', input: [[null, null], [null, 4]], output: [null, null] },
  { layer: 'Concatenate', args: [-2], input: [[null, 2, 3], [null, 5, 3]], output: [null, 7, 3] },
  { layer: 'Concatenate', input: [[null, 2, 3], [null, 5, 3]], output: { error: /A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis/ } },
  { layer: 'Concatenate', input: [[null, 3], [null, 4, 5]], output: { error: /A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis/ } },
  { layer: 'Add', input: [[null, 3], [null, 3]], output: [null, 3] },
  { layer: 'Add', input: [[null, 4, 5], [null, 4, 5], [null, 4, 5]], output: [null, 4, 5] },
  { layer: 'Add', input: [[null, 1, 5], [null, 4, 5]], output: [null, 4, 5] },
  { layer: 'Add', input: [[null, 3], [null, 2, 3]], output: [null, 2, 3] },
  { layer: 'Add', input: [[8, 3], [null, 3]], output: [8, 3] },
  { layer: 'Add', input: [[null, 3], [null, 4]], output: { error: /Inputs have incompatible shapes. Received shapes \(3,\) and \(4,\)/ } },
  { layer: 'Add', input: [[2, 3], [3, 3]], output: { error: /Cannot merge tensors with different batch sizes/ } },
]);
