// The README's tutorial as people first write it (a model and compile(), no data loading), on a machine where
// Keras's cache is empty and Debian's copy is absent: "▶ Train" offers to download Fashion-MNIST, asks first,
// fetches it from a mirror (a loopback HTTP server serving Keras's files rebuilt from Debian's, one connection cut halfway) with a
// progress notification, and trains on it to a test accuracy. Then the dataset is in the cache: a second file is
// offered "Fashion-MNIST (Keras cache)" first. A longer run stopped mid-epoch says where it stopped, has no row
// for the unfinished epoch, and can be saved and tested. Files picked one at a time (the browser's dialog gives
// one per pick) are completed with "Add Files…", said, and trained on; a model with two inputs is offered files
// only, and trains from one .npy per input.
//
// These tests start a code-server of their own (as restricted.e2e.ts does) so its environment can give it an
// empty temporary Keras cache (KERAS_HOME) and no Debian datasets (MODEL_LENS_DEBIAN_DATASETS): the real
// ~/.keras is never read or written. Screenshots: test-results/e2e/train-dataset-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator } from 'playwright-core';
import { join } from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import { DEBIAN_FASHION_MNIST } from '../../src/train/data/datasets';
import { MODEL as TWO_INPUTS, split } from '../integration/two-inputs-data';
import {
  E2E_ENV, installVsix, makeDirs, removeDirs, RESULTS_DIR, ROOT, startCodeServer, stopCodeServer, stopCodeServerNow,
  type CodeServerDirs, type RunningCodeServer,
} from './harness';
import { panelText as text, pickInDialog, setWorkspaceSettings, trainingPanel, typeInDialog } from './training';
import { normalize, poll, Workbench } from './workbench';

const TUTORIAL = `import tensorflow as tf

model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
model.summary()

model.compile(optimizer=tf.keras.optimizers.Adam(),
              loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
`;

const FILES = ['train-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz'];
/** The file whose first transfer the mirror cuts halfway: the download must resume it (HTTP Range). */
const CUT = 'train-images-idx3-ubyte.gz';

/**
 * The files as Keras's origin serves them, made from Debian's copy. Debian's .gz files hold the same deflate
 * streams, but their gzip headers lost the original file name and got a 2020 mtime, so their MD5s are not the
 * published ones (Model Lens rightly refuses them). The originals' headers (zalandoresearch/fashion-mnist,
 * data/fashion/*-labels-*.gz; the images' mtimes are the labels', found by their MD5s) name the file and carry
 * this mtime (2017-08-31 10:50 UTC); putting both back gives the published bytes.
 */
const ORIGINAL_MTIME: Record<string, number> = { train: 0x59a7e9de, t10k: 0x59a7e9f3 };

function originalGzip(name: string): Buffer {
  const debian = readFileSync(join(DEBIAN_FASHION_MNIST, name));
  const header = Buffer.from(debian.subarray(0, 10));
  header[3] |= 0x08; // FLG.FNAME: a zero-terminated file name follows the 10-byte header
  header.writeUInt32LE(ORIGINAL_MTIME[name.split('-')[0]], 4);
  return Buffer.concat([header, Buffer.from(`${name.replace(/\.gz$/, '')}\0`, 'latin1'), debian.subarray(10)]);
}

interface Mirror {
  readonly server: Server;
  readonly url: string;
  /** Each request: the path and its Range header. */
  readonly seen: { path: string; range?: string }[];
}

/**
 * Fashion-MNIST's original files (from Debian's copy, `originalGzip`) over loopback HTTP, sent in 64 KiB pieces a few milliseconds apart (a few
 * seconds in all, so the progress notification can be seen), with Range support; the first transfer of CUT
 * ends halfway with the connection destroyed.
 */
async function startMirror(): Promise<Mirror> {
  const seen: Mirror['seen'] = [];
  const bodies = new Map(FILES.map((name) => [name, originalGzip(name)]));
  let cut = false;
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    seen.push({ path: req.url ?? '', range: req.headers.range });
    const body = bodies.get(name);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const part = body.subarray(from);
    res.writeHead(from > 0 ? 206 : 200, { 'Content-Length': part.length, ...(from > 0 ? { 'Content-Range': `bytes ${from}-${body.length - 1}/${body.length}` } : {}) });
    const stopAt = name === CUT && !cut ? Math.floor(part.length / 2) : part.length;
    if (stopAt < part.length) cut = true;
    let at = 0;
    const send = () => {
      if (res.destroyed) return;
      if (at >= stopAt) {
        if (stopAt < part.length) res.destroy();
        else res.end();
        return;
      }
      const next = Math.min(at + 65_536, stopAt);
      res.write(part.subarray(at, next));
      at = next;
      setTimeout(send, 8);
    };
    send();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, seen };
}

let dirs: CodeServerDirs | undefined;
let server: RunningCodeServer | undefined;
let mirror: Mirror | undefined;
let wb: Workbench | undefined;
let kerasHome = '';
// The run stops its own code-server; this one is ours to stop, however the test process ends.
process.on('exit', () => server && stopCodeServerNow(server));

before(async () => {
  if (!existsSync(join(DEBIAN_FASHION_MNIST, CUT))) throw new Error(`the mirror serves Debian's Fashion-MNIST: apt-get install dataset-fashion-mnist (${DEBIAN_FASHION_MNIST})`);
  mirror = await startMirror();
  dirs = makeDirs();
  kerasHome = join(dirs.root, 'keras-home');
  dirs.env = { ...dirs.env, KERAS_HOME: kerasHome, MODEL_LENS_DEBIAN_DATASETS: join(dirs.root, 'no-debian-datasets') };
  installVsix(dirs, join(ROOT, 'dist', 'model-lens.vsix'));
  server = await startCodeServer(dirs, join(RESULTS_DIR, 'code-server-train-dataset.log'));
  // This file runs in a process of its own: the workbench (and its helpers) write into this server's workspace.
  process.env[E2E_ENV.workspace] = dirs.workspace;
  wb = await Workbench.open(server.url);
});

after(async () => {
  await wb?.close();
  if (server) await stopCodeServer(server);
  server = undefined;
  mirror?.server.close();
  mirror?.server.closeAllConnections();
  if (dirs) removeDirs(dirs);
});

/** A test on this file's workbench; a failure leaves `failed-<name>.png`. */
function test(name: string, fn: (wb: Workbench) => Promise<void>): void {
  nodeTest(name, async () => {
    if (!wb) throw new Error('the workbench did not open');
    try {
      await fn(wb);
    } catch (error) {
      await wb.screenshot(`failed-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`).catch(() => undefined);
      throw error;
    }
  });
}

const rows = (wb: Workbench) => wb.page.locator('.quick-input-widget .monaco-list-row');
const rowTexts = async (wb: Workbench) => (await rows(wb).allInnerTexts()).map(normalize);

/** Clicks "▶ Train" on the open file and waits for the data picker; returns the rows it offers. */
async function openDataPicker(wb: Workbench): Promise<string[]> {
  const lens = wb.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: '▶ Train' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  return poll('the data picker', () => rowTexts(wb), (t) => t.some((r) => r.startsWith('Fashion-MNIST')), 20_000);
}

/** Waits for the pre-flight picker to show `expect` and starts the run. */
async function startFromPreflight(wb: Workbench, expect: string[]): Promise<void> {
  await poll('the pre-flight picker', () => rowTexts(wb), (t) => t.some((r) => r.startsWith('Start training')) && expect.every((e) => t.some((r) => r.includes(e))), 30_000);
  await rows(wb).filter({ hasText: 'Start training' }).first().click();
}

/**
 * The picked files' confirmation: checks what was understood, uses the files, starts from the pre-flight picker
 * showing `expect`, and waits for the run of `file` to finish with `epochs` rows; returns the panel.
 */
async function trainOnUnderstood(wb: Workbench, understood: string, shot: string, expect: string[], file: string, epochs: number): Promise<FrameLocator> {
  const dialog = wb.page.locator('.monaco-dialog-box');
  const said = await poll('what was understood', async () => normalize(await dialog.innerText().catch(() => '')), (t) => t.includes('Model Lens will train on these files'), 20_000);
  assert.ok(said.includes(understood), said);
  await wb.screenshot(shot);
  await dialog.locator('.monaco-button', { hasText: 'Use These Files' }).first().click();
  await startFromPreflight(wb, expect);
  const panel = trainingPanel(wb);
  await poll('the panel to show this run', () => text(panel, '#file'), (t) => t === file, 20_000);
  await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 120_000);
  assert.equal(await panel.locator('#epochs tbody tr').count(), epochs);
  return panel;
}

test('the tutorial with no data and an empty Keras cache: ▶ Train offers the download, asks, shows its progress, resumes a cut connection and trains', async (wb) => {
  const cache = join(kerasHome, 'datasets', 'fashion-mnist');
  writeFileSync(join(wb.workspace, 'tut.py'), TUTORIAL);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 3000, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 1, 'modelLens.train.datasetMirror': mirror!.url });
  await wb.openFile('tut.py');
  // The settings file is read a moment after it is written: wait until the picker names the mirror.
  const offered = await poll(
    'the data picker to offer the download from the mirror',
    async () => {
      const t = await openDataPicker(wb);
      if (!t[0]?.includes(mirror!.url)) await wb.closeQuickInput();
      return t;
    },
    (t) => Boolean(t[0]?.includes(mirror!.url)),
    30_000,
  );
  console.log(`offered: ${JSON.stringify(offered)}`);
  assert.match(offered[0], /^Fashion-MNIST \(download\)/);
  assert.ok(offered[0].includes(`30.9 MB into ${cache}`), offered[0]);
  assert.ok(offered.some((r) => r.startsWith('MNIST (download)')));
  assert.ok(offered.at(-1)!.startsWith('Pick Files'));
  await wb.screenshot('train-dataset-offer-download');
  await rows(wb).filter({ hasText: 'Fashion-MNIST (' }).first().click();

  // Consent first: a modal dialog says what, from where and to where.
  const dialog = wb.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 20_000 });
  const question = normalize(await dialog.innerText());
  assert.ok(question.includes(`Download Fashion-MNIST (30.9 MB) from ${mirror!.url} into ${cache}?`), question);
  await wb.screenshot('train-dataset-consent');
  assert.equal(mirror!.seen.length, 0, 'nothing is fetched before the person agrees');
  await dialog.locator('.monaco-button', { hasText: 'Download' }).first().click();

  // The progress notification, while the files arrive.
  const progress = await poll('the download notification', () => wb.notifications(), (t) => t.some((n) => n.includes('Downloading Fashion-MNIST') && /· (?!0\.0 )[\d.]+ MB of 30\.9 MB/.test(n)), 30_000);
  console.log(`progress: ${JSON.stringify(progress)}`);
  await wb.screenshot('train-dataset-downloading');

  await startFromPreflight(wb, ['Data: Fashion-MNIST', 'Epochs: 1', 'Training samples: first 3,000']);
  // Every file whole in Keras's cache under Keras's names, no .part left; the cut one was resumed where it stopped.
  assert.deepEqual(readdirSync(cache).sort(), [...FILES].sort());
  for (const name of FILES) assert.ok(readFileSync(join(cache, name)).equals(originalGzip(name)), name);
  const cutRequests = mirror!.seen.filter((r) => r.path === `/${CUT}`);
  assert.equal(cutRequests.length, 2, JSON.stringify(mirror!.seen));
  assert.match(cutRequests[1].range ?? '', /^bytes=\d+-$/);

  const panel = trainingPanel(wb);
  const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 150_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 30_000);
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-downloaded-finished');
  console.log(`downloaded and trained: test accuracy ${accuracy}`);
});

test('the tutorial again, with Fashion-MNIST now in the Keras cache: offered first from there, and trains to a test accuracy', async (wb) => {
  // A file of its own: the data chosen for tut.py is remembered for it.
  writeFileSync(join(wb.workspace, 'tut_cached.py'), TUTORIAL);
  await wb.openFile('tut_cached.py');
  const offered = await openDataPicker(wb);
  console.log(`offered: ${JSON.stringify(offered)}`);
  assert.match(offered[0], /^Fashion-MNIST \(Keras cache\)/);
  assert.ok(offered[0].includes(join(kerasHome, 'datasets', 'fashion-mnist')), offered[0]);
  assert.ok(offered.some((r) => r.startsWith('MNIST (download)')));
  await wb.screenshot('train-dataset-offer-cache');
  await rows(wb).filter({ hasText: 'Fashion-MNIST (' }).first().click();
  await startFromPreflight(wb, ['Data: Fashion-MNIST', 'Epochs: 1', 'Training samples: first 3,000']);
  const panel = trainingPanel(wb);
  await poll('the panel to show this run', () => text(panel, '#file'), (t) => t === 'tut_cached.py', 20_000);
  const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  // The accuracy shows before the trained model is saved: the next test starts once the run has ended.
  await poll('the run to finish', () => text(panel, '#phase'), (t) => /^Finished/.test(t), 30_000);
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-finished');
});

test('stopped mid-epoch: where it stopped, no row for the unfinished epoch; Save writes the model and Test scores it', async (wb) => {
  writeFileSync(join(wb.workspace, 'tut_stop.py'), TUTORIAL);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 0, 'modelLens.train.testSampleLimit': 500, 'modelLens.train.epochs': 3 });
  await wb.openFile('tut_stop.py');
  await openDataPicker(wb);
  await rows(wb).filter({ hasText: 'Fashion-MNIST (' }).first().click();
  await startFromPreflight(wb, ['Data: Fashion-MNIST', 'Epochs: 3', 'Training samples: all']);
  const panel = trainingPanel(wb);
  await poll('a run drawing points', () => text(panel, '#stats'), (t) => /^Epoch 1\/3 · batch/.test(t), 60_000);
  await panel.locator('#stop').click();
  await poll('the run to stop', () => text(panel, '#phase'), (t) => t === 'Stopped', 10_000);
  assert.match(await text(panel, '#message'), /^Stopped by you at batch [\d,]+ of epoch 1 \(of 1,875 batches\); no epoch finished\./);
  assert.equal(await panel.locator('#epochs tbody tr').count(), 0);
  // The toasts ("Stopped by you…", "…finished") would cover the panel's Save and Test buttons in the screenshots.
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-stopped');

  // Save: VS Code asks for a folder (its own dialog in the browser); the model's files land there.
  await poll('Save model to be enabled', async () => panel.locator('#save-model').getAttribute('disabled'), (d) => d === null, 10_000);
  const folder = join(wb.workspace, 'stopped-model');
  mkdirSync(folder);
  await panel.locator('#save-model').click();
  // Typed once, the folder was sometimes overwritten by the dialog's own and the model went there.
  await typeInDialog(wb, `${folder}/`);
  await wb.screenshot('train-dataset-save-dialog');
  await wb.page.locator('.quick-input-widget .monaco-button', { hasText: 'Save Model Here' }).first().click();
  await poll(
    'the model files',
    async () => ({ files: existsSync(folder) ? readdirSync(folder).sort() : [], panel: await text(panel, '#saved') }),
    ({ files }) => files.includes('model.json') && files.includes('weights.bin'),
    20_000,
  );
  const topology = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest?: unknown[] };
  assert.ok(Array.isArray(topology.weightsManifest), 'model.json names its weights');
  assert.ok(statSync(join(folder, 'weights.bin')).size > 200_000 * 4, 'the weights of 203,530 params');
  await poll('the panel to say where', () => text(panel, '#saved'), (t) => t === `Saved to ${folder}`, 10_000);

  await panel.locator('#evaluate').click();
  const accuracy = await poll('the stopped model tested', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 60_000);
  assert.ok(parseFloat(accuracy) > 30, `test accuracy ${accuracy}`);
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-stopped-saved-tested');
});

test('Pick Files… one file at a time, as the browser dialog gives them: the images, Add Files…, the labels; said, then trained', async (wb) => {
  const cache = join(kerasHome, 'datasets', 'fashion-mnist');
  writeFileSync(join(wb.workspace, 'tut_files.py'), TUTORIAL);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 3000, 'modelLens.train.epochs': 1 });
  await wb.openFile('tut_files.py');
  await openDataPicker(wb);
  await rows(wb).filter({ hasText: 'Pick Files' }).first().click();
  await pickInDialog(wb, join(cache, 'train-images-idx3-ubyte.gz'));
  const dialog = wb.page.locator('.monaco-dialog-box');
  const missing = await poll('the labels asked for', async () => normalize(await dialog.innerText().catch(() => '')), (t) => t.includes('pick the labels file too'), 20_000);
  assert.ok(missing.includes('Picked so far: train-images-idx3-ubyte.gz.'), missing);
  await wb.screenshot('train-dataset-files-labels-missing');
  await dialog.locator('.monaco-button', { hasText: 'Add Files…' }).first().click();
  await pickInDialog(wb, join(cache, 'train-labels-idx1-ubyte.gz'));
  const panel = await trainOnUnderstood(
    wb,
    'Training: 60,000 inputs of 28×28 from train-images-idx3-ubyte.gz, labels from train-labels-idx1-ubyte.gz',
    'train-dataset-files-understood',
    ['Data: train-images-idx3-ubyte.gz', 'Epochs: 1', 'Training samples: first 3,000'],
    'tut_files.py',
    1,
  );
  // Raw IDX files are 0–255 integers and the model has no Rescaling: said, with the fix.
  assert.match(await text(panel, '#warnings'), /whole numbers from 0 to 255 and the model has no Rescaling layer/);
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-files-trained');
});

test('a model with two inputs: files only, one .npy per input and the labels, each input named in what was understood; it trains', async (wb) => {
  writeFileSync(join(wb.workspace, 'two_inputs.py'), TWO_INPUTS);
  const data = split(600, 1);
  const folder = join(wb.workspace, 'two-inputs-data');
  mkdirSync(folder);
  for (const [name, bytes] of Object.entries({ 'x_image.npy': data.image, 'x_meta.npy': data.meta, 'y.npy': data.y })) writeFileSync(join(folder, name), bytes);
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 0, 'modelLens.train.epochs': 2 });
  await wb.openFile('two_inputs.py');
  const lens = wb.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: '▶ Train' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
  const offered = await poll('the data picker', () => rowTexts(wb), (t) => t.some((r) => r.startsWith('Pick Files')), 20_000);
  console.log(`offered: ${JSON.stringify(offered)}`);
  assert.equal(offered.length, 1, 'no Keras dataset for a model with two inputs');
  assert.ok(offered[0].includes('one .npy per input (x_image.npy, x_meta.npy) and y.npy'), offered[0]);
  await rows(wb).first().click();
  const dialog = wb.page.locator('.monaco-dialog-box');
  const dialogText = async () => normalize(await dialog.innerText().catch(() => ''));
  for (const name of ['x_meta.npy', 'x_image.npy']) {
    await pickInDialog(wb, join(folder, name));
    await poll(`what is missing after ${name}`, dialogText, (t) => t.includes('pick one file per input and one labels file'), 20_000);
    await dialog.locator('.monaco-button', { hasText: 'Add Files…' }).first().click();
  }
  await pickInDialog(wb, join(folder, 'y.npy'));
  await trainOnUnderstood(
    wb,
    'Training: 600 samples; inputs image (4×4×1) from x_image.npy, meta (3) from x_meta.npy; labels from y.npy',
    'train-dataset-two-inputs-understood',
    ['Data: x_image.npy', 'Epochs: 2', 'Training samples: all'],
    'two_inputs.py',
    2,
  );
  await wb.runCommand('Notifications: Clear All Notifications');
  await wb.page.mouse.move(5, 5);
  await wb.screenshot('train-dataset-two-inputs-trained');
});
