/** A problem with training data the person can fix: the message says what is wrong and what to do. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(message: string) {
    super(message);
  }
}

/** `47040000` → `47,040,000`: sizes in messages read better with separators. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function shapeText(shape: readonly (number | null)[]): string {
  return `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;
}
