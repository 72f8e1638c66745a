/**
 * IDX files, the format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte[.gz]`): a 4-byte magic number
 * (0, 0, type code, rank), then each dimension as a big-endian uint32, then the values, big-endian.
 * Gzip-compressed files are recognised by their own magic number and inflated as a stream (fflate), stopped at
 * the size the IDX header declares: a small file that inflates to gigabytes (a gzip bomb) is refused at once.
 */
import { Gunzip } from 'fflate';
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

/** The largest IDX payload read (2 GiB): far above any dataset that fits a training run in memory here. */
export const MAX_IDX_BYTES = 2 ** 31;
/** Compressed bytes fed to the inflater at a time: deflate expands at most ~1032:1, so one step stays near 16 MB. */
const INFLATE_STEP = 16 * 1024;

const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** How many bytes an IDX file holds by its header (the header included); undefined while the header is incomplete. */
function declaredIdxBytes(head: Uint8Array): number | undefined {
  if (head.length < 4) return undefined;
  const type = TYPES[head[2]];
  const headerBytes = 4 + 4 * head[3];
  if (head[0] !== 0 || head[1] !== 0 || !type || head[3] === 0) return 4; // not IDX: parseIdx says why
  if (head.length < headerBytes) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let n = 1;
  for (let i = 0; i < head[3]; i++) n *= view.getUint32(4 + 4 * i);
  return headerBytes + n * type.bytes;
}

/**
 * Inflates gzip data (recognised by 1f 8b) up to the size its IDX header declares, else returns the bytes as they
 * are. Inflating stops as soon as that size is reached: whatever follows is never inflated.
 */
export function maybeGunzip(bytes: Uint8Array, name: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const chunks: Uint8Array[] = [];
  let total = 0;
  let limit: number | undefined;
  let ended = false;
  const inflater = new Gunzip((chunk, final) => {
    chunks.push(chunk);
    total += chunk.length;
    ended ||= final;
  });
  const gathered = () => (chunks.length === 1 ? chunks[0] : concat(chunks, total));
  try {
    for (let at = 0; at < bytes.length && !ended; at += INFLATE_STEP) {
      inflater.push(bytes.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= bytes.length);
      if (limit === undefined) {
        const head = gathered();
        chunks.length = 0;
        chunks.push(head);
        limit = declaredIdxBytes(head);
        if (limit !== undefined && limit > MAX_IDX_BYTES) {
          throw new DataError(`${name} declares ${count(limit)} bytes of data, more than Model Lens reads (${count(MAX_IDX_BYTES)}); it is not a dataset that fits in memory here.`);
        }
      }
      if (limit !== undefined && total >= limit) break;
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    const why = /unexpected EOF/i.test((e as Error).message) ? 'it ends too early (the download was cut short?)' : (e as Error).message;
    throw new DataError(`${name} is not a valid gzip file: ${why}. Download it again.`);
  }
  if (limit === undefined || total < limit) {
    if (!ended) throw new DataError(`${name} is not a valid gzip file: it ends too early (the download was cut short?). Download it again.`);
  }
  const out = gathered();
  return limit !== undefined && out.length > limit ? out.subarray(0, limit) : out;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
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
