/** Training data readers: IDX (raw and gzip), .npy / .npz, CSV, finding Keras datasets; corrupt files give clear errors. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip, gzipSync } from 'node:zlib';
import { after, describe, test } from 'node:test';
import { zipSync } from 'fflate';
import { dump } from 'npyjs';
import { readCsv } from '../../src/train/data/csv';
import { formatOf, kerasDatasetPlaces, loadDataset } from '../../src/train/data/datasets';
import { DataError } from '../../src/train/data/errors';
import { parseIdx, readIdx } from '../../src/train/data/idx';
import { parseNpy, parseNpz, readNpz } from '../../src/train/data/npy';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-data-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An IDX file: magic 00 00 type rank, dims big-endian, then the values big-endian. */
function idx(type: number, shape: number[], values: number[]): Buffer {
  const bytes = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type]!;
  const buf = Buffer.alloc(4 + 4 * shape.length + values.length * bytes);
  buf.writeUInt8(type, 2);
  buf.writeUInt8(shape.length, 3);
  shape.forEach((d, i) => buf.writeUInt32BE(d, 4 + 4 * i));
  let off = 4 + 4 * shape.length;
  for (const v of values) {
    if (type === 0x08) buf.writeUInt8(v, off);
    else if (type === 0x09) buf.writeInt8(v, off);
    else if (type === 0x0b) buf.writeInt16BE(v, off);
    else if (type === 0x0c) buf.writeInt32BE(v, off);
    else if (type === 0x0d) buf.writeFloatBE(v, off);
    else buf.writeDoubleBE(v, off);
    off += bytes;
  }
  return buf;
}

const write = (name: string, data: Uint8Array | string) => {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
};

const rejects = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected a DataError, got ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    assert.match((e as Error).message, pattern);
    return true;
  });

describe('IDX', () => {
  test('reads unsigned bytes with their shape', () => {
    const a = parseIdx(idx(0x08, [2, 2, 3], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]), 'x');
    assert.deepEqual(a.shape, [2, 2, 3]);
    assert.ok(a.data instanceof Uint8Array);
    assert.deepEqual([...a.data], [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255]);
  });

  test('reads big-endian ints, floats and doubles', () => {
    assert.deepEqual([...parseIdx(idx(0x0c, [3], [1, -2, 70000]), 'x').data], [1, -2, 70000]);
    assert.deepEqual([...parseIdx(idx(0x0b, [2], [-3, 300]), 'x').data], [-3, 300]);
    assert.deepEqual([...parseIdx(idx(0x0d, [2], [0.5, -1.25]), 'x').data], [0.5, -1.25]);
    assert.deepEqual([...parseIdx(idx(0x0e, [1], [Math.PI]), 'x').data], [Math.PI]);
    assert.deepEqual([...parseIdx(idx(0x09, [2], [-5, 7]), 'x').data], [-5, 7]);
  });

  test('reads gzip-compressed and raw files alike', () => {
    const raw = idx(0x08, [3], [7, 8, 9]);
    assert.deepEqual([...readIdx(write('labels-idx1-ubyte', raw)).data], [7, 8, 9]);
    assert.deepEqual([...readIdx(write('labels-idx1-ubyte.gz', gzipSync(raw))).data], [7, 8, 9]);
  });

  test('a wrong magic number is named', () => {
    rejects(() => parseIdx(Buffer.from([0x12, 0x34, 0x08, 0x01, 0, 0, 0, 1, 5]), 'f.idx'), /f\.idx is not an IDX file: wrong magic number 12 34 08 01/);
    rejects(() => parseIdx(Buffer.from([0, 0, 0x07, 0x01, 0, 0, 0, 1, 5]), 'f.idx'), /wrong magic number/);
  });

  test('truncated data says how much is missing', () => {
    const full = idx(0x08, [10, 28, 28], new Array(7840).fill(1));
    rejects(() => parseIdx(full.subarray(0, 5000), 'train-images-idx3-ubyte'), /train-images-idx3-ubyte is truncated: its header says 10×28×28 unsigned byte values \(7,856 bytes with the header\), but the file holds 5,000 bytes/);
    rejects(() => parseIdx(full.subarray(0, 10), 'x'), /truncated: its header needs 16 bytes/);
    rejects(() => parseIdx(Buffer.from([0, 0]), 'x'), /too short/);
  });

  test('a cut-off gzip file is reported as such', () => {
    const gz = gzipSync(idx(0x08, [1000], new Array(1000).fill(3)));
    const path = write('cut-idx1-ubyte.gz', gz.subarray(0, gz.length - 20));
    rejects(() => readIdx(path), /cut-idx1-ubyte\.gz is not a valid gzip file: it ends too early/);
  });

  test('a gzip bomb is inflated only as far as its IDX header declares', () => {
    // 1,000 labels, then 4 GB of zeros in the same stream: about 4 MB compressed. Before, all of it was inflated
    // (4.4 GB in memory) and then called "not a valid gzip file".
    const header = idx(0x08, [1000], new Array(1000).fill(7));
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const gz = createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gz.on('data', (c: Buffer) => parts.push(c));
    gz.write(header);
    for (let i = 0; i < 64; i++) gz.write(zeros);
    gz.end();
    return new Promise<void>((done) => gz.on('end', done)).then(() => {
      const bomb = Buffer.concat(parts);
      assert.ok(bomb.length < 8_000_000, `the bomb is small: ${bomb.length} bytes`);
      const before = process.memoryUsage().arrayBuffers;
      const labels = readIdx(write('bomb-idx1-ubyte.gz', bomb));
      assert.equal(labels.data.length, 1000);
      assert.equal(labels.data[999], 7);
      assert.ok(process.memoryUsage().arrayBuffers - before < 200_000_000, 'far less than the 4 GB the stream holds was inflated');
    });
  });

  test('an IDX header that declares more than fits in memory is refused before inflating it', () => {
    const header = Buffer.from([0, 0, 0x08, 3, 0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0, 1]);
    rejects(() => readIdx(write('huge-idx3-ubyte.gz', gzipSync(header))), /huge-idx3-ubyte\.gz declares 4,294,836,241 bytes of data, more than Model Lens reads/);
  });

  test('a missing file is a DataError, not a crash', () => {
    rejects(() => readIdx(join(dir, 'nope-idx1-ubyte')), /Cannot read .*nope-idx1-ubyte: ENOENT/);
  });
});

describe('.npy and .npz', () => {
  const npy = (data: Parameters<typeof dump>[0], shape: number[]) => new Uint8Array(dump(data, shape));

  test('reads uint8, float32, int64 and bool arrays with their shape', () => {
    const u8 = parseNpy(npy(new Uint8Array([1, 2, 3, 4, 5, 6]), [2, 3]), 'a.npy');
    assert.deepEqual(u8.shape, [2, 3]);
    assert.deepEqual([...u8.data], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual([...parseNpy(npy(new Float32Array([0.5, 1.5]), [2]), 'f.npy').data], [0.5, 1.5]);
    const i64 = parseNpy(npy(new BigInt64Array([3n, 9n, 0n]), [3]), 'y.npy');
    assert.deepEqual([...i64.data], [3, 9, 0]);
  });

  test('corrupt .npy files are named with what is wrong', () => {
    rejects(() => parseNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), 'bad.npy'), /bad\.npy is not a NumPy \.npy file/);
    const full = npy(new Float32Array(100), [10, 10]);
    rejects(() => parseNpy(full.subarray(0, full.length - 40), 'cut.npy'), /cut\.npy is truncated: its header says shape \(10, 10\) = 100 values, but it holds 90/);
  });

  test('Fortran-ordered arrays are refused with the fix', () => {
    const bytes = npy(new Uint8Array([1, 2, 3, 4]), [2, 2]);
    const text = Buffer.from(bytes).toString('latin1').replace(/'fortran_order':\s*False/, (m) => m.replace('False', 'True '));
    rejects(() => parseNpy(Buffer.from(text, 'latin1'), 'f.npy'), /Fortran order.*ascontiguousarray/);
  });

  test('reads an .npz archive (Keras mnist.npz layout) into named arrays', () => {
    const zip = zipSync({
      'x_train.npy': npy(new Uint8Array(2 * 4 * 4).fill(7), [2, 4, 4]),
      'y_train.npy': npy(new Uint8Array([1, 0]), [2]),
      'x_test.npy': npy(new Uint8Array(4 * 4).fill(9), [1, 4, 4]),
      'y_test.npy': npy(new Uint8Array([1]), [1]),
    });
    const arrays = readNpz(write('mnist.npz', zip));
    assert.deepEqual([...arrays.keys()].sort(), ['x_test', 'x_train', 'y_test', 'y_train']);
    assert.deepEqual(arrays.get('x_train')!.shape, [2, 4, 4]);
    assert.deepEqual([...arrays.get('y_train')!.data], [1, 0]);
  });

  test('a damaged or foreign .npz is named', () => {
    rejects(() => parseNpz(new Uint8Array([1, 2, 3, 4, 5]), 'x.npz'), /x\.npz is not a NumPy \.npz file: it is not a zip archive/);
    const zip = zipSync({ 'a.npy': npy(Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251), [5000]) });
    rejects(() => parseNpz(zip.subarray(0, Math.floor(zip.length / 2)), 'cut.npz'), /cut\.npz is a damaged zip archive/);
    rejects(() => parseNpz(zipSync({ 'readme.txt': new Uint8Array([65]) }), 'e.npz'), /e\.npz holds no \.npy arrays/);
  });
});

describe('CSV', () => {
  test('a header row, the label column found by name, the rest as features', async () => {
    const path = write('train.csv', 'pixel1,label,pixel2\n0,3,255\n10,1,20\n');
    const csv = await readCsv(path);
    assert.equal(csv.labelColumn, 'label');
    assert.deepEqual(csv.features.shape, [2, 2]);
    assert.deepEqual([...csv.features.data], [0, 255, 10, 20]);
    assert.deepEqual([...csv.labels], [3, 1]);
  });

  test('no header: the first column is the label unless another is chosen', async () => {
    const path = write('plain.csv', '5,1,2\n6,3,4\n');
    assert.deepEqual([...(await readCsv(path)).labels], [5, 6]);
    const chosen = await readCsv(path, { labelColumn: 2 });
    assert.deepEqual([...chosen.labels], [2, 4]);
    assert.deepEqual([...chosen.features.data], [5, 1, 6, 3]);
  });

  test('limit stops early', async () => {
    const path = write('long.csv', 'label,a\n' + Array.from({ length: 5000 }, (_, i) => `${i % 10},${i}`).join('\n'));
    const csv = await readCsv(path, { limit: 1500 });
    assert.equal(csv.labels.length, 1500);
    assert.equal(csv.features.data[1499], 1499);
  });

  test('bad cells, ragged rows and unknown columns give line and column', async () => {
    await assert.rejects(readCsv(write('bad.csv', 'label,a,b\n1,2,3\n4,x5,6\n')), /bad\.csv, line 3, column "a": "x5" is not a number/);
    await assert.rejects(readCsv(write('ragged.csv', 'label,a,b\n1,2,3\n4,5\n')), /ragged\.csv.*(line 3|column)/);
    await assert.rejects(readCsv(write('cols.csv', 'y,a\n1,2\n'), { labelColumn: 'label' }), /no column named "label" \(the columns are y, a\)/);
    await assert.rejects(readCsv(write('empty.csv', 'label,a\n')), /empty\.csv has no data rows/);
    await assert.rejects(readCsv(join(dir, 'missing.csv')), /Cannot read .*missing\.csv: ENOENT/);
  });
});

describe('datasets', () => {
  test('file formats by name', () => {
    assert.equal(formatOf('/d/train-images-idx3-ubyte.gz'), 'idx');
    assert.equal(formatOf('t10k-labels-idx1-ubyte'), 'idx');
    assert.equal(formatOf('x.npy'), 'npy');
    assert.equal(formatOf('mnist.npz'), 'npz');
    assert.equal(formatOf('fashion-mnist_train.csv'), 'csv');
    assert.equal(formatOf('notes.txt'), undefined);
  });

  test('Fashion-MNIST is found in a data folder first, with its class names and limits', async () => {
    const folder = join(dir, 'data', 'fashion-mnist');
    const images = idx(0x08, [5, 2, 2], Array.from({ length: 20 }, (_, i) => i));
    const labels = idx(0x08, [5], [0, 1, 2, 9, 4]);
    write('data/fashion-mnist/train-images-idx3-ubyte.gz', gzipSync(images));
    write('data/fashion-mnist/train-labels-idx1-ubyte.gz', gzipSync(labels));
    write('data/fashion-mnist/t10k-images-idx3-ubyte', images);
    write('data/fashion-mnist/t10k-labels-idx1-ubyte', labels);
    const ds = await loadDataset({ kind: 'keras', dataset: 'fashion_mnist', folders: [join(dir, 'data')] }, { limit: 3, testLimit: 2, home: join(dir, 'home') });
    assert.equal(ds.source, folder);
    assert.equal(ds.title, 'Fashion-MNIST');
    assert.deepEqual(ds.train.x.shape, [3, 2, 2]);
    assert.deepEqual([...ds.train.y.data], [0, 1, 2]);
    assert.deepEqual(ds.test!.x.shape, [2, 2, 2]);
    assert.equal(ds.classNames![9], 'Ankle boot');
  });

  test("MNIST is found as Keras's cache mnist.npz", async () => {
    const npy = (data: Uint8Array, shape: number[]) => new Uint8Array(dump(data, shape));
    const home = join(dir, 'home-mnist');
    write('home-mnist/.keras/datasets/mnist.npz', zipSync({ 'x_train.npy': npy(new Uint8Array(8), [2, 2, 2]), 'y_train.npy': npy(new Uint8Array([3, 4]), [2]) }));
    const saved = process.env.KERAS_HOME;
    delete process.env.KERAS_HOME;
    try {
      const ds = await loadDataset({ kind: 'keras', dataset: 'mnist' }, { home });
      assert.equal(ds.title, 'MNIST');
      assert.deepEqual([...ds.train.y.data], [3, 4]);
      assert.equal(ds.test, undefined);
    } finally {
      if (saved !== undefined) process.env.KERAS_HOME = saved;
    }
  });

  test('not found: says where it looked and how to get the data', async () => {
    mkdirSync(join(dir, 'nowhere'), { recursive: true });
    const places = kerasDatasetPlaces('mnist', [join(dir, 'nowhere')], join(dir, 'empty-home'));
    assert.ok(places.every((p) => !p.found));
    await assert.rejects(
      loadDataset({ kind: 'keras', dataset: 'mnist', folders: [join(dir, 'nowhere')] }, { home: join(dir, 'empty-home') }),
      (e: Error) => e instanceof DataError && /MNIST was not found on this machine\. Looked in: .*nowhere.*mnist\.npz.*modelLens\.train\.dataFolder/.test(e.message),
    );
  });

  test('a data folder that does not exist is an error, not a silent fallback to another copy', async () => {
    // Keras's cache has MNIST, but the person named another folder: they must hear that it is missing.
    const home = join(dir, 'home-with-cache');
    mkdirSync(join(home, '.keras', 'datasets'), { recursive: true });
    writeFileSync(join(home, '.keras', 'datasets', 'mnist.npz'), '');
    await assert.rejects(
      loadDataset({ kind: 'keras', dataset: 'mnist', folders: [join(dir, 'typo')] }, { home }),
      (e: Error) => e instanceof DataError && e.message === `The data folder ${join(dir, 'typo')} (modelLens.train.dataFolder; --data on the command line) does not exist.`,
    );
  });

  test('picked files: images and labels must pair up', async () => {
    const x = write('pick/x.npy', new Uint8Array(dump(new Uint8Array(12), [3, 2, 2])));
    const y = write('pick/y.npy', new Uint8Array(dump(new Uint8Array([1, 2]), [2])));
    await assert.rejects(loadDataset({ kind: 'files', train: { x, y } }), /has 3 inputs but 2 labels/);
    await assert.rejects(loadDataset({ kind: 'files', train: { x } }), /pick the labels file too/);
    const csv = write('pick/train.csv', 'label,a,b\n1,0,255\n0,255,0\n');
    const ds = await loadDataset({ kind: 'files', train: { x: csv } });
    assert.deepEqual(ds.train.x.shape, [2, 2]);
    assert.deepEqual([...ds.train.y.data], [1, 0]);
  });
  test('one file per input: read in the model input order, with a separate test set; a one-input model or a missing file is said', async () => {
    const image = write('multi/x_image.npy', new Uint8Array(dump(new Uint8Array(3 * 4), [3, 2, 2])));
    const meta = write('multi/x_meta.npy', new Uint8Array(dump(new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2])));
    const y = write('multi/y.npy', new Uint8Array(dump(new Uint8Array([0, 1, 0]), [3])));
    const metaTest = write('multi/x_meta_test.npy', new Uint8Array(dump(new Float32Array([7, 8]), [1, 2])));
    const imageTest = write('multi/x_image_test.npy', new Uint8Array(dump(new Uint8Array(4), [1, 2, 2])));
    const yTest = write('multi/y_test.npy', new Uint8Array(dump(new Uint8Array([1]), [1])));
    const source = { kind: 'files', train: { x: meta, xs: [meta, image], y }, test: { x: metaTest, xs: [metaTest, imageTest], y: yTest } } as const;
    const ds = await loadDataset(source, { inputNames: ['image', 'meta'] });
    assert.deepEqual(ds.train.xs?.map((a) => a.shape), [[3, 2, 2], [3, 2]]);
    assert.deepEqual(ds.train.x.shape, [3, 2, 2]);
    assert.deepEqual([...ds.train.xs![1].data], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(ds.test?.xs?.map((a) => a.shape), [[1, 2, 2], [1, 2]]);
    assert.equal(ds.source, [meta, image, y, metaTest, imageTest, yTest].join(', '));
    const limited = await loadDataset(source, { inputNames: ['image', 'meta'], limit: 2 });
    assert.deepEqual(limited.train.xs?.map((a) => a.shape[0]), [2, 2]);
    await assert.rejects(loadDataset(source), /The model has one input, but 2 input files were given \(x_meta\.npy, x_image\.npy\)/);
    await assert.rejects(loadDataset(source, { inputNames: ['image', 'meta', 'extra'] }), /The model has 3 inputs \(image, meta, extra\), but 2 input files/);
    await assert.rejects(loadDataset({ kind: 'files', train: { x: image, y } }, { inputNames: ['image', 'meta'] }), /or from one \.npy file per input named after it/);
    const short = write('multi/x_short.npy', new Uint8Array(dump(new Float32Array(4), [2, 2])));
    await assert.rejects(loadDataset({ kind: 'files', train: { x: image, xs: [image, short], y } }, { inputNames: ['image', 'short'] }), /has 2 inputs but 3 labels/);
  });
});
