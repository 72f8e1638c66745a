/**
 * `node --import tsx bench/run.ts --only training-pairs`: the two training comparisons the goals name, each pair
 * run back to back and the pairs repeated, so that the load of a shared machine falls on both sides of a ratio
 * alike (the full section runs each engine's repeats together, minutes apart from its peer's):
 * - the Keras engine's streaming against Keras's own `model.fit` script, both on JAX at batch 128 (goal: ≤ 5% slower);
 * - TF.js on WebAssembly against Keras's script on TensorFlow at batch 32 and 128 (goal: ≥ 1.0×).
 * Each round's ratio is printed, and the median of the rounds.
 */
import { stats, table } from './stats';
import { benchKerasEngine, benchKerasFit, benchOurs, type TrainingRow } from './training';

interface Pair {
  readonly name: string;
  readonly batch: number;
  readonly ours: (rows: readonly TrainingRow[]) => TrainingRow | undefined;
  readonly peer: (rows: readonly TrainingRow[]) => TrainingRow | undefined;
}

const find = (who: string, batch: number) => (rows: readonly TrainingRow[]) => rows.find((r) => r.who.startsWith(who) && r.batch === batch);
const PAIRS: readonly Pair[] = [
  { name: 'Keras engine (JAX) / Keras model.fit (JAX)', batch: 128, ours: find('Model Lens Keras engine (JAX)', 128), peer: find('Keras 3 model.fit (JAX)', 128) },
  { name: 'TF.js wasm / Keras model.fit (TensorFlow)', batch: 32, ours: find('Model Lens (TF.js wasm)', 32), peer: find('Keras 3 model.fit (TensorFlow)', 32) },
  { name: 'TF.js wasm / Keras model.fit (TensorFlow)', batch: 128, ours: find('Model Lens (TF.js wasm)', 128), peer: find('Keras 3 model.fit (TensorFlow)', 128) },
];

const speed = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '-' : Math.round(v).toLocaleString('en-US'));

/** `rounds` rounds of one run of every row; returns the printed table. */
export function benchTrainingPairs(rounds = 3): string {
  const perRound: TrainingRow[][] = [];
  for (let i = 0; i < rounds; i++) {
    perRound.push([...benchKerasFit([128], ['jax']), ...benchKerasEngine(['jax'], [128]), ...benchOurs(['wasm'], [32, 128]), ...benchKerasFit([32, 128], ['tensorflow'])]);
  }
  const lines = PAIRS.flatMap((pair) =>
    (['samplesPerSec', 'secondEpochSamplesPerSec'] as const).map((key) => {
      const cells = perRound.map((rows) => ({ ours: pair.ours(rows)?.[key], peer: pair.peer(rows)?.[key] }));
      const ratios = cells.filter((c) => c.ours && c.peer).map((c) => c.ours! / c.peer!);
      return [
        pair.name, String(pair.batch), key === 'samplesPerSec' ? '1st' : '2nd',
        cells.map((c) => `${speed(c.ours)} / ${speed(c.peer)}`).join(' · '),
        ratios.map((r) => `${r.toFixed(2)}×`).join(' · '),
        ratios.length ? `${stats(ratios).median.toFixed(2)}×` : '-',
      ];
    }),
  );
  const accuracy = PAIRS.map((p) => `${p.name} at ${p.batch}: ${perRound.map((rows) => `${p.ours(rows)?.testAccuracy?.toFixed(4) ?? '-'} / ${p.peer(rows)?.testAccuracy?.toFixed(4) ?? '-'}`).join(' · ')}`);
  return [
    table(['pair (ours / peer)', 'batch', 'epoch', 'samples/s per round (ours / peer)', 'ratio per round', 'median ratio'], lines),
    '',
    `Test accuracy (ours / peer), per round: ${accuracy.join('; ')}.`,
  ].join('\n');
}
