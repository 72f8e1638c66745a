/**
 * The Runs view's messages between the host and its webview, and the table logic both sides share (the CLI's
 * `runs list` filters and sorts the same way): a run's row, filtering by model, file, engine, status or any text,
 * sorting with unknown values last.
 */

export const RUNS_VIEW_ID = 'modelLens.runs';

export type RunStatus = 'running' | 'finished' | 'stopped' | 'crashed';

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
  /** The run's settings that are numbers (learning_rate, batch_size, params, each layer's params, ...), for the scatter. */
  readonly numeric: Readonly<Record<string, number>>;
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

/** The results a scatter plots against a setting: a column of the row, and how people call it. */
export const SCATTER_METRICS = [
  { key: 'testAccuracy', title: 'test accuracy' },
  { key: 'accuracy', title: 'final accuracy' },
  { key: 'loss', title: 'final loss' },
  { key: 'samplesPerSec', title: 'samples/s' },
  { key: 'durationMs', title: 'duration (ms)' },
] as const satisfies readonly { key: keyof RunRow; title: string }[];
export type ScatterMetric = (typeof SCATTER_METRICS)[number]['key'];

/** The settings worth a scatter's x axis: numbers in at least two runs, with at least two different values. */
export function scatterSettings(rows: readonly RunRow[]): string[] {
  const values = new Map<string, Set<number>>();
  const counts = new Map<string, number>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r.numeric)) {
      values.set(k, (values.get(k) ?? new Set()).add(v));
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return [...values].filter(([k, vs]) => vs.size > 1 && (counts.get(k) ?? 0) > 1).map(([k]) => k);
}

/** One point per run that has both the setting and the result; a run lacking either is left out, not put at 0. */
export function scatterPoints(rows: readonly RunRow[], setting: string, metric: ScatterMetric): { x: number; y: number; label: string }[] {
  return rows.flatMap((r) => {
    const x = r.numeric[setting];
    const y = r[metric];
    return x === undefined || y === null ? [] : [{ x, y, label: r.label }];
  });
}

/** A line of the architecture diff: nested models' layers follow their model, one level deeper. */
export interface DiffLine {
  readonly depth: number;
  readonly change: 'same' | 'changed' | 'added' | 'removed';
  readonly layer: string;
  readonly params: string;
  readonly delta: string;
}

/** One run's curves for the overlay: per epoch, or per batch point (x in epochs) when no epoch finished. */
export interface RunCurves {
  readonly id: string;
  /** The run's name and the settings that differ from the other selected runs. */
  readonly legend: string;
  readonly loss: readonly { x: number; y: number }[];
  readonly accuracy: readonly { x: number; y: number }[];
}

export type RunsHostMessage =
  | { readonly type: 'runs/didList'; readonly folder: string; readonly rows: readonly RunRow[] }
  | { readonly type: 'runs/didLoadCurves'; readonly runs: readonly RunCurves[] }
  | { readonly type: 'runs/didDiff'; readonly title: string; readonly lines: readonly DiffLine[]; readonly total: string };

export type RunsWebviewMessage =
  | { readonly type: 'runs/ready' }
  | { readonly type: 'runs/refresh' }
  | { readonly type: 'runs/overlay'; readonly ids: readonly string[] }
  | { readonly type: 'runs/diff'; readonly ids: readonly [string, string] }
  | { readonly type: 'runs/export'; readonly ids: readonly string[] }
  | { readonly type: 'runs/delete'; readonly ids: readonly string[] }
  | { readonly type: 'runs/rename'; readonly id: string }
  /** The run's source as it was, read-only; with `compare`, diffed against the file as it is now. */
  | { readonly type: 'runs/source'; readonly id: string; readonly compare: boolean }
  /** Asks for a folder of TensorBoard logs and imports its event files as runs. */
  | { readonly type: 'runs/importTensorBoard' };
