/** Drives layer specs from a table, the way Keras's own layer tests do (kwargs, input shape → output shape, weights). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../src/core/model/errors';
import { configFrom } from '../../src/core/layers/bind';
import { findLayerSpec } from '../../src/core/layers/catalogue';
import { shapeSize, type Shape } from '../../src/core/model/shape';

export interface LayerCase {
  /** Keras class name. */
  readonly layer: string;
  readonly kwargs?: Record<string, unknown>;
  readonly args?: unknown[];
  /** One input shape, or a list for layers called on several tensors (batch dim included). */
  readonly input: Shape | Shape[];
  /** Expected output shape (or shapes for several outputs), or the Keras error it must raise. */
  readonly output: Shape | Shape[] | { readonly error: RegExp };
  readonly trainable?: number;
  readonly nonTrainable?: number;
}

/** An argument as it reads in Python; a wrapped layer by its class. */
function show(v: unknown): string {
  const layer = v as { kind?: string; layer?: { className: string } } | null;
  if (layer?.kind === 'layer' && layer.layer) return `${layer.layer.className}(...)`;
  return JSON.stringify(v);
}

const isShapeList = (s: Shape | Shape[]): s is Shape[] => s.length > 0 && Array.isArray(s[0]);

export function runLayerTable(title: string, cases: readonly LayerCase[]): void {
  for (const c of cases) {
    const name = `${title}: ${c.layer}(${[...(c.args ?? []).map(show), ...Object.entries(c.kwargs ?? {}).map(([k, v]) => `${k}=${show(v)}`)].join(', ')}) on ${JSON.stringify(c.input)}`;
    test(name, () => {
      const spec = findLayerSpec(c.layer);
      assert.ok(spec, `no spec for ${c.layer}`);
      const inputs = isShapeList(c.input) ? c.input : [c.input];
      const run = () => {
        const cfg = configFrom(spec, c.kwargs, c.args);
        const out = spec.outputShape(inputs, cfg);
        const weights = spec.weights?.(inputs, cfg) ?? [];
        return { out, weights };
      };
      if ('error' in c.output) {
        assert.throws(run, (e: unknown) => e instanceof ShapeError && (c.output as { error: RegExp }).error.test(e.message));
        return;
      }
      const { out, weights } = run();
      assert.deepEqual(out, c.output);
      const sum = (trainable: boolean) =>
        weights.filter((w) => w.trainable === trainable).reduce((a, w) => a + (shapeSize(w.shape) ?? -1n), 0n);
      assert.equal(sum(true), BigInt(c.trainable ?? 0), 'trainable params');
      assert.equal(sum(false), BigInt(c.nonTrainable ?? 0), 'non-trainable params');
    });
  }
}
