/** A Model Lens webview's page in VS Code: its built files from dist/webview/ and nothing else. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewPageHtml } from './webview-page';

/** The only folder a webview may load from (its `localResourceRoots`). */
export function webviewAssets(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** `bundle` names the built files: dist/webview/<bundle>.js and <bundle>.css. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, bundle: 'designer' | 'training' | 'runs', title: string): string {
  const assets = webviewAssets(extensionUri);
  return webviewPageHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets, `${bundle}.css`)).toString(),
    title,
    nonce: randomBytes(18).toString('base64'),
  });
}
