/**
 * `npm run fuzz [-- --cases N --seed S --seconds T]`: mutated examples and fixtures through the analyzer.
 * Counts exceptions (the analyzer reporting it could not analyze, or throwing), the slowest case and the
 * peak memory. Exits non-zero if any case threw. Bounded: stops at N cases or T seconds.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { mutate, pathological, rng, SHAPE_GENERATORS, tokens } from './mutate';

/** Cases slower than this are saved for a look (test-results/fuzz/slow-N.py). */
const SLOW_MS = 1000;

export interface FuzzStats {
  cases: number;
  exceptions: number;
  maxMs: number;
  slowest: string;
  peakRssMb: number;
  failures: { name: string; message: string }[];
}

function corpus(): { name: string; text: string }[] {
  const dirs = ['examples', 'test/fixtures', 'conformance/fixtures'].filter(existsSync);
  return dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => ({ name: join(d, f), text: readFileSync(join(d, f), 'utf8') })));
}

export async function fuzz(options: { cases: number; seed: number; seconds: number; pathological: boolean }): Promise<FuzzStats> {
  await initParser();
  const r = rng(options.seed);
  const files = corpus().map((f) => ({ ...f, toks: tokens(f.text) }));
  const stats: FuzzStats = { cases: 0, exceptions: 0, maxMs: 0, slowest: '', peakRssMb: 0, failures: [] };
  const deadline = Date.now() + options.seconds * 1000;
  const slowInputs: { name: string; ms: number; text: string }[] = [];
  // FUZZ_TRACE=file: each case is written there before it runs, so a case that kills the process can be found.
  const trace = process.env.FUZZ_TRACE;
  const run = (name: string, text: string) => {
    if (trace) writeFileSync(trace, `${name}\n${text}`);
    const t = performance.now();
    let message: string | undefined;
    try {
      const report = analyzePython(text);
      const internal = report.diagnostics.find((d) => d.message.startsWith('Model Lens could not analyze'));
      if (internal) message = internal.message;
    } catch (e) {
      message = `threw: ${(e as Error).stack ?? e}`;
    }
    const ms = performance.now() - t;
    stats.cases++;
    if (ms > SLOW_MS && slowInputs.length < 10) slowInputs.push({ name, ms, text });
    if (ms > stats.maxMs) {
      stats.maxMs = ms;
      stats.slowest = name;
    }
    if (message) {
      stats.exceptions++;
      if (stats.failures.length < 20) stats.failures.push({ name, message });
    }
    if (stats.cases % 500 === 0) stats.peakRssMb = Math.max(stats.peakRssMb, process.memoryUsage().rss / 2 ** 20);
    return message ? text : undefined;
  };
  if (options.pathological) for (const p of pathological(r)) run(p.name, p.text);
  const failedInputs: string[] = [];
  while (stats.cases < options.cases && Date.now() < deadline) {
    const f = files[Math.floor(r() * files.length)];
    // One case in four reshapes a whole file (comment runs, a very long line, deep nesting), then mutates it.
    const shape = r() < 0.25 ? (Object.keys(SHAPE_GENERATORS) as (keyof typeof SHAPE_GENERATORS)[])[Math.floor(r() * 3)] : undefined;
    const text = mutate(f.text, f.toks, r);
    const bad = run(`${shape ? `${shape} + ` : ''}mutation of ${f.name} #${stats.cases}`, shape ? SHAPE_GENERATORS[shape](text, r) : text);
    if (bad !== undefined && failedInputs.length < 20) failedInputs.push(bad);
  }
  stats.peakRssMb = Math.max(stats.peakRssMb, process.memoryUsage().rss / 2 ** 20);
  if (failedInputs.length || slowInputs.length) {
    mkdirSync('test-results/fuzz', { recursive: true });
    failedInputs.forEach((t, i) => writeFileSync(`test-results/fuzz/failure-${i}.py`, t));
    slowInputs.forEach((s, i) => writeFileSync(`test-results/fuzz/slow-${i}.py`, `# ${s.name}: ${s.ms.toFixed(0)} ms\n${s.text}`));
  }
  return stats;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  const options = { cases: arg('cases', 100_000), seed: arg('seed', 1), seconds: arg('seconds', 900), pathological: true };
  void fuzz(options).then((s) => {
    console.log(`fuzz: seed ${options.seed}: ${s.cases} cases, ${s.exceptions} exceptions, slowest ${s.maxMs.toFixed(0)} ms (${s.slowest}), peak RSS ${s.peakRssMb.toFixed(0)} MB`);
    for (const f of s.failures) console.log(`  ${f.name}: ${f.message.split('\n')[0]}`);
    process.exit(s.exceptions === 0 ? 0 : 1);
  });
}
