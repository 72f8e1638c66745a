/** Every webview's page: strict CSP, the one script by nonce, no inline handlers, no remote content. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { webviewPageHtml } from '../../src/extension/webview-page';

const SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';

for (const bundle of ['designer', 'training']) {
  test(`the ${bundle} page loads only its built files, by nonce, under default-src 'none'`, () => {
    const html = webviewPageHtml({
      cspSource: SOURCE,
      scriptUri: `${SOURCE}/ext/dist/webview/${bundle}.js`,
      styleUri: `${SOURCE}/ext/dist/webview/${bundle}.css`,
      title: bundle,
      nonce: 'abc123',
    });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /^default-src 'none';/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="abc123" src="${SOURCE}/ext/dist/webview/${bundle}.js">`]);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(urls.every((u) => u.startsWith(`${SOURCE}/ext/dist/webview/`)), `only built assets: ${urls.join(', ')}`);
  });
}
