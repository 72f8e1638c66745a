/**
 * Run folders on disk: create one, rewrite its run.json atomically (a temporary file renamed over it, so a reader
 * never sees half a record), append metrics lines, list, read, rename and delete. Plain Node; every read copes with
 * foreign or broken folders by leaving them out.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { stringifyJson } from '../../core/report/json';
import { METRICS_FILE, parseMetrics, parseRunRecord, RUN_FILE, runFolderName, type MetricLine, type RunRecord } from './record';

/** A new, empty run folder under `runsDir` (a second run in the same second gets `-2`, `-3`, ...). */
export function createRunFolder(runsDir: string, startedAt: Date, modelName: string): { id: string; dir: string } {
  mkdirSync(runsDir, { recursive: true });
  const base = runFolderName(startedAt, modelName);
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = join(runsDir, id);
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 1000) throw e;
    }
  }
}

export function writeRunRecord(dir: string, record: RunRecord): void {
  const file = join(dir, RUN_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, stringifyJson(record) + '\n');
  renameSync(temporary, file);
}

export function appendMetrics(dir: string, lines: readonly MetricLine[]): void {
  if (lines.length) appendFileSync(join(dir, METRICS_FILE), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

export function readRunRecord(dir: string): RunRecord | undefined {
  try {
    return parseRunRecord(readFileSync(join(dir, RUN_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}

export function readMetrics(dir: string): MetricLine[] {
  try {
    return parseMetrics(readFileSync(join(dir, METRICS_FILE), 'utf8'));
  } catch {
    return [];
  }
}

export interface StoredRun {
  readonly dir: string;
  readonly record: RunRecord;
}

/** Every readable run under `runsDir`, oldest first (folder names start with the time). */
export function listRuns(runsDir: string): StoredRun[] {
  let names: string[];
  try {
    names = readdirSync(runsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
  const runs: StoredRun[] = [];
  for (const name of names) {
    const dir = join(runsDir, name);
    const record = readRunRecord(dir);
    if (record) runs.push({ dir, record });
  }
  return runs;
}

/** Deletes a run folder, only one that holds a run record (never some other folder a bad id names). */
export function deleteRun(runsDir: string, id: string): boolean {
  const dir = resolve(runsDir, id);
  if (resolve(dir, '..') !== resolve(runsDir) || !existsSync(join(dir, RUN_FILE)) || !readRunRecord(dir)) return false;
  rmSync(dir, { recursive: true, force: true });
  return true;
}

export function renameRun(runsDir: string, id: string, label: string): boolean {
  const dir = resolve(runsDir, id);
  const record = resolve(dir, '..') === resolve(runsDir) ? readRunRecord(dir) : undefined;
  if (!record) return false;
  writeRunRecord(dir, { ...record, label: label.trim() || undefined });
  return true;
}
