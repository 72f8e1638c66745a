/**
 * Keras names layers and models from global counters, and some of its steps take names silently (every
 * Sequential rebuild makes an internal functional model). The expected names were printed by Keras 3.15.1
 * running test/fixtures/keras_auto_names.py.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { snakeCase } from '../../src/core/python/evaluate';
import { analyze } from './analyze-helpers';

test('automatic model and input names follow Keras 3 counters', () => {
  const r = analyze(readFileSync('test/fixtures/keras_auto_names.py', 'utf8'));
  const probes = r.models.filter((m) => m.kind === 'functional').map((m) => [m.name, m.layers[0].name]);
  assert.deepEqual(probes, [
    ['functional', 'input_layer'],
    ['functional_1', 'input_layer_2'],
    ['functional_3', 'input_layer_3'],
    ['functional_5', 'input_layer_4'],
    ['functional_7', 'input_layer_6'],
    ['functional_9', 'input_layer_8'],
    ['functional_11', 'input_layer_10'],
    ['functional_13', 'input_layer_12'],
    ['functional_15', 'input_layer_13'],
  ]);
  const m2 = r.models.find((m) => m.variable === 'm2')!;
  assert.deepEqual([m2.name, m2.layers.map((l) => l.name)], ['sequential_1', ['dense_2', 'dense_3']]);
  assert.equal(r.models.find((m) => m.variable === 'm5')!.name, 'sequential_4');
});

test('snake_case names as keras/src/utils/naming.py makes them', () => {
  const cases: [string, string][] = [
    ['Dense', 'dense'], ['Conv2D', 'conv2d'], ['ReLU', 're_lu'], ['LeakyReLU', 'leaky_re_lu'], ['PReLU', 'p_re_lu'],
    ['MaxPooling2D', 'max_pooling2d'], ['GlobalAveragePooling2D', 'global_average_pooling2d'], ['BatchNormalization', 'batch_normalization'],
    ['Conv2DTranspose', 'conv2d_transpose'], ['SimpleRNN', 'simple_rnn'], ['LSTM', 'lstm'], ['MultiHeadAttention', 'multi_head_attention'],
    ['ZeroPadding2D', 'zero_padding2d'], ['UpSampling2D', 'up_sampling2d'], ['InputLayer', 'input_layer'],
  ];
  for (const [name, expected] of cases) assert.equal(snakeCase(name), expected, name);
});
