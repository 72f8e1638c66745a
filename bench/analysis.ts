/**
 * Section 1: analysis latency on the CodeLens path (no VS Code): cold (the first analysis in a fresh process,
 * parser initialised) and warm (re-analysis after a one-character edit, as while typing).
 */
import { readFileSync } from 'node:fs';
import { analyzePython, initParser } from '../src/core/python/analyze';
import { functionalModel, mixedFile, sequentialModel } from './generate';
import { stats, type Stats } from './stats';

export interface LatencyRow {
  readonly name: string;
  readonly layers: number;
  readonly lines: number;
  readonly coldMs: number;
  readonly warm: Stats;
}

export function benchFiles(): { name: string; layers: number; text: string }[] {
  return [
    { name: 'tutorial (examples/fashion_mnist.py)', layers: 3, text: readFileSync('examples/fashion_mnist.py', 'utf8') },
    { name: 'Sequential, 100 layers', layers: 100, text: sequentialModel(100) },
    { name: 'Sequential, 1,000 layers', layers: 1000, text: sequentialModel(1000) },
    { name: 'Sequential, 10,000 layers', layers: 10000, text: sequentialModel(10000) },
    { name: 'functional, 1,000 layers', layers: 1000, text: functionalModel(1000) },
    { name: 'mixed file, 5,000 lines', layers: 0, text: mixedFile(5000) },
  ];
}

/** A one-character edit that keeps the program valid: a digit of the first `Dense(` argument changes. */
function edit(text: string, i: number): string {
  const at = text.lastIndexOf('Dense(') + 6;
  return at > 6 ? text.slice(0, at) + String(1 + (i % 9)) + text.slice(at + 1) : text + (i % 2 ? ' ' : '');
}

export async function benchLatency(runs = 30): Promise<LatencyRow[]> {
  await initParser();
  const rows: LatencyRow[] = [];
  for (const file of benchFiles()) {
    const t0 = performance.now();
    const report = analyzePython(file.text);
    const coldMs = performance.now() - t0;
    const truncated = report.diagnostics.some((d) => d.message.startsWith('Model Lens analyzed only part'));
    for (let i = 0; i < 3; i++) analyzePython(edit(file.text, i));
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const variant = edit(file.text, i);
      const t = performance.now();
      analyzePython(variant);
      times.push(performance.now() - t);
    }
    rows.push({ name: truncated ? `${file.name} (TRUNCATED by the time budget)` : file.name, layers: file.layers, lines: file.text.split('\n').length, coldMs, warm: stats(times) });
  }
  return rows;
}
