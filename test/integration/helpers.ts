/** Shared set-up for the training integration tests: real data, the built CLI and worker, child processes. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEBIAN_FASHION_MNIST, kerasDatasetPlaces } from '../../src/train/data/datasets';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const WORKER = join(ROOT, 'dist', 'train-worker.js');

/** The tests train on the real files; say how to get them rather than skip. */
export function requireFashionMnist(): string {
  const hit = kerasDatasetPlaces('fashion_mnist').find((p) => p.found);
  if (!hit) throw new Error(`Fashion-MNIST is not on this machine: apt-get install dataset-fashion-mnist (it installs to ${DEBIAN_FASHION_MNIST}).`);
  return hit.found!.source;
}

export function requireBuild(): void {
  if (!existsSync(CLI) || !existsSync(WORKER)) throw new Error('Build first: npm run build (the tests run dist/cli.js and dist/train-worker.js).');
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly lines: Record<string, unknown>[];
}

const run = promisify(execFile);

/** Runs `node dist/cli.js train ...` and parses its JSON lines. */
export async function cliTrain(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  try {
    // Runs are recorded only where a test asks (--runs-dir), not into the checkout's .model-lens/runs.
    const record = args.includes('--runs-dir') ? [] : ['--no-record'];
    const { stdout, stderr } = await run(process.execPath, [CLI, 'train', ...record, ...args], { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 });
    return { code: 0, stdout, stderr, lines: jsonLines(stdout) };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '', lines: jsonLines(err.stdout ?? '') };
  }
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
