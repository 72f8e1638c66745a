/**
 * Applying a designer edit to a document without ever clobbering it: the edit is computed (by the language
 * server, modelLens/designerEdit) on exactly the document's current version, the version is checked again right before one WorkspaceEdit (one undo
 * step) is applied, and VS Code itself refuses the edit if the text changed in between.
 */
import * as vscode from 'vscode';
import type { DesignerEdit } from '../../core/designer/edits/designer-edits';
import type { TextEdit } from '../../core/designer/edits/text-edit';
import { LspRequests, type DesignerEditParams, type DesignerEditResult, type Versioned } from '../../shared/lsp-protocol';
import type { ModelLensClient } from '../language-client';

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

/** The edit computed by the server on exactly the document's current version (typing may land while we ask). */
async function editAtCurrentVersion(document: vscode.TextDocument, client: ModelLensClient, edit: DesignerEdit): Promise<{ version: number; result: DesignerEditResult } | { message: string }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const version = document.version;
    const answer = await client.request<DesignerEditParams<DesignerEdit>, Versioned<DesignerEditResult>>(LspRequests.designerEdit, { uri: document.uri.toString(), version, edit });
    if ('stopped' in answer) return { message: `Model Lens could not read the file: ${answer.stopped}. Nothing was written.` };
    if (!('stale' in answer) && document.version === version) return { version, result: answer };
  }
  return { message: 'The file keeps changing; nothing was written. Try again when typing pauses.' };
}

/**
 * `shownVersion` is the version the panel showed; when the document moved on, the edit is recomputed on the
 * current text (the core refuses it if the layer it names is no longer there).
 */
export async function applyDesignerEdit(document: vscode.TextDocument, client: ModelLensClient, shownVersion: number | undefined, request: DesignerEdit): Promise<EditOutcome> {
  const asked = await editAtCurrentVersion(document, client, request);
  if ('message' in asked) return { ok: false, message: asked.message };
  const { version, result } = asked;
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
