/**
 * `model-lens train --engine keras`: the flags that choose the person's Python and Keras backend, and the
 * session that runs it (src/train/python). The TF.js engine stays the default; this one runs the person's code.
 */
import { resolve } from 'node:path';
import type { WorkerEvent, TrainJob } from '../train/worker-protocol';
import type { SessionEnd } from '../train/host/session';
import { KerasSession, type RayJob } from '../train/python/keras-session';
import { LOCAL_RAY } from '../train/python/local-ray-head';
import { modelJob } from '../train/python/python-job';
import { KERAS_BACKENDS, type KerasBackend } from '../train/python/runner';

export interface KerasArgs {
  readonly python: string;
  readonly backend?: KerasBackend;
  /** model: the file's model on the planned dataset; script: the file run as written. */
  readonly mode: 'model' | 'script';
  /** A Ray head's dashboard address: the run is a Ray job there; `local`: a head started for the run. */
  readonly ray?: string;
  /** JAX CPU devices for the run (several: Keras's DataParallel). */
  readonly jaxDevices?: number;
  /** CPUs of the local Ray head (`--ray` with no address). */
  readonly rayCpus?: number;
}

/** What the CLI needs of a run, whichever engine runs it. */
export interface EngineSession {
  on(event: 'event', listener: (e: WorkerEvent) => void): unknown;
  on(event: 'end', listener: (end: SessionEnd) => void): unknown;
  stop(): void;
  readonly ended: Promise<SessionEnd>;
}

export interface Engine {
  readonly session: EngineSession;
  readonly start: () => void;
  /** Called once the run is a named job somewhere else (Ray). */
  readonly onJob?: (listener: (job: RayJob) => void) => void;
}

/** Reads one of the Keras engine's flags into `keras`; a message when its value is wrong. */
export function kerasFlag(keras: { -readonly [K in keyof KerasArgs]: KerasArgs[K] } & { engine?: string }, flag: string, v: string | undefined): string | undefined {
  switch (flag) {
    case '--engine':
      if (v !== 'tfjs' && v !== 'keras') return `--engine must be tfjs or keras, got '${v ?? ''}'`;
      keras.engine = v;
      return undefined;
    case '--python':
      if (!v) return '--python needs the path of a Python interpreter';
      keras.python = v.includes('/') ? resolve(v) : v;
      return undefined;
    case '--keras-backend':
      if (!KERAS_BACKENDS.includes(v as KerasBackend)) return `--keras-backend must be ${KERAS_BACKENDS.join(', ')}, got '${v ?? ''}'`;
      keras.backend = v as KerasBackend;
      return undefined;
    case '--mode':
      if (v !== 'model' && v !== 'script') return `--mode must be model or script, got '${v ?? ''}'`;
      keras.mode = v;
      return undefined;
    case '--ray':
      // No address (or `local`): a head started for the run from the same Python.
      if (v?.startsWith('-')) return '--ray takes the address of a Ray head\'s dashboard (http://127.0.0.1:8265), or none for a local head';
      keras.ray = !v || v === LOCAL_RAY ? LOCAL_RAY : /^[a-z]+:\/\//i.test(v) ? v : `http://${v}`;
      keras.engine ??= 'keras';
      return undefined;
    case '--jax-devices':
      if (!v || !/^\d+$/.test(v) || Number(v) < 1) return `--jax-devices needs a whole number of at least 1, got '${v ?? ''}'`;
      keras.jaxDevices = Number(v);
      return undefined;
    case '--ray-cpus':
      if (!v || !/^\d+$/.test(v) || Number(v) < 1) return `--ray-cpus needs a whole number of at least 1, got '${v ?? ''}'`;
      keras.rayCpus = Number(v);
      return undefined;
  }
  return `unknown option '${flag}'`;
}

/** A Keras-engine run ready to start, or why it cannot run. */
export function kerasEngine(
  keras: KerasArgs,
  what: { readonly mode: 'model'; readonly job: TrainJob } | { readonly mode: 'script'; readonly script: string; readonly epochs?: number },
): Engine | { readonly error: string } {
  const job = what.mode === 'model' ? modelJob(what.job) : { mode: 'script' as const, script: what.script, epochs: what.epochs, progressIntervalMs: 200 };
  if ('error' in job) return job;
  const session = new KerasSession({ python: keras.python, backend: keras.backend, cwd: what.mode === 'script' ? resolve(what.script, '..') : undefined, ray: keras.ray, jaxDevices: keras.jaxDevices, rayCpus: keras.rayCpus });
  return { session, start: () => session.start(job), onJob: (listener) => session.on('job', listener) };
}

/** Whether `--ray` takes the next argument as its address: not when it is another flag, the file, or missing. */
export function rayHasAddress(inline: string | undefined, next: string | undefined): boolean {
  return inline !== undefined || (next !== undefined && !next.startsWith('-') && !/\.(py|ipynb)$/i.test(next));
}
