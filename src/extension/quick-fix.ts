/** The input-shape quick fix in VS Code: the core computes the text, this places it as a snippet. */
import * as vscode from 'vscode';
import { addInputFix, SHAPE_PLACEHOLDER } from '../core/designer/quick-fixes';
import type { AnalysisCache } from './analysis-cache';

export class InputShapeQuickFix implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly cache: AnalysisCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const report = this.cache.peek(document);
    if (!report) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Model Lens' || diagnostic.code !== 'no-input-shape') continue;
      const model = report.models.find((m) => m.range.startLine === diagnostic.range.start.line && m.range.startCol === diagnostic.range.start.character);
      const fix = model && addInputFix(model, report.imports);
      if (!fix) continue;
      const at = new vscode.Position(fix.line, fix.col);
      // The shape is the person's to type: leave it selected as a snippet placeholder.
      const [before, after] = fix.text.split(SHAPE_PLACEHOLDER);
      const snippet = new vscode.SnippetString().appendText(before).appendPlaceholder('…').appendText(after);
      const edit = new vscode.WorkspaceEdit();
      edit.set(document.uri, [new vscode.SnippetTextEdit(new vscode.Range(at, at), snippet)]);
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
