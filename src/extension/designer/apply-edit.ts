/**
 * Applying a designer edit to a document without ever clobbering it: the edit is computed (by the core) on the
 * document's current text and report, the version is checked again right before one WorkspaceEdit (one undo
 * step) is applied, and VS Code itself refuses the edit if the text changed in between.
 */
import * as vscode from 'vscode';
import { computeDesignerEdit, type DesignerEdit } from '../../core/designer/edits/designer-edits';
import type { TextEdit } from '../../core/designer/edits/text-edit';
import type { Report } from '../../core/report/report';
import { analyzedText, type AnalysisCache } from '../analysis-cache';

export interface EditOutcome {
  readonly ok: boolean;
  readonly message: string;
  /** Where the text changed (the largest edit, in the edited document), to reveal it. */
  readonly changed?: vscode.Range;
  /** Text was written (one undo step takes it back). */
  readonly undoable?: boolean;
}

/**
 * Where the largest edit's text sits once all edits are applied (offsets shift by the edits before it),
 * without its leading blank lines: what to reveal and where to put the cursor.
 */
function insertedSpan(edits: readonly TextEdit[]): { start: number; end: number } {
  let delta = 0;
  let best = { start: 0, end: 0 };
  let size = -1;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const start = e.start + delta;
    if (e.text.length > size) {
      const lead = e.text.length - e.text.trimStart().length;
      best = { start: start + lead, end: start + e.text.length };
      size = e.text.length;
    }
    delta += e.text.length - (e.end - e.start);
  }
  return best;
}

/** The report of exactly the document's current version (typing may land while we wait). */
async function currentReport(document: vscode.TextDocument, cache: AnalysisCache): Promise<Report | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const report = await cache.get(document, undefined, false);
    if (report && cache.peek(document) === report) return report;
  }
  return undefined;
}

/**
 * `shownVersion` is the version the panel showed; when the document moved on, the edit is recomputed on the
 * current text (the core refuses it if the layer it names is no longer there).
 */
export async function applyDesignerEdit(
  document: vscode.TextDocument,
  cache: AnalysisCache,
  shownVersion: number | undefined,
  request: DesignerEdit | ((report: Report) => DesignerEdit),
): Promise<EditOutcome> {
  const report = await currentReport(document, cache);
  if (!report) return { ok: false, message: 'The file keeps changing; nothing was written. Try again when typing pauses.' };
  const version = document.version;
  const result = computeDesignerEdit(analyzedText(document), report, typeof request === 'function' ? request(report) : request);
  if (!result.ok) return { ok: false, message: result.reason };
  if (result.edits.length === 0) return { ok: true, message: result.description };
  if (document.version !== version) return { ok: false, message: 'The file changed while the edit was being prepared; nothing was written. Try again.' };
  const edits = result.edits.map((e) => vscode.TextEdit.replace(new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.text));
  const workspaceEdit = new vscode.WorkspaceEdit();
  workspaceEdit.set(document.uri, edits);
  const inserted = insertedSpan(result.edits);
  const applied = await vscode.workspace.applyEdit(workspaceEdit);
  if (!applied) return { ok: false, message: 'VS Code did not apply the edit (the file changed at the same moment); nothing was written.' };
  const changed = new vscode.Range(document.positionAt(inserted.start), document.positionAt(inserted.end));
  const note = shownVersion !== undefined && shownVersion !== version ? ' (The file had changed since the panel showed it; the edit was made on the current text.)' : '';
  return { ok: true, message: `${result.description}${note}`, changed, undoable: true };
}
