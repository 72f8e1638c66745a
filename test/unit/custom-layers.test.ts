/**
 * Custom `Layer` classes and subclassed models as Keras builds them (issue 13, part 2). Every expected figure was
 * printed by real Keras 3.15.1 (`model.summary()` in ~/.cache/model-lens/keras-venv) on the very source of the row;
 * where Keras cannot be followed statically, the row must be `?` (null), never 0.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, layerRows } from './analyze-helpers';
import { formatSummary } from '../../src/core/report/summary';
import { analyzePython } from '../../src/core/python/analyze';

const CUSTOM_LAYERS = `import keras
import tensorflow as tf
from keras import layers, ops

class Antirectifier(layers.Layer):
    def __init__(self, initializer="he_normal", **kwargs):
        super().__init__(**kwargs)
        self.initializer = keras.initializers.get(initializer)

    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(shape=(output_dim * 2, output_dim), initializer=self.initializer, name="kernel", trainable=True)

    def call(self, inputs):
        inputs -= tf.reduce_mean(inputs, axis=-1, keepdims=True)
        pos = tf.nn.relu(inputs)
        neg = tf.nn.relu(-inputs)
        concatenated = tf.concat([pos, neg], axis=-1)
        return tf.matmul(concatenated, self.kernel)

class Scaled(layers.Layer):
    def build(self, input_shape):
        self.scale = self.add_weight(shape=(input_shape[-1],), trainable=False)
        self.offset = self.add_weight(shape=(), initializer="zeros")

    def call(self, x):
        return x * self.scale + self.offset

class Block(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.ffn = keras.Sequential([layers.Dense(units * 2, activation="relu"), layers.Dense(units)])
        self.norm = layers.LayerNormalization()

    def call(self, inputs):
        x = self.dense(inputs)
        return self.norm(x + self.ffn(x))

class Halve(layers.Layer):
    def call(self, x):
        return x[:, ::2]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[1] // 2)

model = keras.Sequential([keras.Input((8,)), layers.Dense(4), Antirectifier(), Scaled(), Block(6, name="block"), Halve(), layers.Dense(2)])
`;

const FUNCTIONAL_CUSTOM = `import keras
from keras import layers, ops

class Sampling(layers.Layer):
    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = ops.shape(z_mean)[0]
        dim = ops.shape(z_mean)[1]
        epsilon = keras.random.normal(shape=(batch, dim))
        return z_mean + ops.exp(0.5 * z_log_var) * epsilon

class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        return self.token_emb(x) + self.pos_emb(positions)

class MyConv(layers.Conv2D):
    pass

tokens = keras.Input((10,))
e = TokenAndPositionEmbedding(10, 50, 4)(tokens)
m = layers.Dense(2)(layers.Flatten()(e))
v = layers.Dense(2)(layers.Flatten()(e))
z = Sampling()([m, v])
img = keras.Input((8, 8, 1))
c = layers.Flatten()(MyConv(3, 3)(img))
model = keras.Model([tokens, img], [z, c])
`;

const SUBCLASSED_MODELS = `import keras
import tensorflow as tf
from keras import layers

class ResBlock(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(4)
        self.d2 = layers.Dense(4)

    def call(self, input_tensor):
        x = self.d1(input_tensor)
        x = tf.nn.relu(x)
        x = self.d2(x)
        x += input_tensor
        return tf.nn.relu(x)

res = ResBlock()
res(keras.Input((4,)))

class DictModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(3)
        self.b = layers.Dense(3)
        self.head = layers.Dense(1)

    def call(self, inputs):
        return self.head(keras.ops.concatenate([self.a(inputs["x"]), self.b(inputs["y"])], axis=-1))

dm = DictModel()
dm({"x": keras.Input((2,)), "y": keras.Input((5,))})

class MyModel(keras.Model):
    def __init__(self):
        super().__init__()
        self.conv1 = layers.Conv2D(4, 3, activation="relu")
        self.flatten = layers.Flatten()
        self.d1 = layers.Dense(8, activation="relu")
        self.d2 = layers.Dense(10)

    def call(self, x):
        x = self.conv1(x)
        x = self.flatten(x)
        x = self.d1(x)
        return self.d2(x)

mm = MyModel()
mm(tf.zeros([1, 28, 28, 1]))
`;

const WRAPPERS = `import keras
from keras import layers
inputs = keras.Input((4,))
outputs = layers.Dense(3)(layers.Dense(5)(inputs))
class CustomModel(keras.Model):
    def train_step(self, data):
        return {}
model = CustomModel(inputs, outputs)
class Trainer(keras.Model):
    def __init__(self, model):
        super().__init__()
        self.model = model
trainer = Trainer(model)
`;

type Row = [string, unknown, unknown];
const cases: { name: string; source: string; model: number; rows: Row[]; totals: [unknown, unknown, unknown] }[] = [
  {
    name: 'custom layers in a Sequential: add_weight in build, tf ops and sublayers in call, compute_output_shape',
    source: CUSTOM_LAYERS,
    model: 1, // model 0 is Block's inner Sequential
    rows: [
      ['Dense', [null, 4], 36],
      ['Antirectifier', [null, 4], 32],
      ['Scaled', [null, 4], 5],
      ['Block', [null, 6], 204],
      ['Halve', [null, 3], 0],
      ['Dense', [null, 2], 8],
    ],
    totals: [285, 281, 4],
  },
  {
    name: 'custom layers in a functional model: no weights (Sampling), sublayers on ops.arange, a Conv2D subclass',
    source: FUNCTIONAL_CUSTOM,
    model: 0,
    rows: [
      ['InputLayer', [null, 10], 0],
      ['TokenAndPositionEmbedding', [null, 10, 4], 240],
      ['Flatten', [null, 40], 0],
      ['Flatten', [null, 40], 0],
      ['InputLayer', [null, 8, 8, 1], 0],
      ['Dense', [null, 2], 82],
      ['Dense', [null, 2], 82],
      ['MyConv', [null, 6, 6, 3], 30],
      ['Sampling', [null, 2], 0],
      ['Flatten', [null, 108], 0],
    ],
    totals: [434, 434, 0],
  },
  {
    name: 'a subclassed model whose call() uses tf.nn.relu and x += input_tensor',
    source: SUBCLASSED_MODELS,
    model: 0,
    rows: [
      ['Dense', [null, 4], 20],
      ['Dense', [null, 4], 20],
    ],
    totals: [40, 40, 0],
  },
  {
    name: 'a subclassed model called on a dict of inputs',
    source: SUBCLASSED_MODELS,
    model: 1,
    rows: [
      ['Dense', [null, 3], 9],
      ['Dense', [null, 3], 18],
      ['Dense', [null, 1], 7],
    ],
    totals: [34, 34, 0],
  },
  {
    name: 'a subclassed model built by calling it on tf.zeros (the batch of the data shows)',
    source: SUBCLASSED_MODELS,
    model: 2,
    rows: [
      ['Conv2D', [1, 26, 26, 4], 40],
      ['Flatten', [1, 2704], 0],
      ['Dense', [1, 8], 21640],
      ['Dense', [1, 10], 90],
    ],
    totals: [21770, 21770, 0],
  },
  {
    name: 'a subclass built the functional way: CustomModel(inputs, outputs)',
    source: WRAPPERS,
    model: 0,
    rows: [
      ['InputLayer', [null, 4], 0],
      ['Dense', [null, 5], 25],
      ['Dense', [null, 3], 18],
    ],
    totals: [43, 43, 0],
  },
  {
    // Keras: the row shows the model held (built on its own); the trainer itself is not built (`trainer.built` is
    // False), so it has no totals of its own to claim.
    name: 'the trainer pattern: an unbuilt model holding a built one',
    source: WRAPPERS,
    model: 1,
    rows: [['CustomModel', [null, 3], 43]],
    totals: [null, null, null],
  },
];

for (const c of cases) {
  test(c.name, () => {
    const report = analyze(c.source);
    const m = report.models[c.model];
    assert.deepEqual(layerRows(report, c.model), c.rows);
    assert.deepEqual([m.totalParams, m.trainableParams, m.nonTrainableParams], c.totals);
  });
}

test('the custom layers are named as Keras names them, an explicit name= included', () => {
  const report = analyze(CUSTOM_LAYERS);
  assert.deepEqual(report.models[1].layers.map((l) => l.name), ['dense', 'antirectifier', 'scaled', 'block', 'halve', 'dense_4']);
});

test('the summary of a subclassed model called on tf.nn ops and += is the one Keras prints', () => {
  // Printed by Keras 3.15.1 for SUBCLASSED_MODELS' ResBlock.
  const keras = `Model: "res_block"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 4)              │            20 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 4)              │            20 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 40 (160.00 B)
 Trainable params: 40 (160.00 B)
 Non-trainable params: 0 (0.00 B)`;
  assert.equal(formatSummary(analyzePython(SUBCLASSED_MODELS).models[0]), keras);
});

test("a Lambda's output_shape function is what Keras 3 takes as its shape", () => {
  // Keras 3.15.1 prints lambda (Lambda) (None, 7): the function's result, not the sum's (None, 4).
  const report = analyze(`import keras
from keras import layers
a = keras.Input((4,))
b = keras.Input((4,))
out = layers.Lambda(lambda v: v[0] + v[1], output_shape=lambda s: (s[0][0], 7))([a, b])
m = keras.Model([a, b], out)
`);
  assert.deepEqual(layerRows(report)[2], ['Lambda', [null, 7], 0]);
});

test('a layer after an operation the analyzer does not follow is ?, never 0', () => {
  const inSubclass = analyze(`import keras
import tensorflow as tf
from keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(4)
        self.d2 = layers.Dense(2)
    def call(self, x):
        x = self.d1(x)
        x = tf.signal.rfft(x)
        return self.d2(x)
net = Net()
net(keras.Input((3,)))
`);
  assert.deepEqual(layerRows(inSubclass), [['Dense', [null, 4], 16], ['Dense', null, null]]);
  assert.equal(inSubclass.models[0].totalParams, null);
  const inCustomLayer = analyze(`import keras
import tensorflow as tf
from keras import layers
class Odd(layers.Layer):
    def __init__(self):
        super().__init__()
        self.inner = layers.Dense(3)
    def call(self, x):
        return self.inner(tf.signal.rfft(x))
model = keras.Sequential([keras.Input((5,)), Odd(), layers.Dense(1)])
`);
  assert.deepEqual(layerRows(inCustomLayer, 0), [['Odd', null, null], ['Dense', null, null]]);
  assert.equal(inCustomLayer.models[0].totalParams, null);
});

test('a weight of a shape that is not known leaves the custom layer ?', () => {
  const unknownWeight = analyze(`import os
import keras
from keras import layers
class W(layers.Layer):
    def build(self, input_shape):
        self.w = self.add_weight(shape=(int(os.environ["N"]), input_shape[-1]))
    def call(self, x):
        return x
model = keras.Sequential([keras.Input((5,)), W()])
`);
  assert.deepEqual(layerRows(unknownWeight), [['W', [null, 5], null]]);
  assert.equal(unknownWeight.models[0].totalParams, null);
});

test("a Keras layer's subclass overriding call() keeps the layer's shapes (Keras 3 uses compute_output_shape); overriding build() is ?", () => {
  const overridesCall = analyze(`import keras
from keras import layers, ops

class Doubled(layers.Dense):
    def call(self, x):
        y = super().call(x)
        return ops.concatenate([y, y], axis=-1)

model = keras.Sequential([keras.Input((4,)), Doubled(3), layers.Dense(2)])
`);
  // Keras 3.15.1 prints doubled (Doubled) (None, 3) 15, dense (None, 2) 8: the shape of Dense's compute_output_shape.
  assert.deepEqual(layerRows(overridesCall), [['Doubled', [null, 3], 15], ['Dense', [null, 2], 8]]);
  const overridesBuild = analyze(`import keras
from keras import layers
class Odd(layers.Dense):
    def build(self, input_shape):
        super().build(input_shape)
        self.extra = self.add_weight(shape=(7,))
model = keras.Sequential([keras.Input((4,)), Odd(3)])
`);
  assert.deepEqual(layerRows(overridesBuild), [['Odd', null, null]]);
});

test('TensorFlow functions on symbolic tensors outside a call() are not followed (Keras 3 rejects them there)', () => {
  const report = analyze(`import keras
import tensorflow as tf
from keras import layers
x = keras.Input((4,))
y = layers.Dense(2)(tf.nn.relu(x))
model = keras.Model(x, y)
`);
  assert.equal(report.models[0].totalParams, null);
});

test('the summary of an unbuilt model holding others is the one Keras prints (nesting, tuple of outputs, totals)', () => {
  const source = `import keras
from keras import layers
model_a = keras.Sequential([keras.Input((28,28,1)), layers.Flatten(), layers.Dense(10)])
inp = keras.Input((4,)); x = layers.Dense(3)(inp); z1 = layers.Dense(2)(x); z2 = layers.Dense(2)(x)
enc = keras.Model(inp, [z1, z2], name="enc")
class MyTrainer(keras.Model):
    def __init__(self, model, enc):
        super().__init__()
        self.model = model
        self.enc = enc
t = MyTrainer(model_a, enc)
`;
  // Printed by Keras 3.15.1 for this source (t.summary(); t.built is False).
  const keras = `Model: "my_trainer"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ sequential (Sequential)         │ (None, 10)             │         7,850 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ enc (Functional)                │ ((None, 2), (None, 2)) │            31 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 7,881 (30.79 KB)
 Trainable params: 7,881 (30.79 KB)
 Non-trainable params: 0 (0.00 B)`;
  const report = analyzePython(source);
  const trainer = report.models.find((m) => m.name === 'my_trainer')!;
  assert.equal(formatSummary(trainer).split('\n').slice(0, 11).join('\n'), keras);
  // As a model of its own it is not built: no totals to claim (the JSON's figures), and enc's output_shape is not one shape.
  const json = analyze(source).models.find((m) => m.name === 'my_trainer')!;
  assert.deepEqual([json.totalParams, json.layers[1].outputShape, json.layers[1].params], [null, null, 31]);
});

test('variables a custom layer makes: keras.Variable is a weight, a raw tf.Variable is not (Keras 3 does not track it)', () => {
  const source = (w: string) => `import keras
import tensorflow as tf
from keras import layers

class Linear(keras.layers.Layer):
    def __init__(self, units=32, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        w_init = tf.random_normal_initializer()
        self.w = ${w}(w_init(shape=(input_shape[-1], self.units), dtype="float32"), trainable=True)
        b_init = tf.zeros_initializer()
        self.b = tf.Variable(initial_value=b_init(shape=(self.units,), dtype="float32"), trainable=False)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

model = keras.Sequential([Linear(8, input_shape=(3,)), layers.Dense(2)])
`;
  // Keras 3.15.1: linear (Linear) (None, 8) 24 with keras.Variable, 0 with tf.Variable; Total 42 / 18.
  const kerasVariable = analyze(source('keras.Variable'));
  assert.deepEqual(layerRows(kerasVariable), [['Linear', [null, 8], 24], ['Dense', [null, 2], 18]]);
  assert.equal(kerasVariable.models[0].totalParams, 42);
  const tfVariable = analyze(source('tf.Variable'));
  assert.deepEqual(layerRows(tfVariable), [['Linear', [null, 8], 0], ['Dense', [null, 2], 18]]);
  assert.equal(tfVariable.models[0].totalParams, 18);
});

test("a class extending a Keras layer whose __init__ passes arguments to super().__init__ is that layer under the class's name", () => {
  const report = analyze(`import keras
from keras import layers

class WideDense(layers.Dense):
    def __init__(self, units, **kwargs):
        super().__init__(units * 2, activation="relu", **kwargs)

class Conv3x3(layers.Conv2D):
    def __init__(self, filters):
        super(Conv3x3, self).__init__(filters, 3, padding="same")

model = keras.Sequential([keras.Input((6, 6, 2)), Conv3x3(4), layers.Flatten(), WideDense(5, name="wide")])
`);
  // Keras 3.15.1: conv3x3 (Conv3x3) (None, 6, 6, 4) 76; flatten (None, 144) 0; wide (WideDense) (None, 10) 1,450.
  assert.deepEqual(layerRows(report), [['Conv3x3', [null, 6, 6, 4], 76], ['Flatten', [null, 144], 0], ['WideDense', [null, 10], 1450]]);
  assert.deepEqual(report.models[0].layers.map((l) => l.name), ['conv3x3', 'flatten', 'wide']);
  assert.equal(report.models[0].totalParams, 1526);
});
