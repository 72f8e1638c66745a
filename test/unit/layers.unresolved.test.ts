/**
 * Where Keras would need a value the analyzer does not have, a spec must say so (Unresolved → `?`) rather
 * than guess a number or claim a Keras error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Unresolved } from '../../src/core/model/errors';
import type { LayerInstance } from '../../src/core/model/graph';
import { configFrom } from '../../src/core/layers/bind';
import { findLayerSpec } from '../../src/core/layers/catalogue';
import type { Shape } from '../../src/core/model/shape';
import type { PyValue } from '../../src/core/model/values';

const UNKNOWN: PyValue = { kind: 'unknown', reason: 'computed at run time' };

interface Case {
  readonly title: string;
  readonly layer: string;
  readonly args?: unknown[];
  readonly kwargs?: Record<string, unknown>;
  readonly input: Shape[];
  /** Which part cannot be known: the output shape, or only the weights. */
  readonly part: 'output' | 'weights';
}

const unknownLayer: Partial<LayerInstance> = { id: 0, className: 'MyCell', spec: undefined, name: 'my_cell', trainable: true, unknownReason: 'MyCell is a custom class' };

const cases: Case[] = [
  { title: 'Dense on an unknown feature size', layer: 'Dense', args: [4], input: [[null, null]], part: 'weights' },
  { title: 'Conv2D on unknown channels', layer: 'Conv2D', args: [4, 3], input: [[null, 8, 8, null]], part: 'output' },
  { title: 'Conv2D with a kernel size computed at run time', layer: 'Conv2D', args: [4, UNKNOWN], input: [[null, 8, 8, 3]], part: 'output' },
  { title: 'LSTM on an unknown feature size', layer: 'LSTM', args: [4], input: [[null, 5, null]], part: 'weights' },
  { title: 'BatchNormalization on unknown channels', layer: 'BatchNormalization', input: [[null, null]], part: 'weights' },
  { title: 'Embedding with an unknown vocabulary size', layer: 'Embedding', args: [UNKNOWN, 8], input: [[null, 5]], part: 'output' },
  { title: 'PReLU over an unknown, unshared axis', layer: 'PReLU', input: [[null, null, 4]], part: 'weights' },
  { title: 'Normalization keeping an unknown axis', layer: 'Normalization', input: [[null, null]], part: 'weights' },
  { title: 'Lambda without output_shape', layer: 'Lambda', args: [UNKNOWN], input: [[null, 4]], part: 'output' },
  { title: 'Dot over an axis of unknown size', layer: 'Dot', args: [1], input: [[null, 5], [null, null]], part: 'output' },
  { title: 'MultiHeadAttention with a key of unknown length', layer: 'MultiHeadAttention', args: [2, 4], input: [[null, 3, 6], [null, 5, 6], [null, null, 6]], part: 'output' },
  { title: 'ConvLSTM2D over unknown image sizes', layer: 'ConvLSTM2D', args: [4, 3], input: [[null, 5, null, null, 2]], part: 'output' },
  { title: 'Bidirectional over a layer Model Lens does not know', layer: 'Bidirectional', args: [{ kind: 'layer', layer: unknownLayer as LayerInstance }], input: [[null, 5, 3]], part: 'output' },
];

for (const c of cases) {
  test(`unresolved: ${c.title}`, () => {
    const spec = findLayerSpec(c.layer);
    assert.ok(spec, `no spec for ${c.layer}`);
    const cfg = configFrom(spec, c.kwargs, c.args);
    if (c.part === 'output') {
      assert.throws(() => spec.outputShape(c.input, cfg), Unresolved);
    } else {
      assert.doesNotThrow(() => spec.outputShape(c.input, cfg));
      assert.throws(() => spec.weights?.(c.input, cfg), Unresolved);
    }
  });
}
