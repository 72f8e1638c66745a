/**
 * The designer webview's page: the built script and stylesheet from dist/webview/ and nothing else. A strict
 * CSP (`default-src 'none'`) with a fresh nonce for every render: no inline script, no remote content.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folder the webview may load from. */
export function designerAssets(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function designerHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const assets = designerAssets(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(assets, 'designer.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(assets, 'designer.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Model designer</title>
</head>
<body>
<main id="app"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
