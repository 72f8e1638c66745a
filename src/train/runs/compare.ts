/**
 * What the CLI's list and the Runs view's table share: a run's row (the columns people sort by), filtering by
 * model, file, engine, status or any text, sorting, and the settings that differ between selected runs (what a
 * legend names each curve by).
 */
import type { RunCurves, RunRow } from '../../shared/runs-protocol';
import type { MetricLine, RunRecord } from './record';

export { filterRows, sortRows, type RunFilter, type RunRow, type SortKey } from '../../shared/runs-protocol';

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
    // Imported logs whose steps are not epochs say how many points they have, not a count of epochs.
    epochs: r.imported && !r.imported.stepIsEpoch ? `${r.epochsDone} steps` : `${r.epochsDone}/${r.hyperparameters.epochs}`,
    loss: r.final?.loss ?? null,
    accuracy: r.final?.accuracy ?? null,
    testAccuracy: r.evaluation?.testAccuracy ?? null,
    samplesPerSec: r.samplesPerSec === undefined ? null : Math.round(r.samplesPerSec),
    durationMs: r.durationMs ?? null,
    numeric: numericSettings(r),
  };
}

/** The settings of a run that are plain numbers (`?` and text are left out). */
export function numericSettings(r: RunRecord): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of settingsOf(r)) if (/^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(v)) out[k] = Number(v);
  return out;
}

/** A run's settings flattened: hyperparameters, the model's params and each layer's params, the source file. */
export function settingsOf(r: RunRecord): Map<string, string> {
  const s = new Map<string, string>();
  s.set('model', r.model.variable ?? r.model.name);
  s.set('file', r.source.path);
  s.set('params', r.model.totalParams === null ? '?' : String(r.model.totalParams));
  // Imported logs say no settings: none is made up for them.
  if (r.imported) return s;
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

/** A curve's name in the overlay: the run and the first few settings that differ, params counts with separators (not seeds). */
export function legendOf(r: RunRecord, differing: readonly { label: string; value: string }[]): string {
  const value = (s: { label: string; value: string }) => (/(^| )params$/.test(s.label) && /^\d+$/.test(s.value) ? Number(s.value).toLocaleString('en-US') : s.value);
  return [r.label ?? r.id, ...differing.slice(0, 4).map((s) => `${s.label} ${value(s)}`)].join(' · ');
}

/**
 * A run's curves: per epoch once two epochs finished, else its batch points placed at epoch − 1 + batch / batches
 * (a one-epoch run drawn per epoch would be a single dot).
 */
export function curvesOf(metrics: readonly MetricLine[]): Pick<RunCurves, 'loss' | 'accuracy'> {
  const epochs = metrics.filter((m) => m.kind === 'epoch');
  const points = epochs.length >= 2 ? epochs.map((m) => ({ x: m.epoch, m })) : metrics.flatMap((m) => (m.kind === 'batch' ? [{ x: m.epoch - 1 + m.batch / m.batches, m }] : []));
  return {
    loss: points.map(({ x, m }) => ({ x, y: m.loss })),
    accuracy: points.flatMap(({ x, m }) => (m.accuracy === undefined ? [] : [{ x, y: m.accuracy }])),
  };
}
