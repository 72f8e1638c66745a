/**
 * Quick fix for a model with no input shape: insert `keras.Input(shape=(…))` as its first layer (spelled
 * with the file's own imports), leaving the shape selected for the person to type.
 */
import * as vscode from 'vscode';
import type { ModelReport, Report } from '../core/report';
import type { AnalysisCache } from './analysis-cache';

/** How this file can name `keras.Input`: `keras.Input`, `tf.keras.Input`, `layers.Input`, or an imported `Input`. */
export function inputCallee(imports: ReadonlyMap<string, string>): string {
  for (const [name, path] of imports) if (path === 'keras' || path === 'tensorflow.keras' || path === 'tf_keras') return `${name}.Input`;
  for (const [name, path] of imports) if (path === 'tensorflow') return `${name}.keras.Input`;
  for (const [name, path] of imports) if (/^(tensorflow\.)?keras\.layers$/.test(path)) return `${name}.Input`;
  for (const [name, path] of imports) if (/^(tensorflow\.)?keras(\.layers)?\.Input$/.test(path)) return name;
  return 'keras.Input';
}

function fixFor(document: vscode.TextDocument, report: Report, model: ModelReport, diagnostic: vscode.Diagnostic): vscode.CodeAction | undefined {
  if (model.model.kind !== 'sequential') return undefined;
  const first = model.model.layers[0];
  if (!first) return undefined;
  const callee = inputCallee(report.imports);
  const edit = new vscode.WorkspaceEdit();
  const at = new vscode.Position(first.range.startLine, first.range.startCol);
  if (first.via === 'list') {
    const multiline = model.model.layers.length > 1 && model.model.layers[1].range.startLine > first.range.startLine;
    const separator = multiline ? `\n${' '.repeat(first.range.startCol)}` : ' ';
    edit.set(document.uri, [new vscode.SnippetTextEdit(new vscode.Range(at, at), new vscode.SnippetString(`${callee}(shape=(\${1:…})),${separator}`))]);
  } else {
    if (!model.variable) return undefined;
    const lineStart = new vscode.Position(first.range.startLine, 0);
    const indent = ' '.repeat(first.range.startCol);
    edit.set(document.uri, [new vscode.SnippetTextEdit(new vscode.Range(lineStart, lineStart), new vscode.SnippetString(`${indent}${model.variable}.add(${callee}(shape=(\${1:…})))\n`))]);
  }
  const action = new vscode.CodeAction(`Add ${callee}(shape=…) as the first layer`, vscode.CodeActionKind.QuickFix);
  action.edit = edit;
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}

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
      const action = model && fixFor(document, report, model, diagnostic);
      if (action) actions.push(action);
    }
    return actions;
  }
}
