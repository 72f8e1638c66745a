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
  { layer: 'Dense', args: [10], kwargs: { lora_rank: 2 }, input: [null, 20], output: [null, 10], trainable: 70, nonTrainable: 200 },
  { layer: 'Embedding', args: [1000, 64], input: [null, 10], output: [null, 10, 64], trainable: 64000 },
  { layer: 'Embedding', kwargs: { input_dim: 10000, output_dim: 128 }, input: [null, null], output: [null, null, 128], trainable: 1280000 },
  { layer: 'Embedding', args: [50, 8], kwargs: { mask_zero: true }, input: [null, 5], output: [null, 5, 8], trainable: 400 },
  { layer: 'embedding', args: [50, 8], input: [null], output: [null, 8], trainable: 400 },
  { layer: 'Embedding', args: [100, 16], kwargs: { lora_rank: 4 }, input: [null, 7], output: [null, 7, 16], trainable: 464, nonTrainable: 1600 },
  { layer: 'Embedding', args: [0, 8], input: [null, 5], output: { error: /`input_dim` must be a positive integer/ } },
  { layer: 'Embedding', args: [10, 8], kwargs: { lora_rank: 2, embeddings_constraint: 'non_neg' }, input: [null, 5], output: { error: /Lora is incompatible with embedding constraints/ } },
]);
