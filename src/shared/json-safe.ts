/**
 * bigint across JSON (LSP's JSON-RPC cannot carry it): each bigint becomes `{ $bigint: "123" }` and back. Used for
 * results that hold the analyzer's exact counts (a training plan's params).
 */

interface EncodedBigint {
  readonly $bigint: string;
}

const isEncoded = (value: object): value is EncodedBigint => Object.keys(value).length === 1 && typeof (value as { $bigint?: unknown }).$bigint === 'string';

/** A copy of `value` with every bigint encoded; other values as they are. */
export function toJsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return { $bigint: value.toString() } satisfies EncodedBigint;
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

/** The inverse of `toJsonSafe`: every `{ $bigint }` back to a bigint. */
export function fromJsonSafe<T>(value: unknown): T {
  return revive(value) as T;
}

function revive(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object') {
    if (isEncoded(value)) return /^-?\d+$/.test(value.$bigint) ? BigInt(value.$bigint) : value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}
