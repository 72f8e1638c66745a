/**
 * A lens above every layer (type, output shape, params) and every model (totals, size). Lenses are placed
 * in `provideCodeLenses` from the cached analysis; their titles are filled in `resolveCodeLens`.
 */
import * as vscode from 'vscode';
import { layerLensTitle, layerLensTooltip, modelLensTitle } from '../core/report/explain';
import type { LayerReport, ModelReport } from '../core/report/report';
import type { AnalysisCache } from './analysis-cache';
import { Commands } from './commands';
import type { ModelLensSettings } from './config';
import { NOTEBOOK_CELL_SCHEME } from './notebook-cells';

class LayerLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly reports: readonly LayerReport[]) {
    super(range);
  }
}

class ModelLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly model: ModelReport, readonly uri: vscode.Uri, readonly index: number) {
    super(range);
  }
}

/** "Open in Designer" beside a model's lens. */
class OpenDesignerLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly uri: vscode.Uri, readonly index: number) {
    super(range);
  }
}

/** "▶ Train" beside a model's lens. */
class TrainLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly uri: vscode.Uri, readonly index: number) {
    super(range);
  }
}

export class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private cellEditTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => ModelLensSettings,
  ) {
    // VS Code asks again for the lenses of the document that changed only; in a notebook an edit in one cell changes
    // what the others show (the cells below it, and a model's totals in the cell that made it). Once typing pauses,
    // every cell is asked again.
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== NOTEBOOK_CELL_SCHEME || e.contentChanges.length === 0) return;
        if (this.cellEditTimer) clearTimeout(this.cellEditTimer);
        this.cellEditTimer = setTimeout(() => {
          this.cellEditTimer = undefined;
          this.changed.fire();
        }, this.settings().debounceMs);
      }),
    );
  }

  /** Settings changed: ask VS Code to place the lenses again. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.settings().codeLensEnabled) return [];
    const report = await this.cache.get(document, token);
    if (!report || token.isCancellationRequested) return [];
    const lenses: vscode.CodeLens[] = [];
    report.models.forEach((m, i) => {
      // At the model's constructor; in a notebook cell that adds layers to a model made in another cell, at the first of them.
      const line = new vscode.Range(m.anchor.startLine, 0, m.anchor.startLine, 0);
      lenses.push(new ModelLens(line, m, document.uri, i));
      // Training works on Keras and TF.js sources; the designer edits Python (Keras) sources, files and notebook cells.
      lenses.push(new TrainLens(line, document.uri, i));
      if (document.languageId !== 'python') return;
      lenses.push(new OpenDesignerLens(line, document.uri, i));
    });
    // One lens per constructor call; a call run several times (a loop, a helper) sums its layers.
    const byCall = new Map<number, LayerReport[]>();
    for (const l of report.layers) {
      const group = byCall.get(l.range.startIndex);
      if (group) group.push(l);
      else byCall.set(l.range.startIndex, [l]);
    }
    for (const group of byCall.values()) {
      const line = group[0].range.startLine;
      lenses.push(new LayerLens(new vscode.Range(line, 0, line, 0), group));
    }
    return lenses;
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (lens instanceof ModelLens) {
      lens.command = {
        title: modelLensTitle(lens.model),
        command: Commands.showModelSummary,
        arguments: [lens.uri, lens.index],
        tooltip: 'Show this model as model.summary() prints it',
      };
    } else if (lens instanceof OpenDesignerLens) {
      lens.command = { title: 'Open in Designer', command: Commands.openDesigner, arguments: [lens.uri, lens.index], tooltip: 'Show this model in the Model designer panel' };
    } else if (lens instanceof TrainLens) {
      lens.command = { title: '▶ Train', command: Commands.trainModel, arguments: [lens.uri, lens.index], tooltip: 'Train this model with TensorFlow.js and watch loss and accuracy live' };
    } else if (lens instanceof LayerLens) {
      lens.command = { title: layerLensTitle(lens.reports), command: '', tooltip: layerLensTooltip(lens.reports) };
    }
    return lens;
  }

  dispose(): void {
    if (this.cellEditTimer) clearTimeout(this.cellEditTimer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
