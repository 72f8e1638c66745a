/**
 * The history of one run as the host keeps it (so the panel can be hidden, shown and reloaded without losing
 * anything), built from the worker's events, and exported as CSV or JSON. No VS Code here.
 */
import { BACKEND_LABELS, type RunInfo, type RunState, type StoppedAt } from '../../shared/training-protocol';
import type { SessionEnd } from './session';
import type { WorkerEvent } from '../worker-protocol';

export function newRunState(info: RunInfo): RunState {
  return { info, phase: 'Starting', points: [], epochs: [], warnings: [], canSave: false };
}

/** Folds one worker event into the state. */
export function applyEvent(state: RunState, e: WorkerEvent): void {
  switch (e.type) {
    case 'phase':
      state.phase = e.phase;
      break;
    case 'backend':
      state.backend = { name: e.name, label: BACKEND_LABELS[e.name], notes: e.notes };
      break;
    case 'data':
      state.data = e.data;
      break;
    case 'warning':
      state.warnings.push(e.message);
      break;
    case 'batch':
      state.points.push(e.point);
      state.samplesPerSec = e.point.samplesPerSec;
      break;
    case 'epoch':
      state.epochs.push(e.epoch);
      break;
    case 'evaluation':
      state.evaluation = e.evaluation;
      break;
    case 'saved':
      state.canSave = true;
      break;
    case 'done':
      if (e.samplesPerSec) state.samplesPerSec = e.samplesPerSec;
      if (e.stoppedAt) state.stoppedAt = e.stoppedAt;
      break;
    case 'failed':
      state.message = e.message;
      state.line = e.line;
      break;
  }
}

export function applyEnd(state: RunState, end: SessionEnd): void {
  state.outcome = end.outcome;
  if (end.message) state.message = end.message;
  if (end.line) state.line = end.line;
  if (end.outcome === 'stopped') state.message ??= stoppedText(state.epochs.length, state.stoppedAt);
  // A stopped run's model was saved as it stood (the 'saved' event says so); a failed one has none.
  if (end.outcome !== 'completed' && end.outcome !== 'stopped') state.canSave = false;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `Stopped by you at batch 830 of epoch 1 (of 1,875 batches); no epoch finished.` */
export function stoppedText(done: number, at: StoppedAt | undefined): string {
  const finished = done ? `${plural(done, 'epoch')} finished` : 'no epoch finished';
  // A stop that came after an epoch's last batch ends a finished epoch (it has its row), not an unfinished one.
  if (at && at.batch >= at.batches) return `Stopped by you at the end of epoch ${at.epoch}; ${finished}.`;
  if (at) return `Stopped by you at batch ${at.batch.toLocaleString('en-US')} of epoch ${at.epoch} (of ${plural(at.batches, 'batch', 'batches')}); ${finished}.`;
  return `Stopped by you${done ? ` after ${plural(done, 'epoch')}` : ''}.`;
}

const csvCell = (v: number | string | undefined) => (v === undefined ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** One row per batch point and per epoch: `kind,epoch,x,batch,loss,accuracy,val_loss,val_accuracy,samples,elapsed_ms`. */
export function historyCsv(state: RunState): string {
  const rows: (number | string | undefined)[][] = [['kind', 'epoch', 'x', 'batch', 'loss', 'accuracy', 'val_loss', 'val_accuracy', 'samples', 'elapsed_ms']];
  for (const p of state.points) rows.push(['batch', p.epoch, +p.x.toFixed(6), p.batch, p.loss, p.acc, undefined, undefined, p.samples, p.elapsedMs]);
  for (const e of state.epochs) rows.push(['epoch', e.epoch, e.epoch, undefined, e.loss, e.acc, e.valLoss, e.valAcc, undefined, e.elapsedMs]);
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** The run's settings, backend, data, history and test results, without the gallery's pixels. */
export function historyJson(state: RunState): string {
  const evaluation = state.evaluation && { ...state.evaluation, gallery: state.evaluation.gallery.map(({ pixels: _pixels, ...g }) => g) };
  return JSON.stringify({ ...state.info, backend: state.backend?.name, data: state.data, outcome: state.outcome, message: state.message, batches: state.points, epochs: state.epochs, evaluation, samplesPerSec: state.samplesPerSec }, null, 2) + '\n';
}
