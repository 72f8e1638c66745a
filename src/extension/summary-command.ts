/**
 * "Model Lens: Show Model Summary": the model at the cursor as Keras's `model.summary()` prints it, in a
 * read-only editor (a virtual document, so nothing is ever written to disk).
 */
import * as vscode from 'vscode';
import type { ModelReport } from '../core/report/report';
import { formatSummaryFor } from '../core/report/summary-for';
import type { AnalysisCache } from './analysis-cache';
import { SUMMARY_SCHEME } from './commands';

/** Serves summary documents from memory; each URI's text is set just before it is opened. */
export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** The model the cursor is in (its call or one of its layers), else the nearest one above the cursor. */
export function modelAt(models: readonly ModelReport[], offset: number, line: number): ModelReport | undefined {
  const inside = models.filter((m) => m.range.startIndex <= offset && offset <= m.range.endIndex);
  if (inside.length) return inside.sort((a, b) => a.range.endIndex - a.range.startIndex - (b.range.endIndex - b.range.startIndex))[0];
  const viaLayer = models.find((m) => m.layers.some((l) => l.range.startLine <= line && line <= l.range.endLine));
  if (viaLayer) return viaLayer;
  const above = models.filter((m) => m.range.startLine <= line);
  return above[above.length - 1] ?? models[0];
}

export async function showModelSummary(cache: AnalysisCache, documents: SummaryDocuments, uri?: vscode.Uri, index?: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Model Lens: open a Python file with a Keras model first.');
    return;
  }
  const report = await cache.get(document, undefined, false);
  if (!report || report.models.length === 0) {
    void vscode.window.showInformationMessage('Model Lens: no Keras model found in this file.');
    return;
  }
  let model: ModelReport | undefined;
  if (index !== undefined) model = report.models[index];
  else if (editor && editor.document === document) {
    const pos = editor.selection.active;
    model = modelAt(report.models, document.offsetAt(pos), pos.line);
  }
  model ??= report.models[0];
  const name = `${model.variable ?? model.name} summary.txt`;
  const target = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name}`, query: document.uri.toString() });
  documents.set(target, formatSummaryFor(model, report.keras) + '\n');
  const shown = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}
