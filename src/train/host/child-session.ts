/**
 * What every training session does with its child process, whichever engine runs in it (the TF.js worker,
 * `session.ts`; the person's Python, `python/keras-session.ts`): a stop asked the engine's way, then a kill once
 * the grace period has passed; the last output kept to explain a crash; the worker's `done` / `failed` events
 * remembered; and the end (completed, stopped, failed or crashed) reported exactly once, as an `end` event and
 * as the `ended` promise.
 */
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { WorkerEvent } from '../worker-protocol';

export interface SessionEnd {
  /** completed / stopped from the worker; failed with a message; crashed when the process died without a word. */
  readonly outcome: 'completed' | 'stopped' | 'failed' | 'crashed';
  readonly message?: string;
  readonly line?: number;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export abstract class ChildSession extends EventEmitter {
  protected child: ChildProcess | undefined;
  protected stopRequested = false;
  private outcome: SessionEnd['outcome'] | undefined;
  private failure: { message: string; line?: number } | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private outputTail = '';
  private reported = false;
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;

  constructor() {
    super();
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Kills the process at once (its native code may be busy and not listening). */
  kill(): void {
    if (this.child && this.running) this.child.kill('SIGKILL');
  }

  /** Asks the running process to stop (`ask`: the engine's way), and kills it if it is still there after `graceMs`. */
  protected requestStop(ask: () => void, graceMs: number): void {
    if (!this.child || !this.running) return;
    this.stopRequested = true;
    ask();
    this.killTimer ??= setTimeout(() => this.kill(), graceMs);
  }

  /** Passes a stream's text on as `name` events, keeping its end for the crash message. */
  protected relay(stream: Readable | null | undefined, name: 'stdout' | 'stderr'): void {
    stream?.setEncoding('utf8');
    stream?.on('data', (text: string) => {
      this.outputTail = (this.outputTail + text).slice(-4000);
      this.emit(name, text);
    });
  }

  /** The process could not start: the run fails with `message` (unless something was said before). */
  protected failedToStart(message: string): void {
    this.failure ??= { message };
    this.outcome ??= 'failed';
  }

  /** Remembers how the worker said the run ended (`failure`: its message as people should read it), then passes the event on. */
  protected onWorkerEvent(e: WorkerEvent, failure?: string): void {
    if (e.type === 'done') this.outcome = e.outcome;
    if (e.type === 'failed') {
      this.outcome = 'failed';
      this.failure = { message: failure ?? e.message, line: e.line };
    }
    this.emit('event', e);
  }

  /**
   * The end of the run once the process has exited: as the worker said, else stopped (with `stopped` as the
   * message) when a stop was asked, else crashed (`crashed` words it from how it died and its last output).
   */
  protected endOnExit(code: number | null, signal: NodeJS.Signals | null, words: { stopped?: string; crashed: (how: string, tail: string) => string }): SessionEnd {
    if (this.killTimer) clearTimeout(this.killTimer);
    let outcome = this.outcome;
    let message = this.failure?.message;
    if (!outcome) {
      if (this.stopRequested) {
        outcome = 'stopped';
        message = words.stopped;
      } else {
        outcome = 'crashed';
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        const tail = this.outputTail.trim().split('\n').slice(-3).join(' | ');
        message = words.crashed(how, tail ? ` Last output: ${tail.slice(0, 500)}` : '');
      }
    }
    return { outcome, message, line: this.failure?.line, exitCode: code, signal };
  }

  /** Reports the end: the `end` event and the `ended` promise, exactly once. */
  protected report(end: SessionEnd): void {
    if (this.reported) return;
    this.reported = true;
    this.emit('end', end);
    this.resolveEnded(end);
  }
}
