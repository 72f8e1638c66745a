import type { LayerInstance } from '../../src/core/model/graph';
import { configFrom } from '../../src/core/layers/bind';
import { findLayerSpec } from '../../src/core/layers/catalogue';
import type { PyValue } from '../../src/core/model/values';
import { runLayerTable } from './layer-table';

/** A layer passed as an argument, e.g. the `LSTM(16)` in `Bidirectional(LSTM(16))`. */
function inner(className: string, args: unknown[] = [], kwargs: Record<string, unknown> = {}, trainable = true): PyValue {
  const spec = findLayerSpec(className);
  if (!spec) throw new Error(`no spec for ${className}`);
  const layer: Partial<LayerInstance> = {
    id: 0,
    className: spec.className,
    spec,
    name: className.toLowerCase(),
    config: configFrom(spec, kwargs, args),
    trainable,
    declaredInput: null,
    weights: null,
    calls: [],
  };
  return { kind: 'layer', layer: layer as LayerInstance };
}

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → wrapper(inner) → output shape and weights).
runLayerTable('wrappers', [
  { layer: 'Bidirectional', args: [inner('LSTM', [16])], input: [null, 10, 8], output: [null, 32], trainable: 3200 },
  { layer: 'Bidirectional', args: [inner('LSTM', [16], { return_sequences: true })], kwargs: { merge_mode: 'sum' }, input: [null, 10, 8], output: [null, 10, 16], trainable: 3200 },
  { layer: 'Bidirectional', args: [inner('GRU', [8])], kwargs: { merge_mode: null }, input: [null, 5, 4], output: [[null, 8], [null, 8]], trainable: 672 },
  { layer: 'Bidirectional', args: [inner('LSTM', [4], { return_state: true })], input: [null, 5, 3], output: [[null, 8], [null, 4], [null, 4], [null, 4], [null, 4]], trainable: 256 },
  { layer: 'Bidirectional', args: [inner('LSTM', [4], { return_state: true }), null], input: [null, 5, 3], output: [[null, 4], [null, 4], [null, 4], [null, 4], [null, 4], [null, 4]], trainable: 256 },
  { layer: 'Bidirectional', args: [inner('SimpleRNN', [4], { return_sequences: true })], kwargs: { merge_mode: 'ave' }, input: [null, null, 3], output: [null, null, 4], trainable: 64 },
  { layer: 'Bidirectional', args: [inner('SimpleRNN', [4])], kwargs: { backward_layer: inner('SimpleRNN', [6], { go_backwards: true }) }, input: [null, 5, 3], output: [null, 8], trainable: 92 },
  { layer: 'Bidirectional', args: [inner('LSTM', [4], {}, false)], input: [null, 5, 3], output: [null, 8], nonTrainable: 256 },
  { layer: 'Bidirectional', args: [inner('LSTM', [4])], kwargs: { backward_layer: inner('LSTM', [4]) }, input: [null, 5, 3], output: { error: /Forward layer and backward layer should have different `go_backwards` value/ } },
  { layer: 'Bidirectional', args: [inner('LSTM', [4], { return_sequences: true })], kwargs: { backward_layer: inner('LSTM', [4], { go_backwards: true }) }, input: [null, 5, 3], output: { error: /Forward layer and backward layer are expected to have the same value for attribute "return_sequences"/ } },
  { layer: 'Bidirectional', args: [inner('LSTM', [4])], kwargs: { merge_mode: 'max' }, input: [null, 5, 3], output: { error: /Invalid merge mode. Received: max. Merge mode should be one of/ } },
  { layer: 'Bidirectional', args: [inner('LSTM', [4])], input: [null, 5], output: { error: /expected ndim=3, found ndim=2/ } },
  { layer: 'TimeDistributed', args: [inner('Dense', [8])], input: [null, 10, 16], output: [null, 10, 8], trainable: 136 },
  { layer: 'TimeDistributed', args: [inner('Conv2D', [4, 3])], input: [null, 5, 8, 8, 3], output: [null, 5, 6, 6, 4], trainable: 112 },
  { layer: 'TimeDistributed', kwargs: { layer: inner('Flatten') }, input: [null, 4, 3, 2], output: [null, 4, 6] },
  { layer: 'TimeDistributed', args: [inner('Dense', [8], {}, false)], input: [null, 10, 16], output: [null, 10, 8], nonTrainable: 136 },
  { layer: 'TimeDistributed', args: [inner('Dense', [8])], input: [null, 16], output: { error: /`TimeDistributed` Layer should be passed an `input_shape` with at least 3 dimensions/ } },
  { layer: 'TimeDistributed', args: [inner('Conv2D', [4, 5])], input: [null, 5, 3, 3, 1], output: { error: /Computed output size would be zero or negative/ } },
  { layer: 'TimeDistributed', args: [inner('LSTM', [4])], input: [null, 5, 6, 2], output: [null, 5, 4], trainable: 112 },
  { layer: 'Bidirectional', args: [inner('Dense', [4])], input: [null, 5, 2], output: { error: /could not be deserialized properly/ } },
]);

// Checked against Keras 3.15 (conformance/fixtures/spectral_norm_discriminator.py and by hand): the wrapped
// layer's weights, plus a non-trainable `vector_u` of one value per column of its kernel (or embeddings).
runLayerTable('spectral normalization', [
  { layer: 'SpectralNormalization', args: [inner('Conv2D', [8, 3], { padding: 'same' })], input: [null, 16, 16, 3], output: [null, 16, 16, 8], trainable: 224, nonTrainable: 8 },
  { layer: 'SpectralNormalization', args: [inner('Dense', [10])], kwargs: { power_iterations: 2 }, input: [null, 2048], output: [null, 10], trainable: 20490, nonTrainable: 10 },
  { layer: 'SpectralNormalization', args: [inner('Embedding', [100, 8])], input: [null, 5], output: [null, 5, 8], trainable: 800, nonTrainable: 8 },
  { layer: 'SpectralNormalization', args: [inner('Dense', [16], {}, false)], input: [null, 32], output: [null, 16], nonTrainable: 544 },
  { layer: 'SpectralNormalization', args: [inner('Dense', [2])], kwargs: { power_iterations: 0 }, input: [null, 4], output: { error: /`power_iterations` should be greater than zero. Received: `power_iterations=0`/ } },
  { layer: 'SpectralNormalization', args: [inner('Dropout', [0.5])], input: [null, 4], output: { error: /Dropout object has no attribute 'kernel' nor 'embeddings'/ } },
]);
