/**
 * A second editor: `node dist/cli.js lsp` driven over stdio by a plain LSP client (vscode-languageserver-protocol,
 * no VS Code), as Neovim or Helix drive it: open, change, hover, codeLens with resolve, pushed diagnostics, a quick
 * fix, a notebook (LSP notebook document sync), the custom summary request, and the analysis deadline.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CodeActionRequest,
  DidChangeNotebookDocumentNotification,
  DidChangeTextDocumentNotification,
  DidOpenNotebookDocumentNotification,
  HoverRequest,
  NotebookCellKind,
} from 'vscode-languageserver-protocol/node';
import { LspRequests, type SummaryResult } from '../../src/shared/lsp-protocol';
import { CLI, lensTitles, open, ROOT, startServer, type Server } from './lsp-client';

const MODEL = [
  'import keras',
  'from keras import layers',
  'model = keras.Sequential([keras.Input(shape=(28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.Flatten(), layers.Dense(10)])',
  '',
].join('\n');

describe('model-lens lsp over stdio', { timeout: 60_000 }, () => {
  let server: Server;
  before(async () => {
    if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'analysis-worker.js'))) throw new Error('Build first: npm run build (the test runs dist/cli.js lsp).');
    server = await startServer();
  });
  after(async () => server?.stop());

  test('declares lenses with resolve, hover, quick fixes and notebook sync', () => {
    assert.deepEqual(server.capabilities.codeLensProvider, { resolveProvider: true });
    assert.equal(server.capabilities.hoverProvider, true);
    assert.ok(server.capabilities.codeActionProvider);
    assert.ok(server.capabilities.notebookDocumentSync);
  });

  test('open: lenses above the model and each layer, with Keras shapes and params; no editor-only lenses', async () => {
    const uri = 'file:///work/model.py';
    await open(server, uri, MODEL);
    const lenses = await lensTitles(server, uri);
    const titles = lenses.map((l) => l.title);
    assert.ok(titles.some((t) => t.includes('216,650')), titles.join('\n'));
    assert.ok(titles.some((t) => t.includes('(None, 26, 26, 32)') && t.includes('320')), titles.join('\n'));
    // "▶ Train" and "Open in Designer" are commands of the VS Code extension: another editor does not get them.
    assert.ok(!titles.some((t) => t.includes('Train') || t.includes('Designer')), titles.join('\n'));
    assert.ok(lenses.every((l) => l.line === 2));
  });

  test('hover on a layer gives its shapes as Markdown', async () => {
    const uri = 'file:///work/model.py';
    const character = MODEL.split('\n')[2].indexOf('Conv2D') + 2;
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character } });
    assert.ok(hover && typeof hover.contents === 'object' && 'kind' in hover.contents, JSON.stringify(hover));
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /26, 26, 32/);
    assert.equal(hover.range?.start.line, 2);
  });

  test('change: the lenses and the diagnostics follow the edit', async () => {
    const uri = 'file:///work/change.py';
    await open(server, uri, MODEL);
    await server.waitForDiagnostics(uri, (d) => d.length === 0);
    // Replace the Input's shape (28, 28, 1) with (4,): Conv2D now raises Keras's error.
    const line = MODEL.split('\n')[2];
    const start = line.indexOf('(28, 28, 1)');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: start }, end: { line: 2, character: start + '(28, 28, 1)'.length } }, text: '(4,)' }],
    });
    const diagnostics = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.severity === 1));
    const error = diagnostics.find((d) => d.severity === 1)!;
    assert.match(String(error.message), /expected min_ndim=4, found ndim=2/);
    assert.equal(error.source, 'Model Lens');
    const titles = (await lensTitles(server, uri)).map((l) => l.title);
    assert.ok(!titles.some((t) => t.includes('216,650')), titles.join('\n'));
  });

  test('a model without an input shape gets the quick fix that adds keras.Input', async () => {
    const uri = 'file:///work/noinput.py';
    await open(server, uri, 'import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(3)])\n');
    const diagnostics = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'no-input-shape'));
    const diagnostic = diagnostics.find((x) => x.code === 'no-input-shape')!;
    const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    assert.equal(actions?.length, 1, JSON.stringify(actions));
    const action = actions![0];
    assert.ok('edit' in action && action.edit?.changes, JSON.stringify(action));
    const [edit] = action.edit!.changes![uri];
    assert.match(edit.newText, /keras\.Input\(shape=/);
  });

  test('the summary request gives the text model.summary() prints', async () => {
    const summary = await server.connection.sendRequest<SummaryResult | null>(LspRequests.summary, { uri: 'file:///work/model.py', index: 0 });
    assert.ok(summary);
    assert.equal(summary.name, 'model summary.txt');
    assert.match(summary.text, /Total params: 216,650 \(846\.29 KB\)/);
  });

  test('a notebook: the cell that builds the model sees the imports of the cell above', async () => {
    const notebookUri = 'file:///work/nb.ipynb';
    const cell = (n: number) => `vscode-notebook-cell:/work/nb.ipynb#c${n}`;
    const [imports, model] = ['import keras\nfrom keras import layers', MODEL.split('\n')[2]];
    await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
      notebookDocument: {
        uri: notebookUri,
        notebookType: 'jupyter-notebook',
        version: 1,
        cells: [
          { kind: NotebookCellKind.Code, document: cell(1) },
          { kind: NotebookCellKind.Markup, document: cell(2) },
          { kind: NotebookCellKind.Code, document: cell(3) },
        ],
      },
      cellTextDocuments: [
        { uri: cell(1), languageId: 'python', version: 1, text: imports },
        { uri: cell(2), languageId: 'markdown', version: 1, text: '# A model' },
        { uri: cell(3), languageId: 'python', version: 1, text: model },
      ],
    });
    let titles = (await lensTitles(server, cell(3))).map((l) => l.title);
    assert.ok(titles.some((t) => t.includes('216,650')), titles.join('\n'));
    assert.ok(titles.every((l) => !l.includes('Model Lens:')), titles.join('\n'));
    // An edit in the cell (a wider Dense) reaches its lenses through notebook sync.
    await server.connection.sendNotification(DidChangeNotebookDocumentNotification.type, {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(3), version: 2 }, changes: [{ text: model.replace('Dense(10)', 'Dense(20)') }] }] } },
    });
    titles = (await lensTitles(server, cell(3))).map((l) => l.title);
    assert.ok(titles.some((t) => t.includes('432,980')), titles.join('\n'));
    const diagnostics = await server.waitForDiagnostics(cell(3), () => true);
    assert.deepEqual(diagnostics, []);
  });
});

describe('model-lens lsp: a client that takes snippet edits', { timeout: 60_000 }, () => {
  test('the quick fix leaves the shape as a placeholder to type', async () => {
    const server = await startServer({}, { workspace: { workspaceEdit: { documentChanges: true, snippetEditSupport: true } } });
    try {
      const uri = 'file:///work/snippet.py';
      await open(server, uri, 'import keras\nfrom keras import layers\nmodel = keras.Sequential([layers.Dense(3)])\n');
      const diagnostics = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'no-input-shape'));
      const diagnostic = diagnostics.find((x) => x.code === 'no-input-shape')!;
      const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      const action = actions?.[0];
      assert.ok(action && 'edit' in action && action.edit?.documentChanges, JSON.stringify(actions));
      const [change] = action.edit!.documentChanges!;
      assert.ok('edits' in change, JSON.stringify(change));
      const [edit] = change.edits;
      assert.ok('snippet' in edit, JSON.stringify(edit));
      assert.match(edit.snippet.value, /keras\.Input\(shape=.*\$\{1:…\}/);
    } finally {
      await server.stop();
    }
  });
});

describe('model-lens lsp: the analysis deadline', { timeout: 60_000 }, () => {
  test('a document past the deadline says so, the worker is replaced, and other documents keep their lenses', async () => {
    // A deadline under the evaluation's own 1.5 s budget, which the long file needs all of (12,000 models: about
    // 2.7 s of work on a quiet machine, so the budget would cut it): the server's deadline stops it first. With 4,000
    // models a quiet machine finished in 0.9 s, inside the deadline, and the test failed. A fresh worker analyzes the
    // short file well within it (about 300 ms measured under load).
    const server = await startServer({ analysisDeadlineMs: 1000 });
    try {
      const long = 'import keras\nfrom keras import layers\n' + 'model = keras.Sequential([keras.Input(shape=(8,))] + [layers.Dense(8) for _ in range(3)])\n'.repeat(12000);
      await open(server, 'file:///work/long.py', long);
      const stopped = await lensTitles(server, 'file:///work/long.py');
      assert.equal(stopped.length, 1, JSON.stringify(stopped));
      assert.match(stopped[0].title, /^Model Lens: analysis stopped after \d+ ms (at line \d+|before line 1 \(while parsing\)) with no result/);
      const diagnostics = await server.waitForDiagnostics('file:///work/long.py', (d) => d.length > 0);
      assert.match(String(diagnostics[0].message), /analysis stopped after \d+ ms/);
      // A small file is analyzed by the new worker.
      await open(server, 'file:///work/small.py', MODEL);
      const titles = (await lensTitles(server, 'file:///work/small.py')).map((l) => l.title);
      assert.ok(titles.some((t) => t.includes('216,650')), titles.join('\n'));
    } finally {
      await server.stop();
    }
  });
});
