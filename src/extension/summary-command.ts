/**
 * "Model Lens: Show Model Summary": the model at the cursor as Keras's `model.summary()` prints it, in a
 * read-only editor (a virtual document, so nothing is ever written to disk). The language server makes the text
 * and its Markdown table. The summary documents have a language of their own, whose defaults (package.json:
 * a font with every box-drawing character, a line height the vertical rules fill, no line numbers) keep the
 * table aligned and whole, and a letter spacing a little under the font's (the Keras 3 table fits a side-by-side pane
 * at the default width); lines wider than the table are wrapped for the tab only. The editor's title bar copies it
 * as text (as Keras prints it) or Markdown, or shows it as a rendered table.
 */
import * as vscode from 'vscode';
import { summaryForDisplay } from '../core/report/summary-display';
import type { SummaryParams, SummaryResult } from '../shared/lsp-protocol';
import { SUMMARY_LANGUAGE, SUMMARY_SCHEME } from './commands';

interface SummaryTexts {
  /** As Keras prints it (with Model Lens's footer): what "Copy Summary as Text" gives. */
  readonly text: string;
  /** What the tab shows when it differs: lines wider than the table wrapped at its width. */
  readonly shown?: string;
  readonly markdown?: string;
}

/** Serves summary documents from memory; each URI's text is set just before it is opened. */
export class SummaryDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, SummaryTexts>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, texts: SummaryTexts): void {
    this.texts.set(uri.toString(), texts);
    this.changed.fire(uri);
  }

  get(uri: vscode.Uri): SummaryTexts | undefined {
    return this.texts.get(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const texts = this.texts.get(uri.toString());
    return texts?.shown ?? texts?.text ?? '';
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
  documents.set(target, { text: summary.text, shown: summaryForDisplay(summary.text), markdown: summary.markdown });
  let shown = await vscode.workspace.openTextDocument(target);
  if (shown.languageId !== SUMMARY_LANGUAGE) shown = await vscode.languages.setTextDocumentLanguage(shown, SUMMARY_LANGUAGE);
  await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: false });
}

/** The summary shown in the active editor (or the one a title-bar button names). */
function summaryOf(documents: SummaryDocuments, uri: unknown): { uri: vscode.Uri; texts: SummaryTexts } | undefined {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const texts = target?.scheme === SUMMARY_SCHEME ? documents.get(target) : undefined;
  return target && texts ? { uri: target, texts } : undefined;
}

export async function copySummary(documents: SummaryDocuments, as: 'text' | 'markdown', uri?: unknown): Promise<void> {
  const summary = summaryOf(documents, uri);
  if (!summary) {
    void vscode.window.showInformationMessage('Model Lens: show a model summary first (Model Lens: Show Model Summary).');
    return;
  }
  const markdown = summary.texts.markdown ?? `\`\`\`text\n${summary.texts.text}\`\`\`\n`;
  await vscode.env.clipboard.writeText(as === 'text' ? summary.texts.text : markdown);
  void vscode.window.setStatusBarMessage(`Model Lens: summary copied as ${as === 'text' ? 'text' : 'Markdown'}`, 3000);
}

/** The summary as a rendered table: its Markdown in VS Code's Markdown preview, in the text's group (its tab stays). */
export async function showSummaryTable(documents: SummaryDocuments, uri?: unknown): Promise<void> {
  const summary = summaryOf(documents, uri);
  if (!summary?.texts.markdown) {
    void vscode.window.showInformationMessage('Model Lens: show a model summary first (Model Lens: Show Model Summary).');
    return;
  }
  const table = summary.uri.with({ path: summary.uri.path.replace(/\.txt$/, '') + '.md' });
  documents.set(table, { text: summary.texts.markdown });
  await vscode.commands.executeCommand('markdown.showPreview', table);
}
