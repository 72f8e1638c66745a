/**
 * The language server's cache of Keras-version pin files (src/server/pin-files.ts): a folder is read once, and read
 * again only when it or one of its pin files changed (modification time and size), so what the detection sees is
 * always what is on disk.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pinFilesIn, pinFilesUpward } from '../../src/core/keras-version/gather';
import { cachedPinFilesIn } from '../../src/server/pin-files';

/**
 * Gives a path a modification time later than any given before, as a later save would. Tests run faster than the
 * kernel's timestamp tick (a few ms): two changes in one tick get the same time, so "a second after its own time"
 * could repeat a time the cache has already seen (it did, on a fresh clone: an added Pipfile went unseen).
 */
let lastTouch = Date.now() + 10_000;
function touchLater(path: string): void {
  lastTouch += 1000;
  utimesSync(path, statSync(path).atime, new Date(lastTouch));
}

function setTime(path: string, ms: number): void {
  utimesSync(path, ms / 1000, ms / 1000);
}

test('server pin files: a pin file changed in the same timestamp tick as the read is still seen (its stamp is not trusted yet)', () => {
  const root = mkdtempSync(join(tmpdir(), 'model-lens-pins-'));
  try {
    const file = join(root, 'requirements.txt');
    writeFileSync(file, 'tensorflow==2.12.0\n');
    const tick = Date.now();
    setTime(file, tick);
    setTime(root, tick);
    assert.deepEqual(cachedPinFilesIn(root).map((p) => p.text), ['tensorflow==2.12.0\n']);
    // Edited in place to the same size within the same tick: the same stamps as when it was read.
    writeFileSync(file, 'tensorflow==2.13.0\n');
    setTime(file, tick);
    setTime(root, tick);
    assert.deepEqual(cachedPinFilesIn(root).map((p) => p.text), ['tensorflow==2.13.0\n']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('server pin files: a folder is read once, and again only when it or a pin file changed', () => {
  const root = mkdtempSync(join(tmpdir(), 'model-lens-pins-'));
  try {
    const dir = join(root, 'project');
    mkdirSync(dir);
    writeFileSync(join(dir, 'requirements.txt'), 'tensorflow==2.12.0\n');
    writeFileSync(join(dir, 'model.py'), 'import keras\n');
    // Made a minute ago, so the stamps are old enough to trust (a stamp from the last ticks is always read again).
    setTime(dir, Date.now() - 60_000);
    setTime(join(dir, 'requirements.txt'), Date.now() - 60_000);

    const first = cachedPinFilesIn(dir);
    assert.deepEqual(first, pinFilesIn(dir));
    assert.deepEqual(first.map((p) => p.text), ['tensorflow==2.12.0\n']);
    // Unchanged: the very list read before (nothing read again).
    assert.equal(cachedPinFilesIn(dir), first);
    // A file that is not a pin file changes: still the cached list.
    writeFileSync(join(dir, 'model.py'), 'import keras  # edited\n');
    assert.equal(cachedPinFilesIn(dir), first);

    // A pin file edited in place, same size (the folder's time does not change): read again.
    writeFileSync(join(dir, 'requirements.txt'), 'tensorflow==2.13.0\n');
    touchLater(join(dir, 'requirements.txt'));
    assert.deepEqual(cachedPinFilesIn(dir).map((p) => p.text), ['tensorflow==2.13.0\n']);

    // A pin file added, then one saved by rename (as many editors save), then one removed.
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\ndependencies = ["keras>=3"]\n');
    touchLater(dir);
    assert.deepEqual(cachedPinFilesIn(dir).map((p) => p.name), ['pyproject.toml', 'requirements.txt']);
    writeFileSync(join(dir, 'requirements.txt.tmp'), 'tensorflow==2.15.0\n');
    renameSync(join(dir, 'requirements.txt.tmp'), join(dir, 'requirements.txt'));
    touchLater(dir);
    assert.deepEqual(cachedPinFilesIn(dir).find((p) => p.name === 'requirements.txt')?.text, 'tensorflow==2.15.0\n');
    rmSync(join(dir, 'pyproject.toml'));
    touchLater(dir);
    assert.deepEqual(cachedPinFilesIn(dir).map((p) => p.name), ['requirements.txt']);

    // A pin file too big to use is left out, and used once it shrinks (its own stamp is watched too).
    writeFileSync(join(dir, 'Pipfile'), 'x'.repeat(600 * 1024));
    touchLater(dir);
    assert.deepEqual(cachedPinFilesIn(dir).map((p) => p.name), ['requirements.txt']);
    writeFileSync(join(dir, 'Pipfile'), '[packages]\nkeras = "==3.3.3"\n');
    assert.deepEqual(cachedPinFilesIn(dir).map((p) => p.name), ['Pipfile', 'requirements.txt']);

    // A folder that does not exist has none, and its pins are found once it is made.
    const later = join(root, 'later');
    assert.deepEqual(cachedPinFilesIn(later), []);
    mkdirSync(later);
    writeFileSync(join(later, 'requirements.txt'), 'keras<3\n');
    assert.deepEqual(cachedPinFilesIn(later).map((p) => p.text), ['keras<3\n']);

    // Upward through the cache: the same pins, paths and order as the uncached walk.
    const deep = join(dir, 'src', 'nets');
    mkdirSync(deep, { recursive: true });
    assert.deepEqual(pinFilesUpward(deep, root, cachedPinFilesIn), pinFilesUpward(deep, root));
    assert.deepEqual(pinFilesUpward(deep, root, cachedPinFilesIn).map((p) => p.path), [join('project', 'Pipfile'), join('project', 'requirements.txt')]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
