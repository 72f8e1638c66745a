/**
 * Models across files: imports of the workspace's own modules (Python absolute and relative, JS/TS relative and
 * `require`), bounded and evaluated once per analysis. Expected numbers come from running the fixtures
 * (test/fixtures/multi-file/) with real Keras 3.15.1 and tfjs-layers 4.22.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import { analyzeDocument, fileSource, initParsersFor, kindOfFile } from '../../src/core/documents';
import type { ModuleContext } from '../../src/core/modules/loader';
import { jsCandidates, pythonCandidates, workspaceModuleReader, workspaceRootOf, type ReadModule } from '../../src/core/modules/resolve';
import { toJsonReport } from '../../src/core/report/json';
import { fileModuleContext } from '../../src/cli/workspace-modules';

const FIXTURES = resolve(__dirname, '../fixtures/multi-file');

before(async () => {
  await initParsersFor([{ kind: 'python' }, { kind: 'tfjs', dialect: 'typescript' }]);
});

interface Row {
  type: string;
  outputShape: unknown;
  params: number | null;
  line: number;
}
interface Model {
  name: string;
  line: number;
  totalParams: number | null;
  trainableParams: number | null;
  context?: string;
  layers: Row[];
}

function report(path: string, text: string, modules?: ModuleContext): { models: Model[]; diagnostics: { message: string }[] } {
  const analysis = analyzeDocument(fileSource(kindOfFile(path), text), modules);
  return JSON.parse(JSON.stringify(toJsonReport(path, analysis.report), (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
}

/** A fixture analyzed as the CLI does (the file system, the workspace root found from the file). */
function fixture(relative: string) {
  const path = join(FIXTURES, relative);
  return report(path, readFileSync(path, 'utf8'), fileModuleContext(path));
}

/** A workspace in memory: path → text. */
function memory(files: Record<string, string>, counts?: Map<string, number>): ReadModule {
  return workspaceModuleReader('/ws', (path) => {
    counts?.set(path, (counts.get(path) ?? 0) + 1);
    return Object.hasOwn(files, path) ? { text: files[path], version: 1 } : undefined;
  });
}

describe('Python: a builder or a class from a sibling module', () => {
  test('`from model import build_model` called with its arguments: exact as Keras (173,930), placed at the call', () => {
    const r = fixture('py-builder/train.py');
    assert.equal(r.models.length, 1);
    assert.equal(r.models[0].totalParams, 173_930);
    assert.deepEqual(r.models[0].layers.map((l) => [l.type, l.params]), [['Conv2D', 160], ['MaxPooling2D', 0], ['Flatten', 0], ['Dense', 173_120], ['Dense', 650]]);
    // Lenses and diagnostics are drawn in the analyzed file: at the line that calls the builder.
    assert.deepEqual([...new Set([r.models[0].line, ...r.models[0].layers.map((l) => l.line)])], [3]);
  });

  test('the builder\'s own file, which never calls it, shows it with its defaults: `?` only where num_classes matters', () => {
    const r = fixture('py-builder/model.py');
    assert.equal(r.models.length, 1);
    assert.deepEqual(r.models[0].layers.map((l) => [l.type, l.params]), [['Conv2D', 160], ['MaxPooling2D', 0], ['Flatten', 0], ['Dense', 173_120], ['Dense', null]]);
  });

  test('without a module reader the import means nothing known, as before (no model, no crash)', () => {
    const path = join(FIXTURES, 'py-builder/train.py');
    assert.equal(report(path, readFileSync(path, 'utf8')).models.length, 0);
  });

  test('a subclass from a package module (`from nets.cnn import CNN`, `import nets.cnn as m`) with a relative import inside: 269 as Keras', () => {
    const r = fixture('py-package/main.py');
    assert.equal(r.models.length, 2);
    assert.equal(r.models[0].totalParams, 269);
    assert.deepEqual(r.models[0].layers.map((l) => [l.type, l.outputShape, l.params]), [
      ['Conv2D', [null, 32, 32, 8], 224],
      ['GlobalAveragePooling2D', null, 0],
      ['Dense', [null, 5], 45],
    ]);
  });

  test('relative imports resolve from the importing file; `import a.b` binds the package with its submodule', () => {
    const files = {
      '/ws/pkg/__init__.py': '',
      '/ws/pkg/layers_lib.py': 'from keras import layers\nWIDTH = 12\ndef head(n):\n    return layers.Dense(n)\n',
      '/ws/pkg/app.py': 'import keras\nfrom .layers_lib import head, WIDTH\nimport pkg.layers_lib\nm = keras.Sequential([keras.Input((4,)), head(WIDTH), pkg.layers_lib.head(2)])\n',
    };
    const r = report('/ws/pkg/app.py', files['/ws/pkg/app.py'], { path: '/ws/pkg/app.py', read: memory(files) });
    assert.deepEqual(r.models[0].layers.map((l) => [l.type, l.params]), [['Dense', 60], ['Dense', 26]]);
  });

  test('a module imported twice, and by another module, is read and evaluated once per analysis', () => {
    const counts = new Map<string, number>();
    const files = {
      '/ws/common.py': 'from keras import layers\ndef dense(n):\n    return layers.Dense(n)\n',
      '/ws/blocks.py': 'from common import dense\n',
      '/ws/main.py': 'import keras\nfrom common import dense\nfrom blocks import dense as d2\nimport common\nm = keras.Sequential([keras.Input((3,)), dense(2), d2(1), common.dense(1)])\n',
    };
    const r = report('/ws/main.py', files['/ws/main.py'], { path: '/ws/main.py', read: memory(files, counts) });
    assert.equal(r.models[0].totalParams, 8 + 3 + 2);
    // `from common import dense` asks for the module; every later import of common is the cached one.
    assert.ok([...counts.values()].every((n) => n <= 3), JSON.stringify([...counts]));
  });

  test('an import cycle, a module deeper than the bound, and a file outside the workspace end quietly', () => {
    const files = {
      '/ws/a.py': 'from b import f\nfrom keras import layers\ndef g():\n    return layers.Dense(1)\n',
      '/ws/b.py': 'from a import g\ndef f():\n    return g()\n',
      '/ws/main.py': 'import keras\nfrom a import f, g\nm = keras.Sequential([keras.Input((3,)), g()])\nn = f()\n',
    };
    const r = report('/ws/main.py', files['/ws/main.py'], { path: '/ws/main.py', read: memory(files) });
    assert.equal(r.models[0].totalParams, 4);
    const deep = { path: '/ws/main.py', read: memory(files), limits: { maxDepth: 0, maxFiles: 10 } };
    assert.equal(report('/ws/main.py', files['/ws/main.py'], deep).models[0].totalParams, null);
  });
});

describe('bad modules never throw nor hang', () => {
  test('half-typed code, a module that throws when read, one past the size limit, deep recursion: the importer still reports', () => {
    const files: Record<string, string> = {
      '/ws/broken.py': 'def f(:\n  return (((\n',
      '/ws/huge.py': 'x = 1\n'.repeat(200_000),
      '/ws/loop.py': 'def f(n):\n    return f(n + 1)\nX = f(0)\nwhile True:\n    pass\n',
    };
    const base = workspaceModuleReader('/ws', (path) => (Object.hasOwn(files, path) ? { text: files[path], version: 1 } : undefined));
    const read: ReadModule = (from, spec) => {
      if (spec === 'throws') throw new Error('disk on fire');
      return base(from, spec);
    };
    const text = 'import keras\nfrom broken import f\nfrom huge import x\nfrom loop import X\nimport throws\nm = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])\n';
    const started = performance.now();
    const r = report('/ws/main.py', text, { path: '/ws/main.py', read });
    assert.equal(r.models[0].totalParams, 9);
    assert.ok(performance.now() - started < 5000);
  });
});

describe('TF.js: relative imports and require', () => {
  test('`require(\'./model\')` builders: each of the three models once, with tfjs-layers\' numbers (880, 145, 1,025)', () => {
    const r = fixture('js-acgan/gan.js');
    assert.deepEqual(r.models.map((m) => [m.name, m.totalParams, m.trainableParams]), [
      ['sequential_1', 880, 880],
      ['sequential_2', 145, 0],
      ['model1', 1025, 880],
    ]);
  });

  test('TypeScript `import {createGenerator} from \'./model\'` and `import * as models`: the models at their calls', () => {
    const r = fixture('js-acgan/train.ts');
    assert.deepEqual(r.models.slice(0, 2).map((m) => [m.totalParams, m.line]), [[688, 6], [145, 7]]);
  });
});

describe('a model is reported once per construction', () => {
  test('TF.js builders called by an uncalled `run()`: each of the three models once, as run() makes them (9, 40, 49 as tfjs-layers)', () => {
    // Before: the builders ran on their own first (sequential_1, sequential_2, model1 with ? totals), then again from run().
    const r = fixture('js-gan-run/gan.js');
    assert.deepEqual(r.models.map((m) => [m.totalParams, m.context]), [
      [9, 'by run() with its defaults'],
      [40, 'by run() with its defaults'],
      [49, 'by run() with its defaults'],
    ]);
  });

  test('Python: a `train()` nobody calls that calls `build_model()`: the model once', () => {
    const text = 'import keras\nfrom keras import layers\n\ndef build_model(n=3):\n    return keras.Sequential([keras.Input((2,)), layers.Dense(n)])\n\ndef train():\n    model = build_model(5)\n    model.compile(loss="mse")\n';
    const r = report('/ws/train.py', text);
    assert.deepEqual(r.models.map((m) => [m.totalParams, m.context]), [[15, 'by train() with its defaults']]);
  });
});

describe('module resolution', () => {
  test('Python: the importing folder, then the workspace root; relative dots go up', () => {
    assert.deepEqual(pythonCandidates('/ws/src/app.py', 'model', '/ws'), ['/ws/src/model.py', '/ws/src/model/__init__.py', '/ws/model.py', '/ws/model/__init__.py']);
    assert.deepEqual(pythonCandidates('/ws/pkg/sub/app.py', '..nets', '/ws'), ['/ws/pkg/nets.py', '/ws/pkg/nets/__init__.py']);
    assert.deepEqual(pythonCandidates('/ws/app.py', 'os;rm', '/ws'), []);
  });

  test('JavaScript: only relative specifiers; `./model.js` may be `model.ts`', () => {
    assert.deepEqual(jsCandidates('/ws/a.js', '@tensorflow/tfjs'), []);
    assert.ok(jsCandidates('/ws/src/a.ts', './model.js').includes('/ws/src/model.ts'));
    assert.ok(jsCandidates('/ws/src/a.ts', '../lib').includes('/ws/lib/index.js'));
  });

  test('nothing outside the workspace root is read', () => {
    const read = memory({ '/etc/model.py': 'x = 1', '/ws/model.py': 'x = 2' });
    assert.equal(read('/ws/app.py', '..model'), undefined);
    assert.equal(read('/ws/app.py', 'model')?.path, '/ws/model.py');
  });

  test('the workspace root is the nearest folder with a project marker, else the file\'s folder', () => {
    const exists = (p: string) => p === '/ws/.git' || p === '/ws/sub/pyproject.toml';
    assert.equal(workspaceRootOf('/ws/sub/deep/a.py', exists), '/ws/sub');
    assert.equal(workspaceRootOf('/other/x/a.py', exists), '/other/x');
  });
});
