/**
 * Models the file does not make as it runs, still shown and labelled: builder functions nobody calls in the file
 * (run once with their defaults, a parameter without a default `?` with why), and models made in a branch the
 * analysis cannot decide (`if sys.argv[1] == "cnn"`), each alternative once. Numbers from real Keras 3.15.1 (each
 * argv value run in the venv, the builder called with its defaults). Before: "No Keras model found" for all of them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from './analyze-helpers';

const HEADER = 'import sys\nimport keras\nfrom keras import layers\n\n';

const ARGV_BRANCH = `${HEADER}def cnn_model():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])


def mlp():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(32), layers.Dense(10)])


if sys.argv[1] == "cnn":
    model = cnn_model()
elif sys.argv[1] == "mlp":
    model = mlp()
else:
    raise ValueError("unknown model")

model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
`;

const BUILDER = `${HEADER}def build_model(hidden=64, input_dim=20, classes=3):
    inputs = keras.Input((input_dim,))
    x = layers.Dense(hidden, activation="relu")(inputs)
    x = layers.Dropout(0.2)(x)
    return keras.Model(inputs, layers.Dense(classes)(x))
`;

describe('a model made in a branch the analysis cannot decide', () => {
  test('each alternative once, labelled with its condition, with the total Keras gives for that argv (54,170 and 25,450)', () => {
    const r = analyze(ARGV_BRANCH);
    assert.deepEqual(r.models.map((m) => [m.variable, m.context, m.totalParams]), [
      ['model', 'when sys.argv[1] == "cnn"', 54_170],
      ['model', 'when sys.argv[1] == "mlp"', 25_450],
    ]);
  });

  test('else: labelled as the other case; the same if run again (a loop, a function called twice) adds nothing', () => {
    const r = analyze(`${HEADER}def make(n):
    if sys.argv[1] == "big":
        return keras.Sequential([keras.Input((4,)), layers.Dense(n)])
    else:
        return keras.Sequential([keras.Input((4,)), layers.Dense(1)])

a = make(8)
b = make(8)
`);
    assert.deepEqual(r.models.map((m) => [m.context, m.totalParams]), [
      ['when sys.argv[1] == "big"', 40],
      ['when not (sys.argv[1] == "big")', 5],
    ]);
  });

  test('a branch that adds to a model made before is not run: that model stays `?` with the condition, no row is added', () => {
    const r = analyze(`${HEADER}model = keras.Sequential([keras.Input((4,)), layers.Dense(3)])
if sys.argv[1] == "deep":
    model.add(layers.Dense(5))
`);
    assert.equal(r.models.length, 1);
    assert.equal(r.models[0].totalParams, null);
    assert.equal(r.models[0].layers.length, 1);
  });
});

describe('builder functions never called in their file', () => {
  test('run with their defaults and named as such (1,539 as Keras for build_model())', () => {
    const r = analyze(BUILDER);
    assert.equal(r.models.length, 1);
    assert.equal(r.models[0].context, 'by build_model() with its defaults');
    assert.equal(r.models[0].totalParams, 1539);
  });

  test('a parameter with no default is `?` where it matters, and the reason names it', () => {
    const r = analyze(BUILDER.replace('classes=3', 'classes'));
    const rows = r.models[0].layers.map((l) => [l.type, l.params]);
    assert.deepEqual(rows, [['InputLayer', 0], ['Dense', 1344], ['Dropout', 0], ['Dense', null]]);
    assert.equal(r.models[0].totalParams, null);
  });

  test('reading a config dict, a list of sizes or argparse options is fine: the builder runs with them', () => {
    const r = analyze(`import argparse\n${BUILDER.replace('hidden=64', 'hidden=CONFIG["hidden"]').replace('input_dim=20', 'input_dim=args.dim')}
CONFIG = {"hidden": 64}
parser = argparse.ArgumentParser()
parser.add_argument("--dim", type=int, default=20)
args = parser.parse_args()
`);
    assert.deepEqual(r.models.map((m) => [m.context, m.totalParams]), [['by build_model() with its defaults', 1539]]);
  });

  test('a builder called in the file is not run again; a function touching a model the file made is not run at all', () => {
    const r = analyze(`${BUILDER}
model = build_model(8)

def add_head():
    model.add(layers.Dense(2))
`);
    assert.deepEqual(r.models.map((m) => [m.context ?? null, m.totalParams]), [[null, 8 * 21 + 9 * 3]]);
  });
});
