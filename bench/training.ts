/**
 * Section 3's runs: training throughput. The tutorial model, the full Fashion-MNIST training set, 2 epochs, Adam,
 * at batch 32 and 128: our TF.js backends and the Keras engine (JAX, TensorFlow) through `model-lens train`, Keras's
 * own model.fit script on both backends (the Keras venv) and an equivalent PyTorch CPU loop; each with the test
 * set's accuracy after the two epochs. `training-section.ts` prints them as one table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { kerasPython } from './keras-compare';

export interface TrainingRow {
  readonly who: string;
  readonly batch: number;
  readonly samplesPerSec?: number;
  /** The second epoch's speed (Keras traces its graph in the first); not measured for the slow CPU backend. */
  readonly secondEpochSamplesPerSec?: number;
  readonly accuracy?: number;
  /** On the whole test set (10,000 images), after both epochs. */
  readonly testAccuracy?: number;
  readonly note?: string;
  /** Every run's samples/s when the row is the median of several runs. */
  readonly runs?: readonly number[];
}

/**
 * This VM's throughput varies by ±10% from run to run: each figure is the median of this many runs
 * (MODEL_LENS_TRAINING_RUNS overrides it, for a quick look on a busy machine).
 */
export const TRAINING_RUNS = Number(process.env.MODEL_LENS_TRAINING_RUNS) || 3;

/** The median run of each (who, batch), with all runs' figures kept; a row that did not run stays as it is. */
function medianRows(runs: readonly TrainingRow[][]): TrainingRow[] {
  return runs[0].map((first, i) => {
    const same = runs.map((r) => r[i]).filter((r) => r.samplesPerSec !== undefined);
    if (same.length === 0) return first;
    const sorted = [...same].sort((a, b) => a.samplesPerSec! - b.samplesPerSec!);
    return { ...sorted[Math.floor((sorted.length - 1) / 2)], runs: same.map((r) => Math.round(r.samplesPerSec!)) };
  });
}

function repeated(times: number, run: () => TrainingRow[]): TrainingRow[] {
  return medianRows(Array.from({ length: times }, run));
}

/** Multiply-accumulates per sample of the tutorial model's forward pass (784×256 + 256×10). */
export const TUTORIAL_MACS = 784 * 256 + 256 * 10;
/** Training costs about three forward passes (forward, and two products in backward), 2 FLOPs per MAC. */
export const TRAIN_FLOPS_PER_SAMPLE = 6 * TUTORIAL_MACS;

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** The CLI's message, short enough for a table cell: "… chosen, but <why>. Choose …" gives <why>. */
function reason(message: string): string {
  const text = message.replace(/^model-lens train: /, '');
  const why = / but (.*?)(?: \(|\. )/.exec(text)?.[1] ?? text.split('. ')[0];
  return why.length > 100 ? `${why.slice(0, 99)}…` : why;
}

/**
 * The environment the native rows get: MODEL_LENS_TFJS_NODE naming the tfjs-node scripts/build-tfjs-node.sh builds
 * from the Keras venv's wheel, so they measure native TensorFlow. Not built here (it takes many minutes): where it
 * is absent the rows say so.
 */
function nativeEnv(): NodeJS.ProcessEnv | { readonly missing: string } {
  if (process.env.MODEL_LENS_TFJS_NODE) return process.env;
  const home = process.env.MODEL_LENS_TFJS_NODE_HOME ?? join(homedir(), '.cache', 'model-lens', 'tfjs-node');
  if (!existsSync(join(home, '.version'))) return { missing: `not measured: native TensorFlow is not built (bash scripts/build-tfjs-node.sh builds it into ${home})` };
  // Built: the script checks that it still loads and prints its folder (no rebuild).
  const built = spawnSync('bash', ['scripts/build-tfjs-node.sh'], { encoding: 'utf8', timeout: 1_800_000 });
  return built.status === 0 ? { ...process.env, MODEL_LENS_TFJS_NODE: lastLine(built.stdout) } : { missing: `not measured: ${lastLine(built.stderr)}` };
}

export function benchOurs(backends: readonly string[], batches: readonly number[]): TrainingRow[] {
  return backends.flatMap((backend) => {
    const env = backend === 'tensorflow' ? nativeEnv() : process.env;
    if ('missing' in env) return batches.map((batch) => ({ who: 'Model Lens (TF.js tensorflow)', batch, note: String(env.missing) }));
    // The JavaScript CPU backend takes minutes an epoch: one run of it.
    return repeated(backend === 'cpu' ? 1 : TRAINING_RUNS, () => benchCli((b) => `Model Lens (TF.js ${b ?? backend})`, ['--backend', backend], backend === 'cpu' ? 1 : 2, batches, env));
  });
}

const KERAS_BACKEND_LABELS: Record<string, string> = { jax: 'JAX', tensorflow: 'TensorFlow' };

/** The Keras engine (`--engine keras`, the Keras venv's Python) on each Keras backend. */
export function benchKerasEngine(backends: readonly string[], batches: readonly number[]): TrainingRow[] {
  const interpreter = kerasPython();
  return backends.flatMap((backend) => {
    const who = `Model Lens Keras engine (${KERAS_BACKEND_LABELS[backend] ?? backend})`;
    if (!interpreter) return batches.map((batch) => ({ who, batch, note: 'not measured: run scripts/keras-venv.sh first' }));
    return repeated(TRAINING_RUNS, () => benchCli(() => who, ['--engine', 'keras', '--keras-backend', backend, '--python', interpreter], 2, batches, process.env));
  });
}

/** `model-lens train` on the tutorial at each batch size: the first epoch's speed, the second's, the test accuracy. */
function benchCli(who: (backend: string | undefined) => string, flags: readonly string[], epochs: number, batches: readonly number[], env: NodeJS.ProcessEnv): TrainingRow[] {
  const rows: TrainingRow[] = [];
  for (const batch of batches) {
    const run = spawnSync(process.execPath, ['dist/cli.js', 'train', 'examples/fashion_mnist.py', '--no-record', ...flags, '--epochs', String(epochs), '--batch-size', String(batch), '--seed', '1', '--json'], { encoding: 'utf8', timeout: 900_000, env });
    const lines = jsonLines(run.stdout);
    const epoch = lines.find((l) => l.event === 'epoch' && l.epoch === 1);
    const second = lines.find((l) => l.event === 'epoch' && l.epoch === 2);
    const result = lines.find((l) => l.event === 'result');
    if (run.status !== 0 || !epoch) {
      rows.push({ who: who(undefined), batch, note: `did not run: ${reason(lastLine(run.stderr || run.stdout))}` });
      continue;
    }
    const secondEpochSamplesPerSec = second ? 60_000 / Number(second.seconds) : undefined;
    const testAccuracy = typeof result?.testAccuracy === 'number' ? result.testAccuracy : undefined;
    rows.push({ who: who(result?.backend as string | undefined), batch, samplesPerSec: Number(epoch.samplesPerSec), secondEpochSamplesPerSec, accuracy: Number(epoch.accuracy), testAccuracy });
  }
  return rows;
}

function python(label: string, interpreter: string | undefined, script: string, batches: readonly number[], missing: string, env: NodeJS.ProcessEnv = {}): TrainingRow[] {
  if (!interpreter) return batches.map((batch) => ({ who: label, batch, note: missing }));
  const run = spawnSync(interpreter, [script, ...batches.map(String)], { encoding: 'utf8', timeout: 1_800_000, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3', ...env } });
  const lines = jsonLines(run.stdout);
  return batches.map((batch) => {
    const line = lines.find((l) => l.batch === batch);
    return line
      ? { who: label, batch, samplesPerSec: Number(line.samplesPerSec), secondEpochSamplesPerSec: Number(line.secondEpochSamplesPerSec), accuracy: Number(line.accuracy), testAccuracy: Number(line.testAccuracy) }
      : { who: label, batch, note: `did not run: ${lastLine(run.stderr || run.stdout)}` };
  });
}

/** Keras's own reference script (bench/python/keras_fit.py) on each Keras backend. */
export function benchKerasFit(batches: readonly number[], backends: readonly string[] = ['tensorflow']): TrainingRow[] {
  return backends.flatMap((backend) =>
    repeated(TRAINING_RUNS, () => python(`Keras 3 model.fit (${KERAS_BACKEND_LABELS[backend] ?? backend}), reference script`, kerasPython(), 'bench/python/keras_fit.py', batches, 'not measured: run scripts/keras-venv.sh first', { KERAS_BACKEND: backend })),
  );
}

export function benchTorch(batches: readonly number[]): TrainingRow[] {
  const venv = spawnSync('bash', ['scripts/torch-venv.sh'], { encoding: 'utf8', timeout: 900_000 });
  const interpreter = venv.status === 0 ? lastLine(venv.stdout) : undefined;
  const torch = interpreter && existsSync(interpreter) ? interpreter : undefined;
  return repeated(TRAINING_RUNS, () => python('PyTorch CPU loop', torch, 'bench/python/torch_fit.py', batches, `not measured: ${lastLine(venv.stderr) || 'scripts/torch-venv.sh failed'}`));
}

export function matmulPeakGflops(): number | undefined {
  const interpreter = kerasPython();
  if (!interpreter) return undefined;
  const run = spawnSync(interpreter, ['bench/python/matmul_peak.py'], { encoding: 'utf8' });
  const line = jsonLines(run.stdout)[0];
  return line ? Number(line.gflops) : undefined;
}
