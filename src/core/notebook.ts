/**
 * Notebooks: the code cells are analyzed as one program in notebook order (imports in cell 1, the model in
 * cell 2, `model.add` in cell 3), and each cell is shown its own part of the report, with positions
 * relative to the cell.
 */
import { analyzePython } from './analyze';
import type { SourceRange } from './graph';
import type { Report } from './report';
import { PositionShift } from './shift-positions';

export interface NotebookAnalysis {
  /** The code cells joined in order, one line break between cells: the program the report describes. */
  readonly text: string;
  readonly report: Report;
  /** Where each cell starts in the joined program. */
  readonly cellStarts: readonly { readonly line: number; readonly index: number; readonly length: number }[];
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

export function analyzeNotebook(cells: readonly string[]): NotebookAnalysis {
  const cellStarts: { line: number; index: number; length: number }[] = [];
  let line = 0;
  let index = 0;
  const parts: string[] = [];
  for (const cell of cells) {
    const text = cellSource(cell);
    cellStarts.push({ line, index, length: text.length });
    parts.push(text);
    line += text.split('\n').length;
    index += text.length + 1;
  }
  const text = parts.join('\n');
  return { text, report: analyzePython(text), cellStarts };
}

/** Whether a range of the joined program starts in cell `cell`. */
function startsInCell(analysis: NotebookAnalysis, cell: number): (r: SourceRange) => boolean {
  const start = analysis.cellStarts[cell];
  return (r) => start !== undefined && r.startIndex >= start.index && r.startIndex <= start.index + start.length;
}

/**
 * The part of the notebook's report that belongs to one cell: its models, layers, diagnostics and compile
 * calls, with every position (down to each argument of each layer call) counted from the cell's start.
 */
export function cellReport(analysis: NotebookAnalysis, cell: number): Report {
  const start = analysis.cellStarts[cell];
  if (!start) return { ...analysis.report, models: [], layers: [], diagnostics: [], compiles: [] };
  const inCell = startsInCell(analysis, cell);
  const shift = new PositionShift(start);
  const { report } = analysis;
  return {
    ...report,
    models: report.models.filter((m) => inCell(m.range)).map((m) => shift.modelReport(m)),
    layers: report.layers.filter((l) => inCell(l.range)).map((l) => shift.layerReport(l)),
    diagnostics: report.diagnostics.filter((d) => inCell(d.range)).map((d) => shift.diagnostic(d)),
    compiles: report.compiles.filter((c) => inCell(c.range)).map((c) => shift.compile(c)),
  };
}

/** The index in the notebook's report of model `index` of cell `cell`'s report. */
export function notebookModelIndex(analysis: NotebookAnalysis, cell: number, index: number): number | undefined {
  const inCell = startsInCell(analysis, cell);
  const model = analysis.report.models.filter((m) => inCell(m.range))[index];
  return model ? analysis.report.models.indexOf(model) : undefined;
}

/** The cell (its position among the code cells) that line `line` (0-based) of the joined program is in, and the line within it. */
export function cellAtLine(analysis: NotebookAnalysis, line: number): { cell: number; line: number } {
  let i = analysis.cellStarts.length - 1;
  while (i > 0 && analysis.cellStarts[i].line > line) i--;
  return { cell: i, line: line - (analysis.cellStarts[i]?.line ?? 0) };
}

/** The Python code cells of an `.ipynb` file's JSON, with their index among all cells. */
export function notebookCodeCells(json: string): { index: number; text: string }[] {
  const nb = JSON.parse(json) as { cells?: { cell_type?: string; source?: string | string[] }[]; metadata?: { language_info?: { name?: string } } };
  const language = nb.metadata?.language_info?.name;
  if (language && language !== 'python') return [];
  return (nb.cells ?? []).flatMap((c, index) =>
    c.cell_type === 'code' ? [{ index, text: Array.isArray(c.source) ? c.source.join('') : c.source ?? '' }] : [],
  );
}

/** For JSON reports of a notebook: the cell a range of the joined program is in, and its line there. */
export function notebookLocator(analysis: NotebookAnalysis, cellIndexes: readonly number[]): (r: SourceRange) => { line: number; cell: number } {
  return (r) => {
    const at = cellAtLine(analysis, r.startLine);
    return { cell: cellIndexes[at.cell] ?? at.cell, line: at.line + 1 };
  };
}
