import { runLayerTable } from './layer-table';

// Every row checked against Keras 3: MultiHeadAttention is called as layer(query, value[, key]), the other two
// on a list [query, value(, key)].
runLayerTable('attention', [
  { layer: 'MultiHeadAttention', kwargs: { num_heads: 2, key_dim: 16 }, input: [[null, 10, 32], [null, 10, 32]], output: [null, 10, 32], trainable: 4224 },
  { layer: 'MultiHeadAttention', args: [4, 8], kwargs: { value_dim: 16, output_shape: 10 }, input: [[null, 5, 12], [null, 7, 20], [null, 7, 6]], output: [null, 5, 10], trainable: 2634 },
  { layer: 'MultiHeadAttention', args: [2, 4], kwargs: { use_bias: false }, input: [[null, 3, 6], [null, 5, 6]], output: [null, 3, 6], trainable: 192 },
  { layer: 'MultiHeadAttention', args: [2, 4], kwargs: { use_gate: true }, input: [[null, 3, 6], [null, 5, 6]], output: [null, 3, 6], trainable: 278 },
  { layer: 'MultiHeadAttention', args: [2, 4], kwargs: { attention_axes: [1, 2] }, input: [[null, 4, 4, 8], [null, 4, 4, 8]], output: [null, 4, 4, 8], trainable: 288 },
  { layer: 'MultiHeadAttention', args: [2, 4], kwargs: { output_shape: [2, 3] }, input: [[null, 5, 6], [null, 5, 6]], output: [null, 5, 2, 3], trainable: 222 },
  { layer: 'MultiHeadAttention', args: [1, 2], input: [[null, null, 4], [null, null, 4]], output: [null, null, 4], trainable: 42 },
  { layer: 'MultiHeadAttention', args: [2, 4], input: [[null, 3, 6], [null, 5, 6], [null, 4, 6]], output: { error: /All dimensions of `value` and `key`, except the last one, must be equal/ } },
  { layer: 'MultiHeadAttention', args: [0, 4], input: [[null, 3, 6], [null, 5, 6]], output: { error: /Received an invalid value for argument `num_heads`, expected a positive integer/ } },
  { layer: 'MultiHeadAttention', args: [2, 4], kwargs: { value_dim: -2 }, input: [[null, 3, 6], [null, 5, 6]], output: { error: /Received an invalid value for argument `value_dim`/ } },
  { layer: 'Attention', input: [[null, 5, 8], [null, 7, 8]], output: [null, 5, 8] },
  { layer: 'Attention', kwargs: { use_scale: true, score_mode: 'concat' }, input: [[null, 5, 8], [null, 7, 8], [null, 7, 8]], output: [null, 5, 8], trainable: 2 },
  { layer: 'Attention', input: [[null, 5, 8], [null, 7, 16]], output: [null, 5, 16] },
  { layer: 'Attention', kwargs: { score_mode: 'add' }, input: [[null, 5, 8], [null, 7, 8]], output: { error: /Invalid value for argument score_mode/ } },
  { layer: 'Attention', input: [[null, 5, 8], [null, 5, 8], [null, 5, 8], [null, 5, 8]], output: { error: /Attention layer accepts inputs list of length 2 or 3/ } },
  { layer: 'AdditiveAttention', input: [[null, 5, 8], [null, 7, 8]], output: [null, 5, 8], trainable: 8 },
  { layer: 'AdditiveAttention', kwargs: { use_scale: false }, input: [[null, 5, 8], [null, 7, 8]], output: [null, 5, 8] },
  { layer: 'AdditiveAttention', kwargs: { dropout: 0.1 }, input: [[null, 3, 4], [null, 6, 4], [null, 6, 4]], output: [null, 3, 4], trainable: 4 },
  { layer: 'AdditiveAttention', input: [[null, 5, 8], [null, 5, 8], [null, 5, 8], [null, 5, 8]], output: { error: /AdditiveAttention layer accepts inputs list of length 2 or 3/ } },
]);
