import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFrom } from '../../src/core/layers/bind';
import { findLayerSpec } from '../../src/core/layers/catalogue';
import { Unresolved } from '../../src/core/model/errors';
import { runLayerTable } from './layer-table';

// Every row checked against Keras 3 (keras.Input(batch_shape=input) → layer → output shape and weights).
runLayerTable('preprocessing', [
  { layer: 'Rescaling', args: [1 / 255], input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'Rescaling', kwargs: { scale: 2.5, offset: -1.5 }, input: [null, 10], output: [null, 10] },
  { layer: 'Rescaling', args: [[0.5, 0.25, 0.125]], input: [null, 4, 4, 3], output: [null, 4, 4, 3] },
  { layer: 'Rescaling', input: [null, 10], output: { error: /missing 1 required positional argument: 'scale'/ } },
  { layer: 'Normalization', input: [null, 4], output: [null, 4], nonTrainable: 9 },
  { layer: 'Normalization', kwargs: { axis: null }, input: [null, 4], output: [null, 4], nonTrainable: 3 },
  { layer: 'Normalization', kwargs: { axis: [1, 2] }, input: [null, 3, 4], output: [null, 3, 4], nonTrainable: 25 },
  { layer: 'Normalization', kwargs: { mean: 3.5, variance: 2.5 }, input: [null, 4], output: [null, 4] },
  { layer: 'Normalization', kwargs: { mean: [1, 2, 3, 4], variance: [1, 1, 1, 1] }, input: [null, 4], output: [null, 4] },
  { layer: 'Normalization', kwargs: { mean: 1.5 }, input: [null, 4], output: { error: /both `mean` and `variance` must be set/ } },
  { layer: 'Normalization', kwargs: { axis: 3 }, input: [null, 4], output: { error: /All `axis` values must be in the range \[-ndim, ndim\)/ } },
  { layer: 'Resizing', args: [64, 64], input: [null, 128, 128, 3], output: [null, 64, 64, 3] },
  { layer: 'Resizing', args: [32, 48], kwargs: { data_format: 'channels_first' }, input: [null, 3, 100, 100], output: [null, 3, 32, 48] },
  { layer: 'Resizing', args: [10, 20], kwargs: { interpolation: 'nearest', crop_to_aspect_ratio: true }, input: [null, null, null, 1], output: [null, 10, 20, 1] },
  { layer: 'Resizing', args: [10], input: [null, 28, 28, 1], output: { error: /missing 1 required positional argument: 'width'/ } },
  { layer: 'CenterCrop', args: [24, 24], input: [null, 32, 32, 3], output: [null, 24, 24, 3] },
  { layer: 'CenterCrop', args: [8, 6], kwargs: { data_format: 'channels_first' }, input: [null, 3, 10, 10], output: [null, 3, 8, 6] },
  { layer: 'CenterCrop', args: [40, 40], input: [null, 32, 32, 3], output: [null, 40, 40, 3] },
  { layer: 'CenterCrop', args: [8, 8], input: [null, 32], output: { error: /`input_shape` must be a non-nested tuple or list of rank-1 with size 3 \(unbatched\) or 4 \(batched\)/ } },
  { layer: 'Resizing', args: [10, 20], input: [null, 50, 3], output: [10, 20, 3] },
  { layer: 'Resizing', args: [10, 20], input: [null, 5, 50, 50, 3], output: [10, 20, 50, 50, 3] },
  { layer: 'Resizing', args: [10, 20], input: [null], output: { error: /list assignment index out of range/ } },
  { layer: 'RandomFlip', input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomFlip', args: ['horizontal'], kwargs: { seed: 1 }, input: [null, null, null, 3], output: [null, null, null, 3] },
  { layer: 'RandomFlip', kwargs: { data_format: 'channels_first' }, input: [null, 3, 8, 8], output: [null, 3, 8, 8] },
  { layer: 'RandomFlip', kwargs: { data_format: 'NCHW' }, input: [null, 3, 8, 8], output: { error: /The `data_format` argument must be one of/ } },
  { layer: 'RandomRotation', args: [0.1], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomRotation', args: [0.2], kwargs: { fill_mode: 'nearest' }, input: [4, 16, 16, 1], output: [4, 16, 16, 1] },
  { layer: 'RandomRotation', input: [null, 32, 32, 3], output: { error: /missing 1 required positional argument: 'factor'/ } },
  { layer: 'RandomZoom', args: [0.1], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomZoom', args: [[-0.2, 0.2], 0.1], input: [null, 28, 28, 1], output: [null, 28, 28, 1] },
  { layer: 'RandomZoom', input: [null, 32, 32, 3], output: { error: /missing 1 required positional argument: 'height_factor'/ } },
  { layer: 'RandomTranslation', args: [0.1, 0.1], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomTranslation', args: [0.2, 0.3], kwargs: { fill_mode: 'constant' }, input: [null, 10, 12, 2], output: [null, 10, 12, 2] },
  { layer: 'RandomTranslation', args: [0.1], input: [null, 32, 32, 3], output: { error: /missing 1 required positional argument: 'width_factor'/ } },
  { layer: 'RandomContrast', args: [0.2], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomContrast', args: [0.5], kwargs: { value_range: [0, 1] }, input: [null, 8, 8, 1], output: [null, 8, 8, 1] },
  { layer: 'RandomContrast', input: [null, 32, 32, 3], output: { error: /missing 1 required positional argument: 'factor'/ } },
  { layer: 'RandomBrightness', args: [0.2], input: [null, 32, 32, 3], output: [null, 32, 32, 3] },
  { layer: 'RandomBrightness', args: [[-0.1, 0.3]], kwargs: { value_range: [0, 1] }, input: [null, 8, 8, 1], output: [null, 8, 8, 1] },
  { layer: 'RandomBrightness', input: [null, 32, 32, 3], output: { error: /missing 1 required positional argument: 'factor'/ } },
  { layer: 'RandomCrop', args: [24, 24], input: [null, 32, 32, 3], output: [null, 24, 24, 3] },
  { layer: 'RandomCrop', args: [8, 6], kwargs: { data_format: 'channels_first' }, input: [null, 3, 10, 10], output: [null, 3, 8, 6] },
  { layer: 'RandomCrop', args: [5, 5], input: [null, 10, 3], output: [5, 5, 3] },
  { layer: 'RandomCrop', args: [5, 5], input: [null, 3], output: { error: /list assignment index out of range/ } },
  // TextVectorization: keras.Input(batch_shape=input, dtype='string') → layer; 0 params in every mode.
  { layer: 'TextVectorization', input: [null, 1], output: [null, null] },
  { layer: 'TextVectorization', kwargs: { output_mode: 'int', output_sequence_length: 10 }, input: [null], output: [null, 10] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 50, output_sequence_length: 7 }, input: [null, 1], output: [null, 7] },
  { layer: 'TextVectorization', kwargs: { output_mode: 'int', output_sequence_length: 5 }, input: [null, 2, 3], output: [null, 5] },
  { layer: 'TextVectorization', kwargs: { split: null, output_sequence_length: 4 }, input: [null, null], output: [null, 4] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 50, output_mode: 'multi_hot', pad_to_max_tokens: true }, input: [null], output: [null, 50] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 50, output_mode: 'multi_hot', pad_to_max_tokens: true }, input: [null, null], output: [null, null, 50] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 50, output_mode: 'multi_hot', pad_to_max_tokens: true }, input: [null, null, 1], output: [null, null, 1, 50] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 7, output_mode: 'binary', pad_to_max_tokens: true }, input: [null], output: [null, 7] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 7, output_mode: 'tf_idf', pad_to_max_tokens: true }, input: [null, 1], output: [null, 1, 7] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 7, output_mode: 'multi_hot', pad_to_max_tokens: true, split: null }, input: [null], output: [null, 7] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 7, output_mode: 'multi_hot', pad_to_max_tokens: true, split: null }, input: [null, 1], output: [null, 7] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 5, output_mode: 'one_hot', pad_to_max_tokens: true }, input: [null], output: [null, null, 5] },
  { layer: 'TextVectorization', kwargs: { max_tokens: 5, output_mode: 'one_hot', pad_to_max_tokens: true }, input: [null, 1], output: [null, 1, null, 5] },
  { layer: 'TextVectorization', kwargs: { output_mode: 'multi_hot', vocabulary: ['a', 'b', 'c'] }, input: [null], output: [null, 4] },
  { layer: 'TextVectorization', kwargs: { output_mode: 'multi_hot', pad_to_max_tokens: true }, input: [null], output: { error: /If pad_to_max_tokens is True, must set `max_tokens`/ } },
  { layer: 'TextVectorization', kwargs: { output_mode: 'bogus' }, input: [null], output: { error: /Unknown value for `output_mode` argument of TextVectorization/ } },
  { layer: 'TextVectorization', kwargs: { output_mode: 'count', output_sequence_length: 3 }, input: [null], output: { error: /`output_sequence_length` must not be set if `output_mode` is not 'int'/ } },
  { layer: 'TextVectorization', kwargs: { max_tokens: 1 }, input: [null], output: { error: /If set, `max_tokens` must be greater than 1. Received: max_tokens=1/ } },
  { layer: 'TextVectorization', kwargs: { output_sequence_length: 5.5 }, input: [null], output: { error: /must be either None or an integer when `output_mode` is 'int'/ } },
]);

// The multi_hot / count / tf_idf size is the vocabulary adapt() finds in the data: `?`, never a number.
test('preprocessing: TextVectorization(multi_hot) without pad_to_max_tokens has an unknown size (the data decides it)', () => {
  const spec = findLayerSpec('TextVectorization')!;
  for (const output_mode of ['multi_hot', 'count', 'tf_idf']) {
    assert.throws(() => spec.outputShape([[null, 1]], configFrom(spec, { max_tokens: 100, output_mode })), (e: unknown) => e instanceof Unresolved && /adapt\(\)/.test(e.message));
  }
});
