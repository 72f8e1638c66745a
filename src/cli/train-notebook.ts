/**
 * `model-lens train notebook.ipynb`: the notebook's Python cells are one program, as in the editor (a model made
 * in one cell, compiled and fitted in later ones). The model is chosen among all of the notebook's models; its
 * plan is the one the editor makes for the cell the model is made in, so messages name cells as VS Code numbers
 * them ("line 4 of cell 3").
 */
import { analyzeNotebook, cellAtLine, cellReport, notebookCodeCells, notebookModelIndex } from '../core/python/notebook';
import type { Report } from '../core/report/report';
import { planNotebookTraining, type CellProblem } from '../train/host/notebook-plan';
import type { PlanOptions, TrainPlan } from '../train/host/plan';

export interface NotebookTraining {
  /** Every model of the notebook, in order (what `--model` chooses from). */
  readonly report: Report;
  /** How VS Code numbers each code cell (by position among the code cells). */
  readonly cellNumbers: readonly number[];
  /** Plans model `modelIndex` of the notebook. */
  plan(modelIndex: number, options: PlanOptions): { plan?: TrainPlan; problems: CellProblem[] };
  /** A line of the joined program (1-based) as `cell N` and the line there. */
  place(line: number): { cellNumber: number; line: number };
}

/** Reads the notebook; throws NotebookFormatError when the file is not JSON or not shaped like a notebook. */
export function notebookTraining(json: string): NotebookTraining {
  const cells = notebookCodeCells(json);
  const texts = cells.map((c) => c.text);
  // VS Code numbers every cell from 1, markdown ones too.
  const cellNumbers = cells.map((c) => c.index + 1);
  const analysis = analyzeNotebook(texts, cellNumbers);
  return {
    report: analysis.report,
    cellNumbers,
    plan(modelIndex, options) {
      const model = analysis.report.models[modelIndex];
      const cell = cellAtLine(analysis, model.range.startLine).cell;
      const inCell = cellReport(analysis, cell).models.findIndex((_, i) => notebookModelIndex(analysis, cell, i) === modelIndex);
      return planNotebookTraining({ cells: texts, cell, cellNumbers }, { ...options, modelIndex: Math.max(inCell, 0) });
    },
    place(line) {
      const at = cellAtLine(analysis, line - 1);
      return { cellNumber: cellNumbers[at.cell], line: at.line + 1 };
    },
  };
}
