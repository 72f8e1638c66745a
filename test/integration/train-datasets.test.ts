/**
 * Keras datasets for a file that loads no data (`--dataset`), and fetching a missing one (`--download`) from
 * a loopback mirror into a scratch Keras cache.
 */
import assert from 'node:assert/strict';
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEBIAN_FASHION_MNIST } from '../../src/train/data/datasets';
import { cliTrain, requireBuild, requireFashionMnist, ROOT } from './helpers';

/** The README's tutorial as people first write it: a model and compile(), no data loading. */
const TUTORIAL = `import tensorflow as tf

model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
model.summary()

model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
`;

describe('model-lens train --dataset / --download', () => {
  let dir: string;
  let tut: string;
  let server: Server;
  const requests: string[] = [];
  before(async () => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'ml-datasets-'));
    tut = join(dir, 'tut.py');
    writeFileSync(tut, TUTORIAL);
    // A mirror whose mnist.npz is another file (Debian's Fashion-MNIST test labels): the checksum must catch it.
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const file = req.url === '/mnist.npz' ? join(DEBIAN_FASHION_MNIST, 't10k-labels-idx1-ubyte.gz') : '';
      if (!file || !existsSync(file)) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'Content-Length': statSync(file).size });
      createReadStream(file).pipe(res);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the tutorial with no data loading trains on Fashion-MNIST for one epoch and scores at least 80%', async () => {
    requireFashionMnist();
    const r = await cliTrain([tut, '--dataset', 'fashion_mnist', '--epochs', '1', '--json', '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    const plan = r.lines.find((l) => l.event === 'plan')!;
    assert.ok((plan.settings as string[]).includes('data: Fashion-MNIST'));
    assert.ok((plan.settings as string[]).some((s) => /^preprocessing: inputs divided by 255 \(as Keras tutorials do/.test(s)));
    const result = r.lines.find((l) => l.event === 'result')!;
    assert.equal(result.testSamples, 10_000);
    assert.ok((result.testAccuracy as number) >= 0.8, `test accuracy ${String(result.testAccuracy)}`);
  });

  test('raw 0–255 IDX files into a model without Rescaling are warned about, with the fix; divided by 255 they are not', async () => {
    requireFashionMnist();
    const files = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz'].map((n) => join(DEBIAN_FASHION_MNIST, n)).join(',');
    const raw = await cliTrain([tut, '--data-files', files, '--limit', '200', '--json']);
    assert.equal(raw.code, 0, raw.stderr);
    assert.deepEqual(raw.lines.filter((l) => l.event === 'warning').map((l) => l.code), ['unscaled']);
    assert.match(raw.stderr, /warning: The inputs are whole numbers from 0 to 255 and the model has no Rescaling layer.*--input-scaling divideBy255/);
    const scaled = await cliTrain([tut, '--data-files', files, '--limit', '200', '--json', '--input-scaling', 'divideBy255']);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.doesNotMatch(scaled.stderr, /0 to 255/);
  });

  test('a 32×32×3 model that loads no data trains on CIFAR-10 from a data folder with the archive keras.datasets downloads', async () => {
    const model = join(dir, 'cifar_model.py');
    writeFileSync(
      model,
      'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((32, 32, 3)), layers.Rescaling(1 / 255), layers.Conv2D(4, 3, activation="relu"), layers.Flatten(), layers.Dense(10, activation="softmax")])\nmodel.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])\n',
    );
    const home = join(dir, 'cifar-home');
    const none = await cliTrain([model], { KERAS_HOME: join(home, '.keras'), HOME: home });
    assert.match(none.stderr, /the model's input fits --dataset cifar10\n$/);
    const data = join(dir, 'cifar-data');
    mkdirSync(data);
    copyFileSync(join(ROOT, 'test', 'fixtures', 'cifar', 'cifar-10-python.tar.gz'), join(data, 'cifar-10-python.tar.gz'));
    const r = await cliTrain([model, '--dataset', 'cifar10', '--data', data, '--epochs', '1', '--json'], { KERAS_HOME: join(home, '.keras'), HOME: home });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.find((l) => l.event === 'data'), { event: 'data', title: 'CIFAR-10', source: join(data, 'cifar-10-python.tar.gz'), train: 15, validation: 0, test: 2, sampleShape: [32, 32, 3] });
    assert.equal(r.lines.find((l) => l.event === 'result')?.testSamples, 2);
  });

  test('a dataset missing from every place says --download; with it, a mirror whose file fails the checksum is refused and nothing lands in the cache', async () => {
    const home = join(dir, 'home');
    const env = { KERAS_HOME: join(home, '.keras'), HOME: home, MODEL_LENS_DATASET_MIRROR: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    const none = await cliTrain([tut], env);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /loads no dataset .*\n.*the model's input fits --dataset fashion_mnist or --dataset mnist\n$/);
    const missing = await cliTrain([tut, '--dataset', 'mnist', '--limit', '10'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /MNIST is not on this machine .*Add --download to fetch it \(11\.5 MB\) from http:\/\/127\.0\.0\.1:\d+\/ into .*\.keras\/datasets/);
    assert.equal(requests.length, 0);

    requireFashionMnist();
    const bad = await cliTrain([tut, '--dataset', 'mnist', '--download', '--limit', '10'], env);
    assert.equal(bad.code, 1, bad.stdout);
    assert.match(bad.stderr, /mnist\.npz from http:\/\/127\.0\.0\.1:\d+\/mnist\.npz does not match its published sha256 checksum \(expected 731c5ac6/);
    assert.deepEqual(requests, ['/mnist.npz']);
    assert.deepEqual(readdirSync(join(home, '.keras', 'datasets')), []);
  });
});
