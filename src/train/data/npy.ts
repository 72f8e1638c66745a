/**
 * NumPy files: `.npy` (one array) parsed with npyjs, `.npz` (a zip of `.npy` files, as `np.savez` and
 * Keras's `mnist.npz` write them) unzipped with fflate. Every failure becomes a DataError that names the file.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { unzipSync } from 'fflate';
import { parse as parseNpyBuffer } from 'npyjs';
import { sizeOf, type NdArray, type NumericData } from './array';
import { count, DataError } from './errors';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Parses the bytes of one `.npy` file. */
export function parseNpy(bytes: Uint8Array, name: string): NdArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DataError(`${name} is not a NumPy .npy file: it does not start with the "\\x93NUMPY" magic string.`);
  }
  // A fresh, aligned buffer: npyjs views the data in place, which needs the offset aligned to the item size.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let parsed: ReturnType<typeof parseNpyBuffer>;
  try {
    parsed = parseNpyBuffer(buffer);
  } catch (e) {
    const msg = (e as Error).message;
    if (/offset|multiple|length|bounds/i.test(msg)) throw new DataError(`${name} is truncated or damaged (${msg}). Save it again with numpy.save.`);
    throw new DataError(`${name}: ${msg.replace(/^Unsupported dtype: /, 'unsupported data type ')}. Save numbers (uint8, int32, int64, float32, float64) with numpy.save.`);
  }
  if (parsed.fortranOrder) throw new DataError(`${name} is stored in Fortran order; save it with numpy.save(path, numpy.ascontiguousarray(a)).`);
  const shape = parsed.shape;
  const want = sizeOf(shape);
  const raw = parsed.data as unknown;
  if (Array.isArray(raw)) {
    if (typeof raw[0] === 'string') throw new DataError(`${name} holds strings (dtype ${parsed.dtype}); training needs numbers.`);
    // Booleans come back as a plain array.
    const out = new Uint8Array(raw.length);
    raw.forEach((v, i) => (out[i] = v ? 1 : 0));
    return check({ data: out, shape }, want, name);
  }
  if (parsed.dtype === 'c8' || parsed.dtype === 'c16') throw new DataError(`${name} holds complex numbers; training needs real numbers.`);
  let data: NumericData;
  if (raw instanceof BigInt64Array || raw instanceof BigUint64Array) {
    // int64 labels are common (numpy's default int); any value a label or pixel can take fits a float64 exactly.
    const out = new Float64Array(Math.min(raw.length, want));
    for (let i = 0; i < out.length; i++) out[i] = Number(raw[i]);
    data = out;
  } else {
    data = raw as NumericData;
  }
  return check({ data, shape }, want, name);
}

function check(a: NdArray, want: number, name: string): NdArray {
  if (a.data.length < want) {
    throw new DataError(`${name} is truncated: its header says shape (${a.shape.join(', ')}) = ${count(want)} values, but it holds ${count(a.data.length)}. Save it again.`);
  }
  return a.data.length === want ? a : { data: a.data.subarray(0, want) as NumericData, shape: a.shape };
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DataError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
}

export function readNpy(path: string): NdArray {
  return parseNpy(readBytes(path), basename(path));
}

/** Parses an `.npz` archive into its arrays, keyed by name without `.npy` (`x_train`, `y_train`, ...). */
export function parseNpz(bytes: Uint8Array, name: string): Map<string, NdArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DataError(`${name} is not a NumPy .npz file: it is not a zip archive (it should start with "PK").`);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new DataError(`${name} is a damaged zip archive (${(e as Error).message}). Download or save it again.`);
  }
  const out = new Map<string, NdArray>();
  for (const [entry, content] of Object.entries(files)) {
    if (!entry.endsWith('.npy')) continue;
    out.set(entry.slice(0, -4), parseNpy(content, `${name}:${entry}`));
  }
  if (out.size === 0) throw new DataError(`${name} holds no .npy arrays.`);
  return out;
}

export function readNpz(path: string): Map<string, NdArray> {
  return parseNpz(readBytes(path), basename(path));
}

/** The names of an `.npz`'s arrays (`x_train`, ...), with none of them inflated. */
export function npzKeys(path: string): string[] {
  const keys: string[] = [];
  try {
    unzipSync(readBytes(path), { filter: (f) => (f.name.endsWith('.npy') && keys.push(f.name.slice(0, -4)), false) });
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${basename(path)} is not a NumPy .npz file, or a damaged one (${(e as Error).message}).`);
  }
  return keys;
}
