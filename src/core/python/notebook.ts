/**
 * Notebooks: the code cells are analyzed as one program in notebook order (imports in cell 1, the model in
 * cell 2, `model.add` in cell 3), and each cell is shown its own part of the report, with positions
 * relative to the cell.
 */
import type { ModuleContext } from '../modules/loader';
import { analyzePython } from './analyze';
import type { KerasVersion } from '../keras-version/detect';
import type { SourceRange } from '../model/graph';
import type { CellsAround, ModelReport, Report } from '../report/report';
import { PositionShift } from '../report/shift-positions';
import { factsWithin, NO_SOURCE_FACTS } from '../model/source-facts';

export interface CellStart {
  readonly line: number;
  readonly index: number;
  readonly length: number;
  /** How people number the cell: every cell of the notebook counted from 1, markdown too. */
  readonly number: number;
}

export interface NotebookAnalysis {
  /** The code cells joined in order, one line break between cells: the program the report describes. */
  readonly text: string;
  readonly report: Report;
  /** Where each cell starts in the joined program. */
  readonly cellStarts: readonly CellStart[];
}

/**
 * A cell's text as the analysis reads it: Jupyter magics (`%pip install`, `!ls`), which are not Python, become
 * blank lines of the same length. Nothing else changes (`\r\n` line breaks stay), so every offset in the cell's
 * report is an offset in the cell's document.
 */
export function cellSource(cell: string): string {
  return cell
    .split('\n')
    .map((line) => (/^\s*[%!]/.test(line) ? ' '.repeat(line.length) : line))
    .join('\n');
}

/** Analyzes the code cells as one program; `cellNumbers` are the cells' numbers as people see them (1, 2, ... by default). */
export function analyzeNotebook(cells: readonly string[], cellNumbers: readonly number[] = cells.map((_, i) => i + 1), modules?: ModuleContext, keras: KerasVersion = 3): NotebookAnalysis {
  const cellStarts: CellStart[] = [];
  let line = 0;
  let index = 0;
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    const text = cellSource(cell);
    cellStarts.push({ line, index, length: text.length, number: cellNumbers[i] ?? i + 1 });
    parts.push(text);
    line += text.split('\n').length;
    index += text.length + 1;
  });
  const text = parts.join('\n');
  return { text, report: analyzePython(text, undefined, modules, keras), cellStarts };
}

/** Whether a range of the joined program starts in cell `cell`. */
function startsInCell(analysis: NotebookAnalysis, cell: number): (r: SourceRange) => boolean {
  const start = analysis.cellStarts[cell];
  return (r) => start !== undefined && r.startIndex >= start.index && r.startIndex <= start.index + start.length;
}

/**
 * Where a model is built: its constructor and, for Sequential and functional models, each layer's constructor and
 * the place it joins the model (a list item, `model.add(...)`, a call on tensors). A subclassed model's layers are
 * made in its class, which is not where the model is; a model used as a layer is made where that model is.
 */
function buildingPlaces(m: ModelReport): SourceRange[] {
  if (m.model.kind === 'subclass') return [m.range];
  return [m.range, ...m.layers.flatMap((l) => (l.layer.model ? [l.anchor] : [l.range, l.anchor]))];
}

/**
 * The models a cell shows: those built in it, even in part. A model made in one cell and filled with
 * `model.add(...)` in the next shows in both, so the lenses and the designer of either cell show it.
 */
function cellModels(analysis: NotebookAnalysis, cell: number): ModelReport[] {
  const inCell = startsInCell(analysis, cell);
  return analysis.report.models.filter((m) => buildingPlaces(m).some(inCell));
}

/**
 * The part of the notebook's report that belongs to one cell: its models (see `cellModels`), layers, diagnostics
 * and compile calls, with every position (down to each argument of each layer call) counted from the cell's start.
 * A model made in another cell is shown at the first of its layers in this cell.
 */
export function cellReport(analysis: NotebookAnalysis, cell: number): Report {
  const start = analysis.cellStarts[cell];
  if (!start) return { ...analysis.report, models: [], layers: [], diagnostics: [], compiles: [], fits: [], facts: NO_SOURCE_FACTS };
  const inCell = startsInCell(analysis, cell);
  const shift = new PositionShift(start);
  const { report } = analysis;
  const models = cellModels(analysis, cell).map((m) => {
    const shown = shift.modelReport(m);
    if (inCell(m.range)) return shown;
    const first = buildingPlaces(m)
      .filter(inCell)
      .reduce((a, b) => (b.startIndex < a.startIndex ? b : a));
    return { ...shown, anchor: shift.range(first) };
  });
  const cells: CellsAround = { starts: analysis.cellStarts.map((s) => ({ line: s.line - start.line, number: s.number })), current: cell };
  return {
    ...report,
    models,
    layers: report.layers.filter((l) => inCell(l.range)).map((l) => shift.layerReport(l)),
    diagnostics: report.diagnostics.filter((d) => inCell(d.range)).map((d) => shift.diagnostic(d)),
    compiles: report.compiles.filter((c) => inCell(c.range)).map((c) => shift.methodCall(c)),
    fits: report.fits.filter((c) => inCell(c.range)).map((c) => shift.methodCall(c)),
    facts: factsWithin(report.facts, inCell, (r) => shift.range(r)),
    cells,
  };
}

/** The index in the notebook's report of model `index` of cell `cell`'s report. */
export function notebookModelIndex(analysis: NotebookAnalysis, cell: number, index: number): number | undefined {
  const model = cellModels(analysis, cell)[index];
  return model ? analysis.report.models.indexOf(model) : undefined;
}

/** The position in `starts` of the cell that line `line` is in (cells in order, each starting at its `line`). */
function cellOfLine(starts: readonly { readonly line: number }[], line: number): number {
  let i = starts.length - 1;
  while (i > 0 && starts[i].line > line) i--;
  return i;
}

/** A line as people find it: `line 4` in the cell they look at (or a file), `line 4 of cell 2` in another cell. */
export function lineText(line: number, otherCell?: number): string {
  return otherCell === undefined ? `line ${line}` : `line ${line} of cell ${otherCell}`;
}

/**
 * Where line `line` (0-based) of a report is, as people find it: `line 5`; in a notebook cell's report, a line
 * of another cell is told with its cell, `line 4 of cell 2`.
 */
export function reportLineText(report: Pick<Report, 'cells'>, line: number): string {
  const cells = report.cells;
  if (!cells) return lineText(line + 1);
  const at = cellOfLine(cells.starts, line);
  const inCell = line - cells.starts[at].line + 1;
  return at === cells.current ? lineText(inCell) : lineText(inCell, cells.starts[at].number);
}

/** The cell (its position among the code cells) that line `line` (0-based) of the joined program is in, and the line within it. */
export function cellAtLine(analysis: NotebookAnalysis, line: number): { cell: number; line: number } {
  const cell = cellOfLine(analysis.cellStarts, line);
  return { cell, line: line - (analysis.cellStarts[cell]?.line ?? 0) };
}

/** Why a file is not a notebook Model Lens can read, in one plain sentence (no stack, no JSON internals). */
export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A cell's `source`: a string or a list of strings (nbformat 4); undefined when it is neither. */
function cellText(source: unknown): string | undefined {
  if (source === undefined || source === null) return '';
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((line) => typeof line === 'string')) return source.join('');
  return undefined;
}

/**
 * The Python code cells of an `.ipynb` file's JSON, with their index among all cells. Throws NotebookFormatError
 * with a plain message when the text is not JSON or not shaped like a notebook (nbformat 4).
 */
export function notebookCodeCells(json: string): { index: number; text: string }[] {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new NotebookFormatError(`it is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(nb)) throw new NotebookFormatError(`its JSON is ${nb === null ? 'null' : Array.isArray(nb) ? 'a list' : `a ${typeof nb}`}, not a notebook object with a "cells" list`);
  const metadata = isRecord(nb.metadata) ? nb.metadata : undefined;
  const languageInfo = metadata && isRecord(metadata.language_info) ? metadata.language_info : undefined;
  const language = typeof languageInfo?.name === 'string' ? languageInfo.name : undefined;
  if (language && language !== 'python') return [];
  if (nb.cells === undefined) return [];
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError('its "cells" is not a list');
  const cells: { index: number; text: string }[] = [];
  nb.cells.forEach((cell: unknown, index: number) => {
    // Cells are numbered from 1 in messages, as VS Code shows them.
    if (!isRecord(cell)) throw new NotebookFormatError(`cell ${index + 1} is ${cell === null ? 'null' : `a ${Array.isArray(cell) ? 'list' : typeof cell}`}, not a cell object`);
    if (cell.cell_type !== 'code') return;
    const text = cellText(cell.source);
    if (text === undefined) throw new NotebookFormatError(`the source of cell ${index + 1} is neither text nor a list of lines`);
    cells.push({ index, text });
  });
  return cells;
}

/** For JSON reports of a notebook: the cell a range of the joined program is in, and its line there. */
export function notebookLocator(analysis: NotebookAnalysis, cellIndexes: readonly number[]): (r: SourceRange) => { line: number; cell: number } {
  return (r) => {
    const at = cellAtLine(analysis, r.startLine);
    return { cell: cellIndexes[at.cell] ?? at.cell, line: at.line + 1 };
  };
}
