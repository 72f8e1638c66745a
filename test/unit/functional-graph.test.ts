/**
 * The functional graph wherever code builds it (issue 13, part 3): augmented assignment on tensors, indexing of
 * tensors, `model.layers[i]`, `.output` / `.input` / `.inputs` / `.outputs`, `get_layer`, lists of layer outputs,
 * shared layers in loops, `keras.layers.RNN(cell)`, and the Python values such code sizes models with.
 * Every expected row and total was printed by real Keras 3.15.1 (the venv, ~/.cache/model-lens/keras-venv) for the
 * same source: `[l.name, l.output.shape, l.count_params()]` per layer and `model.count_params()`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './analyze-helpers';

const rows = (source: string, variable: string) => {
  const model = analyze(source).models.find((m) => m.variable === variable);
  assert.ok(model, `no model ${variable}`);
  return { total: model.totalParams, layers: model.layers.map((l) => [l.name, l.outputShape, l.params]) };
};

test('x += residual, x *= gate, x -= 1 on symbolic tensors are Add, Multiply, Subtract in the graph', () => {
  const { total, layers } = rows(`import keras
from keras import layers
inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(32, 3, padding="same")(inputs)
residual = x
x = layers.Conv2D(32, 3, padding="same")(x)
x += residual
gate = layers.Dense(32, activation="sigmoid")(x)
x *= gate
x -= 1
outputs = layers.Dense(10)(layers.GlobalAveragePooling2D()(x))
model = keras.Model(inputs, outputs)
`, 'model');
  assert.equal(total, 11530);
  assert.deepEqual(layers.map((l) => l[2]), [0, 896, 9248, 1056, 0, 330]);
});

test('list.pop(0) takes the first item (it took the last) and dicts keyed by integers are read (resnet_v1 groups)', () => {
  const { total, layers } = rows(`import keras
from keras import layers
def learner(x, groups):
    first = groups.pop(0)
    x = layers.Dense(first[0])(x)
    for n_filters, n_blocks in groups:
        for _ in range(n_blocks):
            x = layers.Dense(n_filters)(x)
    return x
groups = {50: [(64, 2), (128, 3)], 101: [(8, 1)]}
inputs = keras.Input(shape=(4,))
model = keras.Model(inputs, learner(inputs, groups[50]))
`, 'model');
  assert.equal(total, 41664); // was ?: the dict with integer keys was unknown
  assert.deepEqual(layers.map((l) => l[2]), [0, 320, 8320, 16512, 16512]);
});

test('grouped convolution: a Lambda slicing its tensor, tensor == 2 is False, a branch on x.shape[-1] (resnext50)', () => {
  const { total, layers } = rows(`import keras
from keras import layers
inputs = keras.Input(shape=(8, 8, 16))
groups = []
for i in range(4):
    g = layers.Lambda(lambda z: z[:, :, :, i * 4:i * 4 + 4])(inputs)
    groups.append(layers.Conv2D(4, 3, padding="same")(g))
x = layers.concatenate(groups)
if x == 2:
    x = layers.Dense(99)(x)
if x.shape[-1] != 32:
    x = layers.Conv2D(32, 1)(x)
model = keras.Model(inputs, x)
`, 'model');
  assert.equal(total, 1136); // was ?: slicing a tensor was not followed
  assert.deepEqual(layers.slice(1, 5).map((l) => l[1]), Array(4).fill([null, 8, 8, 4]));
  assert.deepEqual(layers[layers.length - 1], ['conv2d_4', [null, 8, 8, 32], 544]);
});

test('indexing a symbolic tensor: integers, slices with steps, ..., None (Keras 3 GetItem)', () => {
  const { total, layers } = rows(`import keras
x = keras.Input((8, 6, 4))
y = x[:, 1:3, ..., None, 0]
z = keras.layers.Dense(2)(x[:, -1])
w = keras.layers.Dense(3)(x[..., ::2, :])
model = keras.Model(x, [y, z, w])
`, 'model');
  assert.equal(total, 25);
  assert.deepEqual(layers.slice(1), [['dense', [null, 6, 2], 10], ['dense_1', [null, 8, 3, 3], 15]]);
});

test("keras.io sequential guide: feature extractors from a Sequential's inputs, layer outputs and get_layer", () => {
  const source = `import keras
from keras import layers
initial_model = keras.Sequential([
    keras.Input(shape=(250, 250, 3)), layers.Conv2D(32, 5, strides=2, activation="relu"),
    layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"), layers.Conv2D(32, 3, activation="relu"),
])
feature_extractor = keras.Model(
    inputs=initial_model.inputs,
    outputs=[layer.output for layer in initial_model.layers],
)
fe2 = keras.Model(
    inputs=initial_model.inputs,
    outputs=initial_model.get_layer(name="my_intermediate_layer").output,
)
x = keras.Input((4,))
h = layers.Dense(8)(x)
m = keras.Model(x, layers.Dense(2)(h))
head = keras.Model(m.input, m.layers[-1].output)
mid = keras.Model(inputs=m.inputs, outputs=m.layers[1].output)
g = keras.Model(m.input, m.get_layer(index=1).output)
`;
  // Was: no layers and no totals for each of these.
  assert.deepEqual(rows(source, 'feature_extractor'), {
    total: 20928,
    layers: [['input_layer', [null, 250, 250, 3], 0], ['conv2d', [null, 123, 123, 32], 2432], ['my_intermediate_layer', [null, 121, 121, 32], 9248], ['conv2d_1', [null, 119, 119, 32], 9248]],
  });
  assert.equal(rows(source, 'fe2').total, 11680);
  assert.equal(rows(source, 'head').total, 58);
  assert.equal(rows(source, 'mid').total, 40);
  assert.equal(rows(source, 'g').total, 40);
});

test('a layer shared in a loop counts its weights once; its output is its first call (node 0, as Keras reads it)', () => {
  const source = `import keras
from keras import layers
inputs = keras.Input(shape=(16,))
shared = layers.Dense(16, activation="relu")
x = inputs
for _ in range(3):
    x = shared(x)
first = keras.Model(inputs, shared.output)
model = keras.Model(inputs, layers.Dense(1)(x))
`;
  assert.equal(rows(source, 'model').total, 289);
  assert.deepEqual(rows(source, 'first'), { total: 272, layers: [['input_layer', [null, 16], 0], ['dense', [null, 16], 272]] });
});

test('keras.layers.RNN over LSTMCell, GRUCell, SimpleRNNCell (working_with_rnns noncudnn_model)', () => {
  const source = `import keras
units = 64
input_dim = 28
lstm_layer = keras.layers.RNN(keras.layers.LSTMCell(units), input_shape=(None, input_dim))
model = keras.models.Sequential([lstm_layer, keras.layers.BatchNormalization(), keras.layers.Dense(10)])
x = keras.Input((5, 3))
y = keras.layers.RNN(keras.layers.GRUCell(4), return_sequences=True, return_state=True)(x)
m2 = keras.Model(x, y)
z = keras.layers.RNN(keras.layers.SimpleRNNCell(7, use_bias=False), go_backwards=True)(x)
m3 = keras.Model(x, z)
`;
  const model = analyze(source).models.find((m) => m.variable === 'model')!;
  assert.deepEqual([model.totalParams, model.trainableParams, model.nonTrainableParams], [24714, 24586, 128]); // was ?
  assert.deepEqual(rows(source, 'model').layers[0], ['rnn', [null, 64], 23808]);
  assert.deepEqual(rows(source, 'm2').layers[1], ['rnn_1', [[null, 5, 4], [null, 4]], 108]);
  assert.deepEqual(rows(source, 'm3').layers[1], ['rnn_2', [null, 7], 70]);
});

test('values: len() of a literal list, .shape slices of a dataset array reshaped', () => {
  const { total, layers } = rows(`import keras
from keras import layers
class_names = ["cat", "dog", "bird"]
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1)
model = keras.Sequential([
    keras.Input(shape=x_train.shape[1:]),
    layers.Conv2D(8, 3),
    layers.Flatten(),
    layers.Dense(len(class_names)),
])
`, 'model');
  assert.equal(total, 16307);
  assert.deepEqual(layers[2], ['dense', [null, 3], 16227]);
});

test('a Model() whose outputs are lost says why on its line (the rows it leaves out are not silent)', () => {
  const report = analyze(`import sys
import keras
from keras import layers
inputs = keras.Input(shape=(4,))
x = layers.Dense(4)(inputs)
if sys.argv[1] == "deep":
    x = layers.Dense(4)(x)
model = keras.Model(inputs, x)
`);
  assert.equal(report.models[0].totalParams, null);
  const said = report.diagnostics.find((d) => d.line === 8);
  assert.match(said?.message ?? '', /Model "functional": some of its inputs or outputs are not known \(it depends on the condition `sys\.argv\[1\] == "deep"`\), so the layers that lead to them are not listed/);
});

test('list.pop(i) takes item i; pop() the last', () => {
  const { total } = rows(`import keras
from keras import layers
widths = [8, 16, 32]
first = widths.pop(0)
last = widths.pop()
model = keras.Sequential([keras.Input((4,)), layers.Dense(first), layers.Dense(last)])
`, 'model');
  assert.equal(total, 328); // Dense(8) then Dense(32); was 688 (pop(0) took 32, then pop() 16)
});
