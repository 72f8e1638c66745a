/**
 * `npm run bench`: measures and prints tables, and writes the figures to bench/results.json. It never fails
 * on a number; goals are printed next to the figures.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { benchLatency } from './analysis';
import { benchKerasCompare } from './keras-compare';
import { ms, table } from './stats';

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`# Model Lens benchmarks\n\nMachine: ${machine}\n`);

  console.log('## 1. Analysis latency (CodeLens path, no VS Code)\n');
  const latency = await benchLatency(30);
  console.log(table(
    ['file', 'lines', 'cold ms', 'warm median ms', 'warm p95 ms', 'µs per layer (warm)'],
    latency.map((r) => [r.name, String(r.lines), ms(r.coldMs), ms(r.warm.median), ms(r.warm.p95), r.layers ? ((r.warm.median * 1000) / r.layers).toFixed(1) : '-']),
  ));
  const tutorial = latency[0];
  const thousand = latency.find((r) => r.name.startsWith('Sequential, 1,000'))!;
  console.log(`\nGoals: tutorial ≤ 2 ms warm (${ms(tutorial.warm.median)} ms), 1,000 layers ≤ 30 ms warm (${ms(thousand.warm.median)} ms).`);
  const ten = latency.find((r) => r.name.startsWith('Sequential, 10,000'))!;
  const hundred = latency.find((r) => r.name.startsWith('Sequential, 100 '))!;
  console.log(`Growth: ${((ten.warm.median / ten.layers) / (hundred.warm.median / hundred.layers)).toFixed(2)}× the per-layer cost from 100 to 10,000 layers (1.00 = linear).\n`);

  console.log('## 2. The same question asked of Python (tutorial model summary)\n');
  const compare = benchKerasCompare(5);
  const inProcess = tutorial.warm.median;
  console.log(table(
    ['what', 'median ms', 'p95 ms', 'runs', 'Keras / this'],
    [
      ...compare.map((c) => typeof c.result === 'string'
        ? [c.name, c.result, '', '', '']
        : [c.name, ms(c.result.median), ms(c.result.p95), String(c.result.runs), typeof compare[0].result === 'string' ? '-' : `${(compare[0].result.median / c.result.median).toFixed(1)}×`]),
      ['Model Lens in-process analysis (warm)', ms(inProcess), ms(tutorial.warm.p95), String(tutorial.warm.runs), typeof compare[0].result === 'string' ? '-' : `${(compare[0].result.median / inProcess).toFixed(0)}×`],
    ],
  ));

  writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), machine, latency, compare }, null, 2) + '\n');
  console.log('\nFigures written to bench/results.json.');
}

void main();
