/**
 * The plan for training a model of a document: a file is planned on its own text (a TF.js source with the
 * JavaScript reader); a notebook cell with every Python cell of its notebook (the model in one cell, `compile`
 * and `fit` in later ones), its problems pointing at the cell they are in.
 */
import type * as vscode from 'vscode';
import type { Report } from '../../core/report/report';
import type { PlanOptions, TrainPlan } from '../../train/host/plan';
import { planDocument } from '../../train/host/plan-document';
import { editorSource } from '../document-source';

/** A problem that stops a run, with where to show it. */
export interface DocumentProblem {
  readonly message: string;
  /** 1-based, in the document `uri`. */
  readonly line?: number;
  readonly uri?: vscode.Uri;
  /** The line as people find it (`line 3`, or in a notebook `line 1 of cell 4`). */
  readonly where?: string;
}

/** A line of the source a run was planned from: the document (a notebook's cell) it is in, the line there, and in words. */
export interface SourceLine {
  readonly uri: vscode.Uri;
  /** 1-based. */
  readonly line: number;
  /** `line 3`, or in a notebook `line 1 of cell 4`. */
  readonly where: string;
}

export interface DocumentPlan {
  readonly plan?: TrainPlan;
  readonly problems: DocumentProblem[];
  /** Where a line of the run (a layer's line in the job, the line a failed run points at) is. */
  readonly lineAt: (line: number) => SourceLine;
}

/** Plans a run of model `options.modelIndex` of `document` (an index into `report.models`, its report). */
export function planForDocument(document: vscode.TextDocument, report: Report, options: PlanOptions): DocumentPlan {
  const { source, place } = editorSource(document);
  const planned = planDocument(source, options, { report });
  // In a notebook a line is in one of its cells' documents; a problem without a line is in none of them.
  const cellUri = (cell: number | undefined) => (cell === undefined ? undefined : place?.cells[cell]?.document.uri);
  return {
    plan: planned.plan,
    problems: planned.problems.map((p) => ({ message: p.message, line: p.line, where: p.where, uri: place ? cellUri(p.cell) : document.uri })),
    lineAt: (line) => {
      const at = planned.lineAt(line);
      return { uri: cellUri(at.cell) ?? document.uri, line: at.line, where: at.where };
    },
  };
}
