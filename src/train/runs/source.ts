/**
 * A run's source as it was when it trained: the copy the recorder keeps in the run folder (`source.txt`), else the
 * file at the run's git commit, each only when its SHA-256 is the one the run recorded (a copy edited since, or a
 * commit the file was changed from, is not that source). Plain Node: the Runs view and the CLI read it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunRecord } from './record';

/** The copy of the trained source in a run folder; plain text whatever the language, so no tool runs or imports it. */
export const SOURCE_COPY_FILE = 'source.txt';
/** Larger sources are not copied (the analyzer refuses them anyway); git may still have them. */
export const MAX_SOURCE_COPY = 4 * 1024 * 1024;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Keeps the source text in the run folder; false when it is too large or cannot be written. */
export function writeSourceCopy(dir: string, text: string): boolean {
  if (Buffer.byteLength(text, 'utf8') > MAX_SOURCE_COPY) return false;
  try {
    writeFileSync(join(dir, SOURCE_COPY_FILE), text);
    return true;
  } catch {
    return false;
  }
}

export type RunSource = { readonly text: string; readonly from: 'copy' | 'git' } | { readonly text?: undefined; readonly missing: string };

export function runSource(dir: string, record: RunRecord): RunSource {
  if (record.imported) return { missing: `the run was imported from ${record.imported.kind} logs, which keep no source` };
  const want = record.source.sha256;
  try {
    const copy = readFileSync(join(dir, SOURCE_COPY_FILE), 'utf8');
    if (sha256(copy) === want) return { text: copy, from: 'copy' };
  } catch {
    // no copy: older records, or a source too large to copy
  }
  const commit = record.source.git?.commit;
  if (!commit) return { missing: 'the run folder keeps no copy of the source and the file was not in a git repository' };
  const atCommit = gitFileAt(record.source.path, commit);
  if (atCommit !== undefined && sha256(atCommit) === want) return { text: atCommit, from: 'git' };
  return {
    missing:
      atCommit === undefined
        ? `the run folder keeps no copy of the source and git has no ${basename(record.source.path)} at ${commit.slice(0, 12)}`
        : `the run folder keeps no copy of the source and the file had changes not committed in ${commit.slice(0, 12)}`,
  };
}

/** The file's text at a commit of the repository it is in; undefined when git, the repository or the file is not there. */
function gitFileAt(file: string, commit: string): string | undefined {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
  const git = (args: string[]) => execFileSync('git', ['-C', dirname(file), ...args], { encoding: 'utf8', timeout: 5000, maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    // `./name` is relative to -C's folder; no shell, so no quoting.
    return git(['show', `${commit}:./${basename(file)}`]);
  } catch {
    return undefined;
  }
}
