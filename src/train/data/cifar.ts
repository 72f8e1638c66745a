/**
 * CIFAR-10 as `keras.datasets.cifar10` keeps it: `cifar-10-batches-py/` with five training batches
 * (`data_batch_1`…`_5`) and `test_batch`, each a pickled dict whose `data` is uint8 (N, 3072), channels
 * first (1,024 red, then green, then blue), and whose `labels` is a list of ints. Read from the extracted folder
 * or straight from the downloaded `.tar.gz`; returned channels last, (N, 32, 32, 3), as Keras returns it.
 */
import { gunzipSync } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { NdArray } from './array';
import { DataError } from './errors';
import { readPickle, type PickledArray, type PickleValue } from './pickle';

export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const CIFAR_TRAIN_BATCHES = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5'];
export const CIFAR_TEST_BATCH = 'test_batch';
/** The folder the archive holds and Keras reads. */
export const CIFAR_FOLDER = 'cifar-10-batches-py';

const SIDE = 32;
const PIXELS = SIDE * SIDE;

export interface CifarSplit {
  readonly x: NdArray;
  readonly y: NdArray;
}

/** One batch's bytes → images channels last and labels. */
export function parseCifarBatch(bytes: Uint8Array, name: string): CifarSplit {
  const d = readPickle(bytes, name);
  if (!(d instanceof Map)) throw new DataError(`${name} holds no dict; a CIFAR-10 batch is a dict with data and labels.`);
  const data = d.get('data');
  const labels = d.get('labels');
  if (!isArray(data) || !Array.isArray(labels)) throw new DataError(`${name} has keys ${[...d.keys()].join(', ')}; a CIFAR-10 batch has data (a uint8 array) and labels (a list).`);
  const [n, row] = data.shape;
  if (data.shape.length !== 2 || row !== 3 * PIXELS || data.dtype !== 'u1' || data.raw.length !== n * row) {
    throw new DataError(`${name}: data is ${data.dtype} of shape (${data.shape.join(', ')}) with ${data.raw.length} bytes; CIFAR-10's is u1 of shape (N, 3072).`);
  }
  if (labels.length !== n || !labels.every((l) => typeof l === 'number' && l >= 0 && l < 256)) {
    throw new DataError(`${name} has ${labels.length} labels for ${n} images; CIFAR-10 has one label 0–9 per image.`);
  }
  const x = new Uint8Array(n * row);
  for (let i = 0; i < n; i++) {
    const src = data.fortran ? undefined : i * row;
    for (let p = 0; p < PIXELS; p++) {
      for (let c = 0; c < 3; c++) {
        // Fortran order (never seen in CIFAR's files, cheap to honour): element (i, j) sits at i + j * n.
        x[i * row + p * 3 + c] = src === undefined ? data.raw[i + (c * PIXELS + p) * n] : data.raw[src + c * PIXELS + p];
      }
    }
  }
  return { x: { data: x, shape: [n, SIDE, SIDE, 3] }, y: { data: Uint8Array.from(labels as number[]), shape: [n] } };
}

const isArray = (v: PickleValue | undefined): v is PickledArray => typeof v === 'object' && v !== null && (v as PickledArray).kind === 'ndarray';

/** The regular files of a tar archive (ustar, GNU or pax), by name; enough for the CIFAR archive. */
export function untar(bytes: Uint8Array, name: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const text = (from: number, len: number) => new TextDecoder('latin1').decode(bytes.subarray(from, from + len)).replace(/\0.*$/s, '');
  let at = 0;
  let longName: string | undefined;
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new DataError(`${name} is not a tar archive Model Lens reads (bad size at byte ${at}).`);
    const type = String.fromCharCode(bytes[at + 156] || 0x30);
    const prefix = text(at + 257, 6) === 'ustar' ? text(at + 345, 155) : '';
    const entry = longName ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
    const body = at + 512;
    if (body + size > bytes.length) throw new DataError(`${name} ends inside ${entry}: the download was cut short? Download it again.`);
    longName = undefined;
    if (type === 'L') longName = text(body, size);
    else if (type === 'x') longName = /\d+ path=([^\n]*)\n/.exec(text(body, size))?.[1];
    else if (type === '0' || type === '7') files.set(entry.replace(/^\.\//, ''), bytes.subarray(body, body + size));
    at = body + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Where batches come from: a folder holding them, or a `.tar.gz` with `cifar-10-batches-py/` inside. */
export type CifarSource = { readonly folder: string } | { readonly archive: string };

/** The folder itself (it holds `data_batch_1`) or its `cifar-10-batches-py` subfolder, else undefined. */
export function cifarFolder(folder: string): string | undefined {
  for (const f of [folder, join(folder, CIFAR_FOLDER)]) if (existsSync(join(f, 'data_batch_1'))) return f;
  return undefined;
}

/** Reads the training batches (only as many as `limit` samples need) and the test batch. */
export function loadCifar(source: CifarSource, limit?: number): { train: CifarSplit; test?: CifarSplit } {
  const read = batchReader(source);
  const parts: CifarSplit[] = [];
  let have = 0;
  for (const batch of CIFAR_TRAIN_BATCHES) {
    if (limit !== undefined && have >= limit) break;
    const bytes = read(batch);
    if (!bytes) throw new DataError(`${describe(source)} has no ${batch}; CIFAR-10 as Keras downloads it has data_batch_1 to data_batch_5 and test_batch.`);
    const part = parseCifarBatch(bytes, batch);
    parts.push(part);
    have += part.x.shape[0];
  }
  const testBytes = read(CIFAR_TEST_BATCH);
  return { train: concat(parts), test: testBytes ? parseCifarBatch(testBytes, CIFAR_TEST_BATCH) : undefined };
}

const describe = (s: CifarSource) => ('folder' in s ? s.folder : basename(s.archive));

function batchReader(source: CifarSource): (batch: string) => Uint8Array | undefined {
  if ('folder' in source) return (batch) => (existsSync(join(source.folder, batch)) ? readFileSync(join(source.folder, batch)) : undefined);
  let files: Map<string, Uint8Array>;
  try {
    files = untar(gunzipSync(readFileSync(source.archive)), basename(source.archive));
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${basename(source.archive)} is not a readable .tar.gz (${(e as Error).message}); download it again.`);
  }
  return (batch) => files.get(`${CIFAR_FOLDER}/${batch}`) ?? files.get(batch);
}

function concat(parts: readonly CifarSplit[]): CifarSplit {
  if (parts.length === 1) return parts[0];
  const n = parts.reduce((s, p) => s + p.x.shape[0], 0);
  const x = new Uint8Array(n * 3 * PIXELS);
  const y = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    x.set(p.x.data as Uint8Array, at * 3 * PIXELS);
    y.set(p.y.data as Uint8Array, at);
    at += p.x.shape[0];
  }
  return { x: { data: x, shape: [n, SIDE, SIDE, 3] }, y: { data: y, shape: [n] } };
}
