/**
 * Shape errors in the Problems panel, in Keras's words. Re-analyzes when typing pauses; owns its collection.
 */
import * as vscode from 'vscode';
import type { Diagnostic } from '../core/report/report';
import { MODEL_LANGUAGES } from '../core/documents';
import type { AnalysisCache } from './analysis-cache';
import type { ModelLensSettings } from './config';
import { toRange } from './ranges';

const SEVERITY: Record<Diagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export class DiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('model-lens');
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly pending = new Map<string, vscode.CancellationTokenSource>();

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: () => ModelLensSettings,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.update(d)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        this.update(e.document);
        // In a notebook a cell's analysis depends on the cells above it: refresh the cells below the edit.
        if (e.document.uri.scheme === 'vscode-notebook-cell') {
          for (const d of vscode.workspace.textDocuments) if (d !== e.document && d.uri.scheme === 'vscode-notebook-cell' && d.uri.path === e.document.uri.path) this.update(d);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.pending.get(d.uri.toString())?.cancel();
        this.collection.delete(d.uri);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.update(d);
  }

  private update(document: vscode.TextDocument): void {
    if (!MODEL_LANGUAGES.includes(document.languageId)) return;
    const key = document.uri.toString();
    if (!this.settings().diagnosticsEnabled) {
      this.collection.delete(document.uri);
      return;
    }
    // A newer edit supersedes the one still waiting for typing to pause.
    this.pending.get(key)?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.pending.set(key, source);
    void this.cache.get(document, source.token).then((report) => {
      if (!report || source.token.isCancellationRequested) return;
      this.pending.delete(key);
      source.dispose();
      this.collection.set(
        document.uri,
        report.diagnostics.map((d) => {
          const diag = new vscode.Diagnostic(toRange(d.range), d.message, SEVERITY[d.severity]);
          diag.source = 'Model Lens';
          if (d.code) diag.code = d.code;
          return diag;
        }),
      );
    });
  }

  dispose(): void {
    for (const s of this.pending.values()) s.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
