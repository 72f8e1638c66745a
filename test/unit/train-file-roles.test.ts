/**
 * Picked files told apart by name and shape, from their headers only: Fashion-MNIST's four IDX files in any
 * order, .npy pairs whose names say nothing, an .npz or CSV on its own, and the mix-ups said plainly.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { DEBIAN_FASHION_MNIST } from '../../src/train/data/datasets';
import { DataError } from '../../src/train/data/errors';
import { assignRoles, peekFile, type FilePeek } from '../../src/train/data/file-roles';
import { inputNameOfFile, orderInputFiles } from '../../src/train/data/model-inputs';

const dir = mkdtempSync(join(tmpdir(), 'ml-roles-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A .npy file with this header's shape (the data is not read by the peek, so a few bytes stand for it). */
function npy(name: string, shape: readonly number[]): string {
  const dict = `{'descr': '|u1', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const header = dict.padEnd(118, ' ') + '\n';
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from([0x93]), Buffer.from('NUMPY'), Buffer.from([1, 0, header.length, 0]), Buffer.from(header, 'latin1'), Buffer.alloc(16)]));
  return path;
}

const peek = (path: string): FilePeek => peekFile(path)!;

describe('peekFile', () => {
  test('IDX headers through gzip, and .npy headers, give the shape; .npz and CSV are named only', { skip: !existsSync(DEBIAN_FASHION_MNIST) && 'no Fashion-MNIST' }, () => {
    assert.deepEqual(peek(join(DEBIAN_FASHION_MNIST, 'train-images-idx3-ubyte.gz')).shape, [60000, 28, 28]);
    assert.deepEqual(peek(join(DEBIAN_FASHION_MNIST, 't10k-labels-idx1-ubyte.gz')).shape, [10000]);
    assert.deepEqual(peek(npy('a.npy', [500, 32, 32, 3])).shape, [500, 32, 32, 3]);
    assert.deepEqual(peekFile(join(dir, 'data.npz')), { path: join(dir, 'data.npz'), format: 'npz' });
    assert.equal(peekFile(join(dir, 'notes.txt')), undefined);
    // A file that is not there, or not IDX inside, has no shape rather than an error.
    assert.deepEqual(peekFile(join(dir, 'missing-idx3-ubyte')), { path: join(dir, 'missing-idx3-ubyte'), format: 'idx' });
    writeFileSync(join(dir, 'junk-idx3-ubyte.gz'), 'not gzip');
    assert.equal(peek(join(dir, 'junk-idx3-ubyte.gz')).shape, undefined);
  });
});

describe('assignRoles', () => {
  test('the four Fashion-MNIST files in any order: training and test pairs, said with their shapes', { skip: !existsSync(DEBIAN_FASHION_MNIST) && 'no Fashion-MNIST' }, () => {
    const files = ['t10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'].map((n) => peek(join(DEBIAN_FASHION_MNIST, n)));
    const roles = assignRoles(files);
    assert.ok('source' in roles);
    const at = (n: string) => join(DEBIAN_FASHION_MNIST, n);
    assert.deepEqual(roles.source, { kind: 'files', train: { x: at('train-images-idx3-ubyte.gz'), y: at('train-labels-idx1-ubyte.gz') }, test: { x: at('t10k-images-idx3-ubyte.gz'), y: at('t10k-labels-idx1-ubyte.gz') } });
    assert.deepEqual(roles.understood, [
      'Training: 60,000 inputs of 28×28 from train-images-idx3-ubyte.gz, labels from train-labels-idx1-ubyte.gz',
      'Test: 10,000 inputs of 28×28 from t10k-images-idx3-ubyte.gz, labels from t10k-labels-idx1-ubyte.gz',
    ]);
  });

  test('.npy files whose names say nothing: labels by shape, pairs by sample count, the larger pair trains', () => {
    const a = peek(npy('a.npy', [200]));
    const b = peek(npy('b.npy', [1000, 8]));
    const c = peek(npy('c.npy', [1000, 1]));
    const d = peek(npy('d.npy', [200, 8]));
    const roles = assignRoles([a, b, c, d]);
    assert.ok('source' in roles);
    assert.deepEqual(roles.source, { kind: 'files', train: { x: b.path, y: c.path }, test: { x: d.path, y: a.path } });
    assert.match(roles.understood[0], /^Training: 1,000 inputs of 8 from b\.npy, labels from c\.npy$/);
  });

  test('one pair is the training set; an .npz or a CSV stands alone (the CSV asks for its label column)', () => {
    const roles = assignRoles([peek(npy('y.npy', [50])), peek(npy('x.npy', [50, 4]))]);
    assert.ok('source' in roles && roles.source.kind === 'files');
    assert.deepEqual(roles.source.train, { x: join(dir, 'x.npy'), y: join(dir, 'y.npy') });
    assert.equal(roles.source.test, undefined);
    const npz = assignRoles([{ path: join(dir, 'd.npz'), format: 'npz' }]);
    assert.ok('source' in npz && npz.csv === undefined);
    const csv = assignRoles([{ path: join(dir, 'test.csv'), format: 'csv' }, { path: join(dir, 'train.csv'), format: 'csv' }]);
    assert.ok('source' in csv && csv.source.kind === 'files');
    assert.equal(csv.source.train.x, join(dir, 'train.csv'));
    assert.equal(csv.source.test?.x, join(dir, 'test.csv'));
    assert.deepEqual(csv.csv, ['train', 'test']);
  });

  test('what cannot be told apart is said, naming the files', () => {
    const p = (r: ReturnType<typeof assignRoles>) => ('problem' in r ? r.problem : '');
    assert.match(p(assignRoles([peek(npy('only.npy', [10, 3]))])), /only\.npy holds inputs only; pick the labels file too/);
    assert.match(p(assignRoles([peek(npy('lab.npy', [10]))])), /lab\.npy holds labels only/);
    assert.match(p(assignRoles([peek(npy('xs.npy', [10, 3])), peek(npy('ys.npy', [12]))])), /xs\.npy has 10 samples but ys\.npy has 12 labels/);
    assert.match(p(assignRoles([peek(npy('x1.npy', [10, 3])), { path: join(dir, 'd.npz'), format: 'npz' }])), /not both/);
    assert.match(p(assignRoles([{ path: join(dir, 'one.csv'), format: 'csv' }, { path: join(dir, 'two.csv'), format: 'csv' }])), /which is the test set/);
  });
});

describe('one file per input, for a model with several inputs', () => {
  const p = (r: ReturnType<typeof assignRoles>) => ('problem' in r ? r.problem : '');

  test('inputNameOfFile: the Input name a file carries, with x_, _train, _test and x_test_ taken off', () => {
    const table: [string, string][] = [
      ['x_image.npy', 'image'],
      ['image.npy', 'image'],
      ['image_train.npy', 'image'],
      ['x_train_image.npy', 'image'],
      ['x_test_meta.npy', 'meta'],
      ['meta_test.npy', 'meta'],
      ['x_image-idx3-ubyte.gz', 'image-idx3-ubyte'],
      ['/some/dir/x_photo_crop.npy', 'photo_crop'],
    ];
    for (const [file, name] of table) assert.equal(inputNameOfFile(file), name, file);
  });

  test('orderInputFiles: by name in the model order; as given when no file names an input; mismatches say which', () => {
    assert.deepEqual(orderInputFiles(['/d/x_meta.npy', '/d/x_image.npy'], ['image', 'meta']), ['/d/x_image.npy', '/d/x_meta.npy']);
    assert.deepEqual(orderInputFiles(['/d/a.npy', '/d/b.npy'], ['image', 'meta']), ['/d/a.npy', '/d/b.npy']);
    assert.throws(() => orderInputFiles(['/d/x_image.npy', '/d/other.npy'], ['image', 'meta']), (e: Error) => e instanceof DataError && /Which file is which input\? meta: no file names it\. Name each file after its Input: x_image\.npy, x_meta\.npy/.test(e.message));
    assert.throws(() => orderInputFiles(['/d/x_image.npy', '/d/image.npy'], ['image', 'meta']), /image: x_image\.npy, image\.npy both name it; meta: no file names it/);
    assert.throws(() => orderInputFiles(['/d/x_image.npy'], ['image', 'meta']), /The model has 2 inputs \(image, meta\), but 1 input files were given \(x_image\.npy\)\. Give one file per input, named after it \(x_image\.npy, x_meta\.npy\)/);
  });

  test('x_image.npy + x_meta.npy + y.npy train, their _test siblings test; what was understood names each input', () => {
    const files = [
      npy('y.npy', [600]),
      npy('x_meta.npy', [600, 3]),
      npy('x_image.npy', [600, 4, 4, 1]),
      npy('x_image_test.npy', [200, 4, 4, 1]),
      npy('y_test.npy', [200]),
      npy('x_meta_test.npy', [200, 3]),
    ].map(peek);
    const roles = assignRoles(files, ['image', 'meta']);
    assert.ok('source' in roles && roles.source.kind === 'files', p(roles));
    const at = (n: string) => join(dir, n);
    assert.deepEqual(roles.source.train, { x: at('x_image.npy'), xs: [at('x_image.npy'), at('x_meta.npy')], y: at('y.npy') });
    assert.deepEqual(roles.source.test, { x: at('x_image_test.npy'), xs: [at('x_image_test.npy'), at('x_meta_test.npy')], y: at('y_test.npy') });
    assert.deepEqual(roles.understood, [
      'Training: 600 samples; inputs image (4×4×1) from x_image.npy, meta (3) from x_meta.npy; labels from y.npy',
      'Test: 200 samples; inputs image (4×4×1) from x_image_test.npy, meta (3) from x_meta_test.npy; labels from y_test.npy',
    ]);
    // An input of one value per sample is an input when its name says so, not labels.
    const one = assignRoles([npy('x_age.npy', [50, 1]), npy('x_pic.npy', [50, 8]), npy('labels.npy', [50])].map(peek), ['pic', 'age']);
    assert.ok('source' in one && one.source.kind === 'files', p(one));
    assert.deepEqual(one.source.train.xs, [join(dir, 'x_pic.npy'), join(dir, 'x_age.npy')]);
  });

  test('an .npz for such a model is said with the arrays it must hold', () => {
    const roles = assignRoles([{ path: join(dir, 'data.npz'), format: 'npz' }], ['image', 'meta']);
    assert.ok('source' in roles, p(roles));
    assert.deepEqual(roles.understood, ['Training: data.npz (an array per input: image, meta, and y_train; with image_test, meta_test and y_test it also gives the test set)']);
  });

  test('what does not fit the inputs is said: no labels, a missing input, unequal sample counts', () => {
    assert.match(p(assignRoles([npy('x_image.npy', [600, 4, 4, 1]), npy('x_meta.npy', [600, 3])].map(peek), ['image', 'meta'])), /pick one file per input and one labels file; no labels file among x_image\.npy, x_meta\.npy/);
    assert.match(p(assignRoles([npy('x_image.npy', [600, 4, 4, 1]), npy('y.npy', [600])].map(peek), ['image', 'meta'])), /but 1 input files were given/);
    assert.match(p(assignRoles([npy('x_image.npy', [600, 4, 4, 1]), npy('x_meta.npy', [500, 3]), npy('y.npy', [600])].map(peek), ['image', 'meta'])), /Training files hold different numbers of samples: x_image\.npy 600, x_meta\.npy 500, y\.npy 600/);
  });
});

describe('a model with several outputs: a labels file per output, named after it', () => {
  const outputs = ['kind', 'size'];
  test('the inputs and y_<output>.npy per set, in any order; what was understood per output', () => {
    const files = [npy('y_size.npy', [800, 1]), npy('feat.npy', [800, 8]), npy('y_kind.npy', [800]), npy('y_test_kind.npy', [200]), npy('feat_test.npy', [200, 8]), npy('y_test_size.npy', [200, 1])].map(peek);
    const roles = assignRoles(files, undefined, outputs);
    assert.ok('source' in roles, JSON.stringify(roles));
    assert.deepEqual(roles.source, {
      kind: 'files',
      train: { x: join(dir, 'feat.npy'), y: join(dir, 'y_kind.npy'), ys: [join(dir, 'y_size.npy')] },
      test: { x: join(dir, 'feat_test.npy'), y: join(dir, 'y_test_kind.npy'), ys: [join(dir, 'y_test_size.npy')] },
    });
    assert.deepEqual(roles.understood, [
      'Training: 800 samples; input (8) from feat.npy; labels per output: kind (one value) from y_kind.npy, size (1) from y_size.npy',
      'Test: 200 samples; input (8) from feat_test.npy; labels per output: kind (one value) from y_test_kind.npy, size (1) from y_test_size.npy',
    ]);
  });

  test('a missing labels file, a CSV, and an .npz said per output', () => {
    const missing = assignRoles([npy('feat.npy', [800, 8]), npy('y_kind.npy', [800])].map(peek), undefined, outputs);
    assert.ok('problem' in missing);
    assert.match(missing.problem, /^Which labels are for which output\? size: no file names it\. The model has 2 outputs \(kind, size\)/);
    writeFileSync(join(dir, 'd.csv'), 'a,label\n1,0\n');
    const csv = assignRoles([peek(join(dir, 'd.csv'))], undefined, outputs);
    assert.ok('problem' in csv && /^A CSV has one label column, but the model has 2 outputs \(kind, size\)\./.test(csv.problem));
    writeFileSync(join(dir, 'heads.npz'), 'PK');
    const npz = assignRoles([peek(join(dir, 'heads.npz'))], undefined, outputs);
    assert.ok('understood' in npz);
    assert.deepEqual(npz.understood, ['Training: heads.npz (x_train; labels per output: kind from y_train_kind, size from y_train_size; with y_test_kind, y_test_size and the test inputs it also gives the test set)']);
  });
});
