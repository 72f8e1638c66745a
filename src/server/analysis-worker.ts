/**
 * The analysis worker thread: parses and analyzes documents and answers the server's queries from the report of
 * each document's latest version. It runs synchronous analysis off the connection's thread, so a file that takes
 * long (or never ends) delays only itself: the server terminates this thread past its deadline and starts another.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeDocument, initParsersFor } from '../core/documents';
import { reportLinesTo } from '../core/model/budget';
import type { Report } from '../core/report/report';
import { diagnosticsOf, inputShapeFix, lensesOf, modelsOf, summaryOf } from './features';
import { hoverAt } from './hover';
import type { DocSnapshot, FromWorker, Query, ToWorker } from './worker-protocol';

/** Reports kept, one per document (its latest version); the oldest is dropped past this many. */
const MAX_REPORTS = 64;
const reports = new Map<string, { readonly version: string; readonly report: Report }>();
/** The line being run, shared with the server's thread (which reads it when it abandons an analysis). */
const progress = (workerData as { progress?: SharedArrayBuffer } | undefined)?.progress;
const line = progress ? new Int32Array(progress) : undefined;
reportLinesTo(line);

async function reportOf(id: number, doc: DocSnapshot): Promise<Report> {
  const kept = reports.get(doc.key);
  if (kept?.version === doc.version) return kept.report;
  await initParsersFor([doc.kind]);
  if (line) line[0] = 0;
  parentPort?.postMessage({ started: id } satisfies FromWorker);
  const { report } = analyzeDocument(doc.source);
  reports.delete(doc.key);
  reports.set(doc.key, { version: doc.version, report });
  if (reports.size > MAX_REPORTS) reports.delete(reports.keys().next().value as string);
  return report;
}

function answer(report: Report, doc: DocSnapshot, query: Query): unknown {
  switch (query.op) {
    case 'lenses':
      return lensesOf(report, doc.kind.kind !== 'tfjs', query.editorCommands);
    case 'diagnostics':
      return diagnosticsOf(report);
    case 'hover':
      return hoverAt(report, doc.text, query.offset, doc.kind) ?? null;
    case 'fix':
      return inputShapeFix(report, query.line, query.col) ?? null;
    case 'summary':
      return summaryOf(report, query.choice);
    case 'models':
      return modelsOf(report, query.choice);
  }
}

parentPort?.on('message', (message: ToWorker) => {
  if ('forget' in message) {
    reports.delete(message.forget);
    return;
  }
  const { id, doc, query } = message;
  reportOf(id, doc)
    .then((report) => answer(report, doc, query))
    .then(
    (value) => parentPort?.postMessage({ id, value } satisfies FromWorker),
    (e: unknown) => parentPort?.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies FromWorker),
  );
});
