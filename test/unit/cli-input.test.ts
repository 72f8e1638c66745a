/**
 * The CLI reads only regular files of a size it analyzes, and `summary` fails (exit 1) when a file has an error,
 * as a CI step expects. Run as the real command (`src/cli/main.ts` through tsx).
 */
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ms: Date.now() - started };
}

test('a device, a folder and a FIFO are refused as not regular files, without reading them', () => {
  const fifo = join(dir, 'pipe.py');
  execFileSync('mkfifo', [fifo]);
  for (const path of ['/dev/zero', dir, fifo]) {
    const run = cli('summary', path);
    assert.equal(run.status, 1, `${path}: ${run.stderr}`);
    assert.match(run.stderr, new RegExp(`cannot read ${path.replace(/[/.]/g, '\\$&')}: not a regular file`));
  }
});

test('a file over the size limit is refused by its size, before it is read', () => {
  const big = join(dir, 'big.py');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 21_000_000); // sparse: nothing is written
  closeSync(fd);
  const run = cli('summary', big);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /cannot read .*big\.py: it has 21,000,000 bytes, over the 20,000,000 Model Lens analyzes/);
  const train = cli('train', big);
  assert.equal(train.status, 1);
  assert.match(train.stderr, /it has 21,000,000 bytes/);
});

test('summary exits 1 when a file has a shape error, 0 when it has none', () => {
  const bad = join(dir, 'bad.py');
  writeFileSync(bad, 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((64,)), layers.Conv2D(8, 3)])\n');
  const good = join(dir, 'good.py');
  writeFileSync(good, 'import keras\nfrom keras import layers\nmodel = keras.Sequential([keras.Input((64,)), layers.Dense(8)])\n');
  const failing = cli('summary', bad);
  assert.equal(failing.status, 1);
  assert.match(failing.stdout, /bad\.py:3:\d+: error: Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2/);
  assert.equal(cli('summary', bad, '--json').status, 1);
  assert.equal(cli('summary', good).status, 0);
  assert.equal(cli('summary', good, '--json').status, 0);
});
