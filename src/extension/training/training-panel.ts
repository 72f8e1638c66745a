/**
 * The training panel (a webview panel beside the editor). It only shows what the controller sends and passes
 * the person's requests back, each checked by `parseWebviewMessage` first. The controller keeps the history;
 * when the panel is shown again (or reloads) it asks for it with `webview/ready` and gets it all.
 */
import * as vscode from 'vscode';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../shared/training-protocol';
import { webviewAssets, webviewHtml } from '../webview-html';

export const TRAINING_PANEL_TYPE = 'modelLens.training';

export class TrainingPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    extensionUri: vscode.Uri,
    title: string,
    private readonly onMessage: (m: WebviewMessage) => void,
    onClose: () => void,
  ) {
    this.panel = vscode.window.createWebviewPanel(TRAINING_PANEL_TYPE, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [webviewAssets(extensionUri)],
    });
    this.panel.webview.html = webviewHtml(this.panel.webview, extensionUri, 'training', 'Training');
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => {
        const m = parseWebviewMessage(raw);
        if (m) this.onMessage(m);
      }),
      this.panel.onDidDispose(() => {
        this.disposed = true;
        for (const d of this.disposables) d.dispose();
        onClose();
      }),
    );
  }

  set title(title: string) {
    if (!this.disposed) this.panel.title = title;
  }

  get visible(): boolean {
    return !this.disposed && this.panel.visible;
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  post(message: HostMessage): void {
    // A hidden panel drops messages; it gets the whole history again with `webview/ready` when shown.
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (!this.disposed) this.panel.dispose();
  }
}
