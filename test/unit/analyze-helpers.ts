/** Shared set-up for analyzer tests: parse once, analyze a snippet, look at it as the CLI's JSON. */
import { before } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { toJsonReport, type JsonReport } from '../../src/core/report/json';

before(async () => {
  await initParser();
});

export function analyze(source: string): JsonReport {
  return JSON.parse(JSON.stringify(toJsonReport('test.py', analyzePython(source)), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

/** `[type, outputShape, params]` per layer of model `i`: compact enough to read in a table. */
export function layerRows(report: JsonReport, i = 0): [string, unknown, unknown][] {
  return report.models[i].layers.map((l) => [l.type, l.outputShape, l.params]);
}
