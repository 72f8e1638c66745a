/**
 * A trained model is saved all or nothing: a full disk, a read-only file system, a path that cannot hold files
 * or a link planted at a file's name gives one plain sentence and leaves no half-written weights.bin.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { SaveError, writeModelFiles } from '../../src/train/model-files';

const dir = mkdtempSync(join(tmpdir(), 'model-lens-save-'));
after(() => {
  for (const m of mounts) execFileSync('umount', [m]);
  rmSync(dir, { recursive: true, force: true });
});
const mounts: string[] = [];

const files = (weightBytes: number) => [
  { name: 'weights.bin', data: new Uint8Array(weightBytes).fill(7) },
  { name: 'model.json', data: Buffer.from('{"format": "layers-model"}') },
];

/** A small tmpfs of its own (this runs as root, as CI does): a real full disk, a real read-only file system. */
function tmpfs(name: string, options: string): string {
  const at = join(dir, name);
  mkdirSync(at);
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', at]);
  mounts.push(at);
  return at;
}

test('both files land, and a second save replaces them', () => {
  const out = join(dir, 'saved', 'deeper');
  writeModelFiles(out, files(1000));
  assert.deepEqual(readdirSync(out).sort(), ['model.json', 'weights.bin']);
  writeModelFiles(out, files(10));
  assert.equal(readFileSync(join(out, 'weights.bin')).length, 10);
  assert.deepEqual(readdirSync(out).sort(), ['model.json', 'weights.bin']);
});

test('a full disk: one plain sentence, no partial weights.bin, the earlier save kept', () => {
  const disk = tmpfs('full', 'size=64k');
  writeModelFiles(disk, files(1000));
  assert.throws(() => writeModelFiles(disk, files(200_000)), (e: unknown) => e instanceof SaveError && e.message === `Cannot save the model to ${disk}: the disk is full.`);
  assert.deepEqual(readdirSync(disk).sort(), ['model.json', 'weights.bin']);
  assert.equal(readFileSync(join(disk, 'weights.bin')).length, 1000);
});

test('a read-only file system', () => {
  const ro = tmpfs('ro', 'size=64k,ro');
  assert.throws(() => writeModelFiles(join(ro, 'model'), files(10)), /^SaveError: Cannot save the model to .*: the file system is read-only\.$/);
});

test('weights.bin linked to /dev/full is replaced, never written through', () => {
  const out = join(dir, 'linked');
  mkdirSync(out);
  symlinkSync('/dev/full', join(out, 'weights.bin'));
  writeModelFiles(out, files(100));
  assert.ok(!lstatSync(join(out, 'weights.bin')).isSymbolicLink());
  assert.equal(readFileSync(join(out, 'weights.bin')).length, 100);
});

test('a path that cannot hold folders fails at once (Node\'s recursive mkdir never returns on /proc/x)', () => {
  assert.throws(() => writeModelFiles('/proc/model-lens-x', files(10)), /^SaveError: Cannot save the model to \/proc\/model-lens-x: /);
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  assert.throws(() => writeModelFiles(join(file, 'model'), files(10)), /part of the path is a file, not a folder/);
  assert.ok(!existsSync('/proc/model-lens-x'));
});
