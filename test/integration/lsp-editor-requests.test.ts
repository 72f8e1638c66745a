/**
 * The custom requests the VS Code extension's designer and training ask (modelLens/designerState, designerEdit,
 * layerRange, trainPlan): answered by `model-lens lsp` from its report of exactly the version asked about, as plain
 * JSON, so the extension host parses nothing. A request for another version is answered `{ stale }`, never with
 * the report of the version the server has.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { fromJsonSafe } from '../../src/shared/json-safe';
import {
  LspRequests,
  type DesignerEditParams,
  type DesignerEditResult,
  type DesignerStateParams,
  type DesignerStateResult,
  type LayerRangeParams,
  type LayerRangeResult,
  type TrainPlanParams,
  type TrainPlanResult,
  type Versioned,
} from '../../src/shared/lsp-protocol';
import type { TrainPlan } from '../../src/train/host/plan';
import { CLI, open, ROOT, startServer, type Server } from './lsp-client';

const MODEL = [
  'import keras',
  'from keras import layers',
  '(x_train, y_train), _ = keras.datasets.mnist.load_data()',
  'model = keras.Sequential([',
  '    keras.Input(shape=(28, 28)),',
  '    layers.Flatten(),',
  '    layers.Dense(128, activation="relu"),',
  '    layers.Dense(10),',
  '])',
  'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
  'model.fit(x_train, y_train, epochs=2)',
  '',
].join('\n');

describe('the designer and training requests of model-lens lsp', { timeout: 60_000 }, () => {
  let server: Server;
  const uri = 'file:///work/designer.py';
  const ask = <P, R>(method: string, params: P) => server.connection.sendRequest(method, params) as Promise<Versioned<R>>;

  before(async () => {
    if (!existsSync(CLI) || !existsSync(join(ROOT, 'dist', 'analysis-worker.js'))) throw new Error('Build first: npm run build (the test runs dist/cli.js lsp).');
    server = await startServer();
    await open(server, uri, MODEL);
  });
  after(async () => server?.stop());

  test('designerState: the models and the layer at the cursor, for the version asked about', async () => {
    const offset = MODEL.indexOf('Dense(128');
    const answer = await ask<DesignerStateParams, DesignerStateResult>(LspRequests.designerState, { uri, version: 1, info: { uri, fileName: 'designer.py', version: 1 }, cursorOffset: offset });
    assert.ok('state' in answer, JSON.stringify(answer));
    assert.equal(answer.state.models.length, 1);
    assert.equal(answer.state.cursorLayer, 1);
    assert.ok(answer.state.palette.length > 0);
  });

  test('designerState without a document: the palette and the starters', async () => {
    const answer = await ask<DesignerStateParams, DesignerStateResult>(LspRequests.designerState, {});
    assert.ok('state' in answer && answer.state.starters.length > 0 && answer.state.models.length === 0);
  });

  test('a request for a version the server does not have is stale', async () => {
    const answer = await ask<DesignerStateParams, DesignerStateResult>(LspRequests.designerState, { uri, version: 7, info: { uri, fileName: 'designer.py', version: 7 } });
    assert.deepEqual(answer, { stale: true });
    const edit = await ask<DesignerEditParams, DesignerEditResult>(LspRequests.designerEdit, { uri, version: 7, edit: { kind: 'resetArgument', target: { model: 0, layer: 1, className: 'Dense', name: 'dense' }, argument: 'activation' } });
    assert.deepEqual(edit, { stale: true });
  });

  test('designerEdit: the text edits, as offsets into the version asked about', async () => {
    const target = { model: 0, layer: 1, className: 'Dense', name: 'dense' };
    const answer = await ask<DesignerEditParams, DesignerEditResult>(LspRequests.designerEdit, { uri, version: 1, edit: { kind: 'setArgument', target, argument: 'units', value: { kind: 'int', value: 64 } } });
    assert.ok(!('stale' in answer) && !('stopped' in answer) && answer.ok, JSON.stringify(answer));
    let text = MODEL;
    for (const e of [...answer.edits].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
    assert.match(text, /layers\.Dense\(64, activation="relu"\)/);
    const refused = await ask<DesignerEditParams, DesignerEditResult>(LspRequests.designerEdit, { uri, version: 1, edit: { kind: 'setArgument', target: { ...target, name: 'dense_9' }, argument: 'units', value: { kind: 'int', value: 3 } } });
    assert.ok(!('stale' in refused) && !('stopped' in refused) && !refused.ok, JSON.stringify(refused));
  });

  test('layerRange: where the layer is constructed; null for a name the panel no longer shows', async () => {
    const range = await ask<LayerRangeParams, LayerRangeResult>(LspRequests.layerRange, { uri, version: 1, model: 0, layer: 1, name: 'dense' });
    assert.ok(range && !('stale' in range) && !('stopped' in range), JSON.stringify(range));
    assert.match(MODEL.slice(range.start, range.end), /^layers\.Dense\(128/);
    assert.equal(await ask(LspRequests.layerRange, { uri, version: 1, model: 0, layer: 1, name: 'dense_4' }), null);
  });

  test('trainPlan: the job with the exact params (a bigint across JSON), notes with their lines', async () => {
    const answer = await ask<TrainPlanParams, TrainPlanResult>(LspRequests.trainPlan, { uri, version: 1, options: { modelIndex: 0 } });
    assert.ok(!('stale' in answer) && !('stopped' in answer), JSON.stringify(answer));
    assert.deepEqual(answer.problems, []);
    const plan = fromJsonSafe<TrainPlan>(answer.plan);
    assert.equal(plan.model.params, 101_770n);
    assert.equal(plan.job.fit.epochs, 2);
    assert.equal(answer.lines[10].where, 'line 11');
  });

  test('after a change the old version is stale and the new one is answered', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 7, character: 17 }, end: { line: 7, character: 19 } }, text: '5' }],
    });
    assert.deepEqual(await ask(LspRequests.trainPlan, { uri, version: 1, options: {} }), { stale: true });
    const answer = await ask<TrainPlanParams, TrainPlanResult>(LspRequests.trainPlan, { uri, version: 2, options: {} });
    assert.ok(!('stale' in answer) && !('stopped' in answer));
    assert.equal(fromJsonSafe<TrainPlan>(answer.plan).model.params, 101_125n);
  });
});
