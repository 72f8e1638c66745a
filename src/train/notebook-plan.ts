/**
 * Training a notebook cell's model: the model may be made in one cell and compiled and fitted in later ones, so
 * the plan reads the whole notebook (its Python cells joined in order, as the analysis reads them). Lines are
 * then told as a person finds them: `line 2` in the cell that was clicked, `line 1 of cell 4` in another.
 */
import { analyzeNotebook, cellAtLine, notebookModelIndex, type NotebookAnalysis } from '../core/notebook';
import type { Problem } from './compile-fit';
import { planTraining, type PlanOptions, type TrainPlan } from './plan';

/** A problem whose line counts from the start of its cell. */
export interface CellProblem extends Problem {
  /** The cell the line is in (its position among the code cells); none when the problem has no line. */
  readonly cell?: number;
  /** The line as people find it: `line 2` in the cell that was clicked, `line 1 of cell 4` in another. */
  readonly where?: string;
}

export interface NotebookPlanInput {
  /** The Python code cells, in notebook order. */
  readonly cells: readonly string[];
  /** The cell whose model is trained (its position among `cells`). */
  readonly cell: number;
  /** How people number each of `cells` (every cell of the notebook counted from 1, markdown too). */
  readonly cellNumbers: readonly number[];
}

/** Plans a run of model `options.modelIndex` of cell `input.cell` (the index among that cell's models). */
export function planNotebookTraining(input: NotebookPlanInput, options: PlanOptions = {}): { plan?: TrainPlan; problems: CellProblem[] } {
  const analysis = analyzeNotebook(input.cells);
  const modelIndex = notebookModelIndex(analysis, input.cell, options.modelIndex ?? 0);
  if (modelIndex === undefined) return { problems: [{ message: 'No Keras model found in this cell.' }] };
  const planned = planTraining(analysis.text, { ...options, modelIndex }, analysis.report);
  const lines = new CellLines(analysis, input);
  const problems = planned.problems.map((p) => lines.problem(p));
  if (!planned.plan) return { problems };
  const { plan } = planned;
  const job = {
    ...plan.job,
    model: { ...plan.job.model, outputLayer: lines.text(plan.job.model.outputLayer), layerLines: lines.ofClickedCell(plan.job.model.layerLines) },
  };
  return { plan: { ...plan, job, notes: plan.notes.map((n) => lines.text(n)), warnings: plan.warnings.map((w) => lines.text(w)) }, problems };
}

/** Lines of the joined notebook (1-based), told in cells. */
class CellLines {
  constructor(
    private readonly analysis: NotebookAnalysis,
    private readonly input: NotebookPlanInput,
  ) {}

  private place(line: number): { cell: number; line: number } {
    const at = cellAtLine(this.analysis, line - 1);
    return { cell: at.cell, line: at.line + 1 };
  }

  private name(line: number): string {
    const at = this.place(line);
    return at.cell === this.input.cell ? `line ${at.line}` : `line ${at.line} of cell ${this.input.cellNumbers[at.cell] ?? at.cell + 1}`;
  }

  /**
   * A message with its `line N` mentions told in cells. The plan writes each line into its messages as
   * `line N` (`Dense "dense" (line 5): ...`, `the file loads it on line 3`); these are our own words, not code.
   */
  text(message: string): string {
    return message.replace(/\bline (\d+)\b/g, (_, n: string) => this.name(Number(n)));
  }

  problem(p: Problem): CellProblem {
    if (p.line === undefined) return { message: this.text(p.message) };
    const at = this.place(p.line);
    return { message: this.text(p.message), line: at.line, cell: at.cell, where: this.name(p.line) };
  }

  /** Layer lines for pointing a failed run at the cell that was clicked; layers made in other cells are left out. */
  ofClickedCell(layerLines: Readonly<Record<string, number>>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, line] of Object.entries(layerLines)) {
      const at = this.place(line);
      if (at.cell === this.input.cell) out[name] = at.line;
    }
    return out;
  }
}
