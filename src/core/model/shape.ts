/**
 * Tensor shapes as Keras sees them: the batch dimension first, `null` for a dimension that is not known
 * until data arrives (the batch, a variable sequence length) or that the analyzer could not resolve.
 */
export type Dim = number | null;
export type Shape = readonly Dim[];

/** Keras's own rendering: `(None, 28, 28)`; a 1-tuple keeps its comma like Python prints it. */
export function formatShape(shape: Shape | null): string {
  if (shape === null) return '?';
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Several outputs print as a Python list of shapes, as Keras's summary does. */
export function formatShapes(shapes: readonly Shape[] | null): string {
  if (shapes === null) return '?';
  if (shapes.length === 1) return formatShape(shapes[0]);
  return `[${shapes.map(formatShape).join(', ')}]`;
}

/** The product of the dims, or null if any is unknown. Exact: weights beyond 2^53 stay exact as bigint. */
export function shapeSize(dims: readonly Dim[]): bigint | null {
  let size = 1n;
  for (const d of dims) {
    if (d === null) return null;
    size *= BigInt(d);
  }
  return size;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
