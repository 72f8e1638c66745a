/**
 * The beginner's lessons through the language server, as an editor gets them (issue 17): a shape error with two
 * quick fixes (insert a Reshape; move the Flatten, as line/column edits), and the summary's Markdown.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, type TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspRequests, type SummaryResult } from '../../src/shared/lsp-protocol';
import { CLI, open, ROOT, startServer, type Server } from './lsp-client';

const FLATTEN_FIRST = [
  'import keras',
  'from keras import layers',
  'model = keras.Sequential([',
  '    keras.Input(shape=(28, 28, 1)),',
  '    layers.Flatten(),',
  '    layers.Conv2D(32, 3, activation="relu"),',
  '    layers.MaxPooling2D(),',
  '    layers.Dense(10, activation="softmax"),',
  '])',
  '',
].join('\n');
const TUTORIAL = 'import tensorflow as tf\nmodel = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),\n    tf.keras.layers.Dense(10)])\n';

describe('beginner lessons over LSP', { timeout: 60_000 }, () => {
  let server: Server;
  before(async () => {
    if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'analysis-worker.js'))) throw new Error('Build first: npm run build (the test runs dist/cli.js lsp).');
    server = await startServer();
  });
  after(async () => server?.stop());

  test('Conv2D after Flatten: the plain sentence, the Reshape fix (preferred) and the move fix, which mends the model', async () => {
    const uri = 'file:///work/flatten_first.py';
    await open(server, uri, FLATTEN_FIRST);
    const diagnostics = await server.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'shape-fix'));
    const diagnostic = diagnostics.find((x) => x.code === 'shape-fix')!;
    assert.match(String(diagnostic.message), /\nConv2D needs images shaped \(height, width, channels\), but Flatten on line 5 made each sample a flat vector of 784 numbers/);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) ?? [];
    assert.deepEqual(actions.map((a) => ['title' in a ? a.title : '', 'isPreferred' in a ? a.isPreferred : undefined]), [
      ['Insert layers.Reshape((28, 28, 1)) before Conv2D', true],
      ['Move the Flatten on line 5 after MaxPooling2D on line 7', false],
    ]);
    const move = actions[1];
    assert.ok('edit' in move && move.edit?.changes);
    const moved = TextDocument.applyEdits(TextDocument.create(uri, 'python', 1, FLATTEN_FIRST), move.edit.changes[uri] as TextEdit[]);
    assert.equal(moved, FLATTEN_FIRST.replace('    layers.Flatten(),\n', '').replace('    layers.MaxPooling2D(),\n', '    layers.MaxPooling2D(),\n    layers.Flatten(),\n'));
  });

  test('the summary request gives the table in Markdown too', async () => {
    const uri = 'file:///work/tutorial.py';
    await open(server, uri, TUTORIAL);
    await server.waitForDiagnostics(uri, () => true);
    const summary = await server.connection.sendRequest<SummaryResult | null>(LspRequests.summary, { uri, index: 0 });
    assert.match(summary?.markdown ?? '', /^\| flatten \(Flatten\) \| \(None, 784\) \| 0 \|$/m);
    assert.match(summary?.markdown ?? '', /^- Total params: 7,850 \(30\.66 KB\)$/m);
  });
});
