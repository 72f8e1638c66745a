/**
 * Fetching Keras datasets from a loopback HTTP server standing in for Keras's origin or a mirror: consent
 * refused, a checksum that does not match, a connection cut halfway (resumed with a Range request), a server
 * that ignores Range, and the files landing in Keras's cache under Keras's names.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { downloadFile, DownloadError, hashAlgorithm } from '../../src/train/data/download';
import { datasetOrigin, datasetsFitting, fetchDataset, findDataset, KERAS_ORIGIN, placeLabel, planDownload, type DownloadPlan } from '../../src/train/data/keras-downloads';

const BODY = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 251));
const SHA = createHash('sha256').update(BODY).digest('hex');
const MD5 = createHash('md5').update(BODY).digest('hex');

interface Seen {
  readonly url: string;
  readonly range?: string;
}

/** Serves BODY at every path; `mode` decides how (whole, cut at half on the first request, ignoring Range). */
function serve(): { server: Server; seen: Seen[]; mode: { cutFirst: boolean; ignoreRange: boolean; stall: boolean; status?: number }; url: () => string } {
  const seen: Seen[] = [];
  const mode = { cutFirst: false, ignoreRange: false, stall: false, status: undefined as number | undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen.push({ url: req.url ?? '', range: req.headers.range });
    if (mode.status) {
      res.writeHead(mode.status);
      return res.end();
    }
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && !mode.ignoreRange) {
      const from = Number(range[1]);
      if (from >= BODY.length) {
        res.writeHead(416);
        return res.end();
      }
      res.writeHead(206, { 'Content-Length': BODY.length - from, 'Content-Range': `bytes ${from}-${BODY.length - 1}/${BODY.length}` });
      return res.end(BODY.subarray(from));
    }
    res.writeHead(200, { 'Content-Length': BODY.length });
    if (mode.stall) {
      // Half the file, then nothing more (until the client gives up).
      res.write(BODY.subarray(0, BODY.length / 2));
      return;
    }
    if (mode.cutFirst) {
      mode.cutFirst = false;
      // Half the file, then the connection drops.
      res.write(BODY.subarray(0, BODY.length / 2), () => res.socket?.destroy());
      return;
    }
    res.end(BODY);
  });
  return { server, seen, mode, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('downloadFile', () => {
  const s = serve();
  let dir: string;
  before(async () => {
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), 'ml-download-'));
  });
  after(() => {
    s.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const reset = () => {
    s.seen.length = 0;
    Object.assign(s.mode, { cutFirst: false, ignoreRange: false, stall: false, status: undefined });
  };

  test('a whole file arrives, its SHA-256 checks, and it is renamed into place (no .part left)', async () => {
    reset();
    const target = join(dir, 'a', 'file.bin');
    const progress: number[] = [];
    await downloadFile(s.url() + 'file.bin', target, { hash: SHA, onProgress: (n) => progress.push(n) });
    assert.deepEqual(readFileSync(target), BODY);
    assert.equal(existsSync(`${target}.part`), false);
    assert.equal(progress.at(-1), BODY.length);
  });

  test('an MD5 (32 hex digits) is checked as MD5, as Keras get_file tells them apart', async () => {
    reset();
    assert.equal(hashAlgorithm(MD5), 'md5');
    assert.equal(hashAlgorithm(SHA), 'sha256');
    const target = join(dir, 'md5.bin');
    await downloadFile(s.url() + 'md5.bin', target, { hash: MD5 });
    assert.deepEqual(readFileSync(target), BODY);
  });

  test('a connection cut halfway is resumed with a Range request from where it stopped', async () => {
    reset();
    s.mode.cutFirst = true;
    const target = join(dir, 'cut.bin');
    await downloadFile(s.url() + 'cut.bin', target, { hash: SHA, retries: 2 });
    assert.deepEqual(readFileSync(target), BODY);
    assert.equal(s.seen.length, 2);
    assert.equal(s.seen[0].range, undefined);
    assert.match(s.seen[1].range ?? '', /^bytes=\d+-$/);
    assert.ok(Number(/\d+/.exec(s.seen[1].range!)![0]) > 0, 'the retry asks only for the rest');
  });

  test('a cut connection with no retries left keeps the .part; the next call resumes it', async () => {
    reset();
    s.mode.cutFirst = true;
    const target = join(dir, 'later.bin');
    await assert.rejects(downloadFile(s.url() + 'later.bin', target, { hash: SHA, retries: 0 }), (e: Error) => e instanceof DownloadError && /kept in .*later\.bin\.part.*resumes/.test(e.message));
    assert.ok(existsSync(`${target}.part`));
    assert.equal(existsSync(target), false, 'no half file under the real name');
    await downloadFile(s.url() + 'later.bin', target, { hash: SHA });
    assert.deepEqual(readFileSync(target), BODY);
    assert.match(s.seen.at(-1)!.range ?? '', /^bytes=[1-9]\d*-$/);
  });

  test('cancelled mid-file: it stops at once, keeps the .part for a resume, and says so', async () => {
    reset();
    s.mode.stall = true;
    const target = join(dir, 'cancel.bin');
    const abort = new AbortController();
    const started = Date.now();
    await assert.rejects(
      downloadFile(s.url() + 'cancel.bin', target, { signal: abort.signal, onProgress: () => abort.abort() }),
      (e: Error) => e instanceof DownloadError && /cancelled; what arrived is kept in .*cancel\.bin\.part/.test(e.message),
    );
    assert.ok(Date.now() - started < 5000);
    assert.equal(existsSync(target), false);
    // A server that goes silent is given up on after the idle timeout, not waited for forever.
    await assert.rejects(downloadFile(s.url() + 'silent.bin', join(dir, 'silent.bin'), { idleTimeoutMs: 200, retries: 0 }), /failed .*after 1 tries/);
  });

  test('a server that ignores Range sends the whole file again: it is written from the start, not appended', async () => {
    reset();
    s.mode.ignoreRange = true;
    const target = join(dir, 'norange.bin');
    writeFileSync(`${target}.part`, BODY.subarray(0, 1000));
    await downloadFile(s.url() + 'norange.bin', target, { hash: SHA });
    assert.deepEqual(readFileSync(target), BODY);
  });

  test('a checksum that does not match deletes the file and says both hashes', async () => {
    reset();
    const target = join(dir, 'bad.bin');
    const wrong = '0'.repeat(64);
    await assert.rejects(downloadFile(s.url() + 'bad.bin', target, { hash: wrong }), (e: Error) => e instanceof DownloadError && e.message.includes(wrong) && e.message.includes(SHA) && /checksum/.test(e.message));
    assert.equal(existsSync(target), false);
    assert.equal(existsSync(`${target}.part`), false);
  });

  test('HTTP errors and bad addresses are errors with the reason, never a hang or a crash', async () => {
    reset();
    s.mode.status = 404;
    await assert.rejects(downloadFile(s.url() + 'missing.bin', join(dir, 'missing.bin')), /HTTP 404/);
    await assert.rejects(downloadFile('ftp://example.com/x', join(dir, 'x')), /only http and https/);
    await assert.rejects(downloadFile('not a url', join(dir, 'y')), /not a web address/);
    // Nothing listening: refused connections are retried, then reported.
    await assert.rejects(downloadFile('http://127.0.0.1:1/x', join(dir, 'z'), { retries: 1 }), /failed .* after 2 tries/);
  });
});

describe('Keras datasets: where they come from and where they go', () => {
  const s = serve();
  let home: string;
  before(async () => {
    await new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r));
    home = mkdtempSync(join(tmpdir(), 'ml-keras-home-'));
  });
  after(() => {
    s.server.close();
    rmSync(home, { recursive: true, force: true });
  });

  test('the origin is Keras\'s own unless the setting or MODEL_LENS_DATASET_MIRROR names a mirror', () => {
    assert.equal(datasetOrigin(undefined, {}), KERAS_ORIGIN);
    assert.equal(datasetOrigin('', { MODEL_LENS_DATASET_MIRROR: 'http://m.example/keras' }), 'http://m.example/keras/');
    assert.equal(datasetOrigin('http://setting.example/', { MODEL_LENS_DATASET_MIRROR: 'http://env.example/' }), 'http://setting.example/');
  });

  test('Fashion-MNIST goes to ~/.keras/datasets/fashion-mnist/ under the names keras.datasets uses; MNIST is ~/.keras/datasets/mnist.npz', () => {
    const f = planDownload('fashion_mnist', { home, env: {}, exists: () => false });
    assert.deepEqual(
      f.files.map((x) => x.target),
      ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'].map((n) => join(home, '.keras', 'datasets', 'fashion-mnist', n)),
    );
    assert.equal(f.files[0].url, KERAS_ORIGIN + 'train-labels-idx1-ubyte.gz');
    const m = planDownload('mnist', { home, env: {}, exists: () => false });
    assert.deepEqual(m.files.map((x) => [x.url, x.target]), [[KERAS_ORIGIN + 'mnist.npz', join(home, '.keras', 'datasets', 'mnist.npz')]]);
    assert.equal(m.files[0].file.hash, '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1');
    assert.equal(placeLabel(join(home, '.keras', 'datasets', 'fashion-mnist'), home), 'Keras cache');
    assert.equal(placeLabel('/usr/share/datasets/fashion-mnist', home), 'Debian package');
  });

  test('files already in the cache are not fetched again', () => {
    const plan = planDownload('fashion_mnist', { home, env: {}, exists: (p) => p.endsWith('labels-idx1-ubyte.gz') });
    assert.deepEqual(plan.files.map((f) => f.file.name), ['train-images-idx3-ubyte.gz', 't10k-images-idx3-ubyte.gz']);
  });

  test('consent refused: nothing is fetched and nothing is written', async () => {
    s.seen.length = 0;
    const plan = planDownload('mnist', { home, mirror: s.url(), exists: () => false });
    let asked: DownloadPlan | undefined;
    const result = await fetchDataset(plan, { consent: (p) => ((asked = p), false) });
    assert.equal(result, 'refused');
    assert.equal(asked?.title, 'MNIST');
    assert.equal(s.seen.length, 0);
    assert.equal(existsSync(join(home, '.keras')), false);
  });

  test('from a mirror, with progress over all files, into the cache; a wrong checksum stops it with the file named', async () => {
    s.seen.length = 0;
    const base = planDownload('mnist', { home, mirror: s.url(), exists: () => false });
    // The loopback server's file under the real name, with its own hash, as a mirror of known content.
    const plan: DownloadPlan = { ...base, files: base.files.map((f) => ({ ...f, file: { ...f.file, hash: SHA, bytes: BODY.length } })), bytes: BODY.length };
    const seen: number[] = [];
    assert.equal(await fetchDataset(plan, { consent: () => true, onProgress: (n, total, file) => (assert.equal(file, 'mnist.npz'), assert.equal(total, BODY.length), seen.push(n)) }), 'done');
    assert.deepEqual(readFileSync(join(home, '.keras', 'datasets', 'mnist.npz')), BODY);
    assert.equal(s.seen[0].url, '/mnist.npz');
    assert.equal(seen.at(-1), BODY.length);
    assert.deepEqual(readdirSync(join(home, '.keras', 'datasets')), ['mnist.npz']);

    mkdirSync(join(home, 'other'), { recursive: true });
    const real = planDownload('mnist', { home: join(home, 'other'), mirror: s.url(), exists: () => false });
    await assert.rejects(fetchDataset(real, { consent: () => true }), (e: Error) => e instanceof DownloadError && /mnist\.npz .* does not match its published sha256 checksum \(expected 731c5ac6/.test(e.message));
    assert.equal(existsSync(join(home, 'other', '.keras', 'datasets', 'mnist.npz')), false);
  });

  test('Debian\'s copy is looked for where MODEL_LENS_DEBIAN_DATASETS says: an empty folder there is a machine without it', () => {
    const saved = { debian: process.env.MODEL_LENS_DEBIAN_DATASETS, keras: process.env.KERAS_HOME };
    const root = mkdtempSync(join(tmpdir(), 'ml-debian-'));
    try {
      delete process.env.KERAS_HOME;
      process.env.MODEL_LENS_DEBIAN_DATASETS = join(root, 'none');
      assert.equal(findDataset('fashion_mnist', [], join(root, 'home')), undefined);
      const folder = join(root, 'datasets', 'fashion-mnist');
      mkdirSync(folder, { recursive: true });
      for (const name of ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']) writeFileSync(join(folder, name), '');
      process.env.MODEL_LENS_DEBIAN_DATASETS = join(root, 'datasets');
      assert.equal(findDataset('fashion_mnist', [], join(root, 'home')), folder);
      assert.equal(placeLabel(folder, join(root, 'home')), 'Debian package');
    } finally {
      for (const [name, value] of [['MODEL_LENS_DEBIAN_DATASETS', saved.debian], ['KERAS_HOME', saved.keras]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      rmSync(root, { recursive: true, force: true });
    }
  });

  test('which datasets fit a model input: 28×28, 28×28×1 and 784 take Fashion-MNIST and MNIST; 32×32×3 CIFAR-10; others none', () => {
    assert.deepEqual(datasetsFitting([null, 28, 28]), ['fashion_mnist', 'mnist']);
    assert.deepEqual(datasetsFitting([null, 28, 28, 1]), ['fashion_mnist', 'mnist']);
    assert.deepEqual(datasetsFitting([null, 784]), ['fashion_mnist', 'mnist']);
    assert.deepEqual(datasetsFitting([null, 32, 32, 3]), ['cifar10']);
    assert.deepEqual(datasetsFitting([null, 10]), []);
    assert.deepEqual(datasetsFitting([null, null, 28]), []);
  });
});
