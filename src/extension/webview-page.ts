/**
 * The HTML of a Model Lens webview, as plain text (no VS Code import, so tests check it directly): a strict
 * CSP (`default-src 'none'`), the one script by nonce, the one stylesheet, no inline handlers, no remote content.
 */
export interface WebviewPage {
  /** The webview's own source for the CSP (`webview.cspSource`). */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  /** Fresh for every render. */
  readonly nonce: string;
}

/** The start of every Model Lens page, up to its `<head>`'s own content: the charset, the CSP, the viewport. */
export function pageStart(csp: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">`;
}

export function webviewPageHtml(page: WebviewPage): string {
  const csp = [
    "default-src 'none'",
    `style-src ${page.cspSource} 'nonce-${page.nonce}'`,
    `script-src 'nonce-${page.nonce}'`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
  ].join('; ');
  return `${pageStart(csp)}
<link rel="stylesheet" href="${page.styleUri}" nonce="${page.nonce}">
<title>${page.title}</title>
</head>
<body>
<main id="app"></main>
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}
