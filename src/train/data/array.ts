/** The numeric arrays the readers produce: a flat typed array in row-major (C) order and its shape. */
export type NumericData = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface NdArray {
  readonly data: NumericData;
  readonly shape: readonly number[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The first `n` rows (along the first axis) without copying. */
export function firstRows(a: NdArray, n: number): NdArray {
  if (n >= a.shape[0]) return a;
  const row = sizeOf(a.shape.slice(1));
  return { data: a.data.subarray(0, n * row) as NumericData, shape: [n, ...a.shape.slice(1)] };
}
