/**
 * IDX files, the format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte[.gz]`): a 4-byte magic number
 * (0, 0, type code, rank), then each dimension as a big-endian uint32, then the values, big-endian.
 * Gzip-compressed files are recognised by their own magic number and inflated with Node's zlib.
 */
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import type { NdArray, NumericData } from './array';
import { count, DataError } from './errors';

const TYPES: Record<number, { name: string; bytes: number; read: (v: DataView, off: number) => number; make: (n: number) => NumericData }> = {
  0x08: { name: 'unsigned byte', bytes: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  0x09: { name: 'signed byte', bytes: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) },
  0x0b: { name: 'short', bytes: 2, read: (v, o) => v.getInt16(o), make: (n) => new Int16Array(n) },
  0x0c: { name: 'int', bytes: 4, read: (v, o) => v.getInt32(o), make: (n) => new Int32Array(n) },
  0x0d: { name: 'float', bytes: 4, read: (v, o) => v.getFloat32(o), make: (n) => new Float32Array(n) },
  0x0e: { name: 'double', bytes: 8, read: (v, o) => v.getFloat64(o), make: (n) => new Float64Array(n) },
};

/** Inflates gzip data (recognised by 1f 8b), else returns the bytes as they are. */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const why = (e as Error).message === 'unexpected end of file' ? 'it ends too early (the download was cut short?)' : (e as Error).message;
    throw new DataError(`${name} is not a valid gzip file: ${why}. Download it again.`);
  }
}

/** Parses IDX bytes (already inflated). `name` is used in messages. */
export function parseIdx(bytes: Uint8Array, name: string): NdArray {
  if (bytes.length < 4) throw new DataError(`${name} is too short to be an IDX file (${bytes.length} bytes).`);
  if (bytes[0] !== 0 || bytes[1] !== 0 || !TYPES[bytes[2]] || bytes[3] === 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(`${name} is not an IDX file: wrong magic number ${magic} (IDX files start with 00 00, a type code 08–0e and the number of dimensions).`);
  }
  const type = TYPES[bytes[2]];
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new DataError(`${name} is truncated: its header needs ${headerBytes} bytes, the file has ${bytes.length}.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const n = shape.reduce((a, b) => a * b, 1);
  const need = headerBytes + n * type.bytes;
  if (bytes.length < need) {
    throw new DataError(
      `${name} is truncated: its header says ${shape.join('×')} ${type.name} values (${count(need)} bytes with the header), but the file holds ${count(bytes.length)} bytes. Download it again.`,
    );
  }
  if (type.bytes === 1) {
    // Bytes need no byte-order conversion: copy them out in one go.
    const out = type.make(n);
    (out as Uint8Array).set(type.name === 'signed byte' ? new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, n) : bytes.subarray(headerBytes, headerBytes + n));
    return { data: out, shape };
  }
  const out = type.make(n);
  for (let i = 0; i < n; i++) out[i] = type.read(view, headerBytes + i * type.bytes);
  return { data: out, shape };
}

/** Reads an IDX file, gzip-compressed or raw. */
export function readIdx(path: string): NdArray {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DataError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  const name = basename(path);
  return parseIdx(maybeGunzip(bytes, name), name);
}
