/**
 * Keeps a run as it goes: made when a session starts, it writes run.json (status running) at once, appends every
 * batch and epoch point to metrics.jsonl, rewrites run.json at each epoch and at the end, and marks a stopped or
 * crashed run so. Recording never breaks training: a write that fails is reported once and recording stops.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonReport } from '../../core/report/json';
import { dataFiles } from '../data/datasets';
import type { SessionEnd } from '../host/session';
import type { TrainJob, WorkerEvent } from '../worker-protocol';
import { nestedModelsOf, RUN_FORMAT, type MetricLine, type RunRecord, type RunStatus } from './record';
import { sha256, SOURCE_COPY_FILE, writeSourceCopy } from './source';
import { appendMetrics, createRunFolder, readRunRecord, writeRunRecord } from './store';

export interface RunStart {
  readonly runsDir: string;
  /** The source file's path and its text as analyzed. */
  readonly file: string;
  readonly text: string;
  /** The file's analysis in the `summary --json` form, and which of its models trains. */
  readonly report: JsonReport;
  readonly modelIndex: number;
  readonly job: TrainJob;
  readonly settings: readonly { readonly label: string; readonly value: string }[];
  readonly now?: () => Date;
  /**
   * The job saves the trained model to a temporary folder the person saves it from when they ask (the editor):
   * that folder is not recorded (it is deleted with the next run); `savedModelTo` records where they saved it.
   */
  readonly savedModelIsTemporary?: boolean;
  /** Told once when a write fails (a read-only folder, a full disk); the run goes on unrecorded. */
  readonly onError?: (message: string) => void;
}

/** What the recorder listens to: a TrainingSession, or a test's stand-in. */
export interface SessionEvents {
  on(event: 'event', listener: (e: WorkerEvent) => void): unknown;
  on(event: 'end', listener: (end: SessionEnd) => void): unknown;
}

const ENDED: Record<SessionEnd['outcome'], RunStatus> = { completed: 'finished', stopped: 'stopped', failed: 'crashed', crashed: 'crashed' };

/**
 * The commit HEAD is at in the file's repository and whether the trained text differs from it (the file changed
 * since the commit, or the editor's text not saved); undefined outside git.
 */
export function gitState(file: string, text: string): { commit: string; changed: boolean } | undefined {
  const git = (args: string[]) => execFileSync('git', ['-C', dirname(file), ...args], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    if (!/^[0-9a-f]{40,64}$/.test(commit)) return undefined;
    return { commit, changed: git(['status', '--porcelain', '--', file]) !== '' || readFileSync(file, 'utf8') !== text };
  } catch {
    return undefined;
  }
}

export class RunRecorder {
  readonly id: string;
  readonly dir: string;
  private readonly record: RunRecord;
  private readonly started: number;
  private failed = false;
  private readonly savedModelIsTemporary: boolean;

  private constructor(
    start: RunStart,
    private readonly now: () => Date,
  ) {
    const startedAt = now();
    this.started = startedAt.getTime();
    this.savedModelIsTemporary = start.savedModelIsTemporary ?? false;
    const model = start.report.models[start.modelIndex];
    const name = model.variable ?? model.name;
    ({ id: this.id, dir: this.dir } = createRunFolder(start.runsDir, startedAt, name));
    const { job } = start;
    const git = gitState(start.file, start.text);
    this.record = {
      format: RUN_FORMAT,
      id: this.id,
      status: 'running',
      startedAt: startedAt.toISOString(),
      source: { path: start.file, sha256: sha256(start.text), ...(writeSourceCopy(this.dir, start.text) ? { copy: SOURCE_COPY_FILE } : {}), ...(git ? { git } : {}) },
      model,
      nestedModels: nestedModelsOf(model, start.report.models),
      ...(start.report.keras ? { keras: start.report.keras } : {}),
      engine: 'tfjs',
      dataSource: dataSourceText(job),
      hyperparameters: {
        optimizer: job.compile.optimizer.name,
        optimizerArgs: { learning_rate: job.compile.optimizer.learningRate, ...job.compile.optimizer.options },
        // Several outputs: each one's loss and weight (`kind: sparse_categorical_crossentropy ×1, size: mean_squared_error ×0.5`).
        loss: job.compile.outputs
          ? job.compile.outputs.map((o) => `${o.name}: ${o.loss.name}${o.loss.fromLogits ? ' (from_logits)' : ''} ×${o.weight}`).join(', ')
          : job.compile.loss.name + (job.compile.loss.fromLogits ? ' (from_logits)' : ''),
        batchSize: job.fit.batchSize,
        epochs: job.fit.epochs,
        validationSplit: job.fit.validationSplit,
        shuffle: job.fit.shuffle,
        ...(job.seed !== undefined ? { seed: job.seed } : {}),
        ...(job.limit !== undefined ? { limit: job.limit } : {}),
        ...(job.testLimit !== undefined ? { testLimit: job.testLimit } : {}),
        inputScale: job.scale,
      },
      settings: start.settings,
      epochsDone: 0,
    };
    writeRunRecord(this.dir, this.record);
  }

  /**
   * Starts recording a session's run; undefined (and `onError` told) when the folder cannot be made. Call before
   * `session.start` so no event is missed.
   */
  static attach(session: SessionEvents, start: RunStart): RunRecorder | undefined {
    let recorder: RunRecorder;
    try {
      recorder = new RunRecorder(start, start.now ?? (() => new Date()));
    } catch (e) {
      start.onError?.(`The run is not recorded: ${(e as Error).message}`);
      return undefined;
    }
    session.on('event', (e) => recorder.guard(start, () => recorder.onEvent(e)));
    session.on('end', (end) => recorder.guard(start, () => recorder.onEnd(end)));
    return recorder;
  }

  private guard(start: RunStart, write: () => void): void {
    if (this.failed) return;
    try {
      write();
    } catch (e) {
      this.failed = true;
      start.onError?.(`The run record in ${this.dir} stopped being written: ${(e as Error).message}`);
    }
  }

  private onEvent(e: WorkerEvent): void {
    const r = this.record;
    switch (e.type) {
      case 'backend':
        r.backend = e.name;
        break;
      case 'data':
        r.data = e.data;
        writeRunRecord(this.dir, r);
        break;
      case 'batch': {
        const p = e.point;
        r.samplesPerSec = p.samplesPerSec;
        appendMetrics(this.dir, [withoutUndefined({ kind: 'batch', epoch: p.epoch, batch: p.batch, batches: p.batches, samples: p.samples, loss: p.loss, accuracy: p.acc, elapsedMs: p.elapsedMs, samplesPerSec: p.samplesPerSec, outputs: p.outputs })]);
        break;
      }
      case 'epoch': {
        const ep = e.epoch;
        const line: MetricLine = withoutUndefined({ kind: 'epoch', epoch: ep.epoch, loss: ep.loss, accuracy: ep.acc, valLoss: ep.valLoss, valAccuracy: ep.valAcc, elapsedMs: ep.elapsedMs, outputs: ep.outputs });
        appendMetrics(this.dir, [line]);
        r.epochsDone = ep.epoch;
        r.final = withoutUndefined({ loss: ep.loss, accuracy: ep.acc, valLoss: ep.valLoss, valAccuracy: ep.valAcc });
        r.durationMs = this.now().getTime() - this.started;
        writeRunRecord(this.dir, r);
        break;
      }
      case 'evaluation':
        r.evaluation = withoutUndefined({ testLoss: e.evaluation.testLoss, testAccuracy: e.evaluation.testAcc, samples: e.evaluation.samples, outputs: e.evaluation.outputs });
        break;
      case 'saved':
        if (!this.savedModelIsTemporary) r.savedModel = e.dir;
        break;
      case 'done':
        r.epochsDone = e.epochsDone;
        if (e.samplesPerSec) r.samplesPerSec = e.samplesPerSec;
        break;
    }
  }

  /**
   * Records where the person saved the trained model, after the run: into run.json as it is on disk now (a
   * rename since is kept). False when the record cannot be written.
   */
  savedModelTo(folder: string): boolean {
    this.record.savedModel = folder;
    try {
      writeRunRecord(this.dir, { ...(readRunRecord(this.dir) ?? this.record), savedModel: folder });
      return true;
    } catch {
      return false;
    }
  }

  private onEnd(end: SessionEnd): void {
    const r = this.record;
    r.status = ENDED[end.outcome];
    if (end.message) r.message = end.message;
    else if (end.outcome === 'stopped') r.message = `Stopped after ${r.epochsDone} epoch${r.epochsDone === 1 ? '' : 's'}.`;
    const ended = this.now();
    r.endedAt = ended.toISOString();
    r.durationMs = ended.getTime() - this.started;
    writeRunRecord(this.dir, r);
  }
}

function dataSourceText(job: TrainJob): string {
  const d = job.data;
  if (d.kind === 'keras') return `keras.datasets.${d.dataset}`;
  return dataFiles(d).join(', ');
}

/** Leaves out undefined fields so the written JSON has only what the run had. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
