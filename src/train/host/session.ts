/**
 * The host side of a run: forks the worker, sends the job, turns its messages into events and makes sure
 * the process is gone when the run ends. Stop asks the worker to end after the current batch and kills it
 * if it has not exited within the grace period, so a stop always takes effect within a second. Used by the
 * extension and the CLI alike.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToWorker, TrainJob, WorkerEvent } from '../worker-protocol';
import { ChildSession, type SessionEnd } from './child-session';

export type { SessionEnd } from './child-session';

export interface SessionOptions {
  /** The worker script; default: `train-worker.js` beside this bundle, else the TypeScript source run with tsx. */
  readonly workerPath?: string;
  /** How long stop waits for a clean exit before killing (ms). */
  readonly stopGraceMs?: number;
  /** Extra environment for the worker. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The worker script to fork and the Node flags it needs. */
export function workerCommand(workerPath?: string): { script: string; execArgv: string[] } {
  if (workerPath) return { script: workerPath, execArgv: workerPath.endsWith('.ts') ? ['--import', 'tsx'] : [] };
  const bundled = join(__dirname, 'train-worker.js');
  if (existsSync(bundled)) return { script: bundled, execArgv: [] };
  return { script: join(__dirname, '../worker/worker.ts'), execArgv: ['--import', 'tsx'] };
}

export declare interface TrainingSession {
  on(event: 'event', listener: (e: WorkerEvent) => void): this;
  on(event: 'end', listener: (end: SessionEnd) => void): this;
  on(event: 'stderr', listener: (text: string) => void): this;
}

export class TrainingSession extends ChildSession {
  constructor(private readonly options: SessionOptions = {}) {
    super();
  }

  start(job: TrainJob): void {
    if (this.child) throw new Error('A session runs one job; start a new session for the next run.');
    const { script, execArgv } = workerCommand(this.options.workerPath);
    const child = fork(script, [], {
      execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ...this.options.env, TF_CPP_MIN_LOG_LEVEL: '2' },
      serialization: 'advanced',
    });
    this.child = child;
    this.relay(child.stderr, 'stderr');
    child.on('message', (e: WorkerEvent) => this.onWorkerEvent(e));
    child.on('error', (e) => this.failedToStart(`The training process could not start: ${e.message}`));
    child.on('exit', (code, signal) =>
      this.report(this.endOnExit(code, signal, { crashed: (how, tail) => `The training process ${how} before the run finished.${tail} The next run starts a fresh process.` })),
    );
    this.send({ type: 'start', job });
  }

  /** Ends the run: the worker stops after the current batch; if it is still there after the grace period, it is killed. */
  stop(): void {
    this.requestStop(() => this.send({ type: 'stop' }), this.options.stopGraceMs ?? 500);
  }

  private send(message: HostToWorker): void {
    try {
      if (this.child?.connected) this.child.send(message);
    } catch {
      // The worker is already gone; its exit is reported separately.
    }
  }
}
