import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('rnn', [
  { layer: 'SimpleRNN', args: [32], input: [null, 10, 8], output: [null, 32], trainable: 1312 },
  { layer: 'SimpleRNN', args: [16], kwargs: { return_sequences: true }, input: [null, null, 4], output: [null, null, 16], trainable: 336 },
  { layer: 'SimpleRNN', args: [16], kwargs: { return_state: true }, input: [null, 5, 4], output: [[null, 16], [null, 16]], trainable: 336 },
  { layer: 'simpleRNN', args: [16], kwargs: { return_sequences: true, return_state: true, use_bias: false }, input: [null, 5, 4], output: [[null, 5, 16], [null, 16]], trainable: 320 },
  { layer: 'SimpleRNN', args: [0], input: [null, 5, 4], output: { error: /Received an invalid value for argument `units`, expected a positive integer, got 0/ } },
  { layer: 'SimpleRNN', args: [8], input: [null, 8], output: { error: /expected ndim=3, found ndim=2/ } },
  { layer: 'LSTM', args: [64], input: [null, 100, 32], output: [null, 64], trainable: 24832 },
  { layer: 'LSTM', args: [32], kwargs: { return_sequences: true }, input: [null, 20, 16], output: [null, 20, 32], trainable: 6272 },
  { layer: 'LSTM', args: [8], kwargs: { return_state: true }, input: [null, 5, 3], output: [[null, 8], [null, 8], [null, 8]], trainable: 384 },
  { layer: 'LSTM', args: [8], kwargs: { return_sequences: true, return_state: true }, input: [null, 5, 3], output: [[null, 5, 8], [null, 8], [null, 8]], trainable: 384 },
  { layer: 'lstm', args: [8], kwargs: { use_bias: false }, input: [null, 5, 3], output: [null, 8], trainable: 352 },
  { layer: 'LSTM', args: [8], kwargs: { stateful: true }, input: [4, 5, 3], output: [4, 8], trainable: 384 },
  { layer: 'LSTM', args: [8], kwargs: { implementation: 1, unit_forget_bias: false }, input: [null, 5, 3], output: [null, 8], trainable: 384 },
  { layer: 'LSTM', args: [8], kwargs: { stateful: true }, input: [null, 5, 3], output: { error: /When using `stateful=True` in a RNN, the batch size must be static/ } },
  { layer: 'LSTM', args: [8], input: [null, 5, 3, 2], output: { error: /expected ndim=3, found ndim=4/ } },
  { layer: 'GRU', args: [32], input: [null, 10, 8], output: [null, 32], trainable: 4032 },
  { layer: 'GRU', args: [32], kwargs: { reset_after: false }, input: [null, 10, 8], output: [null, 32], trainable: 3936 },
  { layer: 'GRU', args: [16], kwargs: { return_sequences: true, return_state: true }, input: [null, 7, 4], output: [[null, 7, 16], [null, 16]], trainable: 1056 },
  { layer: 'gru', args: [4], kwargs: { go_backwards: true }, input: [null, 3, 2], output: [null, 4], trainable: 96 },
  { layer: 'GRU', args: [-1], input: [null, 3, 2], output: { error: /expected a positive integer, got -1/ } },
]);
