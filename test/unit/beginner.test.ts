import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { lessonFor, taughtDiagnostics } from '../../src/core/report/beginner';
import { applyEdits } from '../../src/core/designer/edits/text-edit';
import { LESSON_FIX_CODE } from '../../src/server/worker-protocol';
import './analyze-helpers';

before(async () => {
  await initJsParsers();
});

function lesson(source: string) {
  const report = analyzePython(source);
  const diagnostic = report.diagnostics.find((d) => d.severity === 'error');
  assert.ok(diagnostic, 'an error diagnostic');
  return { report, diagnostic, lesson: lessonFor(report, source, diagnostic) };
}

function applied(source: string): string {
  const fix = lesson(source).lesson?.fix;
  assert.ok(fix, 'a quick fix');
  return source.slice(0, fix.offset) + fix.text + source.slice(fix.offset);
}

const CONV_AFTER_FLATTEN =
  'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n    layers.Flatten(input_shape=(28, 28)),\n    layers.Conv2D(32, 3, activation="relu"),\n    layers.MaxPooling2D(),\n    layers.Flatten(),\n    layers.Dense(10, activation="softmax"),\n])\n';

describe('beginner diagnostics: plain sentences about this model', () => {
  test('Conv2D after Flatten names the Flatten, its line and the vector size; Keras message first', () => {
    const { report, diagnostic, lesson: l } = lesson(CONV_AFTER_FLATTEN);
    assert.equal(
      l?.sentence,
      'Conv2D needs images shaped (height, width, channels), but Flatten on line 5 made each sample a flat vector of 784 numbers: put the Flatten after the convolutions, or reshape back with Reshape((28, 28, 1)).',
    );
    const [taught] = taughtDiagnostics(report, CONV_AFTER_FLATTEN).filter((d) => d.range.startIndex === diagnostic.range.startIndex);
    assert.equal(taught.message, `Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2. Full shape received: (None, 784)\n${l?.sentence}`);
    assert.deepEqual(taught.taught, { keras: diagnostic.message, plain: l?.sentence });
    assert.equal(taught.code, LESSON_FIX_CODE);
    // The Flatten carries the model's input shape: moving it would lose it, so only the Reshape is offered.
    assert.equal(l?.move, undefined);
  });

  test('Conv2D after Flatten: the Reshape fix gives the exact source and a whole model', () => {
    const fixed = applied(CONV_AFTER_FLATTEN);
    assert.equal(fixed, CONV_AFTER_FLATTEN.replace('    layers.Conv2D', '    layers.Reshape((28, 28, 1)),\n    layers.Conv2D'));
    const report = analyzePython(fixed);
    assert.equal(report.diagnostics.filter((d) => d.severity === 'error').length, 0);
    assert.equal(report.models[0].totalParams, 54410n);
  });

  test('Conv2D after Dense: no safe fix, the sentence names the Dense and its units', () => {
    const src = 'import tensorflow as tf\nfrom tensorflow.keras import layers\nm = tf.keras.Sequential([\n    layers.Dense(64, input_shape=(784,)),\n    layers.Conv2D(8, 3),\n])\n';
    const { lesson: l } = lesson(src);
    assert.equal(l?.sentence, 'Conv2D needs images shaped (height, width, channels), but Dense on line 4 outputs a flat vector of 64 numbers per sample: convolutions go before Flatten and Dense.');
    assert.equal(l?.fix, undefined);
  });

  test('missing channel axis: Reshape adds it, in model.add style too', () => {
    const src = 'import keras\nm = keras.Sequential()\nm.add(keras.Input(shape=(28, 28)))\nm.add(keras.layers.Rescaling(1 / 255))\nm.add(keras.layers.Conv2D(4, 3))\n';
    const { lesson: l } = lesson(src);
    assert.equal(l?.sentence, 'Conv2D needs images shaped (height, width, channels), but each sample coming from Rescaling on line 4 is (28, 28), with no channel axis: add one with Reshape((28, 28, 1)).');
    const fixed = applied(src);
    assert.equal(fixed, src.replace('m.add(keras.layers.Conv2D', 'm.add(keras.layers.Reshape((28, 28, 1)))\nm.add(keras.layers.Conv2D'));
    assert.equal(analyzePython(fixed).models[0].totalParams, 40n);
  });

  test('missing channel axis right after a keras.Input: the sentence names the Input, the Reshape goes after it', () => {
    const src = 'import keras\nfrom keras import layers\nm = keras.Sequential([\n    keras.Input(shape=(28, 28)),\n    layers.Conv2D(8, 3),\n])\n';
    assert.equal(lesson(src).lesson?.sentence, 'Conv2D needs images shaped (height, width, channels), but the Input on line 4 gives each sample the shape (28, 28), with no channel axis: add one with Reshape((28, 28, 1)).');
    const fixed = applied(src);
    assert.equal(fixed, src.replace('    layers.Conv2D', '    layers.Reshape((28, 28, 1)),\n    layers.Conv2D'));
    assert.equal(analyzePython(fixed).models[0].totalParams, 80n);
  });

  test('a functional Input is named as an Input', () => {
    const src = 'import keras\nfrom keras import layers\ninp = keras.Input(shape=(28, 28))\nx = layers.Conv2D(8, 3)(inp)\n';
    assert.equal(lesson(src).lesson?.sentence, 'Conv2D needs images shaped (height, width, channels), but each sample coming from Input on line 3 is (28, 28), with no channel axis: add one with Reshape((28, 28, 1)).');
  });

  test('wrong input_shape rank on the first layer says what the input_shape gives', () => {
    const src = 'from tensorflow import keras\nm = keras.Sequential([keras.layers.Conv2D(4, 3, input_shape=(28, 28))])\n';
    assert.equal(lesson(src).lesson?.sentence, 'Conv2D needs images shaped (height, width, channels), but its input_shape gives each sample the shape (28, 28), 2 axes instead of 3.');
  });

  test('LSTM after Dense wants sequences; a rank check of another layer gets no lesson', () => {
    const src = 'import keras\nm = keras.Sequential([keras.Input(shape=(100,)), keras.layers.Dense(8), keras.layers.LSTM(4)])\n';
    assert.equal(lesson(src).lesson?.sentence, 'LSTM needs sequences shaped (steps, features), but Dense on line 2 outputs a flat vector of 8 numbers per sample: convolutions go before Flatten and Dense.');
    const tfjs = analyzeJavaScript("import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [8]}), tf.layers.flatten()]});\n");
    const d = tfjs.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d, 'TF.js reports the rank');
    assert.equal(lessonFor(tfjs, '', d), undefined);
  });

  test('TF.js: the sentence spells the Reshape as TF.js does', () => {
    const src = "import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({layers: [\n  tf.layers.flatten({inputShape: [28, 28]}),\n  tf.layers.conv2d({filters: 8, kernelSize: 3}),\n]});\n";
    const report = analyzeJavaScript(src);
    const d = report.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d);
    assert.equal(
      lessonFor(report, src, d)?.sentence,
      'Conv2D needs images shaped (height, width, channels), but Flatten on line 3 made each sample a flat vector of 784 numbers: put the Flatten after the convolutions, or reshape back with tf.layers.reshape({targetShape: [28, 28, 1]}).',
    );
  });

  test('Conv1D wants sequences', () => {
    const src = 'import keras\nm = keras.Sequential([keras.Input(shape=(100,)), keras.layers.Dense(8), keras.layers.Conv1D(4, 3)])\n';
    assert.equal(lesson(src).lesson?.sentence, 'Conv1D needs sequences shaped (steps, features), but Dense on line 2 outputs a flat vector of 8 numbers per sample: convolutions go before Flatten and Dense.');
  });
});

/** The source after the lesson's "move the Flatten" fix. */
function moved(source: string): { title: string; text: string } {
  const move = lesson(source).lesson?.move;
  assert.ok(move, 'a move fix');
  return { title: move.title, text: applyEdits(source, move.edits) };
}

const FLATTEN_FIRST =
  'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n    keras.Input(shape=(28, 28, 1)),\n    layers.Flatten(),\n    layers.Conv2D(32, 3, activation="relu"),\n    layers.MaxPooling2D(),\n    layers.Dense(10, activation="softmax"),\n])\n';

describe('the "move the Flatten" quick fix', () => {
  test('list style: the Flatten goes after the convolutions, before the Dense; the model is whole (54,410 params)', () => {
    const { title, text } = moved(FLATTEN_FIRST);
    assert.equal(title, 'Move the Flatten on line 6 after MaxPooling2D on line 8');
    assert.equal(
      text,
      'import keras\nfrom keras import layers\n\nmodel = keras.Sequential([\n    keras.Input(shape=(28, 28, 1)),\n    layers.Conv2D(32, 3, activation="relu"),\n    layers.MaxPooling2D(),\n    layers.Flatten(),\n    layers.Dense(10, activation="softmax"),\n])\n',
    );
    const report = analyzePython(text);
    assert.equal(report.diagnostics.filter((d) => d.severity === 'error').length, 0);
    assert.equal(report.models[0].totalParams, 54410n);
    // The Reshape is offered too: the Flatten's input was already an image.
    assert.equal(lesson(FLATTEN_FIRST).lesson?.fix?.title, 'Insert layers.Reshape((28, 28, 1)) before Conv2D');
  });

  test('model.add style with a global pooling after the convolutions: the Flatten is removed', () => {
    const src =
      'import keras\nm = keras.Sequential()\nm.add(keras.Input(shape=(28, 28, 1)))\nm.add(keras.layers.Flatten())\nm.add(keras.layers.Conv2D(8, 3))\nm.add(keras.layers.BatchNormalization())\nm.add(keras.layers.GlobalAveragePooling2D())\nm.add(keras.layers.Dense(10))\n';
    const { title, text } = moved(src);
    assert.equal(title, 'Remove the Flatten on line 4 (GlobalAveragePooling2D on line 7 flattens after the convolutions)');
    assert.equal(text, src.replace('m.add(keras.layers.Flatten())\n', ''));
    const report = analyzePython(text);
    assert.equal(report.diagnostics.filter((d) => d.severity === 'error').length, 0);
    assert.equal(report.models[0].totalParams, 202n);
  });

  test('Conv1D on sequences: the Flatten moves past the Conv1D and its Dropout', () => {
    const src = 'import keras\nm = keras.Sequential([keras.Input(shape=(100, 8)), keras.layers.Flatten(), keras.layers.Conv1D(4, 3), keras.layers.Dropout(0.5), keras.layers.Dense(1)])\n';
    const { title, text } = moved(src);
    assert.equal(title, 'Move the Flatten on line 2 after Dropout on line 2');
    assert.equal(text, 'import keras\nm = keras.Sequential([keras.Input(shape=(100, 8)), keras.layers.Conv1D(4, 3), keras.layers.Dropout(0.5), keras.layers.Flatten(), keras.layers.Dense(1)])\n');
    assert.equal(analyzePython(text).models[0].totalParams, 493n);
  });

  test('not offered when it is not safe', () => {
    const cases: Record<string, string> = {
      'the Flatten gives the input shape': CONV_AFTER_FLATTEN,
      'the Flatten gets no channel axis': FLATTEN_FIRST.replace('(28, 28, 1)', '(28, 28)'),
      'nothing after the convolutions wants flat vectors': FLATTEN_FIRST.replace('    layers.Dense(10, activation="softmax"),\n', ''),
      'a Dense between the convolutions': FLATTEN_FIRST.replace('    layers.MaxPooling2D(),\n', '    layers.Dense(8),\n    layers.MaxPooling2D(),\n'),
    };
    for (const [why, src] of Object.entries(cases)) assert.equal(lesson(src).lesson?.move, undefined, why);
  });
});

describe('a layer with a shape error in its lens and inlay hint', () => {
  test("the lens keeps Keras's point, not the preamble that names the layer; the hint its first sentence", async () => {
    const { layerLensTitle } = await import('../../src/core/report/explain');
    const { inlayHintsOf } = await import('../../src/server/features');
    const report = analyzePython(CONV_AFTER_FLATTEN);
    const conv = report.layers.find((l) => l.className === 'Conv2D')!;
    assert.equal(layerLensTitle([conv]), 'Conv2D · ⚠ expected min_ndim=4, found ndim=2. Full shape received: (None, 784)');
    const hint = inlayHintsOf(report, CONV_AFTER_FLATTEN).find((h) => h.line === 5);
    assert.equal(hint?.label, '⚠ expected min_ndim=4, found ndim=2');
    assert.match(hint?.tooltip ?? '', /Input 0 of layer 'conv2d' is incompatible with the layer: expected min_ndim=4, found ndim=2\. Full shape received: \(None, 784\)/);
  });
});

describe('beginner diagnostics through the server features', () => {
  test('the diagnostic carries the sentence and the fix code; the fix is plain text with nothing to type', async () => {
    const { diagnosticsOf, lessonFixes } = await import('../../src/server/features');
    const report = analyzePython(CONV_AFTER_FLATTEN);
    const [d] = diagnosticsOf(report, CONV_AFTER_FLATTEN).filter((x) => x.severity === 'error');
    assert.equal(d.code, 'shape-fix');
    assert.match(d.message, /\nConv2D needs images shaped \(height, width, channels\), but Flatten on line 5/);
    const fixes = lessonFixes(report, CONV_AFTER_FLATTEN, d.range.startLine, d.range.startCol);
    assert.deepEqual(fixes, [{ title: 'Insert layers.Reshape((28, 28, 1)) before Conv2D', line: 5, col: 4, before: 'layers.Reshape((28, 28, 1)),\n    ', after: '', complete: true }]);
  });

  test('the move fix crosses as line/column edits: the Reshape first, then the move', async () => {
    const { diagnosticsOf, lessonFixes } = await import('../../src/server/features');
    const report = analyzePython(FLATTEN_FIRST);
    const [d] = diagnosticsOf(report, FLATTEN_FIRST).filter((x) => x.severity === 'error');
    const fixes = lessonFixes(report, FLATTEN_FIRST, d.range.startLine, d.range.startCol);
    assert.deepEqual(fixes.map((f) => f.title), ['Insert layers.Reshape((28, 28, 1)) before Conv2D', 'Move the Flatten on line 6 after MaxPooling2D on line 8']);
    const lines = FLATTEN_FIRST.split('\n');
    const offset = (p: { line: number; col: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.col;
    const edits = fixes[1].edits!.map((e) => ({ start: offset(e.start), end: offset(e.end), text: e.text }));
    assert.equal(applyEdits(FLATTEN_FIRST, edits), moved(FLATTEN_FIRST).text);
  });
});
