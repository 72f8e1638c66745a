/**
 * CIFAR-10 as keras.datasets downloads it: pickled batches read without running Python, checked against what
 * Keras's own `load_batch` returns for fixtures made by real Python pickle (test/fixtures/cifar/make_fixture.py);
 * found in Keras's cache or a data folder, fetched from a loopback mirror, and offered for 32×32×3 inputs.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'fflate';
import { CIFAR10_CLASSES, loadCifar, parseCifarBatch, untar } from '../../src/train/data/cifar';
import { CIFAR_KERAS_ARCHIVE, loadDataset } from '../../src/train/data/datasets';
import { DataError } from '../../src/train/data/errors';
import { datasetsFitting, fetchDataset, planDownload } from '../../src/train/data/keras-downloads';
import { readPickle } from '../../src/train/data/pickle';

// Keras's cache is the scratch home each test names, whatever this machine's KERAS_HOME says.
delete process.env.KERAS_HOME;

const FIXTURES = join('test', 'fixtures', 'cifar');
const ARCHIVE = join(FIXTURES, 'cifar-10-python.tar.gz');
interface Expected {
  shape: number[];
  sha256: string;
  first: number[];
  y: number[];
}
const EXPECTED: Record<string, Expected> = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));

function assertMatches(got: { x: { data: ArrayLike<number>; shape: readonly number[] }; y: { data: ArrayLike<number> } }, want: Expected): void {
  assert.deepEqual(got.x.shape, want.shape);
  assert.equal(createHash('sha256').update(got.x.data as Uint8Array).digest('hex'), want.sha256);
  assert.deepEqual([...(got.x.data as Uint8Array).subarray(0, 8)], want.first);
  assert.deepEqual([...(got.y.data as Uint8Array)], want.y);
}

describe('CIFAR-10 batches (pickle protocol 2, as Python 2 cPickle wrote them)', () => {
  const files = untar(gunzipSync(readFileSync(ARCHIVE)), 'cifar-10-python.tar.gz');
  test('the archive lists cifar-10-batches-py/ with five training batches and a test batch', () => {
    assert.deepEqual([...files.keys()], [1, 2, 3, 4, 5].map((i) => `cifar-10-batches-py/data_batch_${i}`).concat('cifar-10-batches-py/test_batch'));
  });
  for (const name of ['data_batch_1', 'data_batch_5', 'test_batch']) {
    test(`${name}: the images channels last and the labels Keras's load_batch returns`, () => {
      assertMatches(parseCifarBatch(files.get(`cifar-10-batches-py/${name}`)!, name), EXPECTED[name]);
    });
  }
  test('a protocol 4 batch (Python 3 pickle.dump) reads the same way', () => {
    assertMatches(parseCifarBatch(readFileSync(join(FIXTURES, 'data_batch_protocol4')), 'data_batch_protocol4'), EXPECTED.data_batch_protocol4);
  });
});

describe('bad pickles are refused with a reason, never run', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a call to os.system', Buffer.from('\x80\x02cos\nsystem\nX\x02\x00\x00\x00lsq\x00\x85R.', 'latin1'), /calls os\.system/],
    ['a truncated batch', readFileSync(join(FIXTURES, 'data_batch_protocol4')).subarray(0, 300), /ends too early/],
    ['not a pickle', Buffer.from('hello world'), /is not a pickle Model Lens reads/],
    ['a dict without data', Buffer.from('\x80\x02}q\x00.', 'latin1'), /keys/],
  ];
  for (const [what, bytes, message] of cases) {
    test(what, () => {
      assert.throws(() => parseCifarBatch(bytes, 'data_batch_1'), (e: unknown) => e instanceof DataError && message.test(e.message));
    });
  }
  test('random bytes and every truncation of a real batch throw only DataError', () => {
    const real = readFileSync(join(FIXTURES, 'data_batch_protocol4'));
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed);
    const inputs = [...Array.from({ length: 300 }, () => Uint8Array.from({ length: rand() % 64 }, () => rand() % 256)), ...Array.from({ length: 120 }, (_, i) => real.subarray(0, i))];
    for (const bytes of inputs) {
      try {
        readPickle(bytes, 'x');
      } catch (e) {
        assert.ok(e instanceof DataError, `${(e as Error).message} for ${Buffer.from(bytes).toString('hex')}`);
      }
    }
  });
});

describe('CIFAR-10 found, limited, offered and downloaded', () => {
  let dir: string;
  let server: Server;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ml-cifar-'));
    server = createServer((req, res) => {
      if (req.url !== '/cifar-10-python.tar.gz') {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Length': statSync(ARCHIVE).size });
      createReadStream(ARCHIVE).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('32×32×3 inputs are offered CIFAR-10; 28×28 ones are not', () => {
    assert.deepEqual(datasetsFitting([null, 32, 32, 3]), ['cifar10']);
    assert.deepEqual(datasetsFitting([null, 32, 32, 1]), []);
    assert.ok(!datasetsFitting([null, 28, 28]).includes('cifar10'));
  });

  test('a data folder with the archive trains on all five batches and tests on test_batch, with the class names', async () => {
    const folder = join(dir, 'data');
    mkdirSync(folder);
    copyFileSync(ARCHIVE, join(folder, 'cifar-10-python.tar.gz'));
    const d = await loadDataset({ kind: 'keras', dataset: 'cifar10', folders: [folder] }, { home: join(dir, 'nohome') });
    assert.equal(d.title, 'CIFAR-10');
    assert.deepEqual(d.train.x.shape, [15, 32, 32, 3]);
    assert.deepEqual([...(d.train.y.data as Uint8Array)], [1, 2, 3, 4, 5].flatMap((i) => EXPECTED[`data_batch_${i}`].y));
    assert.deepEqual(d.test?.x.shape, [2, 32, 32, 3]);
    assert.deepEqual(d.classNames, CIFAR10_CLASSES);
  });

  test('an extracted cifar-10-batches-py folder (as Keras leaves it) is read batch by batch, only as many as the limit needs', () => {
    const folder = join(dir, 'cifar-10-batches-py');
    mkdirSync(folder);
    for (const [name, bytes] of untar(gunzipSync(readFileSync(ARCHIVE)), 'a')) writeFileSync(join(dir, name), bytes);
    rmSync(join(folder, 'data_batch_3'));
    const { train, test: testSet } = loadCifar({ folder }, 4);
    assert.deepEqual(train.x.shape, [6, 32, 32, 3]); // batches 1 and 2: batch 3 (missing) is never opened
    assert.deepEqual(testSet?.x.shape, [2, 32, 32, 3]);
    assert.throws(() => loadCifar({ folder }, 10), /data_batch_3|has no/);
  });

  test('the download goes to Keras\'s archive name from the authors\' site, or the mirror; then it loads from the cache', async () => {
    const home = join(dir, 'home');
    const direct = planDownload('cifar10', { home, env: {} });
    assert.equal(direct.files[0].url, 'https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz');
    assert.equal(direct.files[0].target, join(home, '.keras', 'datasets', CIFAR_KERAS_ARCHIVE));
    const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const plan = planDownload('cifar10', { home, mirror });
    assert.equal(plan.files[0].url, `${mirror}cifar-10-python.tar.gz`);
    // The fixture is not the real archive: give the plan the fixture's own checksum.
    const sha = createHash('sha256').update(readFileSync(ARCHIVE)).digest('hex');
    const fixturePlan = { ...plan, files: plan.files.map((f) => ({ ...f, file: { ...f.file, hash: sha, bytes: statSync(ARCHIVE).size } })) };
    assert.equal(await fetchDataset(fixturePlan, { consent: () => true }), 'done');
    const d = await loadDataset({ kind: 'keras', dataset: 'cifar10' }, { home, limit: 3 });
    assert.equal(d.source, join(home, '.keras', 'datasets', CIFAR_KERAS_ARCHIVE));
    assertMatches({ x: d.train.x, y: d.train.y }, EXPECTED.data_batch_1);
    assert.equal(planDownload('cifar10', { home, mirror }).files.length, 0);
  });

  test('not found: the message names the places and the files', async () => {
    await assert.rejects(loadDataset({ kind: 'keras', dataset: 'cifar10' }, { home: join(dir, 'empty') }), /CIFAR-10 was not found.*cifar-10-batches-py/s);
  });
});
