/**
 * Section 4: the extension itself. Bundle and .vsix sizes; the cost of loading the bundle and running
 * activate() (fresh process, VS Code stood in for by a do-nothing module); memory the analysis keeps for the
 * examples. Keystroke-to-CodeLens latency in a real VS Code is measured by bench/keystroke.e2e.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePython, initParser } from '../src/core/python/analyze';
import { stats, type Stats } from './stats';

export interface ExtensionFigures {
  readonly files: { name: string; kb: number }[];
  readonly activation?: { load: Stats; activate: Stats; heapMb: number };
  readonly analysisHeapMb: number;
}

export async function benchExtension(runs = 10): Promise<ExtensionFigures> {
  const files = existsSync('dist')
    ? readdirSync('dist').filter((f) => /\.(js|wasm|vsix)$/.test(f)).map((f) => ({ name: `dist/${f}`, kb: statSync(join('dist', f)).size / 1024 }))
    : [];
  let activation: ExtensionFigures['activation'];
  if (existsSync('dist/extension.js')) {
    const loads: number[] = [];
    const activates: number[] = [];
    let heapMb = 0;
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ['bench/activation-probe.cjs', 'dist/extension.js'], { encoding: 'utf8' });
      if (r.status !== 0) break;
      const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { loadMs: number; activateMs: number; heapMb: number };
      loads.push(m.loadMs);
      activates.push(m.activateMs);
      heapMb = Math.max(heapMb, m.heapMb);
    }
    if (loads.length) activation = { load: stats(loads), activate: stats(activates), heapMb };
  }
  // What a session with the examples open keeps: one report per document, as the cache does.
  await initParser();
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const kept = readdirSync('examples').filter((f) => f.endsWith('.py')).map((f) => analyzePython(readFileSync(join('examples', f), 'utf8')));
  global.gc?.();
  const analysisHeapMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
  void kept.length;
  return { files, activation, analysisHeapMb };
}
