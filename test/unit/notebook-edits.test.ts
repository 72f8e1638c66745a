/**
 * The designer on a notebook cell: the cell's report counts every position from the cell's start (down to each
 * argument of each layer call), so an edit computed from it lands on the right text of the cell. Each test
 * checks the exact cell source that results; layers written in another cell are read-only here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { designerState } from '../../src/core/designer/designer-view';
import type { ArgValue } from '../../src/shared/arg-values';
import { computeDesignerEdit, modelFingerprint, type DesignerEdit, type LayerTarget } from '../../src/core/designer/edits/designer-edits';
import { applyEdits } from '../../src/core/designer/edits/text-edit';
import { analyzeNotebook, cellAtLine, cellReport, cellSource, notebookCodeCells, notebookModelIndex } from '../../src/core/python/notebook';
import { addInputFix } from '../../src/core/designer/quick-fixes';
import type { Report } from '../../src/core/report/report';

before(async () => {
  await initParser();
});

const int = (value: number): ArgValue => ({ kind: 'int', value });
const act = (name: string): ArgValue => ({ kind: 'activation', name });

function target(r: Report, layer: number, model = 0): LayerTarget {
  const l = r.models[model].layers[layer];
  return { model, layer, className: l.className, name: l.name };
}

type Request = (r: Report) => DesignerEdit;
const setArg = (layer: number, argument: string, value: ArgValue): Request => (r) => ({ kind: 'setArgument', target: target(r, layer), argument, value });
const resetArg = (layer: number, argument: string): Request => (r) => ({ kind: 'resetArgument', target: target(r, layer), argument });
const add = (index: number, className: string, args: { name: string; value: ArgValue }[]): Request => (r) => ({ kind: 'addLayer', model: 0, fingerprint: modelFingerprint(r.models[0]), index, className, args });
const del = (layer: number): Request => (r) => ({ kind: 'deleteLayer', target: target(r, layer), fingerprint: modelFingerprint(r.models[0]) });
const move = (layer: number, to: number): Request => (r) => ({ kind: 'moveLayer', target: target(r, layer), fingerprint: modelFingerprint(r.models[0]), to });

/** The edit as the extension makes it: on the cell's report and the cell's text as analyzed, applied to the cell. */
function editCell(cells: readonly string[], cell: number, request: Request): { ok: true; text: string } | { ok: false; reason: string } {
  const report = cellReport(analyzeNotebook(cells), cell);
  const result = computeDesignerEdit(cellSource(cells[cell]), report, request(report));
  return result.ok ? { ok: true, text: applyEdits(cells[cell], result.edits) } : result;
}

function edited(cells: readonly string[], cell: number, request: Request): string {
  const result = editCell(cells, cell, request);
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return result.text;
}

function refusal(cells: readonly string[], cell: number, request: Request): string {
  const result = editCell(cells, cell, request);
  assert.equal(result.ok, false, 'the edit should be refused');
  return (result as { reason: string }).reason;
}

describe('the tutorial notebook: imports in one cell, the model in the next', () => {
  const cells = notebookCodeCells(readFileSync('examples/fashion_mnist.ipynb', 'utf8')).map((c) => c.text);
  const MODEL = cells[1];
  const PAD = ' '.repeat(36);

  test('the fixture is as expected', () => {
    assert.ok(MODEL.startsWith('model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),\n'));
  });

  test('Dense 256 → 128: only that number in the cell changes', () => {
    assert.equal(edited(cells, 1, setArg(1, 'units', int(128))), MODEL.replace('Dense(256,', 'Dense(128,'));
  });

  test('an activation keeps the tf.nn style of the cell', () => {
    assert.equal(edited(cells, 1, setArg(2, 'activation', act('sigmoid'))), MODEL.replace('tf.nn.softmax', 'tf.nn.sigmoid'));
  });

  test('reset an argument: it leaves the call', () => {
    assert.equal(edited(cells, 1, resetArg(1, 'activation')), MODEL.replace('Dense(256, activation=tf.nn.relu)', 'Dense(256)'));
  });

  test('add Dropout after the hidden layer, named like its neighbours (tf is imported in the cell above)', () => {
    assert.equal(
      edited(cells, 1, add(2, 'Dropout', [{ name: 'rate', value: { kind: 'float', value: 0.2 } }])),
      MODEL.replace('tf.nn.relu),\n', `tf.nn.relu),\n${PAD}tf.keras.layers.Dropout(0.2),\n`),
    );
  });

  test('delete and move layers within the cell', () => {
    assert.equal(edited(cells, 1, del(1)), MODEL.replace(`${PAD}tf.keras.layers.Dense(256, activation=tf.nn.relu),\n`, ''));
    assert.equal(
      edited(cells, 1, move(2, 1)),
      MODEL.replace('Dense(256, activation=tf.nn.relu),\n', 'Dense(10, activation=tf.nn.softmax),\n').replace('Dense(10, activation=tf.nn.softmax)])', 'Dense(256, activation=tf.nn.relu)])'),
    );
  });

  test('the designer shows the cell model: lines within the cell, structure editable, no layer shared', () => {
    const analysis = analyzeNotebook(cells);
    const state = designerState(cellReport(analysis, 1), cellSource(MODEL), { uri: 'vscode-notebook-cell:/nb.ipynb#c2', fileName: 'nb.ipynb', version: 1 }, {});
    const model = state.model!;
    assert.equal(model.where, 'line 1');
    assert.deepEqual(model.layers.map((c) => [c.where, c.params, c.sharedWith, c.readOnly]), [
      ['line 1', '0', 0, undefined],
      ['line 2', '200,960', 0, undefined],
      ['line 3', '2,570', 0, undefined],
    ]);
    assert.deepEqual(model.structure, { editable: true });
  });

  test('Train finds the cell model in the notebook, and notebook lines go back to cells', () => {
    const analysis = analyzeNotebook(cells);
    assert.equal(notebookModelIndex(analysis, 1, 0), 0);
    assert.equal(notebookModelIndex(analysis, 2, 0), undefined);
    const fitLine = analysis.text.split('\n').findIndex((l) => l.startsWith('model.fit('));
    assert.deepEqual(cellAtLine(analysis, fitLine), { cell: 2, line: 3 });
    assert.deepEqual(cellAtLine(analysis, 0), { cell: 0, line: 0 });
  });
});

describe('positions in a cell report', () => {
  test('a magic line above the model is kept, and the edit lands after it', () => {
    const cells = ['import keras', '%matplotlib inline\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8)])'];
    assert.equal(edited(cells, 1, setArg(0, 'units', int(16))), '%matplotlib inline\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(16)])');
  });

  test('a cell with \\r\\n line breaks: the edit lands on the same text', () => {
    const cells = ['import keras\r\n', 'x = 1\r\nmodel = keras.Sequential([keras.Input(shape=(4,)),\r\n    keras.layers.Dense(8)])'];
    assert.equal(edited(cells, 1, setArg(0, 'units', int(16))), cells[1].replace('Dense(8)', 'Dense(16)'));
    assert.equal(cellReport(analyzeNotebook(cells), 1).layers[1].range.startLine, 2);
  });

  test('a new argument is appended inside the call in the cell', () => {
    const cells = ['import keras\nx = 1', 'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8)])'];
    assert.equal(edited(cells, 1, setArg(0, 'use_bias', { kind: 'bool', value: false })), 'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, use_bias=False)])');
  });

  test('model.add in a later cell: that layer is read-only here and the structure is changed in the code', () => {
    const cells = ['import keras\nmodel = keras.Sequential()\nmodel.add(keras.Input(shape=(4,)))\nmodel.add(keras.layers.Dense(3))', 'model.add(keras.layers.Dense(1))'];
    assert.match(refusal(cells, 0, setArg(1, 'units', int(2))), /written in another cell/);
    assert.match(refusal(cells, 0, resetArg(1, 'name')), /written in another cell/);
    assert.match(refusal(cells, 0, del(0)), /added in another cell/);
    // The layer of this cell is still edited in place.
    assert.equal(edited(cells, 0, setArg(0, 'units', int(5))), cells[0].replace('Dense(3)', 'Dense(5)'));
    const state = designerState(cellReport(analyzeNotebook(cells), 0), cellSource(cells[0]), { uri: 'c', fileName: 'nb.ipynb', version: 1 }, {});
    assert.deepEqual(state.model!.layers.map((c) => c.readOnly), [undefined, 'It is written in another cell: edit it there.']);
  });

  test('a functional model using a layer made in the cell above: that layer is read-only', () => {
    const cells = ['import keras\nhidden = keras.layers.Dense(4)', 'inputs = keras.Input(shape=(3,))\noutputs = keras.layers.Dense(2)(hidden(inputs))\nmodel = keras.Model(inputs, outputs)'];
    const report = cellReport(analyzeNotebook(cells), 1);
    assert.deepEqual(report.models[0].layers.map((l) => l.className), ['InputLayer', 'Dense', 'Dense']);
    assert.match(refusal(cells, 1, setArg(1, 'units', int(8))), /written in another cell/);
    assert.equal(edited(cells, 1, setArg(2, 'units', int(6))), cells[1].replace('Dense(2)', 'Dense(6)'));
  });

  test('one layer is one object in the cell report (its model, the layer list, its compile call)', () => {
    const cells = ['import keras', 'model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8)])\nmodel.compile(loss="mse")'];
    const report = cellReport(analyzeNotebook(cells), 1);
    const dense = report.models[0].layers[0];
    assert.equal(report.layers.find((l) => l.className === 'Dense'), dense);
    assert.equal(report.compiles[0].model, report.models[0].model);
    assert.equal(report.compiles[0].range.startLine, 1);
    const args = dense.layer.args!;
    assert.equal(cells[1].slice(args.range.startIndex, args.range.endIndex), '(8)');
    const model = report.models[0].model;
    const entry = model.kind === 'sequential' ? model.layers.find((e) => e.layer === dense.layer) : undefined;
    assert.equal(cells[1].slice(entry!.range.startIndex, entry!.range.endIndex), 'keras.layers.Dense(8)');
  });

  test('the quick fix that adds an Input lands in the cell', () => {
    const cells = ['import keras\n', 'model = keras.Sequential([\n    keras.layers.Dense(8),\n    keras.layers.Dense(1),\n])'];
    const report = cellReport(analyzeNotebook(cells), 1);
    const fix = addInputFix(report.models[0], report.imports)!;
    assert.deepEqual([fix.offset, fix.line, fix.col], [cells[1].indexOf('keras.layers.Dense(8)'), 1, 4]);
  });
});

describe('a model made in one cell and filled with model.add in a later one', () => {
  const cells = ['import keras', 'model = keras.Sequential()\nmodel.add(keras.Input(shape=(4,)))', 'model.add(keras.layers.Dense(8))\nmodel.add(keras.layers.Dense(1))'];
  const doc = { uri: 'vscode-notebook-cell:/nb.ipynb#c5', fileName: 'nb.ipynb, cell 5', version: 1 };

  test('the designer on the later cell shows the model, where it is made, and edits the layers of the cell', () => {
    // Cells numbered as VS Code shows them: a markdown cell before each code cell.
    const state = designerState(cellReport(analyzeNotebook(cells, [2, 4, 6]), 2), cellSource(cells[2]), doc, {});
    assert.deepEqual(state.models.map((m) => m.label), ['model (Sequential, line 1 of cell 4)']);
    const model = state.model!;
    assert.equal(model.where, 'line 1 of cell 4');
    assert.deepEqual(model.layers.map((c) => [c.name, c.where, c.params, c.readOnly]), [
      ['dense', 'line 1', '40', undefined],
      ['dense_1', 'line 2', '9', undefined],
    ]);
    assert.deepEqual(model.structure, { editable: true });
  });

  test('arguments, new layers, deletions and moves land in the later cell', () => {
    assert.equal(edited(cells, 2, setArg(0, 'units', int(16))), cells[2].replace('Dense(8)', 'Dense(16)'));
    assert.equal(
      edited(cells, 2, add(1, 'Dropout', [{ name: 'rate', value: { kind: 'float', value: 0.2 } }])),
      'model.add(keras.layers.Dense(8))\nmodel.add(keras.layers.Dropout(0.2))\nmodel.add(keras.layers.Dense(1))',
    );
    assert.equal(edited(cells, 2, del(0)), 'model.add(keras.layers.Dense(1))');
    assert.equal(edited(cells, 2, move(1, 0)), 'model.add(keras.layers.Dense(1))\nmodel.add(keras.layers.Dense(8))');
  });

  test('cards of layers written in another cell say which cell, and stay read-only', () => {
    const split = ['import keras\nmodel = keras.Sequential()\nmodel.add(keras.Input(shape=(4,)))\nmodel.add(keras.layers.Dense(8))', 'model.add(keras.layers.Dense(1))'];
    const state = designerState(cellReport(analyzeNotebook(split, [1, 3]), 1), cellSource(split[1]), doc, {});
    assert.deepEqual(state.model!.layers.map((c) => [c.where, c.readOnly]), [
      ['line 4 of cell 1', 'It is written in another cell: edit it there.'],
      ['line 1', undefined],
    ]);
    assert.deepEqual(state.model!.structure, { editable: false, reason: 'Layer "dense" is added in another cell; add, delete and move layers in the code.' });
  });
});

describe('diagnostics in a notebook cell', () => {
  const cells = [
    'import keras\nfrom keras import layers',
    'model = keras.Sequential([\n    keras.Input(shape=(784,)),\n    layers.Dense(64),\n    layers.Conv2D(8, 3),\n])',
    'other = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(2)])',
  ];

  test('a shape error shows in its cell, in Keras words, on the line counted from the cell; other cells have none', () => {
    const analysis = analyzeNotebook(cells);
    const errors = cellReport(analysis, 1).diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(errors[0].message, /Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2/);
    assert.equal(errors[0].range.startLine, 3);
    assert.deepEqual(cellReport(analysis, 0).diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(cellReport(analysis, 2).diagnostics.filter((d) => d.severity === 'error'), []);
  });
});
