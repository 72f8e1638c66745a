/**
 * "Model Lens: Open Graph in Editor": the designer's graph in an editor-area panel, as large as an editor. The
 * panel is the same page (the designer's webview bundle) driven by its own DesignerViewProvider, which follows
 * the active editor as the side panel does; a WebviewPanel is adapted to the view interface it drives.
 */
import * as vscode from 'vscode';
import type { ModelLensClient } from '../language-client';
import { DesignerViewProvider } from './designer-view-provider';

const PANEL_TYPE = 'modelLens.graphPanel';

export class GraphPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: ModelLensClient,
    private readonly debounceMs: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Shows the panel beside the editor (the one already open, if any). */
  open(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    // Made before the panel takes the focus, so it starts from the Python editor that is active now.
    const provider = new DesignerViewProvider(this.extensionUri, this.client, this.debounceMs, this.log);
    const panel = vscode.window.createWebviewPanel(PANEL_TYPE, 'Model Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'model-lens.svg');
    this.panel = panel;
    const visibility = new vscode.EventEmitter<void>();
    const viewState = panel.onDidChangeViewState(() => visibility.fire());
    provider.resolveWebviewView({
      webview: panel.webview,
      get visible() {
        return panel.visible;
      },
      onDidChangeVisibility: visibility.event,
      onDidDispose: panel.onDidDispose,
    });
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
      viewState.dispose();
      visibility.dispose();
      provider.dispose();
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
