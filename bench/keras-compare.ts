/**
 * Section 2: the same question asked of Python. How long a person waits for real Keras to build the tutorial
 * model and print `model.summary()` (process start and import included), next to our CLI and our in-process
 * analysis, in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { stats, type Stats } from './stats';

const TUTORIAL_SUMMARY = `import tensorflow as tf
model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])
model.summary()
`;

export function kerasPython(): string | undefined {
  const root = process.env.MODEL_LENS_CACHE ?? join(homedir(), '.cache', 'model-lens');
  const python = join(root, 'keras-venv', 'bin', 'python');
  return existsSync(python) ? python : undefined;
}

function timeCommand(command: string, args: string[], runs: number, env: NodeJS.ProcessEnv = process.env): Stats | string {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(command, args, { encoding: 'utf8', env });
    if (r.status !== 0) return `failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`;
    times.push(performance.now() - t);
  }
  return stats(times);
}

export interface CompareRow {
  readonly name: string;
  readonly result: Stats | string;
}

export function benchKerasCompare(runs = 5): CompareRow[] {
  const rows: CompareRow[] = [];
  const python = kerasPython();
  if (python) {
    const script = join(tmpdir(), 'model-lens-bench-summary.py');
    writeFileSync(script, TUTORIAL_SUMMARY);
    const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' };
    rows.push({ name: 'Keras 3 (TensorFlow backend): python build + model.summary()', result: timeCommand(python, [script], runs, env) });
  } else {
    rows.push({ name: 'Keras 3: python build + model.summary()', result: 'not measured: run scripts/keras-venv.sh first' });
  }
  rows.push({ name: 'Model Lens CLI: node dist/cli.js summary (process start included)', result: existsSync('dist/cli.js') ? timeCommand(process.execPath, ['dist/cli.js', 'summary', 'examples/fashion_mnist.py'], Math.max(runs, 10)) : 'not measured: run npm run build first' });
  return rows;
}
