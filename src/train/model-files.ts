/**
 * Writing a trained model's files (`model.json` + `weights.bin`) so that a failure leaves nothing half-written:
 * every file is written in full beside its target under a temporary name, and only when all of them are
 * written are they renamed into place (a rename is atomic and needs no space). A full disk, a read-only folder
 * or a path that cannot hold files gives one plain sentence, and whatever was there before is untouched.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export class SaveError extends Error {
  override readonly name = 'SaveError';
}

export interface ModelFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/** What an errno means to a person saving a file. */
function plainReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the folder cannot be made there';
    case 'ENOTDIR':
      return 'part of the path is a file, not a folder';
    case 'EISDIR':
      return 'a folder stands where a file should be written';
    default:
      return code ?? (e as Error)?.message ?? String(e);
  }
}

/**
 * Makes `dir` and its missing parents one level at a time. Node's recursive mkdir never returns on some special
 * file systems (`/proc/x`), so the levels are made here, each with a plain mkdir.
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  while (!existsSync(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  for (const folder of missing.reverse()) mkdirSync(folder);
}

function writeWhole(path: string, data: Uint8Array): void {
  // 'wx': a new file, never through a link left at that name.
  const fd = openSync(path, 'wx');
  try {
    for (let at = 0; at < data.length; ) at += writeSync(fd, data, at, data.length - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes `files` into `dir` all or nothing. Throws SaveError with a plain message. */
export function writeModelFiles(dir: string, files: readonly ModelFile[]): void {
  const tag = randomBytes(4).toString('hex');
  const temps: { temp: string; target: string }[] = [];
  try {
    makeFolder(dir);
    for (const file of files) {
      const target = join(dir, file.name);
      const temp = join(dir, `.${basename(file.name)}.saving-${tag}`);
      temps.push({ temp, target });
      writeWhole(temp, file.data);
    }
    for (const { temp, target } of temps) renameSync(temp, target);
  } catch (e) {
    for (const { temp } of temps) rmSync(temp, { force: true });
    throw new SaveError(`Cannot save the model to ${dir}: ${plainReason(e)}.`);
  }
}
