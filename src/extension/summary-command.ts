/**
 * "Model Lens: Show Model Summary": the model at the cursor as Keras's `model.summary()` prints it, in a
 * read-only editor (a virtual document, so nothing is ever written to disk). The language server makes the text.
 */
import * as vscode from 'vscode';
import type { SummaryParams, SummaryResult } from '../shared/lsp-protocol';
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

/** Asks the language server for a model's summary: by index (a lens), else at a position, else the first. */
export type RequestSummary = (params: SummaryParams) => Promise<SummaryResult | null>;

export async function showModelSummary(requestSummary: RequestSummary, documents: SummaryDocuments, uri?: vscode.Uri, index?: number): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const document = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Model Lens: open a Python file with a Keras model first.');
    return;
  }
  const position = index === undefined && editor && editor.document === document ? editor.selection.active : undefined;
  const summary = await requestSummary({ uri: document.uri.toString(), index, position: position && { line: position.line, character: position.character } });
  if (!summary) {
    void vscode.window.showInformationMessage('Model Lens: no Keras model found in this file.');
    return;
  }
  const target = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${summary.name}`, query: document.uri.toString() });
  documents.set(target, summary.text);
  const shown = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}
