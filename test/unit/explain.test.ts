import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { activationDoc, optimizerDoc } from '../../src/core/python/docs';
import { layerHoverMarkdown, layerLensTitle, modelLensTitle, symbolHoverMarkdown } from '../../src/core/report/explain';
import { formatBytes, formatCount } from '../../src/core/report/format';
import { symbolAt } from '../../src/core/python/symbol-at';
import './analyze-helpers';

const tutorial = () => readFileSync('examples/fashion_mnist.py', 'utf8');

describe('CodeLens titles', () => {
  test('layers and the model of the tutorial', () => {
    const r = analyzePython(tutorial());
    assert.deepEqual(r.layers.map((l) => layerLensTitle([l])), [
      'Flatten · (None, 784) · 0 params',
      'Dense · (None, 256) · 200,960 params',
      'Dense · (None, 10) · 2,570 params',
    ]);
    assert.equal(modelLensTitle(r.models[0]), 'Sequential "sequential" · 3 layers · 203,530 params · 795.04 KB');
  });

  test('Dense(128) gives 100,480 and a total of 101,770', () => {
    const r = analyzePython(tutorial().replace('Dense(256', 'Dense(128'));
    assert.equal(layerLensTitle([r.layers[1]]), 'Dense · (None, 128) · 100,480 params');
    assert.match(modelLensTitle(r.models[0]), / 101,770 params /);
  });

  test('a line run several times (a loop) shows the layers summed', () => {
    const r = analyzePython(`import keras
model = keras.Sequential([keras.Input(shape=(4,))])
for n in [8, 2]:
    model.add(keras.layers.Dense(n))
`);
    assert.equal(layerLensTitle(r.layers.filter((l) => l.className === 'Dense')), 'Dense ×2 · (None, 8) … (None, 2) · 58 params in all');
  });

  test('non-trainable weights are named in the model lens', () => {
    const r = analyzePython(`import keras
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, trainable=False), keras.layers.Dense(1)])
`);
    assert.equal(modelLensTitle(r.models[0]), 'Sequential "sequential" · 2 layers · 19 params (4 trainable, 15 non-trainable) · 76.00 B');
  });
});

describe('hover', () => {
  test('Dense(256): shapes, how the params are made, the activation', () => {
    const r = analyzePython(tutorial());
    const dense = r.layers[1];
    const md = layerHoverMarkdown(dense, { name: 'relu', doc: activationDoc('relu') });
    assert.match(md, /`\(None, 784\)` → `\(None, 256\)`/);
    assert.match(md, /\*\*200,960 params\*\* = kernel 784×256 = 200,704 \+ bias 256 \(all trainable\)/);
    assert.match(md, /max\(0, x\)/);
    assert.match(md, /keras\.io\/api\/layers\/core_layers\/dense\//);
  });

  test('the symbol under the cursor', () => {
    const text = tutorial();
    const imports = analyzePython(text).imports;
    const at = (needle: string, delta = 1) => symbolAt(text, text.indexOf(needle) + delta, imports);
    assert.deepEqual(pick(at('tf.nn.relu', 7)), ['activation', 'relu']);
    assert.deepEqual(pick(at('Adam')), ['optimizer', 'Adam']);
    assert.deepEqual(pick(at("'sparse_categorical_crossentropy'", 3)), ['loss', 'sparse_categorical_crossentropy']);
    assert.deepEqual(pick(at("'accuracy'", 3)), ['metric', 'accuracy']);
    assert.deepEqual(pick(at('Sequential')), ['modelApi', 'Sequential']);
    assert.deepEqual(pick(at('model.compile', 7)), ['modelApi', 'compile']);
    assert.equal(at('class_names'), undefined);
  });

  test("compile's strings: the optimizer with Keras's defaults, the loss, the metric", () => {
    const text = "import keras\nmodel.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])";
    const imports = analyzePython(text).imports;
    const at = (needle: string) => symbolAt(text, text.indexOf(needle) + 2, imports);
    assert.deepEqual(pick(at("'adam'")), ['optimizer', 'adam']);
    assert.deepEqual(pick(at("'sparse_")), ['loss', 'sparse_categorical_crossentropy']);
    assert.deepEqual(pick(at("'accuracy'")), ['metric', 'accuracy']);
    assert.match(symbolHoverMarkdown(optimizerDoc('adam')!), /`learning_rate=0\.001`, `beta_1=0\.9`, `beta_2=0\.999`, `epsilon=1e-7`/);
  });
});

function pick(s: { kind: string; name: string } | undefined): [string, string] | undefined {
  return s && [s.kind, s.name];
}

describe('numbers as Keras prints them', () => {
  test('counts with thousands separators, exact beyond 2^53', () => {
    assert.equal(formatCount(203530n), '203,530');
    assert.equal(formatCount(0n), '0');
    assert.equal(formatCount(12345678901234567890n), '12,345,678,901,234,567,890');
  });

  test("sizes like Keras's readable_memory_size, ties rounded to even", () => {
    assert.equal(formatBytes(814120n), '795.04 KB');
    assert.equal(formatBytes(0n), '0.00 B');
    assert.equal(formatBytes(1152n), '1.12 KB');
    assert.equal(formatBytes(1023n), '1023.00 B');
    assert.equal(formatBytes(5n * 1024n ** 3n), '5.00 GB');
  });
});
