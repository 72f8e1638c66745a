/**
 * The plan for training a model of a document, asked of the language server (modelLens/trainPlan), which plans on
 * its report of exactly the document's current version: a file on its own text, a notebook cell with every Python
 * cell of its notebook (the model in one cell, `compile` and `fit` in later ones). Here a problem's cell becomes
 * the cell's document.
 */
import * as vscode from 'vscode';
import type { JsonReport } from '../../core/report/json';
import type { PlanOptions, TrainPlan } from '../../train/host/plan';
import { fromJsonSafe } from '../../shared/json-safe';
import { LspRequests, type TrainPlanParams, type TrainPlanResult, type Versioned } from '../../shared/lsp-protocol';
import type { ModelLensClient } from '../language-client';
import { cellPlace } from '../notebook-cells';

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
  /** The document's report in the `summary --json` form (for the run's record). */
  readonly report?: JsonReport;
}

/** Plans a run of model `options.modelIndex` of `document` (an index into the models its lenses show). */
export async function planForDocument(client: ModelLensClient, document: vscode.TextDocument, options: PlanOptions): Promise<DocumentPlan> {
  const answer = await askPlan(client, document, options);
  if ('stopped' in answer || 'stale' in answer) {
    const message = 'stopped' in answer ? `Model Lens could not read the file: ${answer.stopped}.` : 'The file keeps changing; try again when typing pauses.';
    return { problems: [{ message }], lineAt: (line) => ({ uri: document.uri, line, where: `line ${line}` }) };
  }
  const place = cellPlace(document);
  // In a notebook a line is in one of its cells' documents; a problem without a line is in none of them.
  const cellUri = (cell: number | undefined) => (cell === undefined ? undefined : place?.cells[cell]?.document.uri);
  return {
    plan: answer.plan === undefined ? undefined : fromJsonSafe<TrainPlan>(answer.plan),
    report: answer.report === undefined ? undefined : fromJsonSafe<JsonReport>(answer.report),
    problems: answer.problems.map((p) => ({ message: p.message, line: p.line, where: p.where, uri: place ? cellUri(p.cell) : document.uri })),
    lineAt: (line) => {
      const at = answer.lines[line - 1] ?? { line, where: `line ${line}` };
      return { uri: cellUri(at.cell) ?? document.uri, line: at.line, where: at.where };
    },
  };
}

/** The server's plan of exactly the current version (typing may land while we ask). */
async function askPlan(client: ModelLensClient, document: vscode.TextDocument, options: PlanOptions): Promise<Versioned<TrainPlanResult>> {
  let answer: Versioned<TrainPlanResult> = { stale: true };
  for (let attempt = 0; attempt < 3 && 'stale' in answer; attempt++) {
    const version = document.version;
    answer = await client.request<TrainPlanParams<PlanOptions>, Versioned<TrainPlanResult>>(LspRequests.trainPlan, { uri: document.uri.toString(), version, options });
    if (document.version !== version) answer = { stale: true };
  }
  return answer;
}
