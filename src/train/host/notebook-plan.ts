/**
 * Training a notebook cell's model: the model may be made in one cell and compiled and fitted in later ones, so
 * the plan reads the whole notebook (its Python cells joined in order, as the analysis reads them). Lines are
 * then told as a person finds them: `line 2` in the cell that was clicked, `line 1 of cell 4` in another. The
 * plan is made with those words for its lines, and each problem's line is placed in its cell.
 */
import { analyzeNotebook, cellAtLine, lineText, notebookModelIndex, type NotebookAnalysis } from '../../core/python/notebook';
import type { Problem } from './compile-fit';
import { planTraining, type PlanOptions, type TrainPlan } from './plan';

/** A problem whose line counts from the start of its cell. */
export interface CellProblem extends Problem {
  /** The cell the line is in (its position among the code cells); none when the problem has no line. */
  readonly cell?: number;
  /** The line as people find it: `line 2` in the cell that was clicked, `line 1 of cell 4` in another. */
  readonly where?: string;
}

/** A line of the notebook as people find it: its cell (position among the code cells), the line there, and in words. */
export interface CellLine {
  readonly cell: number;
  /** 1-based, within the cell. */
  readonly line: number;
  /** `line 2` in the cell that was clicked, `line 1 of cell 4` in another. */
  readonly where: string;
}

export interface NotebookPlanInput {
  /** The Python code cells, in notebook order. */
  readonly cells: readonly string[];
  /** The cell whose model is trained (its position among `cells`). */
  readonly cell: number;
  /** How people number each of `cells` (every cell of the notebook counted from 1, markdown too). */
  readonly cellNumbers: readonly number[];
}

export interface NotebookPlan {
  readonly plan?: TrainPlan;
  readonly problems: CellProblem[];
  /**
   * Where a line of the run is: the job's layer lines (and so the line a failed run points at) count the notebook's
   * code cells as one program, so a layer made in any cell can be found.
   */
  readonly lineAt: (line: number) => CellLine;
}

/** Plans a run of model `options.modelIndex` of cell `input.cell` (the index among that cell's models). */
export function planNotebookTraining(input: NotebookPlanInput, options: PlanOptions = {}): NotebookPlan {
  const analysis = analyzeNotebook(input.cells, input.cellNumbers);
  const lineAt = (line: number) => placeLine(analysis, input, line);
  const modelIndex = notebookModelIndex(analysis, input.cell, options.modelIndex ?? 0);
  if (modelIndex === undefined) return { problems: [{ message: 'No Keras model found in this cell.' }], lineAt };
  const planned = planTraining(analysis.text, { ...options, modelIndex }, analysis.report, (line) => lineAt(line).where);
  const problems = planned.problems.map((p): CellProblem => {
    if (p.line === undefined) return { message: p.message };
    const at = lineAt(p.line);
    return { message: p.message, line: at.line, cell: at.cell, where: at.where };
  });
  return { plan: planned.plan, problems, lineAt };
}

/** Line `line` (1-based) of the joined notebook, told in cells. */
function placeLine(analysis: NotebookAnalysis, input: NotebookPlanInput, line: number): CellLine {
  const at = cellAtLine(analysis, line - 1);
  const inCell = at.line + 1;
  const where = at.cell === input.cell ? lineText(inCell) : lineText(inCell, analysis.cellStarts[at.cell].number);
  return { cell: at.cell, line: inCell, where };
}
