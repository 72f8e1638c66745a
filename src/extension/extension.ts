/**
 * Model Lens in VS Code: thin glue that registers the providers over the analysis core. Activation only
 * registers; the parser loads on the first request.
 */
import * as vscode from 'vscode';
import { Commands, SUMMARY_SCHEME } from './commands';
import { readSettings, type ModelLensSettings } from './config';
import { DesignerViewProvider } from './designer/designer-view-provider';
import { GraphPanel } from './designer/graph-panel';
import { KerasVersionController } from './keras-version';
import { ModelLensClient } from './language-client';
import { copySummary, showModelSummary, showSummaryTable, SummaryDocuments } from './summary-command';
import { registerSavedModelEditors } from './saved-model-editor';
import { TrainingController } from './training/training-controller';
import { DESIGNER_VIEW_ID } from '../shared/designer-protocol';
import { RUNS_VIEW_ID } from '../shared/runs-protocol';
import { RunsViewProvider } from './runs/runs-view-provider';

/** A command's document: a Uri from VS Code, or the URI string a lens of the language server carries. */
function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' ? vscode.Uri.parse(value) : undefined;
}

export function activate(context: vscode.ExtensionContext): void {
  let settings: ModelLensSettings = readSettings();
  const keras = new KerasVersionController(() => settings.kerasVersion);
  // All analysis is the language server's (lenses, hover, diagnostics, quick fixes, and what the designer and
  // training ask through its custom requests), told which Keras each document follows.
  const client = new ModelLensClient(context.extensionUri, (document) => keras.choiceFor(document));
  const summaries = new SummaryDocuments();
  const training = new TrainingController(context.extensionUri, client);
  const designer = new DesignerViewProvider(context.extensionUri, client, () => settings.debounceMs);
  const graphPanel = new GraphPanel(context.extensionUri, client, () => settings.debounceMs, designer.log);
  const runs = new RunsViewProvider(context.extensionUri);

  context.subscriptions.push(
    keras,
    keras.onDidChange(() => client.sendKerasChoices()),
    client,
    summaries,
    training,
    vscode.commands.registerCommand(Commands.trainModel, (uri?: unknown, index?: number) =>
      training.train(asUri(uri), typeof index === 'number' ? index : undefined),
    ),
    vscode.commands.registerCommand(Commands.stopTraining, () => training.stop()),
    vscode.commands.registerCommand(Commands.showTraining, () => training.showPanel()),
    designer,
    vscode.window.registerWebviewViewProvider(DESIGNER_VIEW_ID, designer),
    vscode.commands.registerCommand(Commands.openDesigner, (uri?: unknown, index?: number) =>
      designer.open(asUri(uri), typeof index === 'number' ? index : undefined),
    ),
    vscode.commands.registerCommand(Commands.newModel, () => designer.newModel()),
    graphPanel,
    vscode.commands.registerCommand(Commands.openGraphInEditor, () => graphPanel.open()),
    runs,
    vscode.window.registerWebviewViewProvider(RUNS_VIEW_ID, runs),
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    registerSavedModelEditors(),
    vscode.commands.registerCommand(Commands.showModelSummary, (uri?: unknown, index?: number) =>
      showModelSummary((params) => client.summary(params), summaries, asUri(uri), typeof index === 'number' ? index : undefined),
    ),
    vscode.commands.registerCommand(Commands.copySummaryText, (uri?: unknown) => copySummary(summaries, 'text', uri)),
    vscode.commands.registerCommand(Commands.copySummaryMarkdown, (uri?: unknown) => copySummary(summaries, 'markdown', uri)),
    vscode.commands.registerCommand(Commands.showSummaryTable, (uri?: unknown) => showSummaryTable(summaries, uri)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('modelLens')) return;
      // The language server reads its settings itself (the client forwards changes to modelLens.*).
      settings = readSettings();
      if (e.affectsConfiguration('modelLens.keras.version')) keras.refresh();
    }),
  );
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
