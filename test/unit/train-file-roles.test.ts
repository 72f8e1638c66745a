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
import { assignRoles, peekFile, type FilePeek } from '../../src/train/data/file-roles';

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
