// The Keras venv the Ray tests use, and why they skip when it has no Ray.
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const VENV = join(process.env.MODEL_LENS_CACHE ?? join(homedir(), '.cache', 'model-lens'), 'keras-venv', 'bin');
export const PYTHON = join(VENV, 'python');

/** Why the Ray tests cannot run here, or undefined when the venv has Ray, Keras and JAX. */
export function rayMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import ray.job_submission, keras, jax'], { env: { ...process.env, KERAS_BACKEND: 'jax' }, stdio: 'ignore', timeout: 120_000 });
    return undefined;
  } catch {
    return `Ray is not installed in ${PYTHON}: bash scripts/keras-venv.sh installs ray[default]`;
  }
}
