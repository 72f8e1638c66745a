/**
 * Never a wrong number: code the analyzer cannot decide makes the totals `?` with the reason, never a total that
 * silently leaves layers out. Each case was a confident wrong total before (issue: truth on real code).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { analyze } from './analyze-helpers';

test('blocks added by a helper in a loop over an unknown count: the totals are ?, with the reason', () => {
  const source = `import sys
import keras
from keras import layers
def block(m, f):
    m.add(layers.Conv2D(f, 3, padding="same"))
model = keras.Sequential([keras.Input((28, 28, 1))])
for i in range(int(sys.argv[1])):
    block(model, f=32)
model.add(layers.Flatten())
model.add(layers.Dense(10))
`;
  const report = analyze(source);
  assert.equal(report.models[0].totalParams, null); // was 7,850: the Conv2D blocks silently left out
  assert.match(analyzePython(source).models[0].incomplete ?? '', /passed to `block\(\.\.\.\)` in code that may not run as written \(the loop runs over a value that is not known/);
});

test('a model given to library code in an unknown branch keeps its numbers (print, plot_model add no layers)', () => {
  const report = analyze(`import os
import keras
from keras import layers
model = keras.Sequential([keras.Input((4,)), layers.Dense(4)])
if os.environ.get("SHOW"):
    print(model)
    keras.utils.plot_model(model)
`);
  assert.equal(report.models[0].totalParams, 20);
});

test('setattr sets the attribute; with a value that is not known the layer is ?, never the old value', () => {
  const known = analyze(`import keras
from keras import layers
class Cfg: pass
cfg = Cfg()
cfg.width = 8
setattr(cfg, "width", 16)
model = keras.Sequential([keras.Input((4,)), layers.Dense(getattr(cfg, "width")), layers.Dense(1)])
`);
  assert.equal(known.models[0].totalParams, 97);
  const fromEnv = analyze(`import os
import keras
from keras import layers
class Cfg: pass
cfg = Cfg()
cfg.width = 8
setattr(cfg, "width", int(os.environ.get("WIDTH", "16")))
model = keras.Sequential([keras.Input((4,)), layers.Dense(cfg.width), layers.Dense(1)])
`);
  assert.equal(fromEnv.models[0].totalParams, null); // was 49, from the width setattr replaced
  const byUnknownName = analyze(`import sys
import keras
from keras import layers
class Cfg: pass
cfg = Cfg()
cfg.width = 8
setattr(cfg, sys.argv[1], 3)
model = keras.Sequential([keras.Input((4,)), layers.Dense(cfg.width)])
`);
  assert.equal(byUnknownName.models[0].totalParams, null);
});

describe('argparse: options as a run with no arguments gives them (as the real-Keras oracle runs files)', () => {
  const script = (options: string, use: string) => `import argparse
import keras
from keras import layers
parser = argparse.ArgumentParser()
${options}
args = parser.parse_args()
def block(m, f):
    m.add(layers.Conv2D(f, 3, padding="same"))
model = keras.Sequential([keras.Input((28, 28, 1))])
${use}
model.add(layers.Flatten())
model.add(layers.Dense(10))
`;

  test('defaults size the model exactly as Keras builds it, and an info diagnostic says so', () => {
    // Real Keras 3.15.1, `python file.py` with no arguments: 269,706 params.
    const report = analyze(script('parser.add_argument("--blocks", type=int, default=3)\nparser.add_argument("--filters", type=int, default="32")', 'for i in range(args.blocks):\n    block(model, args.filters)'));
    assert.equal(report.models[0].totalParams, 269706);
    assert.deepEqual(report.diagnostics.map((d) => [d.severity, d.line, d.message]), [['info', 7, "Command-line options are read as a run with no arguments gives them (argparse's defaults): blocks=3, filters=32."]]);
  });

  test('a required option, a positional argument or no default: unknown, never a guess', () => {
    for (const option of ['parser.add_argument("--blocks", type=int, required=True)', 'parser.add_argument("blocks", type=int)', 'parser.add_argument("--blocks", type=int)']) {
      const report = analyze(script(option, 'for i in range(args.blocks):\n    block(model, 8)'));
      assert.equal(report.models[0].totalParams, null, option);
    }
  });

  test('store_true is False, dest and dashes become the attribute name, parse_known_args gives (namespace, rest)', () => {
    const report = analyze(script('parser.add_argument("--use-conv", action="store_true")\nparser.add_argument("-n", "--num-blocks", dest="blocks", type=int, default=2)\nargs, rest = parser.parse_known_args()', 'if args.use_conv:\n    block(model, 8)\nfor i in range(args.blocks):\n    block(model, 4)').replace('args = parser.parse_args()\n', ''));
    // Two Conv2D(4) blocks, no Conv2D(8): 40 + 148 + 31,370.
    assert.equal(report.models[0].totalParams, 40 + 148 + 31370);
  });
});

test('layers of a subclassed model used after an operation the analyzer does not follow are ?, never 0', () => {
  const report = analyze(`import tensorflow as tf
import keras
from keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(64)
        self.d2 = layers.Dense(32)
        self.d3 = layers.Dense(10)
    def call(self, x):
        x = self.d1(x)
        x = tf.raw_ops.Relu(features=x)
        x = self.d2(x)
        return self.d3(x)
model = Net()
model(keras.Input((20,)))
`);
  // Keras: 1,344, 2,080, 330. Before, the last two rows said 0. (tf.nn.relu is followed now; tf.raw_ops is not.)
  assert.deepEqual(report.models[0].layers.map((l) => l.params), [1344, null, null]);
  assert.equal(report.models[0].totalParams, null);
});

test("a Model subclass without __init__ built the functional way (keras.io's custom train_step) is that functional model", () => {
  const report = analyze(`import keras
from keras import layers
class CustomModel(keras.Model):
    def train_step(self, data):
        return super().train_step(data)
inputs = keras.Input(shape=(32,))
outputs = layers.Dense(1)(layers.Dense(64)(inputs))
model = CustomModel(inputs, outputs)
`);
  // Real Keras 3.15.1: custom_model, input_layer / dense_1 / dense, 2,177 params. Before: 0 params and no layers.
  const m = report.models[0];
  assert.deepEqual([m.name, m.kind, m.totalParams], ['custom_model', 'functional', 2177]);
  assert.deepEqual(m.layers.map((l) => [l.name, l.params]), [['input_layer', 0], ['dense_1', 2112], ['dense', 65]]);
});

test('x += shortcut on symbolic tensors is the Add that x = x + shortcut is (the functional graph is kept)', () => {
  const model = (residual: string) => `import keras
from keras import layers
inputs = keras.Input((32, 32, 16))
x = layers.Conv2D(16, 3, padding="same")(inputs)
${residual}
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
`;
  const augmented = analyze(model('x += inputs'));
  const plain = analyze(model('x = x + inputs'));
  // Real Keras 3.15.1: 2,490 params.
  assert.equal(augmented.models[0].totalParams, 2490);
  assert.deepEqual(augmented.models[0].layers.map((l) => [l.name, l.outputShape, l.params]), plain.models[0].layers.map((l) => [l.name, l.outputShape, l.params]));
});

test('keras.models.clone_model gives a second model with the same layers, names and params (Sequential and functional)', () => {
  const report = analyze(`import keras
from keras import layers
student = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(16, 3), layers.Flatten(), layers.Dense(10)], name="student")
student_scratch = keras.models.clone_model(student)
inputs = keras.Input((8,))
f = keras.Model(inputs, layers.Dense(2)(inputs), name="f")
g = keras.models.clone_model(f)
`);
  // Real Keras 3.15.1: the clone of a Sequential keeps the model's and the layers' names (from their configs).
  assert.deepEqual(report.models.map((m) => [m.variable, m.name, m.totalParams]), [['student', 'student', 108330], ['student_scratch', 'student', 108330], ['f', 'f', 18], ['g', 'f', 18]]);
  assert.deepEqual(report.models[1].layers.map((l) => l.name), report.models[0].layers.map((l) => l.name));
});

test('a file cut short by the step budget claims no totals: what it did not read may still change its models', async () => {
  const { analyzePython } = await import('../../src/core/python/analyze');
  const source = `import keras
from keras import layers
model = keras.Sequential([keras.Input((4,)), layers.Dense(4)])
total = 0
for i in range(50000):
    total = total + i
model.add(layers.Dense(100))
`;
  // The whole file within a budget no loaded machine runs out of (the default 1.5 s is a wall-clock limit).
  const full = analyzePython(source, { maxSteps: 10_000_000, maxMillis: 120_000, maxDepth: 200, maxCallDepth: 40, maxLoop: 100_000 });
  assert.equal(full.models[0].totalParams, 520n);
  const cut = analyzePython(source, { maxSteps: 2000, maxMillis: 1500, maxDepth: 200, maxCallDepth: 40, maxLoop: 100_000 });
  assert.ok(cut.truncated);
  // Before, the part analyzed was printed as exact: 20 params, the Dense(100) after the cut left out.
  assert.equal(cut.models[0].totalParams, null);
  assert.match(cut.models[0].incomplete ?? '', /^the analysis stopped before the end of the file/);
});

test('exec, eval and globals() make every value and model from that point ?, with the line', () => {
  for (const dynamic of ['exec("model.add(layers.Dense(5)); units = 99")', 'globals()["units"] = 99', 'eval("model.add(layers.Dense(5))")']) {
    const report = analyze(`import keras
from keras import layers
units = 8
model = keras.Sequential([keras.Input((4,)), layers.Dense(4)])
${dynamic}
other = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
`);
    assert.deepEqual(report.models.map((m) => m.totalParams), [null, null], dynamic);
  }
  // Without it, the same file has its numbers (20 and 40).
  const plain = analyze(`import keras
from keras import layers
units = 8
model = keras.Sequential([keras.Input((4,)), layers.Dense(4)])
other = keras.Sequential([keras.Input((4,)), layers.Dense(units)])
`);
  assert.deepEqual(plain.models.map((m) => m.totalParams), [20, 40]);
});
