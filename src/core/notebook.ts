/**
 * Notebooks: the code cells are analyzed as one program in notebook order (imports in cell 1, the model in
 * cell 2, `model.add` in cell 3), and each cell is shown its own part of the report, with positions
 * relative to the cell.
 */
import { analyzePython } from './analyze';
import type { SourceRange } from './graph';
import type { Diagnostic, LayerReport, ModelReport, Report } from './report';

export interface NotebookAnalysis {
  readonly report: Report;
  /** Where each cell starts in the joined program. */
  readonly cellStarts: readonly { readonly line: number; readonly index: number; readonly length: number }[];
}

/** Jupyter magics (`%pip install`, `!ls`) are not Python; they become blank lines so positions stay put. */
function withoutMagics(cell: string): string {
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
    const text = withoutMagics(cell.replace(/\r\n?/g, '\n'));
    cellStarts.push({ line, index, length: text.length });
    parts.push(text);
    line += text.split('\n').length;
    index += text.length + 1;
  }
  return { report: analyzePython(parts.join('\n')), cellStarts };
}

function shift(r: SourceRange, start: { line: number; index: number }): SourceRange {
  return { ...r, startLine: r.startLine - start.line, endLine: r.endLine - start.line, startIndex: r.startIndex - start.index, endIndex: r.endIndex - start.index };
}

/** The part of the notebook's report that belongs to one cell, positioned within that cell. */
export function cellReport(analysis: NotebookAnalysis, cell: number): Report {
  const start = analysis.cellStarts[cell];
  if (!start) return { ...analysis.report, models: [], layers: [], diagnostics: [] };
  const inCell = (r: SourceRange) => r.startIndex >= start.index && r.startIndex <= start.index + start.length;
  const layer = (l: LayerReport): LayerReport => ({ ...l, range: shift(l.range, start), anchor: shift(l.anchor, start) });
  const model = (m: ModelReport): ModelReport => ({ ...m, range: shift(m.range, start), layers: m.layers.map(layer) });
  const diagnostic = (d: Diagnostic): Diagnostic => ({ ...d, range: shift(d.range, start) });
  return {
    ...analysis.report,
    models: analysis.report.models.filter((m) => inCell(m.range)).map(model),
    layers: analysis.report.layers.filter((l) => inCell(l.range)).map(layer),
    diagnostics: analysis.report.diagnostics.filter((d) => inCell(d.range)).map(diagnostic),
  };
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
    let i = analysis.cellStarts.length - 1;
    while (i > 0 && analysis.cellStarts[i].index > r.startIndex) i--;
    return { cell: cellIndexes[i] ?? i, line: r.startLine - (analysis.cellStarts[i]?.line ?? 0) + 1 };
  };
}
