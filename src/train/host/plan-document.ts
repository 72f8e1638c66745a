/**
 * Training plans for every kind of document (src/core/documents.ts), chosen in one place: a Python file with
 * the Keras reader (plan.ts), a TF.js source with the JavaScript one (js-plan.ts), a notebook with all its
 * Python cells (notebook-plan.ts). Every kind's problems and lines come out the same shape, told as people find
 * them, so the editor and the CLI show them without knowing the kind.
 */
import { analyzeDocument, jsOptionsOf, type DocumentAnalysis, type DocumentSource, type NotebookSource } from '../../core/documents';
import { analyzeNotebook, cellAtLine, cellReport, lineText, notebookModelIndex, type NotebookAnalysis } from '../../core/python/notebook';
import type { Problem } from './compile-fit';
import { planJsTraining } from './js-plan';
import { planNotebookTraining, type CellLine, type CellProblem } from './notebook-plan';
import { planTraining, type PlanOptions, type TrainPlan } from './plan';

/** A line of the document: in a notebook, `cell` is the cell it is in (its position among the code cells). */
export type DocumentLine = Omit<CellLine, 'cell'> & { readonly cell?: number };

export interface DocumentPlan {
  readonly plan?: TrainPlan;
  /** Each with its line (1-based; in a notebook counted in its cell, `cell` saying which) and the line in words. */
  readonly problems: readonly CellProblem[];
  /** Where a line of the run is (a layer's line in the job, the line a failed run points at). */
  readonly lineAt: (line: number) => DocumentLine;
}

/**
 * Plans a run of model `options.modelIndex` of the document: an index into `analysis.report.models` (a notebook
 * cell's own models when the source is one cell). `analysis` saves analyzing the document again.
 */
export function planDocument(source: DocumentSource, options: PlanOptions, analysis: DocumentAnalysis = analyzeDocument(source)): DocumentPlan {
  switch (source.kind) {
    case 'python':
      return filePlan(planTraining(source.text, options, analysis.report));
    case 'tfjs':
      return filePlan(planJsTraining(source.text, jsOptionsOf(source.dialect), options, analysis.report));
    case 'notebook':
      return notebookPlan(source, options, analysis.notebook);
  }
}

function filePlan(planned: { plan?: TrainPlan; problems: readonly Problem[] }): DocumentPlan {
  return {
    plan: planned.plan,
    problems: planned.problems.map((p) => ({ ...p, where: p.line ? lineText(p.line) : undefined })),
    lineAt: (line) => ({ line, where: lineText(line) }),
  };
}

/**
 * A notebook is planned for the cell its model is made in, so messages name cells as the editor does (`line 4
 * of cell 3`). For the whole notebook (a file), the model index counts every model of the notebook.
 */
function notebookPlan(source: NotebookSource, options: PlanOptions, analysis: NotebookAnalysis | undefined): DocumentPlan {
  const { cells, cellNumbers } = source;
  if (source.cell !== undefined) return planNotebookTraining({ cells, cell: source.cell, cellNumbers }, options);
  const at = modelInCell(analysis ?? analyzeNotebook(cells, cellNumbers), options.modelIndex ?? 0);
  return planNotebookTraining({ cells, cell: at.cell, cellNumbers }, { ...options, modelIndex: at.index });
}

/** Model `modelIndex` of the whole notebook as the cell it is made in and its index among that cell's models. */
function modelInCell(analysis: NotebookAnalysis, modelIndex: number): { cell: number; index: number } {
  const model = analysis.report.models[modelIndex];
  const cell = model ? cellAtLine(analysis, model.range.startLine).cell : 0;
  const index = cellReport(analysis, cell).models.findIndex((_, i) => notebookModelIndex(analysis, cell, i) === modelIndex);
  return { cell, index: Math.max(index, 0) };
}
