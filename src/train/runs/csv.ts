/**
 * Runs' metrics as one CSV table (a row per batch or epoch point, each tagged with its run and settings), the
 * form spreadsheets and pandas read. Fields are quoted when they hold a comma, quote or line break, and a
 * field a spreadsheet would run as a formula (`=`, `+`, `-`, `@` before a non-number) is prefixed with `'`.
 */
import type { MetricLine, RunRecord } from './record';

export const CSV_COLUMNS = ['run', 'model', 'status', 'kind', 'epoch', 'batch', 'batches', 'samples', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'elapsed_ms', 'samples_per_sec'] as const;

export function csvField(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[+-]?\d/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Runs of models with several outputs add each output's columns after these, named as Keras 3 logs them
 * (`kind_loss`, `kind_accuracy`, `val_kind_loss`, `val_kind_accuracy`), filled on epoch rows (and on batch rows recorded since batch points carried them).
 */
export function metricsCsv(runs: readonly { readonly record: RunRecord; readonly metrics: readonly MetricLine[] }[]): string {
  const outputs = [...new Set(runs.flatMap((r) => r.metrics.flatMap((m) => (m.outputs ?? []).map((o) => o.name))))];
  const outputColumns = outputs.flatMap((n) => [`${n}_loss`, `${n}_accuracy`, `val_${n}_loss`, `val_${n}_accuracy`]);
  const rows = [[...CSV_COLUMNS, ...outputColumns].map(csvField).join(',')];
  for (const { record, metrics } of runs) {
    const run = record.label ?? record.id;
    const model = record.model.variable ?? record.model.name;
    for (const m of metrics) {
      const fields =
        m.kind === 'batch'
          ? [run, model, record.status, 'batch', m.epoch, m.batch, m.batches, m.samples, m.loss, m.accuracy, undefined, undefined, m.elapsedMs, m.samplesPerSec]
          : [run, model, record.status, 'epoch', m.epoch, undefined, undefined, undefined, m.loss, m.accuracy, m.valLoss, m.valAccuracy, m.elapsedMs, undefined];
      const perOutput = outputs.flatMap((n) => {
        const o = m.outputs?.find((x) => x.name === n);
        return [o?.loss, o?.acc, o?.valLoss, o?.valAcc];
      });
      rows.push([...fields, ...perOutput].map(csvField).join(','));
    }
  }
  return rows.join('\n') + '\n';
}
