/**
 * The page a saved model (`.keras`, `.h5`, TF.js `model.json`) opens as in VS Code, like Netron shows one: each
 * model's Keras summary (the table model.summary() prints, "Connected to" giving the graph of a functional model)
 * and what could not be read. Plain text, no VS Code import (tests check it directly): no script at all, one
 * style element by nonce under `default-src 'none'`, VS Code's theme variables, every name from the file escaped.
 */
import type { Report } from '../core/report/report';
import { formatSummary } from '../core/report/summary';
import { pageStart } from './webview-page';

export interface SavedModelPage {
  readonly fileName: string;
  /** What the file is, for the heading: "Keras model (.keras)". */
  readonly format: string;
  readonly report: Report;
  /** Fresh for every render. */
  readonly nonce: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const STYLE = `body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 1.5em; }
h1 { font-size: 1.2em; font-weight: 600; }
h2 { font-size: 1em; font-weight: 600; margin-top: 1.5em; }
pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); line-height: 1.35; overflow-x: auto; }
.note { color: var(--vscode-descriptionForeground); }
.warning { color: var(--vscode-editorWarning-foreground); }
.error { color: var(--vscode-editorError-foreground); }`;

export function savedModelHtml(page: SavedModelPage): string {
  const csp = `default-src 'none'; style-src 'nonce-${page.nonce}'`;
  const { report } = page;
  const models = report.models.map((m, i) => `<h2>${i === 0 ? 'Model' : 'Nested model'} ${escapeHtml(m.name)}</h2>\n<pre>${escapeHtml(formatSummary(m))}</pre>`).join('\n');
  const problems = report.diagnostics.map((d) => `<p class="${d.severity === 'info' ? 'note' : d.severity}">${escapeHtml(d.message)}</p>`).join('\n');
  return `${pageStart(csp)}
<style nonce="${page.nonce}">${STYLE}</style>
<title>${escapeHtml(page.fileName)}</title>
</head>
<body>
<h1>${escapeHtml(page.fileName)} <span class="note">— ${escapeHtml(page.format)}, read by Model Lens without Python</span></h1>
${models || '<p class="note">No Keras model found.</p>'}
${problems}
</body>
</html>`;
}
