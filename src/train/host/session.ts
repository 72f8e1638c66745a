/**
 * The host side of a run: forks the worker, sends the job, turns its messages into events and makes sure
 * the process is gone when the run ends. Stop asks the worker to end after the current batch and kills it
 * if it has not exited within the grace period, so a stop always takes effect within a second. Used by the
 * extension and the CLI alike.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToWorker, TrainJob, WorkerEvent } from '../worker-protocol';

export interface SessionEnd {
  /** completed / stopped from the worker; failed with a message; crashed when the process died without a word. */
  readonly outcome: 'completed' | 'stopped' | 'failed' | 'crashed';
  readonly message?: string;
  readonly line?: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

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

export class TrainingSession extends EventEmitter {
  private child: ChildProcess | undefined;
  private outcome: SessionEnd['outcome'] | undefined;
  private failure: { message: string; line?: number } | undefined;
  private stopRequested = false;
  private killTimer: NodeJS.Timeout | undefined;
  private stderrTail = '';
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;

  constructor(private readonly options: SessionOptions = {}) {
    super();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
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
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      this.emit('stderr', text);
    });
    child.on('message', (e: WorkerEvent) => this.onEvent(e));
    child.on('error', (e) => {
      this.failure ??= { message: `The training process could not start: ${e.message}` };
      this.outcome ??= 'failed';
    });
    child.on('exit', (code, signal) => this.onExit(code, signal));
    this.send({ type: 'start', job });
  }

  /** Ends the run: the worker stops after the current batch; if it is still there after the grace period, it is killed. */
  stop(): void {
    if (!this.child || !this.running) return;
    this.stopRequested = true;
    this.send({ type: 'stop' });
    this.killTimer ??= setTimeout(() => this.kill(), this.options.stopGraceMs ?? 500);
  }

  /** Kills the worker at once (its native code may be busy and not listening). */
  kill(): void {
    if (this.child && this.running) this.child.kill('SIGKILL');
  }

  private send(message: HostToWorker): void {
    try {
      if (this.child?.connected) this.child.send(message);
    } catch {
      // The worker is already gone; its exit is reported separately.
    }
  }

  private onEvent(e: WorkerEvent): void {
    if (e.type === 'done') this.outcome = e.outcome;
    if (e.type === 'failed') {
      this.outcome = 'failed';
      this.failure = { message: e.message, line: e.line };
    }
    this.emit('event', e);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.killTimer) clearTimeout(this.killTimer);
    let outcome = this.outcome;
    let message = this.failure?.message;
    if (!outcome) {
      if (this.stopRequested) outcome = 'stopped';
      else {
        outcome = 'crashed';
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const tail = this.stderrTail.trim().split('\n').slice(-3).join(' | ');
        message = `The training process ${how} before the run finished.${tail ? ` Last output: ${tail.slice(0, 500)}` : ''} The next run starts a fresh process.`;
      }
    }
    const end: SessionEnd = { outcome, message, line: this.failure?.line, exitCode: code, signal };
    this.emit('end', end);
    this.resolveEnded(end);
  }
}
