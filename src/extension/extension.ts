/**
 * Model Lens in VS Code: thin glue that registers the providers over the analysis core. Activation only
 * registers; the parser loads on the first request.
 */
import * as vscode from 'vscode';
import { MODEL_LANGUAGES } from '../core/documents';
import { AnalysisCache } from './analysis-cache';
import { ModelCodeLensProvider } from './code-lens';
import { Commands, SUMMARY_SCHEME } from './commands';
import { readSettings, type ModelLensSettings } from './config';
import { DesignerViewProvider } from './designer/designer-view-provider';
import { DiagnosticsController } from './diagnostics';
import { ModelHoverProvider } from './hover';
import { InputShapeQuickFix } from './quick-fix';
import { KerasVersionController } from './keras-version';
import { showModelSummary, SummaryDocuments } from './summary-command';
import { registerSavedModelEditors } from './saved-model-editor';
import { TrainingController } from './training/training-controller';
import { DESIGNER_VIEW_ID } from '../shared/designer-protocol';

const PYTHON: vscode.DocumentSelector = [{ language: 'python' }];
/** Python (Keras) and JavaScript / TypeScript (TensorFlow.js) model sources. */
const MODEL_SOURCES: vscode.DocumentSelector = MODEL_LANGUAGES.map((language) => ({ language }));

export function activate(context: vscode.ExtensionContext): void {
  let settings: ModelLensSettings = readSettings();
  const current = () => settings;
  const keras = new KerasVersionController(() => settings.kerasVersion);
  const cache = new AnalysisCache(() => settings.debounceMs, (document) => keras.choiceFor(document));
  const codeLens = new ModelCodeLensProvider(cache, current);
  const diagnostics = new DiagnosticsController(cache, current);
  const summaries = new SummaryDocuments();
  const training = new TrainingController(context.extensionUri, cache);
  const designer = new DesignerViewProvider(context.extensionUri, cache);

  context.subscriptions.push(
    keras,
    keras.onDidChange(() => {
      codeLens.refresh();
      diagnostics.refreshAll();
    }),
    cache,
    codeLens,
    diagnostics,
    summaries,
    training,
    vscode.commands.registerCommand(Commands.trainModel, (uri?: vscode.Uri, index?: number) =>
      training.train(uri instanceof vscode.Uri ? uri : undefined, typeof index === 'number' ? index : undefined),
    ),
    vscode.commands.registerCommand(Commands.stopTraining, () => training.stop()),
    vscode.commands.registerCommand(Commands.showTraining, () => training.showPanel()),
    designer,
    vscode.window.registerWebviewViewProvider(DESIGNER_VIEW_ID, designer),
    vscode.commands.registerCommand(Commands.openDesigner, (uri?: vscode.Uri, index?: number) =>
      designer.open(uri instanceof vscode.Uri ? uri : undefined, typeof index === 'number' ? index : undefined),
    ),
    vscode.commands.registerCommand(Commands.newModel, () => designer.newModel()),
    vscode.languages.registerCodeLensProvider(MODEL_SOURCES, codeLens),
    vscode.languages.registerHoverProvider(MODEL_SOURCES, new ModelHoverProvider(cache)),
    vscode.languages.registerCodeActionsProvider(PYTHON, new InputShapeQuickFix(cache), InputShapeQuickFix.metadata),
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, summaries),
    registerSavedModelEditors(),
    vscode.commands.registerCommand(Commands.showModelSummary, (uri?: vscode.Uri, index?: number) =>
      showModelSummary(cache, summaries, uri instanceof vscode.Uri ? uri : undefined, typeof index === 'number' ? index : undefined),
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('modelLens')) return;
      settings = readSettings();
      if (e.affectsConfiguration('modelLens.keras.version')) keras.refresh();
      codeLens.refresh();
      diagnostics.refreshAll();
    }),
  );
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
