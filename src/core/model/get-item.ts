/**
 * The shape of `x[...]` on a symbolic tensor, as Keras 3's `GetItem` operation computes it (NumPy basic
 * indexing): integers drop a dimension, slices keep it with the length Python's `slice.indices` gives, `...`
 * stands for the dimensions not named, `None` adds a dimension of 1. Keras 3 lists such an indexing in a
 * functional model as a `GetItem` row; inside a Lambda only the shape matters.
 */
import type { Dim, Shape } from './shape';

export type IndexItem =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'slice'; readonly start?: number; readonly stop?: number; readonly step?: number }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'newaxis' };

/** The shape of `x[items]`, or a string saying why it is not followed (or why NumPy rules reject it). */
export function getItemShape(shape: Shape, items: readonly IndexItem[]): Shape | string {
  const ellipses = items.filter((i) => i.kind === 'ellipsis').length;
  if (ellipses > 1) return 'an index can only have a single ellipsis (...)';
  const consuming = items.filter((i) => i.kind === 'int' || i.kind === 'slice').length;
  if (consuming > shape.length) return `too many indices for a tensor of rank ${shape.length}`;
  const expanded: IndexItem[] = [];
  for (const item of items) {
    if (item.kind === 'ellipsis') for (let k = 0; k < shape.length - consuming; k++) expanded.push({ kind: 'slice' });
    else expanded.push(item);
  }
  const out: Dim[] = [];
  let axis = 0;
  for (const item of expanded) {
    if (item.kind === 'newaxis') {
      out.push(1);
      continue;
    }
    const dim = shape[axis++];
    if (item.kind === 'int') {
      if (dim !== null && (item.value >= dim || item.value < -dim)) return `index ${item.value} is out of bounds for a dimension of size ${dim}`;
      continue;
    }
    if (item.kind === 'slice') {
      if (item.step === 0) return 'slice step cannot be zero';
      out.push(dim === null ? null : sliceLength(dim, item));
    }
  }
  for (; axis < shape.length; axis++) out.push(shape[axis]);
  return out;
}

/** Python's `len(range(*slice(start, stop, step).indices(n)))`. */
function sliceLength(n: number, s: { start?: number; stop?: number; step?: number }): number {
  const step = s.step ?? 1;
  const clamp = (v: number | undefined, fallback: number, low: number, high: number): number => {
    if (v === undefined) return fallback;
    const at = v < 0 ? v + n : v;
    return Math.min(Math.max(at, low), high);
  };
  if (step > 0) {
    const start = clamp(s.start, 0, 0, n);
    const stop = clamp(s.stop, n, 0, n);
    return Math.max(0, Math.ceil((stop - start) / step));
  }
  const start = clamp(s.start, n - 1, -1, n - 1);
  const stop = clamp(s.stop, -1, -1, n - 1);
  return Math.max(0, Math.ceil((stop - start) / step));
}
