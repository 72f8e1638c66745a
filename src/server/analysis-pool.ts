/**
 * The connection thread's side of the analysis worker: one job at a time, each under a hard deadline. A job past
 * its deadline is abandoned (the worker thread is terminated and a new one started) and its document version is
 * marked stopped, so it is not tried again until the document changes; the jobs of other documents go on.
 */
import { Worker } from 'node:worker_threads';
import type { DocSnapshot, FromWorker, Query, ToWorker } from './worker-protocol';

export const DEFAULT_DEADLINE_MS = 5000;
/** A new worker loads the parsers (WebAssembly) before its first analysis; that is not the document's time. */
const STARTUP_MS = 10_000;

/** A query's answer, or why there is none: the analysis of this version passed its deadline or failed. */
export type Outcome<T> = { readonly value: T } | { readonly stopped: string };

interface Job {
  readonly id: number;
  readonly doc: DocSnapshot;
  readonly query: Query;
  readonly resolve: (outcome: Outcome<unknown>) => void;
}

export class AnalysisPool {
  private worker: Worker | undefined;
  /** The line the worker's analysis is on (1-based, 0 before the first statement), written by the worker. */
  private line = new Int32Array(new SharedArrayBuffer(4));
  private readonly queue: Job[] = [];
  private running: { readonly job: Job; timer: ReturnType<typeof setTimeout>; started: number } | undefined;
  /** Versions whose analysis was abandoned, by document: the reason, told until the document changes. */
  private readonly stopped = new Map<string, { readonly version: string; readonly reason: string }>();
  private nextId = 1;
  private disposed = false;
  /** How many times a worker was terminated at the deadline (for tests and the bench). */
  restarts = 0;

  constructor(
    private readonly workerPath: string,
    private readonly deadlineMs: number = DEFAULT_DEADLINE_MS,
  ) {}

  run<T>(doc: DocSnapshot, query: Query): Promise<Outcome<T>> {
    const stopped = this.stopped.get(doc.key);
    if (stopped?.version === doc.version) return Promise.resolve({ stopped: stopped.reason });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, doc, query, resolve: resolve as Job['resolve'] });
      this.pump();
    });
  }

  /** The document was closed: its report and any stopped mark are dropped. */
  forget(key: string): void {
    this.stopped.delete(key);
    this.worker?.postMessage({ forget: key } satisfies ToWorker);
  }

  dispose(): void {
    this.disposed = true;
    if (this.running) clearTimeout(this.running.timer);
    for (const job of this.queue.splice(0)) job.resolve({ stopped: 'the server is shutting down' });
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    this.line = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(this.workerPath, { workerData: { progress: this.line.buffer } });
    worker.on('message', (message: FromWorker) => this.finish(message));
    worker.on('error', (e) => this.fail(worker, `the analysis failed: ${e.message}`));
    worker.on('exit', () => this.fail(worker, 'the analysis thread ended'));
    // The worker must not keep a server whose client has gone from exiting.
    worker.unref();
    return worker;
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const job = this.queue.shift();
    if (!job) return;
    const stopped = this.stopped.get(job.doc.key);
    if (stopped?.version === job.doc.version) {
      job.resolve({ stopped: stopped.reason });
      this.pump();
      return;
    }
    this.worker ??= this.start();
    // Until the worker says the analysis started, only a wedged start-up is guarded against.
    const timer = setTimeout(() => this.abandon(), STARTUP_MS + this.deadlineMs);
    this.running = { job, timer, started: performance.now() };
    this.worker.postMessage({ id: job.id, doc: job.doc, query: job.query } satisfies ToWorker);
  }

  private finish(message: FromWorker): void {
    const running = this.running;
    if ('started' in message) {
      if (running?.job.id !== message.started) return;
      clearTimeout(running.timer);
      running.timer = setTimeout(() => this.abandon(), this.deadlineMs);
      running.started = performance.now();
      return;
    }
    if (!running || running.job.id !== message.id) return;
    clearTimeout(running.timer);
    this.running = undefined;
    running.job.resolve('error' in message ? { stopped: `the analysis failed: ${message.error}` } : { value: message.value });
    this.pump();
  }

  /** Past the deadline: the worker is wedged on this version. Terminate it; the next job starts a fresh one. */
  private abandon(): void {
    const running = this.running;
    if (!running) return;
    const ms = Math.round(performance.now() - running.started);
    const line = Atomics.load(this.line, 0);
    // A notebook's lines are counted over all its cells, which is not how anyone reads them: no line there.
    const where = running.job.doc.kind.kind === 'notebook' ? '' : line > 0 ? ` at line ${line}` : ' before line 1 (while parsing)';
    const reason = `analysis stopped after ${ms} ms${where} with no result: this version takes longer than the ${this.deadlineMs} ms deadline (tried again when the file changes)`;
    this.stopped.set(running.job.doc.key, { version: running.job.doc.version, reason });
    this.restarts++;
    const worker = this.worker;
    this.worker = undefined;
    this.running = undefined;
    void worker?.terminate();
    running.job.resolve({ stopped: reason });
    this.pump();
  }

  /** The worker died on its own (an uncaught error, out of memory): the job in flight gets the reason, the rest go on. */
  private fail(worker: Worker, reason: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.job.resolve({ stopped: reason });
    }
    this.pump();
  }
}
