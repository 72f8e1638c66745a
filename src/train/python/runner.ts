/**
 * Where the Python runner is and how to ask an interpreter whether Keras imports. The runner
 * (`python/model_lens_runner.py`) ships beside the bundles in dist/; from source it is read where it lives.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type KerasBackend = 'jax' | 'tensorflow' | 'torch';
export const KERAS_BACKENDS: readonly KerasBackend[] = ['jax', 'tensorflow', 'torch'];

/** The runner script: beside this bundle (dist/), else in the repository's python/ folder. */
export function runnerPath(): string {
  const bundled = join(__dirname, 'model_lens_runner.py');
  return existsSync(bundled) ? bundled : join(__dirname, '../../../python/model_lens_runner.py');
}

/** The Ray submitter (`python/model_lens_ray.py`), found as the runner is; it imports the runner beside it. */
export function rayHelperPath(): string {
  return join(runnerPath(), '..', 'model_lens_ray.py');
}

/** The environment a Keras run gets: Keras 3's backend, and quiet native libraries. */
export function kerasEnv(backend: KerasBackend | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, ...(backend ? { KERAS_BACKEND: backend } : {}), TF_CPP_MIN_LOG_LEVEL: '2', PYTHONUNBUFFERED: '1' };
}

export type KerasCheck =
  | { readonly ok: true; readonly keras: string; readonly backend: KerasBackend | string; readonly backendVersion: string; readonly python: string }
  | { readonly ok: false; readonly message: string };

/** What each backend needs from PyPI besides Keras. */
const BACKEND_PACKAGES: Record<KerasBackend, string> = { jax: "'jax[cpu]'", tensorflow: 'tensorflow-cpu', torch: 'torch' };

/** How to install what is missing into `python`, in words. */
export function installHint(python: string, backend: KerasBackend | undefined): string {
  return `Install it with: ${python} -m pip install keras ${BACKEND_PACKAGES[backend ?? 'jax']} (or pick another interpreter with --python PATH).`;
}

/**
 * Whether Keras imports in `python` with `backend`: its version and backend, or a message that says what is
 * missing and how to install it. Never throws; a missing interpreter is a message too.
 */
export function checkKeras(python: string, backend: KerasBackend | undefined, timeoutMs = 120_000): Promise<KerasCheck> {
  return new Promise((resolve) => {
    execFile(python, [runnerPath(), 'check'], { env: kerasEnv(backend), timeout: timeoutMs, maxBuffer: 1 << 20 }, (error, stdout) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      let parsed: { keras?: string; backend?: string; backendVersion?: string; python?: string; error?: string } = {};
      try {
        parsed = JSON.parse(last);
      } catch {
        // Not our JSON: the interpreter did not run the runner (missing, not Python, killed).
      }
      if (parsed.keras && !error) {
        resolve({ ok: true, keras: parsed.keras, backend: parsed.backend ?? '?', backendVersion: parsed.backendVersion ?? '?', python: parsed.python ?? '?' });
        return;
      }
      const code = (error as NodeJS.ErrnoException | null)?.code;
      const why = code === 'ENOENT' ? `there is no Python interpreter '${python}'` : parsed.error ? `Keras does not import there (${parsed.error.slice(0, 300)})` : `it did not answer (${error?.message.split('\n')[0] ?? 'no output'})`;
      resolve({ ok: false, message: `The Keras engine needs Python with Keras${backend ? ` and ${backend}` : ''}, but ${why}. ${installHint(python, backend)}` });
    });
  });
}
