/**
 * Several picked files at once, told apart: which holds inputs and which labels, which are for training and
 * which for testing, by their names (`labels`, `y_`, `test`, `t10k`) and their shapes (labels have one value
 * per sample; a pair has the same number of samples; the larger pair trains). Only headers are read (IDX and
 * .npy), so this is quick on any size. It says what it understood in a sentence per set, before training.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, constants } from 'node:zlib';
import { formatOf, type DataSource, type FileFormat, type FileSet } from './datasets';
import { DataError } from './errors';
import { inputNameOfFile, orderInputFiles } from './model-inputs';
import { labelTestKeys, labelTrainKeys, multiOutputData, outputNameOfFile, splitOutputFiles } from './model-outputs';

export interface FilePeek {
  readonly path: string;
  readonly format: FileFormat;
  /** Samples first; undefined for .npz and CSV (read whole when training) or a header that could not be read. */
  readonly shape?: readonly number[];
}

const HEAD_BYTES = 64 * 1024;

function head(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** An IDX header: magic (0, 0, type, rank), then the dimensions as big-endian uint32s; gzip inflated as far as it goes. */
function idxShape(bytes: Uint8Array): number[] | undefined {
  let b = bytes;
  if (b[0] === 0x1f && b[1] === 0x8b) {
    try {
      b = gunzipSync(b, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  }
  if (b.length < 4 || b[0] !== 0 || b[1] !== 0 || b[3] === 0 || b.length < 4 + 4 * b[3]) return undefined;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b[3] }, (_, i) => view.getUint32(4 + 4 * i));
}

/** A .npy header: `{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }`. */
function npyShape(bytes: Uint8Array): number[] | undefined {
  const text = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 4096))).toString('latin1');
  const m = /'shape':\s*\(([^)]*)\)/.exec(text);
  if (!m) return undefined;
  const dims = m[1].split(',').map((d) => d.trim()).filter(Boolean);
  return dims.every((d) => /^\d+$/.test(d)) ? dims.map(Number) : undefined;
}

/** What a file is, from its name and (IDX, .npy) its header; undefined for a format Model Lens does not read. */
export function peekFile(path: string): FilePeek | undefined {
  const format = formatOf(path);
  if (!format) return undefined;
  if (format === 'npz' || format === 'csv') return { path, format };
  let bytes: Uint8Array;
  try {
    bytes = head(path);
  } catch {
    return { path, format };
  }
  return { path, format, shape: format === 'idx' ? idxShape(bytes) : npyShape(bytes) };
}

const nameIsLabels = (name: string) => /label|(^|[_\-.])y([_\-.]|$)|^y/i.test(name);
const nameIsTest = (name: string) => /test|t10k|val/i.test(name);
/** One value per sample: `(n,)` or `(n, 1)`. */
const shapeIsLabels = (shape: readonly number[] | undefined) => !!shape && (shape.length === 1 || (shape.length === 2 && shape[1] === 1));

export type Roles =
  | { readonly source: DataSource; /** A sentence per set: what trains, what tests, with shapes. */ readonly understood: readonly string[]; /** A CSV whose label column must be asked. */ readonly csv?: readonly ('train' | 'test')[] }
  | { readonly problem: string };

const dims = (shape: readonly number[] | undefined) => (shape ? shape.slice(1).join('×') || 'one value' : '?');
const samples = (shape: readonly number[] | undefined) => (shape ? shape[0].toLocaleString('en-US') : 'an unknown number of');

function pairText(what: string, x: FilePeek, y?: FilePeek, inputNames?: readonly string[], outputNames?: readonly string[]): string {
  if (x.format === 'npz' && outputNames) {
    const inputs = inputNames ? `an array per input: ${inputNames.join(', ')}` : 'x_train';
    return `${what}: ${basename(x.path)} (${inputs}; labels per output: ${outputNames.map((n) => `${n} from ${labelTrainKeys(n)[0]}`).join(', ')}; with ${outputNames.map((n) => labelTestKeys(n)[0]).join(', ')} and the test inputs it also gives the test set)`;
  }
  if (x.format === 'npz' && inputNames) {
    return `${what}: ${basename(x.path)} (an array per input: ${inputNames.join(', ')}, and y_train; with ${inputNames.map((n) => `${n}_test`).join(', ')} and y_test it also gives the test set)`;
  }
  if (x.format === 'npz') return `${what}: ${basename(x.path)} (x_${what === 'Training' ? 'train' : 'test'} and y_${what === 'Training' ? 'train' : 'test'}; with x_test/y_test it also gives the test set)`;
  if (x.format === 'csv') return `${what}: ${basename(x.path)} (a CSV: one row per sample, one column the label)`;
  return `${what}: ${samples(x.shape)} inputs of ${dims(x.shape)} from ${basename(x.path)}, labels from ${y ? basename(y.path) : '?'}`;
}

const names = (fs: readonly FilePeek[]) => fs.map((f) => basename(f.path)).join(', ');

/**
 * For a model with several inputs (`inputNames`), one array file per input and a labels file per set: a file
 * whose name carries an Input's name (`x_image.npy`) is an input, else labels go by shape; test files by name.
 */
function assignInputFiles(arrays: readonly FilePeek[], inputNames: readonly string[]): Roles {
  const isInput = (f: FilePeek) => inputNames.includes(inputNameOfFile(f.path)) || (f.shape ? !shapeIsLabels(f.shape) : !nameIsLabels(basename(f.path)));
  const isTest = (f: FilePeek) => nameIsTest(basename(f.path));
  const sets: { what: 'Training' | 'Test'; xs: FilePeek[]; ys: FilePeek[] }[] = [
    { what: 'Training', xs: arrays.filter((f) => isInput(f) && !isTest(f)), ys: arrays.filter((f) => !isInput(f) && !isTest(f)) },
    { what: 'Test', xs: arrays.filter((f) => isInput(f) && isTest(f)), ys: arrays.filter((f) => !isInput(f) && isTest(f)) },
  ];
  const picked: { set: FileSet; text: string }[] = [];
  for (const { what, xs, ys } of sets) {
    if (what === 'Test' && xs.length + ys.length === 0) break;
    if (ys.length !== 1) return { problem: `The model has ${inputNames.length} inputs (${inputNames.join(', ')}): pick one file per input and one labels file${what === 'Test' ? ' for the test set (names with test)' : ''}; ${ys.length ? `${names(ys)} all look like labels` : `no labels file among ${names([...xs, ...ys]) || 'them'}`}.` };
    let order: string[];
    try {
      order = orderInputFiles(xs.map((f) => f.path), inputNames);
    } catch (e) {
      if (e instanceof DataError) return { problem: e.message };
      throw e;
    }
    const inputs = order.map((path) => xs.find((f) => f.path === path)!);
    const sizes = [...inputs, ys[0]].filter((f) => f.shape).map((f) => f.shape![0]);
    if (new Set(sizes).size > 1) return { problem: `${what} files hold different numbers of samples: ${[...inputs, ys[0]].map((f) => `${basename(f.path)} ${samples(f.shape)}`).join(', ')}; they must match one to one.` };
    const each = inputs.map((f, i) => `${inputNames[i]} (${dims(f.shape)}) from ${basename(f.path)}`).join(', ');
    picked.push({ set: { x: order[0], xs: order, y: ys[0].path }, text: `${what}: ${samples(inputs[0].shape)} samples; inputs ${each}; labels from ${basename(ys[0].path)}` });
  }
  return { source: { kind: 'files', train: picked[0].set, test: picked[1]?.set }, understood: picked.map((p) => p.text) };
}

/**
 * For a model with several outputs (`outputNames`), a labels file per output named after it (`y_kind.npy`) and
 * the inputs (one file, or one per input named after it), per set; test files by name.
 */
function assignOutputFiles(arrays: readonly FilePeek[], outputNames: readonly string[], inputNames?: readonly string[]): Roles {
  // y_test_kind.npy is the test set's labels; y_kind.npy (or y_train_kind.npy) the training set's.
  const isTest = (f: FilePeek) => nameIsTest(basename(f.path).replace(outputNameOfFile(f.path, outputNames) ?? '\0', ''));
  const picked: { set: FileSet; text: string }[] = [];
  for (const [what, files] of [['Training', arrays.filter((f) => !isTest(f))], ['Test', arrays.filter(isTest)]] as const) {
    if (what === 'Test' && files.length === 0) break;
    let split: { inputs: string[]; labels: string[] };
    let order: string[];
    try {
      split = splitOutputFiles(files.map((f) => f.path), outputNames);
      if (!inputNames && split.inputs.length !== 1) return { problem: `${what}: the model has one input; pick one inputs file beside the labels (${names(files)}). ${multiOutputData(outputNames)}` };
      order = inputNames ? orderInputFiles(split.inputs, inputNames) : split.inputs;
    } catch (e) {
      if (e instanceof DataError) return { problem: e.message };
      throw e;
    }
    const peek = (path: string) => files.find((f) => f.path === path)!;
    const all = [...order, ...split.labels].map(peek);
    const sizes = all.filter((f) => f.shape).map((f) => f.shape![0]);
    if (new Set(sizes).size > 1) return { problem: `${what} files hold different numbers of samples: ${all.map((f) => `${basename(f.path)} ${samples(f.shape)}`).join(', ')}; they must match one to one.` };
    const inputs = order.map((path, i) => `${inputNames ? `${inputNames[i]} ` : ''}(${dims(peek(path).shape)}) from ${basename(path)}`).join(', ');
    const labels = split.labels.map((path, i) => `${outputNames[i]} (${dims(peek(path).shape)}) from ${basename(path)}`).join(', ');
    picked.push({ set: { x: order[0], ...(order.length > 1 ? { xs: order } : {}), y: split.labels[0], ys: split.labels.slice(1) }, text: `${what}: ${samples(peek(order[0]).shape)} samples; input${order.length > 1 ? 's' : ''} ${inputs}; labels per output: ${labels}` });
  }
  return { source: { kind: 'files', train: picked[0].set, test: picked[1]?.set }, understood: picked.map((p) => p.text) };
}

/**
 * Tells the picked files apart; a problem says what is missing or does not pair. `inputNames`: a model with
 * several inputs; `outputNames`: a model with several outputs.
 */
export function assignRoles(files: readonly FilePeek[], inputNames?: readonly string[], outputNames?: readonly string[]): Roles {
  const whole = files.filter((f) => f.format === 'npz' || f.format === 'csv');
  const arrays = files.filter((f) => f.format === 'idx' || f.format === 'npy');
  if (whole.length > 0 && arrays.length > 0) return { problem: `Pick either arrays in pairs (IDX or .npy: ${names(arrays)}) or one .npz / CSV per set (${names(whole)}), not both.` };
  const several = inputNames && inputNames.length > 1 ? inputNames : undefined;
  const outputs = outputNames && outputNames.length > 1 ? outputNames : undefined;
  if (outputs && whole.some((f) => f.format === 'csv')) return { problem: `A CSV has one label column, but the model has ${outputs.length} outputs (${outputs.join(', ')}). ${multiOutputData(outputs)}` };
  if (outputs && arrays.length > 0) return assignOutputFiles(arrays, outputs, several);
  if (several && arrays.length > 0) return assignInputFiles(arrays, several);
  if (whole.length > 0) {
    if (whole.length > 2) return { problem: `Pick one .npz or CSV for training and at most one for testing; got ${whole.length}: ${names(whole)}.` };
    const [train, test] = whole.length === 2 && nameIsTest(basename(whole[0].path)) ? [whole[1], whole[0]] : [whole[0], whole[1]];
    if (test && !nameIsTest(basename(test.path))) return { problem: `Of ${names(whole)}, which is the test set? Its name should say test (or t10k, val).` };
    const set = (f: FilePeek): FileSet => ({ x: f.path });
    const csv = [...(train.format === 'csv' ? ['train' as const] : []), ...(test?.format === 'csv' ? ['test' as const] : [])];
    return {
      source: { kind: 'files', train: set(train), test: test ? set(test) : undefined },
      understood: [pairText('Training', train, undefined, several, outputs), ...(test ? [pairText('Test', test, undefined, several, outputs)] : [])],
      ...(csv.length ? { csv } : {}),
    };
  }
  // Labels: one value per sample by shape, else by name when a header could not be read.
  const isLabels = (f: FilePeek) => (f.shape ? shapeIsLabels(f.shape) : nameIsLabels(basename(f.path)));
  const labels = arrays.filter(isLabels);
  const inputs = arrays.filter((f) => !isLabels(f));
  if (inputs.length === 0) return { problem: `${names(arrays)} ${arrays.length === 1 ? 'holds' : 'hold'} labels only (one value per sample); pick the inputs file too.` };
  if (labels.length === 0) return { problem: `${names(inputs)} ${inputs.length === 1 ? 'holds' : 'hold'} inputs only; pick the labels file too (an IDX or .npy file with one label per sample).` };
  if (inputs.length > 2 || labels.length > 2 || inputs.length !== labels.length) {
    return { problem: `Pick inputs and labels in pairs (one pair for training, maybe one for testing); got ${inputs.length} input file${inputs.length === 1 ? '' : 's'} (${names(inputs)}) and ${labels.length} label file${labels.length === 1 ? '' : 's'} (${names(labels)}).` };
  }
  // Pairs by sample count; where counts are unknown or equal, by the names' test / train words.
  const pairs: { x: FilePeek; y: FilePeek }[] = [];
  const left = [...labels];
  for (const x of inputs) {
    const bySize = left.filter((y) => x.shape && y.shape && x.shape[0] === y.shape[0]);
    const y = (bySize.length === 1 ? bySize[0] : undefined) ?? (bySize.length > 1 ? bySize : left).find((l) => nameIsTest(basename(l.path)) === nameIsTest(basename(x.path))) ?? (left.length === 1 ? left[0] : undefined);
    if (!y) return { problem: `Which labels go with ${basename(x.path)}? None of ${names(left)} has its ${samples(x.shape)} samples.` };
    if (x.shape && y.shape && x.shape[0] !== y.shape[0]) return { problem: `${basename(x.path)} has ${samples(x.shape)} samples but ${basename(y.path)} has ${samples(y.shape)} labels; they must match one to one.` };
    left.splice(left.indexOf(y), 1);
    pairs.push({ x, y });
  }
  // The test pair: the one whose name says test, else the smaller one.
  let [train, test] = pairs;
  if (test && (nameIsTest(basename(train.x.path)) || (!nameIsTest(basename(test.x.path)) && (train.x.shape?.[0] ?? 0) < (test.x.shape?.[0] ?? 0)))) [train, test] = [test, train];
  return {
    source: { kind: 'files', train: { x: train.x.path, y: train.y.path }, test: test ? { x: test.x.path, y: test.y.path } : undefined },
    understood: [pairText('Training', train.x, train.y), ...(test ? [pairText('Test', test.x, test.y)] : [])],
  };
}
