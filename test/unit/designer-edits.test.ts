/**
 * The designer's source edits: for each way of writing a model (Sequential list on one line, one item per line
 * with a hanging or a block indent, `model.add(...)` statements, functional calls) and each edit kind, the
 * exact text that results. Formatting, comments and trailing commas must come through untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import type { ArgValue } from '../../src/shared/arg-values';
import { computeDesignerEdit, modelFingerprint, structureCheck, type ArgSetting, type DesignerEdit, type LayerTarget } from '../../src/core/designer/edits/designer-edits';
import { applyEdits } from '../../src/core/designer/edits/text-edit';
import type { Report } from '../../src/core/report/report';

before(async () => {
  await initParser();
});

const int = (value: number): ArgValue => ({ kind: 'int', value });
const float = (value: number): ArgValue => ({ kind: 'float', value });
const bool = (value: boolean): ArgValue => ({ kind: 'bool', value });
const act = (name: string): ArgValue => ({ kind: 'activation', name });
const DROPOUT: ArgSetting[] = [{ name: 'rate', value: float(0.2) }];

function target(r: Report, layer: number, model = 0): LayerTarget {
  const l = r.models[model].layers[layer];
  return { model, layer, className: l.className, name: l.name };
}

type Request = (r: Report) => DesignerEdit;

/** The text after the edit, or throws with the refusal. */
function edited(source: string, request: Request): string {
  const report = analyzePython(source);
  const result = computeDesignerEdit(source, report, request(report));
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  return applyEdits(source, result.edits);
}

function refusal(source: string, request: Request): string {
  const report = analyzePython(source);
  const result = computeDesignerEdit(source, report, request(report));
  assert.equal(result.ok, false, 'the edit should be refused');
  return (result as { reason: string }).reason;
}

const setArg = (layer: number, argument: string, value: ArgValue, model = 0): Request => (r) => ({ kind: 'setArgument', target: target(r, layer, model), argument, value });
const resetArg = (layer: number, argument: string): Request => (r) => ({ kind: 'resetArgument', target: target(r, layer), argument });
const add = (index: number, className: string, args: ArgSetting[], model = 0): Request => (r) => ({ kind: 'addLayer', model, fingerprint: modelFingerprint(r.models[model]), index, className, args });
const del = (layer: number): Request => (r) => ({ kind: 'deleteLayer', target: target(r, layer), fingerprint: modelFingerprint(r.models[0]) });
const move = (layer: number, to: number): Request => (r) => ({ kind: 'moveLayer', target: target(r, layer), fingerprint: modelFingerprint(r.models[0]), to });

// ------------------------------------------------------------------ the tutorial: a hanging multi-line list

const TUTORIAL = readFileSync('examples/fashion_mnist.py', 'utf8');
const TUTORIAL_MODEL = `model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])`;
const PAD = ' '.repeat(36);

/** The tutorial with its model replaced by `model` (the rest of the file must not change). */
const tutorialWith = (model: string) => TUTORIAL.replace(TUTORIAL_MODEL, model);

describe('Sequential list, one item per line with a hanging indent (the tutorial)', () => {
  test('the fixture is the tutorial as expected', () => {
    assert.ok(TUTORIAL.includes(TUTORIAL_MODEL));
  });

  test('change units 256 → 128: only that number changes', () => {
    assert.equal(edited(TUTORIAL, setArg(1, 'units', int(128))), TUTORIAL.replace('Dense(256,', 'Dense(128,'));
  });

  test('change an activation written as tf.nn.relu keeps the tf.nn style', () => {
    assert.equal(edited(TUTORIAL, setArg(1, 'activation', act('gelu'))), TUTORIAL.replace('activation=tf.nn.relu', 'activation=tf.nn.gelu'));
  });

  test('an activation tf.nn does not have is written as a string in the file\'s quotes', () => {
    assert.equal(edited(TUTORIAL, setArg(1, 'activation', act('linear'))), TUTORIAL.replace('activation=tf.nn.relu', "activation='linear'"));
  });

  test('an argument not written yet is added as a keyword at the end', () => {
    assert.equal(
      edited(TUTORIAL, setArg(2, 'use_bias', bool(false))),
      TUTORIAL.replace('Dense(10, activation=tf.nn.softmax)', 'Dense(10, activation=tf.nn.softmax, use_bias=False)'),
    );
  });

  test('change a tuple argument (input_shape)', () => {
    assert.equal(edited(TUTORIAL, setArg(0, 'input_shape', { kind: 'tuple', items: [32, 32] })), TUTORIAL.replace('input_shape=(28, 28)', 'input_shape=(32, 32)'));
  });

  test('add Dropout(0.2) after the hidden layer: a new line at the same indent', () => {
    assert.equal(
      edited(TUTORIAL, add(2, 'Dropout', DROPOUT)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dropout(0.2),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])`),
    );
  });

  test('add at the end: the closing brackets stay on the last line', () => {
    assert.equal(
      edited(TUTORIAL, add(3, 'Dropout', DROPOUT)),
      tutorialWith(`${TUTORIAL_MODEL.slice(0, -2)},\n${PAD}tf.keras.layers.Dropout(0.2)])`),
    );
  });

  test('add at the top: after the opening bracket, the old first layer moves to the next line', () => {
    assert.equal(
      edited(TUTORIAL, add(0, 'Dense', [{ name: 'units', value: int(3) }, { name: 'activation', value: act('relu') }])),
      tutorialWith(TUTORIAL_MODEL.replace('Sequential([tf.keras', `Sequential([tf.keras.layers.Dense(3, activation=tf.nn.relu),\n${PAD}tf.keras`)),
    );
  });

  test('delete the middle layer', () => {
    assert.equal(
      edited(TUTORIAL, del(1)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])`),
    );
  });

  test('delete the first layer (it shares its line with the bracket)', () => {
    assert.equal(
      edited(TUTORIAL, del(0)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax)])`),
    );
  });

  test('delete the last layer (the closing brackets follow it)', () => {
    assert.equal(
      edited(TUTORIAL, del(2)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu)])`),
    );
  });

  test('move the output layer up one place', () => {
    assert.equal(
      edited(TUTORIAL, move(2, 1)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax),
                                    tf.keras.layers.Dense(256, activation=tf.nn.relu)])`),
    );
  });

  test('move the first layer to the end (drag and drop over two places)', () => {
    assert.equal(
      edited(TUTORIAL, move(0, 2)),
      tutorialWith(`model = tf.keras.models.Sequential([tf.keras.layers.Dense(256, activation=tf.nn.relu),
                                    tf.keras.layers.Dense(10, activation=tf.nn.softmax),
                                    tf.keras.layers.Flatten(input_shape=(28, 28))])`),
    );
  });
});

// ------------------------------------------------------------------ block indent, trailing comma, comments

const BLOCK = `import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28)),
        layers.Flatten(),  # to a vector
        # the hidden layer
        layers.Dense(128, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
`;

describe('Sequential list, one item per line with a block indent, trailing comma and comments', () => {
  test('add after Flatten: above the comment that belongs to the next layer', () => {
    assert.equal(
      edited(BLOCK, add(1, 'Dropout', DROPOUT)),
      BLOCK.replace('        # the hidden layer', '        layers.Dropout(0.2),\n        # the hidden layer'),
    );
  });

  test('add at the end keeps the trailing comma', () => {
    assert.equal(
      edited(BLOCK, add(3, 'Dropout', DROPOUT)),
      BLOCK.replace('        layers.Dense(10, activation="softmax"),\n', '        layers.Dense(10, activation="softmax"),\n        layers.Dropout(0.2),\n'),
    );
  });

  test('add as the first layer goes after the Input', () => {
    assert.equal(
      edited(BLOCK, add(0, 'Dense', [{ name: 'units', value: int(8) }])),
      BLOCK.replace('        layers.Flatten(),', '        layers.Dense(8),\n        layers.Flatten(),'),
    );
  });

  test('a new string argument uses the quotes of its neighbours', () => {
    assert.equal(
      edited(BLOCK, add(3, 'Activation', [{ name: 'activation', value: act('softmax') }])),
      BLOCK.replace('        layers.Dense(10, activation="softmax"),\n', '        layers.Dense(10, activation="softmax"),\n        layers.Activation("softmax"),\n'),
    );
  });

  test('delete a layer: its line goes, the comment above it stays', () => {
    assert.equal(edited(BLOCK, del(1)), BLOCK.replace('        layers.Dense(128, activation="relu"),\n', ''));
  });

  test('delete a layer with a comment on its line: both go', () => {
    assert.equal(edited(BLOCK, del(0)), BLOCK.replace('        layers.Flatten(),  # to a vector\n', ''));
  });

  test('delete the last layer', () => {
    assert.equal(edited(BLOCK, del(2)), BLOCK.replace('        layers.Dense(10, activation="softmax"),\n', ''));
  });

  test('move: layers trade places, comments stay on their lines', () => {
    assert.equal(
      edited(BLOCK, move(2, 1)),
      BLOCK.replace('layers.Dense(128, activation="relu"),\n        layers.Dense(10, activation="softmax"),', 'layers.Dense(10, activation="softmax"),\n        layers.Dense(128, activation="relu"),'),
    );
  });

  test('change an activation string keeps its quotes', () => {
    assert.equal(edited(BLOCK, setArg(1, 'activation', act('tanh'))), BLOCK.replace('activation="relu"', 'activation="tanh"'));
  });

  test('reset an argument to its default removes it', () => {
    assert.equal(edited(BLOCK, resetArg(1, 'activation')), BLOCK.replace('layers.Dense(128, activation="relu")', 'layers.Dense(128)'));
  });
});

const BLOCK_NO_TRAILING = `import keras
from keras import layers

model = keras.Sequential([
    layers.Dense(16, input_shape=(4,)),
    layers.Dense(8),  # last
])
`;

describe('Sequential list, one item per line without a trailing comma', () => {
  test('add at the end: a comma after the old last item, the new item on its own line', () => {
    assert.equal(
      edited(BLOCK_NO_TRAILING, add(2, 'Dropout', DROPOUT)),
      BLOCK_NO_TRAILING.replace('    layers.Dense(8),  # last\n', '    layers.Dense(8),  # last\n    layers.Dropout(0.2),\n'),
    );
    const noComma = BLOCK_NO_TRAILING.replace('layers.Dense(8),  # last', 'layers.Dense(8)  # last');
    assert.equal(
      edited(noComma, add(2, 'Dropout', DROPOUT)),
      noComma.replace('    layers.Dense(8)  # last\n', '    layers.Dense(8),  # last\n    layers.Dropout(0.2)\n'),
    );
  });

  test('delete the last item: the one before it does not gain a trailing comma', () => {
    const noComma = BLOCK_NO_TRAILING.replace('layers.Dense(8),  # last', 'layers.Dense(8)  # last');
    assert.equal(edited(noComma, del(1)), noComma.replace('    layers.Dense(16, input_shape=(4,)),\n    layers.Dense(8)  # last\n', '    layers.Dense(16, input_shape=(4,))\n'));
  });
});

// ------------------------------------------------------------------ one line

const ONE_LINE = `import keras
from keras import layers
m = keras.Sequential([keras.Input(shape=(8,)), layers.Dense(4), layers.Dense(2)])  # tiny
`;

describe('Sequential list on one line', () => {
  test('add in the middle', () => {
    assert.equal(edited(ONE_LINE, add(1, 'Dropout', DROPOUT)), ONE_LINE.replace('layers.Dense(4), layers.Dense(2)', 'layers.Dense(4), layers.Dropout(0.2), layers.Dense(2)'));
  });

  test('add at the end', () => {
    assert.equal(edited(ONE_LINE, add(2, 'Dropout', DROPOUT)), ONE_LINE.replace('layers.Dense(2)]', 'layers.Dense(2), layers.Dropout(0.2)]'));
  });

  test('add at the end of a list with a trailing comma', () => {
    const trailing = ONE_LINE.replace('layers.Dense(2)]', 'layers.Dense(2),]');
    assert.equal(edited(trailing, add(2, 'Dropout', DROPOUT)), trailing.replace('layers.Dense(2),]', 'layers.Dense(2), layers.Dropout(0.2),]'));
  });

  test('delete the middle and the last layer', () => {
    assert.equal(edited(ONE_LINE, del(0)), ONE_LINE.replace('layers.Dense(4), ', ''));
    assert.equal(edited(ONE_LINE, del(1)), ONE_LINE.replace(', layers.Dense(2)', ''));
  });

  test('move', () => {
    assert.equal(edited(ONE_LINE, move(1, 0)), ONE_LINE.replace('layers.Dense(4), layers.Dense(2)', 'layers.Dense(2), layers.Dense(4)'));
  });

  test('a keyword added to a layer on a one-line list', () => {
    assert.equal(edited(ONE_LINE, setArg(0, 'activation', act('relu'))), ONE_LINE.replace('layers.Dense(4)', 'layers.Dense(4, activation="relu")'));
  });
});

// ------------------------------------------------------------------ model.add(...)

const ADDS = `import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(16,)))
model.add(layers.Dense(32, activation="relu"))  # hidden
model.add(layers.Dense(1))
model.compile(loss="mse")
`;

describe('model.add(...) sequences', () => {
  test('add after a layer: a new add() line below it', () => {
    assert.equal(edited(ADDS, add(1, 'Dropout', DROPOUT)), ADDS.replace('  # hidden\n', '  # hidden\nmodel.add(layers.Dropout(0.2))\n'));
  });

  test('add as the first layer: after the Input', () => {
    assert.equal(edited(ADDS, add(0, 'Flatten', [])), ADDS.replace('model.add(layers.Dense(32', 'model.add(layers.Flatten())\nmodel.add(layers.Dense(32'));
  });

  test('add at the end', () => {
    assert.equal(edited(ADDS, add(2, 'Dropout', DROPOUT)), ADDS.replace('model.add(layers.Dense(1))\n', 'model.add(layers.Dense(1))\nmodel.add(layers.Dropout(0.2))\n'));
  });

  test('delete removes the whole statement line', () => {
    assert.equal(edited(ADDS, del(0)), ADDS.replace('model.add(layers.Dense(32, activation="relu"))  # hidden\n', ''));
  });

  test('move swaps the layers inside the add() calls', () => {
    assert.equal(
      edited(ADDS, move(1, 0)),
      ADDS.replace('model.add(layers.Dense(32, activation="relu"))  # hidden\nmodel.add(layers.Dense(1))', 'model.add(layers.Dense(1))  # hidden\nmodel.add(layers.Dense(32, activation="relu"))'),
    );
  });

  test('argument edits work the same', () => {
    assert.equal(edited(ADDS, setArg(0, 'units', int(64))), ADDS.replace('Dense(32,', 'Dense(64,'));
  });

  test('inside a function, the new statement takes the function body\'s indent', () => {
    const inFunction = `import keras
from keras import layers

def build():
    model = keras.Sequential()
    model.add(keras.Input(shape=(16,)))
    model.add(layers.Dense(32))
    return model

net = build()
`;
    assert.equal(edited(inFunction, add(1, 'Dropout', DROPOUT)), inFunction.replace('    model.add(layers.Dense(32))\n', '    model.add(layers.Dense(32))\n    model.add(layers.Dropout(0.2))\n'));
  });

  test('an empty Sequential() gets its first add() after the Input', () => {
    const empty = `import keras
from keras import layers

model = keras.Sequential()
model.add(keras.Input(shape=(16,)))
model.summary()
`;
    assert.equal(edited(empty, add(0, 'Dense', [{ name: 'units', value: int(4) }])), empty.replace('model.add(keras.Input(shape=(16,)))\n', 'model.add(keras.Input(shape=(16,)))\nmodel.add(layers.Dense(4))\n'));
  });
});

// ------------------------------------------------------------------ functional

const FUNCTIONAL = `import keras
from keras import layers

inputs = keras.Input(shape=(8,))
x = layers.Dense(16, activation="relu")(inputs)
outputs = layers.Dense(
    1,
    activation="sigmoid",
)(x)
model = keras.Model(inputs, outputs)
`;

describe('functional models: argument edits', () => {
  test('change units in a layer called on a tensor', () => {
    assert.equal(edited(FUNCTIONAL, setArg(1, 'units', int(32))), FUNCTIONAL.replace('layers.Dense(16,', 'layers.Dense(32,'));
  });

  test('a keyword added to a call written one argument per line goes on its own line', () => {
    assert.equal(edited(FUNCTIONAL, setArg(2, 'use_bias', bool(false))), FUNCTIONAL.replace('    activation="sigmoid",\n', '    activation="sigmoid",\n    use_bias=False,\n'));
  });

  test('reset removes the argument\'s whole line', () => {
    assert.equal(edited(FUNCTIONAL, resetArg(2, 'activation')), FUNCTIONAL.replace('    activation="sigmoid",\n', ''));
  });

  test('adding or deleting layers is refused with the reason', () => {
    assert.match(refusal(FUNCTIONAL, add(1, 'Dropout', DROPOUT)), /Sequential models for now/);
    const report = analyzePython(FUNCTIONAL);
    const check = structureCheck(FUNCTIONAL, report, 0);
    assert.equal(check.editable, false);
  });
});

// ------------------------------------------------------------------ what is refused

describe('refused edits leave the file alone and say why', () => {
  const VARIABLE = `import keras
from keras import layers
num_classes = 10
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(num_classes, activation=pick("relu"))])
`;

  test('a value that is a variable or an expression is read-only', () => {
    assert.match(refusal(VARIABLE, setArg(0, 'units', int(3))), /num_classes.*variable or an expression/);
    assert.match(refusal(VARIABLE, setArg(0, 'activation', act('tanh'))), /variable or an expression/);
  });

  test('invalid values are refused', () => {
    assert.match(refusal(TUTORIAL, setArg(1, 'units', int(-3))), /positive whole number/);
    assert.match(refusal(TUTORIAL, setArg(1, 'units', { kind: 'str', value: 'abc' })), /does not take text/);
    assert.match(refusal(TUTORIAL, setArg(1, 'activation', act('nope'))), /not a Keras activation/);
    assert.match(refusal(TUTORIAL, add(1, 'Dropout', [{ name: 'rate', value: float(1.5) }])), /rate must be below 1/);
    assert.match(refusal(TUTORIAL, add(1, 'Dense', [])), /Dense needs units/);
  });

  test('a stale target (the model changed since the panel looked) is refused', () => {
    assert.match(
      refusal(TUTORIAL, (r) => ({ kind: 'setArgument', target: { ...target(r, 1), name: 'dense_7' }, argument: 'units', value: int(3) })),
      /changed since the panel showed it/,
    );
    assert.match(refusal(TUTORIAL, (r) => ({ kind: 'deleteLayer', target: target(r, 1), fingerprint: 'Flatten:flatten' })), /changed since/);
  });

  test('layers made in a loop are not added to, deleted or moved', () => {
    const loop = `import keras
from keras import layers
model = keras.Sequential()
model.add(keras.Input(shape=(4,)))
for units in [8, 8]:
    model.add(layers.Dense(units))
`;
    assert.match(refusal(loop, del(0)), /loop or a helper function/);
  });

  test('a layer list built elsewhere is not rewritten', () => {
    const elsewhere = `import keras
from keras import layers
stack = [keras.Input(shape=(4,)), layers.Dense(3)]
model = keras.Sequential(stack)
`;
    assert.match(refusal(elsewhere, add(1, 'Dropout', DROPOUT)), /not written in the Sequential/);
  });
});

// ------------------------------------------------------------------ naming the new layer class

describe('a new layer is spelled the way the file spells layers', () => {
  test('from keras.layers import Dense: the new class joins that import', () => {
    const bare = `from keras.layers import Dense, Flatten
from keras.models import Sequential
model = Sequential([Flatten(input_shape=(4,)), Dense(2)])
`;
    assert.equal(
      edited(bare, add(1, 'Dropout', DROPOUT)),
      bare.replace('import Dense, Flatten', 'import Dense, Flatten, Dropout').replace('Flatten(input_shape=(4,)), Dense(2)', 'Flatten(input_shape=(4,)), Dropout(0.2), Dense(2)'),
    );
  });
});

// ------------------------------------------------------------------ new model

describe('"New model" starters', () => {
  test('an MLP at a blank line, spelled with the file\'s tf import and quotes', () => {
    const source = `import tensorflow as tf

x = 1
`;
    assert.equal(
      edited(source, () => ({ kind: 'newModel', offset: source.indexOf('x = 1'), starter: 'mlp' })),
      `import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.Input(shape=(28, 28)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(10, activation="softmax"),
])

x = 1
`,
    );
  });

  test('inside a statement, the starter goes after it; a used name gets a suffix; a file without keras imports it', () => {
    const source = `# data prep
text_model = None
`;
    const out = edited(source, () => ({ kind: 'newModel', offset: source.indexOf('None'), starter: 'lstm' }));
    assert.equal(
      out,
      `# data prep
import keras

text_model = None

text_model_2 = keras.Sequential([
    keras.Input(shape=(200,), dtype="int32"),
    keras.layers.Embedding(20000, 128),
    keras.layers.LSTM(64),
    keras.layers.Dense(1, activation="sigmoid"),
])
`,
    );
  });

  test('each starter is a model Model Lens can analyze', () => {
    for (const starter of ['mlp', 'cnn', 'lstm'] as const) {
      const source = 'import keras\n';
      const out = edited(source, () => ({ kind: 'newModel', offset: source.length, starter }));
      const report = analyzePython(out);
      assert.equal(report.models.length, 1, `${starter}:\n${out}`);
      assert.equal(report.models[0].layers.length > 0, true);
    }
  });
});

describe('edits while the person keeps typing (nothing is lost, nothing lands on stale ranges)', () => {
  const TYPED = [
    { what: 'a comment typed above the model', at: (t: string) => t.indexOf('model = '), text: '# my notes\n' },
    { what: 'a line typed inside the list', at: (t: string) => t.indexOf('tf.keras.layers.Dense(10'), text: '# keep this\n                                    ' },
    { what: 'characters typed after the model', at: (t: string) => t.indexOf('model.summary()'), text: 'x = 1\n' },
  ];

  for (const typing of TYPED) {
    test(`the panel's request from before ${typing.what} is applied to the current text: typed text plus the edit`, () => {
      const before = TUTORIAL;
      // The panel built its request from the text it showed...
      const shown = analyzePython(before);
      const request: DesignerEdit = { kind: 'setArgument', target: target(shown, 1), argument: 'units', value: int(128) };
      // ...the person typed meanwhile...
      const at = typing.at(before);
      const now = before.slice(0, at) + typing.text + before.slice(at);
      // ...and the edit is recomputed on what is there now (as the host does when the version moved on).
      const result = computeDesignerEdit(now, analyzePython(now), request);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      const after = applyEdits(now, result.edits);
      assert.equal(after, now.replace('Dense(256,', 'Dense(128,'));
      assert.ok(after.includes(typing.text), 'what the person typed is still there');
    });
  }

  test('when the typing removed the layer the request was about, the edit is refused and nothing changes', () => {
    const shown = analyzePython(TUTORIAL);
    const request: DesignerEdit = { kind: 'setArgument', target: target(shown, 2), argument: 'units', value: int(5) };
    const now = TUTORIAL.replace(/,\n\s*tf\.keras\.layers\.Dense\(10, activation=tf\.nn\.softmax\)/, '');
    const result = computeDesignerEdit(now, analyzePython(now), request);
    assert.equal(result.ok, false);
    assert.match((result as { reason: string }).reason, /changed since the panel showed it|no longer/);
  });
});
