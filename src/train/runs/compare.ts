/**
 * What the CLI's list and the Runs view's table share: a run's row (the columns people sort by), filtering by
 * model, file, engine, status or any text, sorting, and the settings that differ between selected runs (what a
 * legend names each curve by).
 */
import type { RunRecord, RunStatus } from './record';

export interface RunRow {
  readonly id: string;
  readonly label: string;
  readonly startedAt: string;
  readonly status: RunStatus;
  readonly model: string;
  readonly file: string;
  readonly engine: string;
  readonly backend: string;
  readonly params: number | null;
  readonly epochs: string;
  readonly loss: number | null;
  readonly accuracy: number | null;
  readonly testAccuracy: number | null;
  readonly samplesPerSec: number | null;
  readonly durationMs: number | null;
}

export function runRow(r: RunRecord): RunRow {
  return {
    id: r.id,
    label: r.label ?? r.id,
    startedAt: r.startedAt,
    status: r.status,
    model: r.model.variable ?? r.model.name,
    file: r.source.path,
    engine: r.engine,
    backend: r.backend ?? '',
    params: r.model.totalParams === null ? null : Number(r.model.totalParams),
    epochs: `${r.epochsDone}/${r.hyperparameters.epochs}`,
    loss: r.final?.loss ?? null,
    accuracy: r.final?.accuracy ?? null,
    testAccuracy: r.evaluation?.testAccuracy ?? null,
    samplesPerSec: r.samplesPerSec === undefined ? null : Math.round(r.samplesPerSec),
    durationMs: r.durationMs ?? null,
  };
}

export interface RunFilter {
  readonly model?: string;
  readonly file?: string;
  readonly engine?: string;
  readonly status?: string;
  /** Any of id, label, model, file, engine, backend, status contains it. */
  readonly text?: string;
}

const has = (value: string, part: string | undefined) => part === undefined || part === '' || value.toLowerCase().includes(part.toLowerCase());

export function filterRows(rows: readonly RunRow[], f: RunFilter): RunRow[] {
  return rows.filter(
    (r) =>
      has(r.model, f.model) &&
      has(r.file, f.file) &&
      has(r.engine, f.engine) &&
      (f.status === undefined || f.status === '' || r.status === f.status) &&
      (f.text === undefined || [r.id, r.label, r.model, r.file, r.engine, r.backend, r.status].some((v) => has(v, f.text))),
  );
}

export type SortKey = keyof RunRow;

/** Rows sorted by a column; unknown values (null) last either way, ties by start time. */
export function sortRows(rows: readonly RunRow[], key: SortKey, descending = false): RunRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y !== null) return 1;
    if (y === null && x !== null) return -1;
    const order = x === y || x === null ? 0 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? sign * order : a.startedAt.localeCompare(b.startedAt);
  });
}

/** A run's settings flattened: hyperparameters, the model's params and each layer's params, the source file. */
export function settingsOf(r: RunRecord): Map<string, string> {
  const s = new Map<string, string>();
  s.set('model', r.model.variable ?? r.model.name);
  s.set('file', r.source.path);
  s.set('params', r.model.totalParams === null ? '?' : String(r.model.totalParams));
  const h = r.hyperparameters;
  s.set('optimizer', h.optimizer);
  for (const [k, v] of Object.entries(h.optimizerArgs)) s.set(k, String(v));
  s.set('loss', h.loss);
  s.set('batch_size', String(h.batchSize));
  s.set('epochs', String(h.epochs));
  if (h.seed !== undefined) s.set('seed', String(h.seed));
  if (h.limit !== undefined) s.set('limit', String(h.limit));
  if (r.backend) s.set('backend', r.backend);
  for (const l of r.model.layers) s.set(`${l.name} params`, l.params === null ? '?' : String(l.params));
  return s;
}

/** For each run, the settings whose values are not the same in all runs (a key a run lacks counts as differing). */
export function differingSettings(records: readonly RunRecord[]): { label: string; value: string }[][] {
  const all = records.map(settingsOf);
  const keys = [...new Set(all.flatMap((s) => [...s.keys()]))];
  const differing = keys.filter((k) => new Set(all.map((s) => s.get(k) ?? '–')).size > 1);
  return all.map((s) => differing.map((k) => ({ label: k, value: s.get(k) ?? '–' })));
}
