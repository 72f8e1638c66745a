import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { layerLensTitle } from '../../src/core/report/explain';
import { analyzeNotebook, cellReport, notebookCodeCells, notebookModelIndex, NotebookFormatError, reportLineText } from '../../src/core/python/notebook';
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

  // Which models each cell shows (its lenses, its designer, Train on it), and the line of the model's lens there.
  const SHOWN: { name: string; cells: string[]; expect: [string, number][][] }[] = [
    {
      name: 'Sequential() in one cell, its layers added in the next: both show it; compile alone does not',
      cells: ['import keras\nmodel = keras.Sequential()', 'model.add(keras.Input(shape=(4,)))\nmodel.add(keras.layers.Dense(3))', 'model.compile(loss="mse")'],
      expect: [[['sequential', 1]], [['sequential', 1]], []],
    },
    {
      name: 'a functional model: the cell of its Input and first layers shows it, at the Input',
      cells: ['import keras\ninputs = keras.Input(shape=(3,))\nx = keras.layers.Dense(4)(inputs)', 'outputs = keras.layers.Dense(2)(x)\nmodel = keras.Model(inputs, outputs)'],
      expect: [[['functional', 1]], [['functional', 1]]],
    },
    {
      name: "a subclassed model shows where it is made and built, not in its class's cell",
      cells: [
        'import keras\nclass Net(keras.Model):\n    def __init__(self):\n        super().__init__()\n        self.d = keras.layers.Dense(2)\n    def call(self, x):\n        return self.d(x)',
        'net = Net()\ny = net(keras.Input(shape=(3,)))',
      ],
      expect: [[], [['net', 0]]],
    },
    {
      name: 'a Sequential used as a layer shows in its own cell only; the model using it in the next',
      cells: ['import keras\nbase = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])', 'model = keras.Sequential([keras.Input(shape=(4,)), base, keras.layers.Dense(1)])'],
      expect: [[['sequential', 1]], [['sequential_1', 0]]],
    },
    {
      name: 'a layer made in one cell and added in a later one: both show the model',
      cells: ['import keras\nmodel = keras.Sequential([keras.Input(shape=(4,))])', 'extra = keras.layers.Dense(2)', 'model.add(extra)'],
      expect: [[['sequential', 1]], [['sequential', 0]], [['sequential', 0]]],
    },
  ];
  for (const { name, cells, expect } of SHOWN) {
    test(`models of a cell: ${name}`, () => {
      const analysis = analyzeNotebook(cells);
      assert.deepEqual(
        cells.map((_, i) => cellReport(analysis, i).models.map((m) => [m.name, m.anchor.startLine])),
        expect,
      );
      // Train on a cell picks the same models, in the same order.
      cells.forEach((_, i) => {
        const shown = cellReport(analysis, i).models.map((m) => m.name);
        assert.deepEqual(shown.map((_, j) => analysis.report.models[notebookModelIndex(analysis, i, j)!].name), shown);
      });
    });
  }

  test('a line of a cell report is told by its cell when it is in another one', () => {
    const analysis = analyzeNotebook(['import keras\nmodel = keras.Sequential()', 'model.add(keras.Input(shape=(4,)))\n\nmodel.add(keras.layers.Dense(3))'], [2, 4]);
    const report = cellReport(analysis, 1);
    assert.deepEqual(
      [report.models[0].range.startLine, report.models[0].layers[0].range.startLine, -2, 5].map((line) => reportLineText(report, line)),
      ['line 2 of cell 2', 'line 3', 'line 1 of cell 2', 'line 6'],
    );
    assert.equal(reportLineText(analysis.report, 3), 'line 4');
  });

  test('the CLI reports each model with its cell index and the line within the cell', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', 'examples/fashion_mnist.ipynb', '--json'], { encoding: 'utf8' });
    const report = JSON.parse(out);
    assert.deepEqual([report.models[0].cell, report.models[0].line, report.models[0].totalParams], [2, 1, 203530]);
    assert.deepEqual(report.models[0].layers.map((l: { cell: number; line: number }) => [l.cell, l.line]), [[2, 1], [2, 2], [2, 3]]);
  });

  test('a file that is not shaped like a notebook gets one plain message', () => {
    const cases: [string, RegExp][] = [
      ['null', /^its JSON is null, not a notebook object with a "cells" list$/],
      ['[1, 2]', /^its JSON is a list, not a notebook object/],
      ['{"cells": "str"}', /^its "cells" is not a list$/],
      ['{"cells": [null]}', /^cell 1 is null, not a cell object$/],
      ['{"cells": [{"cell_type": "markdown", "source": ""}, 7]}', /^cell 2 is a number, not a cell object$/],
      ['{"cells": [{"cell_type": "code", "source": {"a": 1}}]}', /^the source of cell 1 is neither text nor a list of lines$/],
      ['{"cells": [', /^it is not valid JSON \(/],
    ];
    for (const [json, message] of cases) {
      assert.throws(() => notebookCodeCells(json), (e: unknown) => e instanceof NotebookFormatError && message.test(e.message), json);
    }
    // Still fine: no cells, a cell without source, metadata of another language.
    assert.deepEqual(notebookCodeCells('{}'), []);
    assert.deepEqual(notebookCodeCells('{"cells": [{"cell_type": "code"}]}'), [{ index: 0, text: '' }]);
  });

  test('the CLI says plainly why a notebook cannot be read, in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-lens-nb-'));
    const file = join(dir, 'broken.ipynb');
    writeFileSync(file, '{"cells": [null]}');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', file], { encoding: 'utf8' });
    rmSync(dir, { recursive: true });
    assert.equal(run.status, 1);
    assert.equal(run.stderr, `model-lens: ${file} is not a notebook Model Lens can read: cell 1 is null, not a cell object\n`);
  });
});
