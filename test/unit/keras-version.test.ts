/**
 * Which Keras a project uses: pins of tensorflow / keras / tf-keras in every pin-file format, code only one
 * Keras runs, the interpreter's packages, a notebook's saved summaries; each with the reason people see.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { detectKerasVersion, type KerasFacts } from '../../src/core/keras-version/detect';
import { environmentPackages, notebookFacts, pinFilesUpward } from '../../src/core/keras-version/gather';
import { pinsIn, sideOf } from '../../src/core/keras-version/pins';

const pinned = (path: string, text: string): KerasFacts => ({ pinFiles: [{ path, text }] });

const CASES: readonly [string, KerasFacts, 2 | 3, RegExp][] = [
  ['requirements ==2.12.0', pinned('requirements.txt', 'numpy\ntensorflow==2.12.0\n'), 2, /^tensorflow==2\.12\.0 in requirements\.txt$/],
  ['requirements >=2.16', pinned('requirements.txt', 'tensorflow>=2.16.1'), 3, /tensorflow>=2\.16\.1/],
  ['range below 2.16', pinned('requirements.txt', 'tensorflow >= 2.10, < 2.16  # pinned'), 2, /tensorflow>=2\.10,<2\.16/],
  ['range across 2.16 decides nothing', pinned('requirements.txt', 'tensorflow>=2.10'), 3, /no pin/],
  ['~=2.15.0', pinned('requirements.txt', 'tensorflow-cpu~=2.15.0'), 2, /tensorflow-cpu~=2\.15\.0/],
  ['wildcard', pinned('requirements.txt', 'tensorflow==2.15.*'), 2, /2\.15\.\*/],
  ['2.9 is below 2.16 (numbers, not text)', pinned('requirements.txt', 'tensorflow==2.9'), 2, /2\.9/],
  ['keras>=3', pinned('requirements.txt', 'keras>=3\ntensorflow'), 3, /^keras>=3 in requirements\.txt$/],
  ['keras<3', pinned('requirements.txt', 'keras<3.0'), 2, /keras<3\.0/],
  ['tf-keras', pinned('requirements.txt', 'tensorflow>=2.16\ntf-keras~=2.16'), 2, /tf-keras/],
  ['pyproject PEP 621', pinned('pyproject.toml', '[project]\ndependencies = [\n  "tensorflow==2.13.1",\n]'), 2, /tensorflow==2\.13\.1 in pyproject\.toml/],
  ['pyproject Poetry caret', pinned('pyproject.toml', '[tool.poetry.dependencies]\npython = "^3.10"\ntensorflow = "^2.11"'), 3, /no pin/],
  ['Poetry table', pinned('pyproject.toml', 'tensorflow = { version = "2.14.0", markers = "x" }'), 2, /tensorflow2\.14\.0/],
  ['Pipfile', pinned('Pipfile', '[packages]\nkeras = "==3.3.3"'), 3, /keras==3\.3\.3 in Pipfile/],
  ['environment.yml conda', pinned('environment.yml', 'dependencies:\n  - python=3.9\n  - tensorflow=2.10.0=cpu_py39\n'), 2, /tensorflow=2\.10\.0 in environment\.yml/],
  ['setup.py', pinned('setup.py', 'install_requires=["numpy", "tensorflow>=2.4,<2.11"]'), 2, /setup\.py/],
  ['nearest pin file wins', { pinFiles: [{ path: 'a/requirements.txt', text: 'keras==2.15.0' }, { path: 'requirements.txt', text: 'keras==3.1' }] }, 2, /a\/requirements/],
  ['prose and code are not pins', pinned('setup.py', 'import keras\nfrom keras.layers import Dense\n# tensorflow 2.12 is great'), 3, /no pin/],
  ['import tf_keras', { sourceText: 'import tf_keras as keras\n', ...pinned('requirements.txt', 'keras>=3') }, 2, /import tf_keras/],
  ['TF_USE_LEGACY_KERAS', { sourceText: 'import os\nos.environ["TF_USE_LEGACY_KERAS"] = "1"\n' }, 2, /TF_USE_LEGACY_KERAS/],
  ['keras.ops', { sourceText: 'from keras import layers, ops\n', ...pinned('requirements.txt', 'tensorflow==2.12') }, 3, /keras\.ops/],
  ['from tensorflow import keras alone', { sourceText: 'from tensorflow import keras\n' }, 3, /no pin/],
  ['interpreter keras 2.15', { interpreter: { where: '.venv', packages: new Map([['keras', '2.15.0'], ['tensorflow', '2.15.1']]) } }, 2, /^keras 2\.15\.0 installed in \.venv$/],
  ['interpreter over pins', { interpreter: { where: '.venv', packages: new Map([['tensorflow', '2.17.0']]) }, ...pinned('requirements.txt', 'tensorflow==2.12') }, 3, /tensorflow 2\.17\.0/],
  ['notebook tf.keras 2 summary', { notebookOutputs: ['Model: "sequential"\n___\n Layer (type)  Output Shape  Param #\n=================================================================\nTotal params: 10'] }, 2, /tf\.keras 2 layout/],
  ['notebook Keras 3 summary', { notebookOutputs: ['Model: "sequential"\n┏━━━┓\nTotal params: 10'] }, 3, /Keras 3 layout/],
  ['notebook pip line', { installLines: ['!pip install -q tensorflow==2.15.0'] }, 2, /pip install/],
];

for (const [name, facts, version, reason] of CASES) {
  test(`keras version: ${name}`, () => {
    const choice = detectKerasVersion(facts);
    assert.equal(choice.version, version, choice.reason);
    assert.match(choice.reason, reason);
  });
}

test('keras version: the setting wins over every fact', () => {
  assert.deepEqual(detectKerasVersion({ sourceText: 'import tf_keras' }, '3'), { version: 3, reason: 'set by modelLens.keras.version' });
  assert.equal(detectKerasVersion({}, '2').version, 2);
});

test('keras version: specifier sides', () => {
  assert.equal(sideOf('==2.16.0', [2, 16]), 'above');
  assert.equal(sideOf('<=2.15.1', [2, 16]), 'below');
  assert.equal(sideOf('<=2.16', [2, 16]), 'either');
  assert.equal(sideOf('^2.15', [2, 16]), 'either');
  assert.equal(sideOf('~2.15', [2, 16]), 'below');
  assert.equal(sideOf('', [3]), 'either');
  assert.equal(sideOf('garbage', [3]), 'either');
  assert.deepEqual(pinsIn('tensorflow[and-cuda]==2.15.0').map((p) => p.text), ['tensorflow==2.15.0']);
});

test('keras version: facts from disk (pin files upward, notebook outputs, dist-info folders)', () => {
  const root = mkdtempSync(join(tmpdir(), 'model-lens-kv-'));
  try {
    mkdirSync(join(root, 'src', 'models'), { recursive: true });
    writeFileSync(join(root, 'requirements.txt'), 'tensorflow==2.12.0\n');
    writeFileSync(join(root, 'src', 'pyproject.toml'), '[project]\nname = "x"\n');
    const pins = pinFilesUpward(join(root, 'src', 'models'), root);
    assert.deepEqual(pins.map((p) => p.path), [join('src', 'pyproject.toml'), 'requirements.txt']);
    assert.equal(detectKerasVersion({ pinFiles: pins }).reason, 'tensorflow==2.12.0 in requirements.txt');
    const site = join(root, 'env', 'lib', 'python3.11', 'site-packages');
    mkdirSync(join(site, 'keras-3.4.1.dist-info'), { recursive: true });
    mkdirSync(join(site, 'tf_keras-2.16.0.dist-info'), { recursive: true });
    assert.deepEqual([...environmentPackages(join(root, 'env'))].sort(), [['keras', '3.4.1'], ['tf-keras', '2.16.0']]);
    const nb = JSON.stringify({ cells: [{ cell_type: 'code', source: ['%pip install keras==2.15\n', 'import keras'], outputs: [{ text: ['Total params: 1\n', '┏'] }] }] });
    assert.deepEqual(notebookFacts(nb), { notebookOutputs: ['Total params: 1\n┏'], installLines: ['%pip install keras==2.15'] });
    assert.deepEqual(notebookFacts('not json'), {});
    assert.deepEqual(pinFilesUpward(join(root, 'gone', 'deeper'), root).map((p) => p.path), ['requirements.txt']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
