/** The one dispatch of document kinds (src/core/documents.ts) and the one training planner for all of them. */
import { NotebookFormatError } from '../../src/core/python/notebook';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzeDocument, fileLocator, fileSource, initParsersFor, jsOptionsOf, kindOfFile, kindOfLanguage, MODEL_LANGUAGES, type DocumentKind } from '../../src/core/documents';
import { planNotebookTraining } from '../../src/train/host/notebook-plan';
import { planDocument } from '../../src/train/host/plan-document';

before(async () => {
  await initParsersFor([{ kind: 'tfjs', dialect: 'javascript' }]);
});

const python: DocumentKind = { kind: 'python' };
const notebook: DocumentKind = { kind: 'notebook' };
const tfjs = (dialect: 'javascript' | 'typescript' | 'tsx'): DocumentKind => ({ kind: 'tfjs', dialect });

describe('which kind a document is', () => {
  test('by VS Code language id', () => {
    const table: [string, DocumentKind][] = [
      ['python', python],
      ['javascript', tfjs('javascript')],
      // Plain JavaScript accepts JSX.
      ['javascriptreact', tfjs('javascript')],
      ['typescript', tfjs('typescript')],
      ['typescriptreact', tfjs('tsx')],
      ['markdown', { kind: 'none' }],
      ['plaintext', { kind: 'none' }],
      // Language ids are looked up as the table's own keys, never as inherited properties.
      ['constructor', { kind: 'none' }],
    ];
    for (const [language, kind] of table) assert.deepEqual(kindOfLanguage(language), kind, language);
    assert.deepEqual(MODEL_LANGUAGES, ['python', 'javascript', 'javascriptreact', 'typescript', 'typescriptreact']);
  });

  test('a Python cell of a notebook is part of the notebook; other languages stay what they are', () => {
    assert.deepEqual(kindOfLanguage('python', true), notebook);
    assert.deepEqual(kindOfLanguage('typescript', true), tfjs('typescript'));
    assert.deepEqual(kindOfLanguage('markdown', true), { kind: 'none' });
  });

  test('by file name (the CLI): notebooks, TF.js sources, and anything else as Python', () => {
    const table: [string, DocumentKind][] = [
      ['model.py', python],
      ['notebooks/fashion.ipynb', notebook],
      ['train.js', tfjs('javascript')],
      ['train.mjs', tfjs('javascript')],
      ['App.jsx', tfjs('javascript')],
      ['model.ts', tfjs('typescript')],
      ['model.cts', tfjs('typescript')],
      ['App.tsx', tfjs('tsx')],
      ['MODEL.TS', tfjs('typescript')],
      // A declaration file holds no model code: not read as TF.js.
      ['types.d.ts', python],
      ['model.txt', python],
    ];
    for (const [file, kind] of table) assert.deepEqual(kindOfFile(file), kind, file);
  });

  test('each TF.js dialect has the parser options it needs', () => {
    assert.deepEqual(jsOptionsOf('javascript'), {});
    assert.deepEqual(jsOptionsOf('typescript'), { typescript: true });
    assert.deepEqual(jsOptionsOf('tsx'), { typescript: true, jsx: true });
  });
});

const MLP = 'import keras\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])\n';
const TFJS_MLP = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: 3, inputShape: [4]}));\n";

describe('analyzing a document of any kind', () => {
  test('a Python file and a TF.js file give the same report', () => {
    const py = analyzeDocument(fileSource(kindOfFile('m.py'), MLP));
    const js = analyzeDocument(fileSource(kindOfFile('m.js'), TFJS_MLP));
    assert.deepEqual([py.report.models[0].totalParams, js.report.models[0].totalParams], [15n, 15n]);
    assert.equal(py.notebook, undefined);
  });

  test("a notebook file's JSON is read as its Python code cells; its report is the whole notebook's", () => {
    const source = fileSource(notebook, readFileSync('examples/fashion_mnist.ipynb', 'utf8'));
    assert.equal(source.kind, 'notebook');
    const analysis = analyzeDocument(source);
    assert.ok(analysis.notebook);
    assert.equal(analysis.report.models.length, 1);
    // JSON reports of a notebook tell a range's cell (its index among all cells) and its line there.
    const model = analysis.report.models[0];
    assert.deepEqual(fileLocator(source, analysis)(model.range), { cell: 2, line: 1 });
    assert.deepEqual(fileLocator(fileSource(python, MLP), analyzeDocument(fileSource(python, MLP)))(model.range), { line: model.range.startLine + 1 });
  });

  test('a notebook that is not JSON is refused with a plain message', () => {
    assert.throws(() => fileSource(notebook, '{ not json'), (e: unknown) => e instanceof NotebookFormatError && /^it is not valid JSON/.test(e.message));
  });

  test("one cell of a notebook gets its own part of the notebook's report", () => {
    const cells = ['import keras', MLP.split('\n')[1]];
    const whole = analyzeDocument({ kind: 'notebook', cells, cellNumbers: [1, 3] });
    const first = analyzeDocument({ kind: 'notebook', cells, cellNumbers: [1, 3], cell: 0 });
    const second = analyzeDocument({ kind: 'notebook', cells, cellNumbers: [1, 3], cell: 1 });
    assert.deepEqual([whole.report.models.length, first.report.models.length, second.report.models.length], [1, 0, 1]);
    assert.equal(second.report.models[0].range.startLine, 0);
  });
});

describe('planning training for a document of any kind', () => {
  test('a Python file and a TF.js file: problems and lines told as in a file', () => {
    const py = planDocument(fileSource(python, readFileSync('examples/fashion_mnist.py', 'utf8')), {});
    const js = planDocument(fileSource(tfjs('javascript'), readFileSync('examples/tfjs_mnist.js', 'utf8')), {});
    assert.deepEqual([py.plan?.model.params, js.plan?.model.params], [203530n, 203530n]);
    assert.deepEqual(py.lineAt(2), { line: 2, where: 'line 2' });
    const noShape = planDocument({ kind: 'python', text: 'import keras\nmodel = keras.Sequential([keras.layers.Dense(3)])\n' }, {});
    assert.equal(noShape.plan, undefined);
    assert.deepEqual(
      noShape.problems.map((p) => [p.line, p.where, p.cell]),
      noShape.problems.map((p) => [p.line, p.line ? `line ${p.line}` : undefined, undefined]),
    );
    assert.ok(noShape.problems.some((p) => p.line === 2));
  });

  test('a whole notebook is planned for the cell its model is made in, the model counted among all the notebook has', () => {
    const cells = [
      'import keras\n(x, y), _ = keras.datasets.mnist.load_data()',
      'a = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])',
      'b = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(4), keras.layers.Dense(10)])\nb.fit(x, y, epochs=2)',
    ];
    const source = { kind: 'notebook', cells, cellNumbers: [1, 2, 4] } as const;
    const second = planDocument(source, { modelIndex: 1 });
    const inCell = planNotebookTraining({ cells, cell: 2, cellNumbers: [1, 2, 4] }, { modelIndex: 0 });
    assert.equal(second.plan?.model.params, 3190n);
    assert.deepEqual(second.plan?.notes, inCell.plan?.notes);
    assert.deepEqual(second.lineAt(4), { cell: 2, line: 1, where: 'line 1' });
    assert.deepEqual(second.lineAt(3), { cell: 1, line: 1, where: 'line 1 of cell 2' });
    // One cell in the editor: the index counts that cell's models.
    const clicked = planDocument({ ...source, cell: 1 }, { modelIndex: 0 });
    assert.equal(clicked.plan?.model.params, 7850n);
  });
});
