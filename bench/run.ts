/**
 * `npm run bench`: measures and prints tables, and writes the figures to bench/results.json. It never fails
 * on a number; goals are printed next to the figures.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { benchLatency } from './analysis';
import { benchCommentRuns } from './comment-runs';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { benchExtension } from './extension';
import { benchGraph, printGraphBench } from './graph';
import { benchKerasCompare } from './keras-compare';
import { benchServer } from './server';
import { benchTraining, trainingTable } from './training-section';
import { benchTrainingPairs } from './training-pairs';
import { ms, stats, table } from './stats';
import { benchRuns, runsTable } from './runs';

async function main(): Promise<void> {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  console.log(`# Model Lens benchmarks\n\nMachine: ${machine}\n`);
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'training') {
    // One section alone (`node --import tsx bench/run.ts --only training`, after `node esbuild.mjs`): printed, not written.
    // The machine is shared: its load before and after says how far to trust the figures.
    const load = () => loadavg().map((v) => v.toFixed(1)).join(' / ');
    console.log(`Date: ${new Date().toISOString()}; load average (1/5/15 min) ${load()}\n\n## 3. Training throughput\n`);
    console.log(`${trainingTable(benchTraining())}\n\nLoad average at the end: ${load()}.`);
    return;
  }
  if (process.argv.includes('--only') && process.argv[process.argv.indexOf('--only') + 1] === 'training-pairs') {
    const load = () => loadavg().map((v) => v.toFixed(1)).join(' / ');
    console.log(`Date: ${new Date().toISOString()}; load average (1/5/15 min) ${load()}\n\n## 3. Training: the goal pairs, run back to back\n`);
    console.log(`${benchTrainingPairs()}\n\nLoad average at the end: ${load()}.`);
    return;
  }

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

  console.log('## 1b. Long comment runs (tree-sitter-python\'s scanner is quadratic over them)\n');
  const commentRuns = await benchCommentRuns();
  console.log(table(
    ['comment lines', 'parse as written ms', 'parse ms (runs blanked)', 'whole analysis ms'],
    commentRuns.map((r) => [r.lines.toLocaleString('en-US'), r.asWrittenMs === undefined ? '(minutes: quadratic)' : ms(r.asWrittenMs), ms(r.parseMs), ms(r.analysisMs)]),
  ));
  const tenThousand = commentRuns[commentRuns.length - 1];
  console.log(`\nGoal: 10,000 comment lines analyzed in under 100 ms (${ms(tenThousand.analysisMs)} ms).\n`);

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

  console.log('\n## 3. Training throughput (tutorial model, 60,000 Fashion-MNIST images, 2 epochs, Adam)\n');
  const skipTraining = process.argv.includes('--no-training');
  const trained = skipTraining ? undefined : benchTraining();
  const training = trained?.rows ?? [];
  const peak = trained?.peak;
  console.log(trained ? trainingTable(trained) : '(left out: --no-training)');

  console.log('\n## 4. The extension itself\n');
  const extension = await benchExtension(10);
  console.log(table(['file', 'KB'], extension.files.map((f) => [f.name, f.kb.toFixed(1)])));
  if (extension.activation) {
    const a = extension.activation;
    console.log(`\nLoading dist/extension.js: median ${ms(a.load.median)} ms; activate(): median ${ms(a.activate.median)} ms (fresh Node process, VS Code stood in for; heap ${a.heapMb.toFixed(1)} MB).`);
  }
  console.log(`Heap kept by the analysis reports of the examples: ${extension.analysisHeapMb.toFixed(2)} MB.`);
  // Keystroke → the new params shown in code-server, as a CodeLens and as an inlay hint (bench/keystroke.e2e.ts).
  let keystroke: { codeLens: ReturnType<typeof stats>; inlayHints: ReturnType<typeof stats> } | string = 'not measured: run scripts/setup-e2e.sh first';
  if (existsSync('.e2e/code-server') && existsSync('dist/model-lens.vsix')) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'test/e2e/run.ts', '--no-package', 'bench/keystroke.e2e.ts'], { encoding: 'utf8', timeout: 300_000 });
    const samples = existsSync('test-results/bench/keystroke.json') && run.status === 0
      ? (JSON.parse(readFileSync('test-results/bench/keystroke.json', 'utf8')) as { codeLens?: number[]; inlayHints?: number[] })
      : {};
    keystroke = samples.codeLens && samples.inlayHints
      ? { codeLens: stats(samples.codeLens), inlayHints: stats(samples.inlayHints) }
      : `failed: ${(run.stdout + run.stderr).trim().split('\n').slice(-3).join(' ')}`;
  }
  if (typeof keystroke === 'string') console.log(`Keystroke to refreshed display in code-server: ${keystroke}`);
  else {
    console.log(`Keystroke to refreshed display in code-server (Chromium, ${keystroke.codeLens.runs} edits of 2-3 keystrokes each, timed from the first keystroke). Goal ≤ 400 ms.\n`);
    console.log(table(['display', 'median ms', 'p95 ms'], [
      ['CodeLens (modelLens.display: codeLens)', ms(keystroke.codeLens.median), ms(keystroke.codeLens.p95)],
      ['inlay hint (inlayHints, the default)', ms(keystroke.inlayHints.median), ms(keystroke.inlayHints.p95)],
    ]));
    console.log('\nNo debounce of ours on either path. CodeLens: VS Code waits at least 250 ms after the last keystroke before it asks for lenses, and shows a changed title only after its resolve pass, at least 250 ms later. Inlay hints: VS Code waits 25 ms or more (its moving average of our answer times). See BENCHMARKS.md.');
  }

  console.log('\n## 5. The language server (model-lens lsp over stdio, a plain LSP client)\n');
  const server = await benchServer();
  console.log(table(['example', 'open → lenses ms (cold)', 'lenses'], server.firstLensesMs.map((r) => [r.file, ms(r.ms), String(r.lenses)])));
  console.log(`\nServer start (spawn → initialize answered): median ${ms(server.startMs.median)} ms over ${server.startMs.runs} starts.`);
  console.log(`Edit → lenses over LSP (didChange, then codeLens): median ${ms(server.editToLensMs.median)} ms, p95 ${ms(server.editToLensMs.p95)} ms over ${server.editToLensMs.runs} edits.`);
  console.log(`Server process memory with the ${server.openFiles} examples open (resident set, analysis worker included): ${server.rssMb.toFixed(1)} MB.`);

  console.log('\n## 6. The designer\'s graph at 1,000 layers\n');
  const graph = await benchGraph();
  printGraphBench(graph);

  console.log('\n## 7. Run records (500 runs: the CLI\'s runs list and the Runs view)\n');
  const runs = await benchRuns();
  console.log(runsTable(runs));
  console.log(`\nRecording them (run.json rewrites and metrics.jsonl appends, 205 points each): ${ms(runs.recordMs / runs.runs)} ms per run.`);

  writeFileSync('bench/results.json', JSON.stringify({ date: new Date().toISOString(), machine, latency, compare, training, matmulPeakGflops: peak, extension, keystroke, server, graph, runs }, null, 2) + '\n');
  console.log('\nFigures written to bench/results.json.');
}

void main();
