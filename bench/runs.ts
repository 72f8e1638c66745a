/**
 * Section 6: run records at scale. 500 runs recorded the way training records them (run.json plus a metrics.jsonl of
 * 200 batch points and 5 epochs each), then what the CLI and the Runs view do with them: list (read every run.json),
 * make the table's rows, filter and sort them, find the settings that differ among 10 selected runs, and read 10
 * runs' metrics into CSV. Runs on its own: `node --import tsx bench/runs.ts`.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzePython, initParser } from '../src/core/python/analyze';
import { toJsonReport } from '../src/core/report/json';
import { planTraining } from '../src/train/host/plan';
import { differingSettings, filterRows, runRow, sortRows } from '../src/train/runs/compare';
import { metricsCsv } from '../src/train/runs/csv';
import { RunRecorder } from '../src/train/runs/recorder';
import { listRuns, readMetrics } from '../src/train/runs/store';
import type { WorkerEvent } from '../src/train/worker-protocol';
import { stats, table, ms } from './stats';

export interface RunsBench {
  readonly runs: number;
  readonly recordMs: number;
  readonly listMs: ReturnType<typeof stats>;
  readonly rowsMs: ReturnType<typeof stats>;
  readonly filterSortMs: ReturnType<typeof stats>;
  readonly legendMs: ReturnType<typeof stats>;
  readonly csvMs: ReturnType<typeof stats>;
}

const tutorial = (units: number) => `import tensorflow as tf
(x, y), (tx, ty) = tf.keras.datasets.fashion_mnist.load_data()
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(${units}, activation='relu'), tf.keras.layers.Dense(10)])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=5)
`;

function events(seed: number): WorkerEvent[] {
  const list: WorkerEvent[] = [{ type: 'backend', name: seed % 2 ? 'wasm' : 'tensorflow', notes: [] }];
  for (let epoch = 1; epoch <= 5; epoch++) {
    for (let batch = 1; batch <= 40; batch++) {
      const loss = 2 / (epoch * 40 + batch) + (seed % 7) / 100;
      list.push({ type: 'batch', point: { x: epoch * 40 + batch, epoch, batch, batches: 40, loss, acc: 1 - loss, samples: (epoch * 40 + batch) * 32, totalSamples: 6400, elapsedMs: batch * 5, samplesPerSec: 5000 + seed } });
    }
    list.push({ type: 'epoch', epoch: { epoch, epochs: 5, loss: 1 / epoch, acc: 1 - 1 / (epoch + 1), elapsedMs: 200 } });
  }
  list.push({ type: 'done', outcome: 'completed', epochsDone: 5, samplesPerSec: 5000 + seed, elapsedMs: 1000 });
  return list;
}

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export async function benchRuns(count = 500, repeats = 10): Promise<RunsBench> {
  await initParser();
  const dir = mkdtempSync(join(tmpdir(), 'model-lens-bench-runs-'));
  try {
    const starts = [32, 64, 128, 256].map((units) => {
      const text = tutorial(units);
      const report = analyzePython(text);
      return { text, report: toJsonReport('model.py', report), job: planTraining(text, {}, report).plan!.job };
    });
    const recordMs = time(() => {
      for (let i = 0; i < count; i++) {
        const start = starts[i % starts.length];
        const session = new EventEmitter();
        RunRecorder.attach(session, { runsDir: dir, file: `/work/model_${i % 10}.py`, ...start, modelIndex: 0, settings: [] });
        for (const e of events(i)) session.emit('event', e);
        session.emit('end', { outcome: i % 50 === 0 ? 'crashed' : 'completed', exitCode: 0, signal: null });
      }
    });
    const repeat = (f: () => void) => stats(Array.from({ length: repeats }, () => time(f)));
    const listMs = repeat(() => listRuns(dir));
    const runs = listRuns(dir);
    if (runs.length !== count) throw new Error(`listed ${runs.length} of ${count} runs`);
    const rowsMs = repeat(() => runs.map((r) => runRow(r.record)));
    const rows = runs.map((r) => runRow(r.record));
    const filterSortMs = repeat(() => sortRows(filterRows(rows, { file: 'model_3', status: 'finished' }), 'testAccuracy', true));
    const chosen = runs.slice(0, 10);
    const legendMs = repeat(() => differingSettings(chosen.map((r) => r.record)));
    const csvMs = repeat(() => metricsCsv(chosen.map((r) => ({ record: r.record, metrics: readMetrics(r.dir) }))));
    return { runs: count, recordMs, listMs, rowsMs, filterSortMs, legendMs, csvMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runsTable(b: RunsBench): string {
  return table(
    ['what', 'median ms', 'p95 ms'],
    [
      [`list ${b.runs} runs (read every run.json)`, ms(b.listMs.median), ms(b.listMs.p95)],
      [`the table's ${b.runs} rows (with each run's numeric settings, for the scatter)`, ms(b.rowsMs.median), ms(b.rowsMs.p95)],
      [`filter and sort ${b.runs} rows`, ms(b.filterSortMs.median), ms(b.filterSortMs.p95)],
      ['settings that differ among 10 runs (legend)', ms(b.legendMs.median), ms(b.legendMs.p95)],
      ['10 runs\' metrics (205 lines each) to CSV', ms(b.csvMs.median), ms(b.csvMs.p95)],
    ],
  );
}

if (require.main === module) {
  void benchRuns().then((b) => {
    console.log(`Recorded ${b.runs} runs in ${ms(b.recordMs)} ms.\n`);
    console.log(runsTable(b));
  });
}
