/**
 * Training a notebook cell's model: the model may be made in one cell and compiled and fitted in later ones, so
 * the plan reads the whole notebook (its Python cells joined in order, as the analysis reads them). Lines are
 * then told as a person finds them: `line 2` in the cell that was clicked, `line 1 of cell 4` in another.
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
  const lines = new CellLines(analysis, input);
  const lineAt = (line: number) => lines.place(line);
  const modelIndex = notebookModelIndex(analysis, input.cell, options.modelIndex ?? 0);
  if (modelIndex === undefined) return { problems: [{ message: 'No Keras model found in this cell.' }], lineAt };
  const planned = planTraining(analysis.text, { ...options, modelIndex }, analysis.report);
  const problems = planned.problems.map((p) => lines.problem(p));
  if (!planned.plan) return { problems, lineAt };
  const { plan } = planned;
  const job = { ...plan.job, model: { ...plan.job.model, outputLayer: lines.text(plan.job.model.outputLayer) } };
  return { plan: { ...plan, job, notes: plan.notes.map((n) => lines.text(n)), warnings: plan.warnings.map((w) => lines.text(w)) }, problems, lineAt };
}

/** Lines of the joined notebook (1-based), told in cells. */
class CellLines {
  constructor(
    private readonly analysis: NotebookAnalysis,
    private readonly input: NotebookPlanInput,
  ) {}

  place(line: number): CellLine {
    const at = cellAtLine(this.analysis, line - 1);
    const inCell = at.line + 1;
    const where = at.cell === this.input.cell ? lineText(inCell) : lineText(inCell, this.analysis.cellStarts[at.cell].number);
    return { cell: at.cell, line: inCell, where };
  }

  /**
   * A message with its `line N` mentions told in cells. The plan writes each line into its messages as
   * `line N` (`Dense "dense" (line 5): ...`, `the file loads it on line 3`); these are our own words, not code.
   */
  text(message: string): string {
    return message.replace(/\bline (\d+)\b/g, (_, n: string) => this.place(Number(n)).where);
  }

  problem(p: Problem): CellProblem {
    if (p.line === undefined) return { message: this.text(p.message) };
    const at = this.place(p.line);
    return { message: this.text(p.message), line: at.line, cell: at.cell, where: at.where };
  }
}
