/**
 * Section 3 of `npm run bench`: every training engine on the same run, in one table. The tutorial MLP on all
 * 60,000 Fashion-MNIST images, Adam, 2 epochs, at batch 32 and 128: Model Lens on TF.js (WebAssembly, native
 * TensorFlow) and on its Keras engine (JAX, TensorFlow), Keras's own model.fit script on both backends, and a
 * PyTorch CPU loop. `node --import tsx bench/run.ts --only training` runs this section alone.
 */
import { table } from './stats';
import { benchKerasEngine, benchKerasFit, benchOurs, benchTorch, matmulPeakGflops, TRAIN_FLOPS_PER_SAMPLE, type TrainingRow } from './training';

export interface TrainingSection {
  readonly rows: TrainingRow[];
  readonly peak?: number;
}

/** The row everything is compared with: Keras on JAX as Keras users run it, the fastest peer we know here. */
const REFERENCE = 'Keras 3 model.fit (JAX)';

export function benchTraining(batches: readonly number[] = [32, 128]): TrainingSection {
  const rows = [...benchOurs(['wasm', 'tensorflow'], batches), ...benchKerasEngine(['jax', 'tensorflow'], batches), ...benchKerasFit(batches, ['jax', 'tensorflow']), ...benchTorch(batches)];
  return { rows, peak: matmulPeakGflops() };
}

const speed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : Math.round(v).toLocaleString('en-US'));
const ratio = (v: number | undefined, of: number | undefined) => (v && of ? `${(v / of).toFixed(2)}×` : '-');

/** The table, batch 32's rows first, then the fastest engine at each batch size and epoch. */
export function trainingTable({ rows, peak }: TrainingSection): string {
  const batches = [...new Set(rows.map((r) => r.batch))];
  const reference = (batch: number) => rows.find((r) => r.who.startsWith(REFERENCE) && r.batch === batch);
  const lines = batches.flatMap((batch) =>
    rows.filter((r) => r.batch === batch).map((r) => {
      if (r.samplesPerSec === undefined) return [r.who, String(batch), r.note ?? '-', '', '', '', '', '', ''];
      const ref = reference(batch);
      return [
        r.who, String(batch), speed(r.samplesPerSec), (r.runs ?? [r.samplesPerSec]).map((v) => speed(v)).join(', '), speed(r.secondEpochSamplesPerSec),
        r.testAccuracy === undefined || !Number.isFinite(r.testAccuracy) ? '-' : r.testAccuracy.toFixed(4),
        r.secondEpochSamplesPerSec ? ((r.secondEpochSamplesPerSec * TRAIN_FLOPS_PER_SAMPLE) / 1e9).toFixed(2) : '-',
        ratio(r.samplesPerSec, ref?.samplesPerSec), ratio(r.secondEpochSamplesPerSec, ref?.secondEpochSamplesPerSec),
      ];
    }),
  );
  const out = [table(['engine', 'batch', '1st epoch samples/s (median)', 'runs', '2nd epoch samples/s', 'test accuracy', '2nd epoch GFLOP/s', '1st vs Keras JAX', '2nd vs Keras JAX'], lines)];
  for (const batch of batches) {
    for (const [epoch, pick] of [['1st', (r: TrainingRow) => r.samplesPerSec], ['2nd', (r: TrainingRow) => r.secondEpochSamplesPerSec]] as const) {
      const ranked = rows.filter((r) => r.batch === batch && pick(r) !== undefined).sort((a, b) => pick(b)! - pick(a)!);
      if (ranked.length) out.push(`Fastest at batch ${batch}, ${epoch} epoch: ${ranked[0].who} (${speed(pick(ranked[0]))} samples/s; next ${ranked[1]?.who ?? '-'}, ${speed(ranked[1] && pick(ranked[1]))}).`);
    }
  }
  out.push('', 'The first epoch is what a person waits for (Keras traces its graph in it, TF.js warms up); the second, timed on its own, is the steady speed. Test accuracy: all 10,000 test images, after both epochs.');
  out.push(`GFLOP/s counts ${(TRAIN_FLOPS_PER_SAMPLE / 1e6).toFixed(2)} MFLOP per training sample (forward and backward). NumPy float32 matmul peak here: ${peak ? `${peak.toFixed(1)} GFLOP/s` : 'not measured'}.`);
  return out.join('\n');
}
