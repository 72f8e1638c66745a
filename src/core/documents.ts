/**
 * The one place that tells the kinds of model source apart: which kind a document is (a Keras file in Python, a
 * notebook, a TensorFlow.js file in JavaScript / TypeScript / TSX) and its analysis. The editor (lenses, hover,
 * diagnostics, the designer: the language server) and the CLI ask here; training plans any kind in
 * src/train/host/plan-document.ts.
 */
import { analyzePython, initParser } from './python/analyze';
import { analyzeNotebook, cellReport, notebookCodeCells, notebookLocator, type NotebookAnalysis } from './python/notebook';
import type { ModuleContext } from './modules/loader';
import type { KerasChoice } from './keras-version/detect';
import type { Locate } from './report/json';
import type { Report } from './report/report';
import { analyzeJavaScript, dialectFor, initJsParsers, jsOptionsFor, type JsAnalysisOptions, type JsDialect } from './tfjs/analyze';
import { kindOfLanguage, MODEL_LANGUAGES, type DocumentKind } from './languages';

export { kindOfLanguage, MODEL_LANGUAGES, type DocumentKind };

const PYTHON: DocumentKind = { kind: 'python' };
const NOTEBOOK: DocumentKind = { kind: 'notebook' };

/** The kind of a file, by its name, as the CLI reads files: `.ipynb` a notebook, JavaScript / TypeScript TF.js, anything else Python. */
export function kindOfFile(fileName: string): DocumentKind {
  if (fileName.endsWith('.ipynb')) return NOTEBOOK;
  const js = jsOptionsFor(fileName);
  return js ? { kind: 'tfjs', dialect: dialectFor(js) } : PYTHON;
}

const JS_OPTIONS: Readonly<Record<JsDialect, JsAnalysisOptions>> = {
  javascript: {},
  typescript: { typescript: true },
  tsx: { typescript: true, jsx: true },
};

/** How the TF.js front end reads a dialect. */
export function jsOptionsOf(dialect: JsDialect): JsAnalysisOptions {
  return JS_OPTIONS[dialect];
}

/** Loads the parsers the kinds need; await before analyzing (the Python parser's runtime is the one every grammar uses). */
export async function initParsersFor(kinds: readonly DocumentKind[]): Promise<void> {
  await initParser();
  if (kinds.some((k) => k.kind === 'tfjs')) await initJsParsers();
}

/** A document's text as its kind reads it. */
export type DocumentSource =
  | { readonly kind: 'python'; readonly text: string; readonly keras?: KerasChoice }
  | { readonly kind: 'tfjs'; readonly dialect: JsDialect; readonly text: string }
  | NotebookSource;

export interface NotebookSource {
  readonly kind: 'notebook';
  /** The Python code cells, in notebook order. */
  readonly cells: readonly string[];
  /** How people number each of `cells`: every cell of the notebook counted from 1, markdown too. */
  readonly cellNumbers: readonly number[];
  /** The cell the document is (its position among `cells`) when it is one cell in an editor; absent for the whole notebook. */
  readonly cell?: number;
  /** The Keras the notebook follows (Keras 3 when absent). */
  readonly keras?: KerasChoice;
}

/**
 * A file's text as its kind reads it: a notebook's JSON becomes its Python code cells, anything that is not a
 * model source is read as Python. Throws SyntaxError when a notebook is not JSON.
 */
export function fileSource(kind: DocumentKind, text: string): DocumentSource {
  switch (kind.kind) {
    case 'notebook': {
      const cells = notebookCodeCells(text);
      return { kind: 'notebook', cells: cells.map((c) => c.text), cellNumbers: cells.map((c) => c.index + 1) };
    }
    case 'tfjs':
      return { kind: 'tfjs', dialect: kind.dialect, text };
    default:
      return { kind: 'python', text };
  }
}

export interface DocumentAnalysis {
  /** The document's report: a notebook cell's own part when the source is one cell, else the whole document's. */
  readonly report: Report;
  /** A notebook's cells analyzed as one program. */
  readonly notebook?: NotebookAnalysis;
}

/**
 * Analyzes a document of any kind. Never throws; call after `initParsersFor` has resolved for its kind. With
 * `modules` (where the document is, how to read its workspace), the workspace modules it imports are followed.
 */
export function analyzeDocument(source: DocumentSource, modules?: ModuleContext): DocumentAnalysis {
  switch (source.kind) {
    case 'python':
      return { report: withKeras(analyzePython(source.text, undefined, modules, source.keras?.version), source.keras) };
    case 'tfjs':
      return { report: analyzeJavaScript(source.text, { ...jsOptionsOf(source.dialect), modules }) };
    case 'notebook': {
      const notebook = analyzeNotebook(source.cells, source.cellNumbers, modules, source.keras?.version);
      return { report: withKeras(source.cell === undefined ? notebook.report : cellReport(notebook, source.cell), source.keras), notebook };
    }
  }
}

/** A Keras report says which Keras it follows, and why (the summary's footer, the status bar). */
function withKeras(report: Report, keras: KerasChoice | undefined): Report {
  return keras ? { ...report, keras } : report;
}

/**
 * Where a range of a file's report is in the file: its line (1-based), and in a notebook the cell's index among
 * all the notebook's cells (0-based, as `summary --json` gives it) with the line counted in the cell.
 */
export function fileLocator(source: DocumentSource, analysis: DocumentAnalysis): Locate {
  if (source.kind !== 'notebook' || !analysis.notebook) return (r) => ({ line: r.startLine + 1 });
  return notebookLocator(analysis.notebook, source.cellNumbers.map((n) => n - 1));
}
