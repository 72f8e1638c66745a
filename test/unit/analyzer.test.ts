import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { analyze, layerRows } from './analyze-helpers';

const TUTORIAL_ROWS = [
  ['Flatten', [null, 784], 0],
  ['Dense', [null, 256], 200960],
  ['Dense', [null, 10], 2570],
];

describe('the tutorial model', () => {
  test('examples/fashion_mnist.py matches Keras exactly', () => {
    const r = analyze(readFileSync('examples/fashion_mnist.py', 'utf8'));
    assert.equal(r.models.length, 1);
    const m = r.models[0];
    assert.deepEqual(layerRows(r), TUTORIAL_ROWS);
    assert.deepEqual([m.totalParams, m.trainableParams, m.nonTrainableParams], [203530, 203530, 0]);
    assert.deepEqual(m.layers.map((l) => l.name), ['flatten', 'dense', 'dense_1']);
    assert.deepEqual(m.layers.map((l) => l.line), [13, 14, 15]);
    assert.deepEqual(m.layers[0].inputShape, [null, 28, 28]);
    assert.equal(m.variable, 'model');
    assert.equal(m.kind, 'sequential');
    assert.deepEqual(r.diagnostics, []);
  });
});

const IMPORT_STYLES: Record<string, string> = {
  'import tensorflow as tf': `import tensorflow as tf
m = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(256, activation=tf.nn.relu), tf.keras.layers.Dense(10)])`,
  'tf.keras.Sequential': `import tensorflow as tf
m = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(256), tf.keras.layers.Dense(10)])`,
  'from tensorflow import keras': `from tensorflow import keras
m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(256), keras.layers.Dense(10)])`,
  'from tensorflow.keras import layers': `from tensorflow.keras import layers, models
m = models.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(256), layers.Dense(10)])`,
  'from tensorflow.keras.layers import Dense': `from tensorflow.keras.layers import Dense, Flatten
from tensorflow.keras.models import Sequential
m = Sequential([Flatten(input_shape=(28, 28)), Dense(256), Dense(10)])`,
  'import keras': `import keras
m = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(256), keras.layers.Dense(10)])`,
  'from keras import layers': `from keras import layers, Sequential, Input
m = Sequential([Input((28, 28)), layers.Flatten(), layers.Dense(256), layers.Dense(10)])`,
  'import tensorflow.keras.layers as L': `import tensorflow.keras.layers as L
import tensorflow.keras as K
m = K.Sequential([L.Flatten(input_shape=(28, 28)), L.Dense(256), L.Dense(10)])`,
  'aliased from-import': `from keras.layers import Dense as D, Flatten as F
from keras.models import Sequential as S
m = S([F(input_shape=(28, 28)), D(256), D(10)])`,
  'star import': `from tensorflow.keras.layers import *
from tensorflow.keras.models import *
m = Sequential([Flatten(input_shape=(28, 28)), Dense(256), Dense(10)])`,
};

describe('import styles', () => {
  for (const [name, source] of Object.entries(IMPORT_STYLES)) {
    test(name, () => assert.deepEqual(layerRows(analyze(source)), TUTORIAL_ROWS));
  }
});

describe('model styles', () => {
  test('Sequential() then model.add', () => {
    const r = analyze(`import keras
from keras import layers
model = keras.Sequential()
model.add(layers.Flatten(input_shape=(28, 28)))
model.add(layers.Dense(256, activation="relu"))
model.add(layers.Dense(10))
`);
    assert.deepEqual(layerRows(r), TUTORIAL_ROWS);
    assert.deepEqual(r.models[0].layers.map((l) => l.line), [4, 5, 6]);
  });

  test('Sequential with model.build()', () => {
    const r = analyze(`import keras
model = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(2)])
model.build((None, 4))
`);
    assert.deepEqual(layerRows(r), [['Dense', [null, 8], 40], ['Dense', [null, 2], 18]]);
  });

  test('functional API with two inputs, a shared layer counted once, and several outputs', () => {
    const r = analyze(`from tensorflow import keras
from tensorflow.keras import layers
a = keras.Input(shape=(16,), name="a")
b = keras.Input(shape=(16,), name="b")
shared = layers.Dense(8, name="shared")
ya = shared(a)
yb = shared(b)
out1 = layers.Dense(1, name="out1")(ya)
out2 = layers.Dense(3, name="out2")(yb)
model = keras.Model(inputs=[a, b], outputs=[out1, out2])
`);
    const m = r.models[0];
    assert.equal(m.kind, 'functional');
    assert.deepEqual(m.layers.map((l) => l.name), ['a', 'b', 'shared', 'out1', 'out2']);
    assert.deepEqual(m.layers.map((l) => l.params), [0, 0, 136, 9, 27]);
    assert.equal(m.totalParams, 172);
    assert.deepEqual(m.layers[0].outputShape, [null, 16]);
  });

  test('a Sequential used as a layer inside a functional model', () => {
    const r = analyze(`import keras
from keras import layers
head = keras.Sequential([layers.Dense(4), layers.Dense(2)], name="head")
inp = keras.Input(shape=(3,))
out = head(inp)
model = keras.Model(inp, out)
`);
    const outer = r.models.find((m) => m.kind === 'functional')!;
    assert.deepEqual(layerRows(r, r.models.indexOf(outer)), [['InputLayer', [null, 3], 0], ['Sequential', [null, 2], 26]]);
    assert.equal(outer.totalParams, 26);
  });

  test('a Sequential inside a Sequential', () => {
    const r = analyze(`import keras
from keras import layers
block = keras.Sequential([layers.Dense(4), layers.Dropout(0.1)])
model = keras.Sequential([keras.Input(shape=(3,)), block, layers.Dense(1)])
`);
    const outer = r.models[1];
    assert.deepEqual(outer.layers.map((l) => [l.type, l.outputShape, l.params]), [['Sequential', [null, 4], 16], ['Dense', [null, 1], 5]]);
    assert.equal(outer.totalParams, 21);
  });
});

describe('values', () => {
  test('module and function constants, arithmetic, tuples', () => {
    const r = analyze(`import keras
IMG = 28
HIDDEN = 2 ** 8
def build():
    classes = 5 * 2
    return keras.Sequential([keras.layers.Flatten(input_shape=(IMG, IMG)), keras.layers.Dense(HIDDEN), keras.layers.Dense(classes)])
model = build()
`);
    assert.deepEqual(layerRows(r), TUTORIAL_ROWS);
  });

  test('for loops over a literal list and over range() add layers', () => {
    const r = analyze(`import keras
model = keras.Sequential()
model.add(keras.Input(shape=(10,)))
for units in [32, 16]:
    model.add(keras.layers.Dense(units))
for i in range(2):
    model.add(keras.layers.Dense(8 // (i + 1)))
`);
    assert.deepEqual(layerRows(r), [['Dense', [null, 32], 352], ['Dense', [null, 16], 528], ['Dense', [null, 8], 136], ['Dense', [null, 4], 36]]);
  });

  test('a list comprehension builds the layer list', () => {
    const r = analyze(`import keras
sizes = [64, 32]
model = keras.Sequential([keras.Input(shape=(8,))] + [keras.layers.Dense(n, activation="relu") for n in sizes])
`);
    assert.deepEqual(layerRows(r), [['Dense', [null, 64], 576], ['Dense', [null, 32], 2080]]);
  });

  test('a helper function called with constant arguments (functional)', () => {
    const r = analyze(`import keras
from keras import layers
def block(x, units, drop=0.5):
    x = layers.Dense(units)(x)
    return layers.Dropout(drop)(x)
inp = keras.Input(shape=(4,))
x = block(inp, 8)
x = block(x, units=2)
model = keras.Model(inp, x)
`);
    assert.deepEqual(layerRows(r), [['InputLayer', [null, 4], 0], ['Dense', [null, 8], 40], ['Dropout', [null, 8], 0], ['Dense', [null, 2], 18], ['Dropout', [null, 2], 0]]);
  });
});

describe('what cannot be known shows as ? with a reason, never a wrong number', () => {
  test('a value read from outside the file', () => {
    const r = analyze(`import keras, sys
units = int(sys.argv[1])
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(units), keras.layers.Dense(2)])
`);
    assert.deepEqual(layerRows(r), [['Dense', null, null], ['Dense', null, null]]);
    assert.equal(r.models[0].totalParams, null);
  });

  test('a layer added under a condition that is not known', () => {
    const r = analyze(`import keras, os
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
if os.environ.get("BIG"):
    model.add(keras.layers.Dense(100))
`);
    assert.equal(r.models[0].totalParams, null);
  });

  test('a condition that is known is followed', () => {
    const r = analyze(`import keras
BIG = False
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
if BIG:
    model.add(keras.layers.Dense(100))
else:
    model.add(keras.layers.Dense(1))
`);
    assert.deepEqual(layerRows(r), [['Dense', [null, 3], 15], ['Dense', [null, 1], 4]]);
  });

  test('a layer class from elsewhere makes everything after it unknown', () => {
    const r = analyze(`import keras
from mylib import Fancy
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3), Fancy(), keras.layers.Dense(1)])
`);
    assert.deepEqual(layerRows(r), [['Dense', [null, 3], 15], ['Fancy', null, null], ['Dense', null, null]]);
  });

  test("a TF.js factory spelling is not a Keras layer: layers.dense is Keras's AttributeError, never Dense", async () => {
    const source = `import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3), layers.dense(2)])
images = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.conv2d(8, 3)])
`;
    assert.deepEqual(layerRows(analyze(source)), [['Dense', [null, 3], 15], ['dense', null, null]]);
    const { analyzePython } = await import('../../src/core/python/analyze');
    const models = analyzePython(source).models;
    assert.match(models[0].layers[1].unresolved ?? '', /^keras\.layers has no attribute 'dense' \(Keras's class is Dense/);
    assert.match(models[1].layers[0].unresolved ?? '', /^keras\.layers has no attribute 'conv2d' \(Keras's class is Conv2D/);
    // Keras raises there: an error on the line, in Keras's words.
    const errors = analyze(source).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.line, d.message.split(' (')[0]]), [[3, "AttributeError: keras.layers has no attribute 'dense'"], [4, "AttributeError: keras.layers has no attribute 'conv2d'"]]);
  });

  test('no input shape: the model is unbuilt and an info diagnostic says how to fix it', () => {
    const r = analyze(`import keras
model = keras.Sequential([keras.layers.Dense(3)])
`);
    assert.deepEqual(layerRows(r), [['Dense', null, null]]);
    assert.equal(r.diagnostics.length, 1);
    assert.equal(r.diagnostics[0].severity, 'info');
    assert.match(r.diagnostics[0].message, /no input shape/);
  });
});

describe('diagnostics in Keras words', () => {
  test('Reshape with the wrong element count', () => {
    const r = analyze(`import keras
model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Reshape((27, 27))])
`);
    assert.equal(r.diagnostics[0].severity, 'error');
    assert.equal(r.diagnostics[0].line, 2);
    assert.match(r.diagnostics[0].message, /total size of the tensor must be unchanged/);
  });

  test('an unexpected keyword argument', () => {
    const r = analyze(`import keras
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, unitz=4)])
`);
    assert.match(r.diagnostics[0].message, /Unrecognized keyword arguments passed to Dense/);
  });
});

describe('exact arithmetic', () => {
  test('parameter counts beyond 2^53 stay exact in the JSON report', async () => {
    const { analyzePython } = await import('../../src/core/python/analyze');
    const { toJsonReport, stringifyJson } = await import('../../src/core/report/json');
    const report = analyzePython(`import keras
model = keras.Sequential([keras.Input(shape=(10**8,)), keras.layers.Dense(10**8)])
`);
    assert.equal(report.models[0].totalParams, 10_000_000_100_000_000n);
    assert.match(stringifyJson(toJsonReport('big.py', report)), /"totalParams": 10000000100000000,/);
  });
});

describe('keras.Model subclasses', () => {
  const r = () => analyze(readFileSync('test/fixtures/subclass_models.py', 'utf8'));

  test('model.build(shape) does not run call(): layers stay unbuilt, as in Keras', () => {
    const m = r().models.find((x) => x.variable === 'model')!;
    assert.equal(m.kind, 'subclass');
    assert.equal(m.name, 'classifier');
    assert.deepEqual(m.layers.map((l) => [l.name, l.type, l.outputShape, l.params]), [
      ['flatten', 'Flatten', null, null],
      ['dense', 'Dense', null, null],
      ['dense_1', 'Dense', null, null],
      ['dropout', 'Dropout', null, null],
      ['dense_2', 'Dense', null, null],
    ]);
  });

  test('called on keras.Input it is built, and is one layer of the outer model named by its class', () => {
    const report = r();
    const inner = report.models.find((x) => x.variable === 'n')!;
    assert.equal(inner.name, 'custom');
    assert.deepEqual(inner.layers.map((l) => [l.name, l.outputShape, l.params]), [['dense_3', [null, 3], 15]]);
    const outer = report.models.find((x) => x.variable === 'outer')!;
    assert.deepEqual(outer.layers.map((l) => [l.name, l.type, l.outputShape, l.params]), [
      ['input_layer', 'InputLayer', [null, 4], 0],
      ['custom', 'Named', [null, 3], 15],
    ]);
    assert.equal(outer.totalParams, 15);
  });
});

describe('absurd input', () => {
  test('sizes beyond 2^53 get a diagnostic, never NaN or Infinity', () => {
    const r = analyze(`import keras
m = keras.Sequential([keras.Input(shape=(10**30,)), keras.layers.Dense(2**60)])
`);
    assert.equal(r.models[0].totalParams, null);
    assert.equal(r.diagnostics.filter((d) => d.severity === 'warning' && /beyond 2\^53/.test(d.message)).length, 2);
    assert.doesNotMatch(JSON.stringify(r), /NaN|Infinity/);
  });

  test('a file over the size limit gets a message instead of a long wait', async () => {
    const { analyzePython, MAX_ANALYZED_CHARS } = await import('../../src/core/python/analyze');
    const r = analyzePython('#'.repeat(MAX_ANALYZED_CHARS + 1));
    assert.match(r.diagnostics[0].message, /does not analyze files over/);
  });
});
