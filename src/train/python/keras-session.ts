/**
 * A run on the Keras engine: the person's Python runs `model_lens_runner.py`, which streams JSON lines on a
 * pipe (file descriptor 3) in the TF.js worker's event shapes; this turns them into the same `event`s and the
 * same `SessionEnd` as `TrainingSession`, so the chart and the CLI need not know which engine ran. Stop sends
 * SIGINT (the fit ends after its batch and the runner reports where) and kills the process after the grace
 * period; a process that dies without a word is reported as such, with its last output.
 * With `ray` the same job goes to a Ray head: `model_lens_ray.py` submits it through Ray's Jobs API and relays the
 * job's events from its log stream on the same pipe, first naming the job (the 'job' event here); Stop asks
 * the helper, which stops the job (`ray job stop`). With `ray: 'local'` a head of our own is started first from
 * the same interpreter (local-ray-head.ts) and stopped, by its processes, when the run ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { WorkerEvent } from '../worker-protocol';
import { ChildSession, type SessionEnd } from '../host/child-session';
import { LOCAL_RAY, startLocalRayHead, type LocalRayHead } from './local-ray-head';
import { installHint, kerasEnv, rayHelperPath, runnerPath, type KerasBackend } from './runner';
import type { PythonJob } from './python-job';

export interface KerasSessionOptions {
  readonly python: string;
  readonly backend?: KerasBackend;
  /** How long stop waits after SIGINT before killing (ms). */
  readonly stopGraceMs?: number;
  /** The script's folder, so its relative paths work (run-the-script mode). */
  readonly cwd?: string;
  /** A Ray head's dashboard address (http://127.0.0.1:8265): the run is a Ray job there; `local`: a head started for the run. */
  readonly ray?: string;
  /** JAX CPU devices to split the host into (XLA_FLAGS); with several, the runner trains data parallel. */
  readonly jaxDevices?: number;
  /** CPUs a local Ray head offers (`ray start --num-cpus`); default: all but one of this machine's. */
  readonly rayCpus?: number;
}

/** The Ray job a run was submitted as. */
export interface RayJob {
  readonly id: string;
  readonly address: string;
  readonly dashboard: string;
}

/** A Ray job takes longer to stop: the helper asks the head, which signals the runner and waits for it. */
const RAY_STOP_GRACE_MS = 20_000;

const EVENT_TYPES = new Set(['phase', 'backend', 'data', 'warning', 'batch', 'epoch', 'evaluation', 'saved', 'done', 'failed']);

export declare interface KerasSession {
  on(event: 'event', listener: (e: WorkerEvent) => void): this;
  on(event: 'end', listener: (end: SessionEnd) => void): this;
  on(event: 'stderr', listener: (text: string) => void): this;
  on(event: 'stdout', listener: (text: string) => void): this;
  on(event: 'job', listener: (job: RayJob) => void): this;
}

export class KerasSession extends ChildSession {
  private jobDir: string | undefined;
  private head: LocalRayHead | undefined;
  private startingHead = false;

  constructor(private readonly options: KerasSessionOptions) {
    super();
  }

  override get running(): boolean {
    return this.startingHead || super.running;
  }

  start(job: PythonJob): void {
    if (this.child || this.startingHead) throw new Error('A session runs one job; start a new session for the next run.');
    if (this.options.ray === LOCAL_RAY) void this.startOnLocalHead(job);
    else this.spawnRunner(job, this.options.ray);
  }

  /** Starts a head for this run, then the job on it; a stop while the head starts ends the run there. */
  private async startOnLocalHead(job: PythonJob): Promise<void> {
    this.startingHead = true;
    this.emit('event', { type: 'phase', phase: 'Starting a local Ray head' });
    try {
      this.head = await startLocalRayHead(this.options.python, { numCpus: this.options.rayCpus, cancelled: () => this.stopRequested });
    } catch (e) {
      this.startingHead = false;
      const message = (e as Error).message;
      this.report({ outcome: this.stopRequested ? 'stopped' : 'failed', message, exitCode: null, signal: null });
      return;
    }
    this.startingHead = false;
    this.emit('stdout', `Started a local Ray head at ${this.head.address} for this run.\n`);
    this.spawnRunner(job, this.head.address);
    if (this.stopRequested) this.stop();
  }

  private spawnRunner(job: PythonJob, ray: string | undefined): void {
    this.jobDir = mkdtempSync(join(tmpdir(), 'model-lens-keras-'));
    const jobFile = join(this.jobDir, 'job.json');
    writeFileSync(jobFile, JSON.stringify(job));
    const { jaxDevices } = this.options;
    const args = ray ? [rayHelperPath(), ray, job.mode, jobFile] : [runnerPath(), job.mode, jobFile];
    const devices = jaxDevices ? { XLA_FLAGS: `--xla_force_host_platform_device_count=${jaxDevices}`, MODEL_LENS_JAX_DEVICES: String(jaxDevices) } : {};
    const child = spawn(this.options.python, args, {
      cwd: this.options.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...kerasEnv(this.options.backend), ...devices },
    });
    this.child = child;
    this.relay(child.stdout, 'stdout');
    this.relay(child.stderr, 'stderr');
    const events = child.stdio[3] as Readable | null;
    if (events) createInterface({ input: events }).on('line', (line) => this.onLine(line));
    // A process that cannot start (ENOENT, EACCES) emits 'error', then 'close' (code -2, -13): one end either way.
    child.on('error', (e) => {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
      this.failedToStart(missing ? `There is no Python interpreter '${this.options.python}'.` : `Python could not start: ${e.message}`);
    });
    child.on('close', (code, signal) => this.onExit(code, signal));
  }

  /** SIGINT ends the fit after its current batch; a process still there after the grace period is killed. */
  stop(): void {
    if (this.startingHead) this.stopRequested = true;
    this.requestStop(() => this.child!.kill('SIGINT'), this.options.stopGraceMs ?? (this.options.ray ? RAY_STOP_GRACE_MS : 5000));
  }

  private onLine(line: string): void {
    let e: (WorkerEvent & { traceback?: string }) | undefined;
    try {
      e = JSON.parse(line);
    } catch {
      return; // not one of ours
    }
    if (e && typeof e === 'object' && (e as { type: string }).type === 'job') {
      const { id, address, dashboard } = e as unknown as RayJob;
      if (typeof id === 'string') this.emit('job', { id, address: String(address), dashboard: String(dashboard) });
      return;
    }
    if (!e || typeof e !== 'object' || !EVENT_TYPES.has(e.type)) return;
    if (e.type !== 'failed') return this.onWorkerEvent(e);
    // A missing Keras says how to install it; a script's exception carries its traceback.
    const hint = e.code === 'backend' && e.message.startsWith('Keras does not import') ? ` ${installHint(this.options.python, this.options.backend)}` : '';
    this.onWorkerEvent(e, e.traceback ? `${e.message}\n${e.traceback.trim()}` : e.message + hint);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.jobDir) rmSync(this.jobDir, { recursive: true, force: true });
    const end = this.endOnExit(code, signal, {
      stopped: 'Stopped before the runner could say where (the process was killed).',
      crashed: (how, tail) => `Python ${how} before the run finished.${tail}`,
    });
    // A head started for this run goes with it, before the run is reported ended.
    void (this.head?.stop() ?? Promise.resolve()).then(() => this.report(end));
  }
}
