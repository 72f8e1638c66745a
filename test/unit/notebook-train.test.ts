/**
 * Train on a notebook cell: the plan reads every cell (the model in one, compile and fit in a later one) and
 * tells its lines in cells, counted from the start of each cell.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { notebookCodeCells } from '../../src/core/python/notebook';
import { planNotebookTraining } from '../../src/train/host/notebook-plan';
import { noteText } from '../../src/train/host/plan-notes';

before(async () => {
  await initParser();
});

describe('training the model of a notebook cell', () => {
  test('the tutorial notebook: compile and fit come from the cell below, the data from the cell above', () => {
    const code = notebookCodeCells(readFileSync('examples/fashion_mnist.ipynb', 'utf8'));
    const { plan, problems, lineAt } = planNotebookTraining({ cells: code.map((c) => c.text), cell: 1, cellNumbers: code.map((c) => c.index + 1) });
    assert.deepEqual(problems, []);
    assert.deepEqual([plan!.job.compile.optimizer.name, plan!.job.compile.loss.name, plan!.job.fit.epochs], ['adam', 'sparse_categorical_crossentropy', 5]);
    assert.equal(plan!.compileName, 'adam, sparse_categorical_crossentropy');
    assert.deepEqual(plan!.job.data, { kind: 'keras', dataset: 'fashion_mnist', folders: [] });
    assert.equal(plan!.job.scale, 1 / 255);
    assert.equal(plan!.model.params, 203530n);
    assert.deepEqual(plan!.notes.map(noteText), [
      'optimizer: Adam (learning rate 0.001)',
      'loss: sparse_categorical_crossentropy',
      'epochs: 5 (line 4 of cell 4)',
      'batch size: 32 (not given; default)',
      // Where the analysis sees it loaded: `fashion_mnist.load_data()`.
      'data: Fashion-MNIST (the file loads it on line 4 of cell 2)',
      'preprocessing: inputs divided by 255 (line 5 of cell 2)',
    ]);
    // A failed run points at the layer's line, counted in the notebook read as one program, and is told in its cell.
    assert.deepEqual(plan!.job.model.layerLines, { flatten: 7, dense: 8, dense_1: 9 });
    assert.deepEqual(lineAt(8), { cell: 1, line: 2, where: 'line 2' });
    assert.equal(plan!.job.model.outputLayer, 'Dense "dense_1" (line 3)');
  });

  test('problems carry their cell and the line within it', () => {
    const cells = [
      'import keras\nimport sys\nn = int(sys.argv[1])',
      'model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(1)])',
      '(x, y), _ = keras.datasets.mnist.load_data()\nmodel.compile(loss="mse")\nmodel.fit(x, y, epochs=n)',
    ];
    const { plan, problems } = planNotebookTraining({ cells, cell: 1, cellNumbers: [1, 2, 4] });
    assert.equal(plan, undefined);
    // The model has no input shape of its own; fit() on MNIST's arrays builds it, as Keras does.
    assert.deepEqual(problems, [
      { message: 'model.fit(epochs=n): expected a positive whole number known from the source (int() of a value that is not known).', line: 3, cell: 2, where: 'line 3 of cell 4' },
    ]);
  });

  test('a model filled in several cells: a failed run can point at a layer of any of them', () => {
    const cells = [
      'import keras\n(x, y), _ = keras.datasets.mnist.load_data()\nmodel = keras.Sequential()\nmodel.add(keras.Input(shape=(28, 28)))\nmodel.add(keras.layers.Flatten())',
      'model.add(keras.layers.Dense(32))\nmodel.add(keras.layers.Dense(10))',
      'model.compile(loss="sparse_categorical_crossentropy")\nmodel.fit(x, y)',
    ];
    // Train on the cell of the add() calls: the model made in the cell above is that cell's model too.
    const { plan, lineAt } = planNotebookTraining({ cells, cell: 1, cellNumbers: [2, 3, 5] });
    const places = Object.entries(plan!.job.model.layerLines).map(([name, line]) => [name, lineAt(line)]);
    assert.deepEqual(places, [
      ['flatten', { cell: 0, line: 5, where: 'line 5 of cell 2' }],
      ['dense', { cell: 1, line: 1, where: 'line 1' }],
      ['dense_1', { cell: 1, line: 2, where: 'line 2' }],
    ]);
  });

  test('the model is the one of the clicked cell, by its index in that cell', () => {
    const cells = [
      'import keras\n(x, y), _ = keras.datasets.mnist.load_data()',
      'a = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])',
      'b = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(4), keras.layers.Dense(10)])\nb.fit(x, y, epochs=2)',
    ];
    const { plan } = planNotebookTraining({ cells, cell: 2, cellNumbers: [1, 2, 3] });
    assert.equal(plan!.model.params, 3190n);
    assert.equal(plan!.job.fit.epochs, 2);
    assert.deepEqual(planNotebookTraining({ cells, cell: 0, cellNumbers: [1, 2, 3] }).problems, [{ message: 'No Keras model found in this cell.' }]);
  });
});
