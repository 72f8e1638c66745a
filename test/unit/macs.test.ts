/** Multiply-accumulates per sample, from the weights and shapes the analysis already has. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { layerMacs, modelMacs, type MacsInput } from '../../src/core/report/macs';

before(async () => {
  await initParser();
});

const w = (name: string, ...shape: number[]) => ({ name, shape, trainable: true });

describe('per layer, by the formulas people check by hand', () => {
  const cases: [string, MacsInput, bigint | null][] = [
    ['Dense 784→256: in*units', { className: 'Dense', weights: [w('kernel', 784, 256), w('bias', 256)], inputShapes: [[null, 784]], outputShapes: [[null, 256]] }, 200_704n],
    ['Dense on a sequence applies its kernel at each step', { className: 'Dense', weights: [w('kernel', 64, 8)], inputShapes: [[null, 10, 64]], outputShapes: [[null, 10, 8]] }, 5_120n],
    ['Conv2D 3×3, 1→32 on 28×28: out_h*out_w*k_h*k_w*in_c*filters', { className: 'Conv2D', weights: [w('kernel', 3, 3, 1, 32), w('bias', 32)], inputShapes: [[null, 28, 28, 1]], outputShapes: [[null, 26, 26, 32]] }, 26n * 26n * 3n * 3n * 1n * 32n],
    ['Conv2D with groups=2 (the kernel holds in_c/groups)', { className: 'Conv2D', weights: [w('kernel', 3, 3, 4, 16)], inputShapes: [[null, 10, 10, 8]], outputShapes: [[null, 8, 8, 16]] }, 8n * 8n * 3n * 3n * (8n / 2n) * 16n],
    ['Conv2D channels_first', { className: 'Conv2D', weights: [w('kernel', 3, 3, 3, 8)], inputShapes: [[null, 3, 32, 32]], outputShapes: [[null, 8, 30, 30]], dataFormat: 'channels_first' }, 30n * 30n * 27n * 8n],
    ['Conv1D', { className: 'Conv1D', weights: [w('kernel', 5, 16, 32)], inputShapes: [[null, 100, 16]], outputShapes: [[null, 96, 32]] }, 96n * 5n * 16n * 32n],
    ['Conv2DTranspose: per input pixel', { className: 'Conv2DTranspose', weights: [w('kernel', 3, 3, 16, 8)], inputShapes: [[null, 7, 7, 8]], outputShapes: [[null, 14, 14, 16]] }, 49n * 3n * 3n * 16n * 8n],
    ['DepthwiseConv2D', { className: 'DepthwiseConv2D', weights: [w('kernel', 3, 3, 8, 1)], inputShapes: [[null, 10, 10, 8]], outputShapes: [[null, 8, 8, 8]] }, 64n * 72n],
    ['SeparableConv2D: depthwise + pointwise', { className: 'SeparableConv2D', weights: [w('depthwise_kernel', 3, 3, 8, 1), w('pointwise_kernel', 1, 1, 8, 16)], inputShapes: [[null, 10, 10, 8]], outputShapes: [[null, 8, 8, 16]] }, 64n * 72n + 64n * 128n],
    ['LSTM: timesteps × (input + recurrent kernels)', { className: 'LSTM', weights: [w('kernel', 128, 256), w('recurrent_kernel', 64, 256), w('bias', 256)], inputShapes: [[null, 200, 128]], outputShapes: [[null, 64]] }, 200n * (128n * 256n + 64n * 256n)],
    ['an RNN over an unknown number of steps is unknown', { className: 'GRU', weights: [w('kernel', 8, 12), w('recurrent_kernel', 4, 12)], inputShapes: [[null, null, 8]], outputShapes: [[null, 4]] }, null],
    ['BatchNormalization: one per output element', { className: 'BatchNormalization', weights: [w('gamma', 32)], inputShapes: [[null, 26, 26, 32]], outputShapes: [[null, 26, 26, 32]] }, 26n * 26n * 32n],
    ['pooling, flatten, dropout, embedding: 0', { className: 'MaxPooling2D', weights: [], inputShapes: [[null, 26, 26, 32]], outputShapes: [[null, 13, 13, 32]] }, 0n],
    ['Embedding is a lookup: 0', { className: 'Embedding', weights: [w('embeddings', 20000, 128)], inputShapes: [[null, 200]], outputShapes: [[null, 200, 128]] }, 0n],
    ['a layer Model Lens has no rule for is unknown, never guessed', { className: 'MyCustomLayer', weights: [w('kernel', 3, 3)], inputShapes: [[null, 3]], outputShapes: [[null, 3]] }, null],
    ['an unknown output shape is unknown', { className: 'Dense', weights: null, inputShapes: null, outputShapes: null }, null],
  ];
  for (const [name, input, expected] of cases) {
    test(name, () => assert.equal(layerMacs(input), expected));
  }
});

describe('per model', () => {
  test('the tutorial: 200,704 + 2,560 = 203,264 MACs per sample', () => {
    const report = analyzePython(readFileSync('examples/fashion_mnist.py', 'utf8'));
    const macs = modelMacs(report.models[0].layers);
    assert.deepEqual(macs, { total: 203_264n, unknown: [] });
  });

  test('one unknown layer makes the total unknown and is named', () => {
    const macs = modelMacs([
      { name: 'dense', className: 'Dense', weights: [w('kernel', 4, 2)], inputShapes: [[null, 4]], outputShapes: [[null, 2]] },
      { name: 'mystery', className: 'Mystery', weights: null, inputShapes: [[null, 2]], outputShapes: null },
    ]);
    assert.deepEqual(macs, { total: null, unknown: ['mystery'] });
  });
});
