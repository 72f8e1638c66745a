import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { layerLensTitle } from '../../src/core/explain';
import { analyzeNotebook, cellReport, notebookCodeCells } from '../../src/core/notebook';
import './analyze-helpers';

describe('notebooks', () => {
  const cells = () => notebookCodeCells(readFileSync('examples/fashion_mnist.ipynb', 'utf8'));

  test('a cell sees the imports of the cells above it and shows the same lenses as the .py file', () => {
    const analysis = analyzeNotebook(cells().map((c) => c.text));
    const modelCell = cellReport(analysis, 1);
    assert.deepEqual(modelCell.layers.map((l) => layerLensTitle([l])), [
      'Flatten · (None, 784) · 0 params',
      'Dense · (None, 256) · 200,960 params',
      'Dense · (None, 10) · 2,570 params',
    ]);
    assert.deepEqual(modelCell.layers.map((l) => l.range.startLine), [0, 1, 2]);
    assert.equal(modelCell.models[0].totalParams, 203530n);
    assert.deepEqual(cellReport(analysis, 0).layers, []);
  });

  test('Sequential() in one cell, model.add in the next', () => {
    const analysis = analyzeNotebook([
      'import keras\nmodel = keras.Sequential()\nmodel.add(keras.Input(shape=(4,)))',
      'model.add(keras.layers.Dense(3))',
      '%pip install keras\nmodel.add(keras.layers.Dense(1))',
    ]);
    assert.deepEqual(analysis.report.models[0].layers.map((l) => l.params), [15n, 4n]);
    assert.deepEqual(cellReport(analysis, 2).layers.map((l) => [l.range.startLine, l.params]), [[1, 4n]]);
  });

  test('the CLI reports each model with its cell index and the line within the cell', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', 'examples/fashion_mnist.ipynb', '--json'], { encoding: 'utf8' });
    const report = JSON.parse(out);
    assert.deepEqual([report.models[0].cell, report.models[0].line, report.models[0].totalParams], [2, 1, 203530]);
    assert.deepEqual(report.models[0].layers.map((l: { cell: number; line: number }) => [l.cell, l.line]), [[2, 1], [2, 2], [2, 3]]);
  });
});
