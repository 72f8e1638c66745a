import { runLayerTable } from './layer-table';

runLayerTable('core', [
  { layer: 'Dense', args: [256], input: [null, 784], output: [null, 256], trainable: 200960 },
  { layer: 'Dense', args: [10], kwargs: { activation: 'softmax' }, input: [null, 256], output: [null, 10], trainable: 2570 },
  { layer: 'Dense', args: [4], kwargs: { use_bias: false }, input: [null, 5, 3], output: [null, 5, 4], trainable: 12 },
  { layer: 'Dense', args: [0], input: [null, 3], output: { error: /expected a positive integer/ } },
  { layer: 'Flatten', input: [null, 28, 28], output: [null, 784] },
  { layer: 'Flatten', input: [null, null, 3], output: [null, null] },
  { layer: 'Dropout', args: [0.2], input: [null, 64], output: [null, 64] },
  { layer: 'Activation', args: ['relu'], input: [null, 8, 8], output: [null, 8, 8] },
  { layer: 'Reshape', args: [[28, 28, 1]], input: [null, 784], output: [null, 28, 28, 1] },
  { layer: 'Reshape', args: [[-1, 4]], input: [null, 8, 2], output: [null, 4, 4] },
  { layer: 'Reshape', args: [[27, 27]], input: [null, 784], output: { error: /total size of the tensor must be unchanged/ } },
]);
