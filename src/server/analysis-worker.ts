/**
 * The analysis worker thread: parses and analyzes documents and answers the server's queries from the report of
 * each document's latest version. It runs synchronous analysis off the connection's thread, so a file that takes
 * long (or never ends) delays only itself: the server terminates this thread past its deadline and starts another.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dirname } from 'node:path';
import { analyzeDocument, initParsersFor, type DocumentSource } from '../core/documents';
import { detectKerasVersion } from '../core/keras-version/detect';
import { pinFilesUpward } from '../core/keras-version/gather';
import { cachedPinFilesIn } from './pin-files';
import { diskModules, modulesUnchanged, type ModuleDependency } from './workspace-modules';
import { reportLinesTo } from '../core/model/budget';
import type { Report } from '../core/report/report';
import { diagnosticsOf, inlayHintsOf, inputShapeFix, lessonFixes, lensesOf, modelsOf, summaryOf } from './features';
import { hoverAt } from './hover';
import { designerEditOf, designerStateOf, layerRangeOf, trainPlanOf } from './editor-queries';
import { TEXT_FIX_CODES, type DocSnapshot, type FromWorker, type Query, type ToWorker } from './worker-protocol';

/** Reports kept, one per document (its latest version); the oldest is dropped past this many. */
const MAX_REPORTS = 64;
const reports = new Map<string, { readonly version: string; readonly report: Report; readonly modules: readonly ModuleDependency[] }>();
/** The line being run, shared with the server's thread (which reads it when it abandons an analysis). */
const progress = (workerData as { progress?: SharedArrayBuffer } | undefined)?.progress;
const line = progress ? new Int32Array(progress) : undefined;
reportLinesTo(line);

/** A Python or notebook source with the Keras it follows: the client's choice, else the setting, else the pins on disk. */
function withKeras(doc: DocSnapshot): DocumentSource {
  const source = doc.source;
  if (source.kind === 'tfjs') return source;
  if (doc.keras) return { ...source, keras: doc.keras };
  const setting = doc.kerasSetting ?? 'auto';
  if (setting !== 'auto') return { ...source, keras: detectKerasVersion({}, setting) };
  const sourceText = source.kind === 'notebook' ? source.cells.join('\n') : source.text;
  return { ...source, keras: detectKerasVersion({ sourceText, pinFiles: doc.path ? pinFilesUpward(dirname(doc.path), undefined, cachedPinFilesIn) : [] }) };
}

async function reportOf(id: number, doc: DocSnapshot): Promise<Report> {
  const kept = reports.get(doc.key);
  if (kept?.version === doc.version && modulesUnchanged(kept.modules)) return kept.report;
  await initParsersFor([doc.kind]);
  if (line) line[0] = 0;
  parentPort?.postMessage({ started: id } satisfies FromWorker);
  const modules = doc.path ? diskModules(doc.path) : undefined;
  const { report } = analyzeDocument(withKeras(doc), modules?.context);
  reports.delete(doc.key);
  reports.set(doc.key, { version: doc.version, report, modules: modules?.read ?? [] });
  if (reports.size > MAX_REPORTS) reports.delete(reports.keys().next().value as string);
  return report;
}

function answer(report: Report, doc: DocSnapshot, query: Query): unknown {
  switch (query.op) {
    case 'lenses':
      return lensesOf(report, query.editorCommands);
    case 'inlayHints':
      return inlayHintsOf(report, doc.text);
    case 'diagnostics':
      return diagnosticsOf(report, doc.text);
    case 'hover':
      return hoverAt(report, doc.text, query.offset, doc.kind) ?? null;
    case 'fix':
      if (query.code && TEXT_FIX_CODES.includes(query.code)) return lessonFixes(report, doc.text, query.line, query.col);
      return inputShapeFix(report, query.line, query.col) ?? null;
    case 'summary':
      return summaryOf(report, query.choice);
    case 'models':
      return modelsOf(report, query.choice);
    case 'designerState':
      return designerStateOf(report, doc, query.params);
    case 'designerEdit':
      return designerEditOf(report, doc, query.edit);
    case 'layerRange':
      return layerRangeOf(report, doc, query.model, query.layer, query.name);
    case 'trainPlan':
      return trainPlanOf(report, withKeras(doc), query.options, doc.path ?? doc.key);
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
