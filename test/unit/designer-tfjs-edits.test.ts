/**
 * The designer's edits on TensorFlow.js sources: for `tf.sequential({layers: [...]})`, `model.add(...)` and the
 * functional `tf.layers.x({...}).apply(y)` / `tf.model({inputs, outputs})`, the exact text each edit makes, and
 * the refusals with their reasons. The edited sources are then run with real tfjs-layers (test/tfjs/oracle.cjs):
 * TF.js must build them, and Model Lens's analysis of them must agree with what TF.js built.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { modelFingerprint, type ArgSetting, type DesignerEdit, type LayerTarget } from '../../src/core/designer/edits/designer-edits';
import { applyEdits } from '../../src/core/designer/edits/text-edit';
import { computeTfjsDesignerEdit } from '../../src/core/designer/edits/tfjs-edits';
import { toJsonReport } from '../../src/core/report/json';
import type { Report } from '../../src/core/report/report';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import type { JsDialect } from '../../src/core/tfjs/parser';
import type { ArgValue } from '../../src/shared/arg-values';

before(async () => {
  await initJsParsers();
});

const DROPOUT: ArgSetting[] = [{ name: 'rate', value: { kind: 'float', value: 0.2 } }];
const int = (value: number): ArgValue => ({ kind: 'int', value });

type Request = (r: Report) => DesignerEdit;

function target(r: Report, name: string): LayerTarget {
  const layer = r.models[0].layers.findIndex((l) => l.name === name);
  assert.ok(layer >= 0, `no layer ${name}`);
  return { model: 0, layer, className: r.models[0].layers[layer].className, name };
}

const fingerprint = (r: Report) => modelFingerprint(r.models[0]);
const setArg = (name: string, argument: string, value: ArgValue): Request => (r) => ({ kind: 'setArgument', target: target(r, name), argument, value });
const resetArg = (name: string, argument: string): Request => (r) => ({ kind: 'resetArgument', target: target(r, name), argument });
const add = (index: number, className: string, args: ArgSetting[]): Request => (r) => ({ kind: 'addLayer', model: 0, fingerprint: fingerprint(r), index, className, args });
const onEdge = (consumer: string, input: number, className: string, args: ArgSetting[]): Request => (r) => ({
  kind: 'addLayer', model: 0, fingerprint: fingerprint(r), index: 0, className, args, edge: { layer: target(r, consumer).layer, input },
});
const del = (name: string): Request => (r) => ({ kind: 'deleteLayer', target: target(r, name), fingerprint: fingerprint(r) });
const move = (name: string, to: number): Request => (r) => ({ kind: 'moveLayer', target: target(r, name), fingerprint: fingerprint(r), to });

function analyze(source: string, dialect: JsDialect): Report {
  return analyzeJavaScript(source, { typescript: dialect !== 'javascript' });
}

/** Every edited source, for the check with real tfjs-layers at the end. */
const checked: { source: string; dialect: JsDialect; what: string }[] = [];

function edited(source: string, request: Request, dialect: JsDialect = 'javascript', runWithTfjs = true): string {
  const report = analyze(source, dialect);
  const result = computeTfjsDesignerEdit(source, dialect, report, request(report));
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  const out = applyEdits(source, result.edits);
  if (runWithTfjs) checked.push({ source: out, dialect, what: result.description });
  return out;
}

function refusal(source: string, request: Request, dialect: JsDialect = 'javascript'): string {
  const report = analyze(source, dialect);
  const result = computeTfjsDesignerEdit(source, dialect, report, request(report));
  assert.equal(result.ok, false, 'the edit should be refused');
  return (result as { reason: string }).reason;
}

// ------------------------------------------------------------------ tf.sequential({layers: [...]})

const LIST = `import * as tf from '@tensorflow/tfjs';

const model = tf.sequential({
  layers: [
    tf.layers.flatten({inputShape: [28, 28]}),
    tf.layers.dense({units: 256, activation: 'relu'}), // hidden
    tf.layers.dense({units: 10, activation: 'softmax'}),
  ],
});
`;

describe('tf.sequential({layers: [...]}), one layer per line with a trailing comma', () => {
  test('add dropout after the first layer: a new line in the array, TF.js syntax', () => {
    assert.equal(edited(LIST, add(1, 'Dropout', DROPOUT)), LIST.replace("    tf.layers.dense({units: 256", "    tf.layers.dropout({rate: 0.2}),\n    tf.layers.dense({units: 256"));
  });

  test('add at the end: camelCase keys, the activation in the file\'s quotes, the trailing comma kept', () => {
    const out = edited(LIST, add(3, 'Dense', [{ name: 'units', value: int(64) }, { name: 'use_bias', value: { kind: 'bool', value: false } }, { name: 'activation', value: { kind: 'activation', name: 'silu' } }]));
    assert.equal(out, LIST.replace("'softmax'}),\n", "'softmax'}),\n    tf.layers.dense({units: 64, activation: 'swish', useBias: false}),\n"));
  });

  test('delete the hidden layer: its line goes, with the comment on it', () => {
    assert.equal(edited(LIST, del('dense_Dense1')), LIST.replace("    tf.layers.dense({units: 256, activation: 'relu'}), // hidden\n", ''));
  });

  test('move the output layer up: the layers trade places, the comment stays on its line', () => {
    assert.equal(
      edited(LIST, move('dense_Dense2', 1)),
      LIST.replace("tf.layers.dense({units: 256, activation: 'relu'}), // hidden\n    tf.layers.dense({units: 10, activation: 'softmax'}),", "tf.layers.dense({units: 10, activation: 'softmax'}), // hidden\n    tf.layers.dense({units: 256, activation: 'relu'}),"),
    );
  });

  test('change a config value: only the value changes', () => {
    assert.equal(edited(LIST, setArg('dense_Dense1', 'units', int(128))), LIST.replace('units: 256', 'units: 128'));
    assert.equal(edited(LIST, setArg('dense_Dense1', 'activation', { kind: 'activation', name: 'hardSigmoid' })), LIST.replace("activation: 'relu'", "activation: 'hardSigmoid'"));
  });

  test('a key not written yet is added at the end of the config; resetting removes it again', () => {
    const out = edited(LIST, setArg('dense_Dense2', 'useBias', { kind: 'bool', value: false }));
    assert.equal(out, LIST.replace("{units: 10, activation: 'softmax'}", "{units: 10, activation: 'softmax', useBias: false}"));
    assert.equal(edited(out, resetArg('dense_Dense2', 'useBias')), LIST);
  });

  test('refused with the reason: an activation TF.js lacks, a key TF.js does not read, a required key reset', () => {
    assert.match(refusal(LIST, setArg('dense_Dense1', 'activation', { kind: 'activation', name: 'leaky_relu' })), /^TF\.js has no activation 'leaky_relu'/);
    assert.equal(refusal(LIST, setArg('dense_Dense1', 'kernel_size', int(3))), 'kernel_size is not a config key the designer edits for Dense; change it in the code.');
    assert.equal(refusal(LIST, resetArg('dense_Dense1', 'units')), 'Dense needs units; it has no default.');
    assert.equal(refusal(LIST, setArg('dense_Dense1', 'units', int(0))), 'units must be a positive whole number (1 or more); got 0.');
  });

  test('a Keras argument goes under TF.js\'s key (LeakyReLU\'s negative_slope is alpha); a layer TF.js does not have is refused', () => {
    assert.equal(edited(LIST, add(3, 'LeakyReLU', [{ name: 'negative_slope', value: { kind: 'float', value: 0.3 } }])), LIST.replace("'softmax'}),\n", "'softmax'}),\n    tf.layers.leakyReLU({alpha: 0.3}),\n"));
    assert.equal(refusal(LIST, add(1, 'Identity', [])), 'TF.js has no Identity layer.');
  });

  test('the TF.js palette\'s settings, by config key in TF.js\'s spelling, go in as written; what TF.js lacks is refused', () => {
    const out = edited(LIST, add(3, 'Dense', [{ name: 'units', value: int(64) }, { name: 'activation', value: { kind: 'activation', name: 'hardSigmoid' } }, { name: 'useBias', value: { kind: 'bool', value: false } }]));
    assert.equal(out, LIST.replace("'softmax'}),\n", "'softmax'}),\n    tf.layers.dense({units: 64, activation: 'hardSigmoid', useBias: false}),\n"));
    assert.equal(edited(LIST, add(3, 'LeakyReLU', [{ name: 'alpha', value: { kind: 'float', value: 0.1 } }])), LIST.replace("'softmax'}),\n", "'softmax'}),\n    tf.layers.leakyReLU({alpha: 0.1}),\n"));
    assert.match(refusal(LIST, add(3, 'Dense', [{ name: 'units', value: int(8) }, { name: 'activation', value: { kind: 'activation', name: 'leaky_relu' } }])), /^TF\.js has no activation/);
    assert.equal(refusal(LIST, add(3, 'Dense', [])), 'tf.layers.dense needs units.');
    assert.equal(refusal(LIST, add(3, 'Dense', [{ name: 'units', value: int(8) }, { name: 'kernelSize', value: int(3) }])), 'Dense has no argument kernelSize the palette sets.');
  });
});

// ------------------------------------------------------------------ model.add(...)

const ADDS = `const tf = require('@tensorflow/tfjs');

function build() {
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 32, inputShape: [784], activation: 'relu'}));
  model.add(tf.layers.dense({units: 16, activation: 'relu'}));
  model.add(tf.layers.dense({units: 10, activation: 'softmax'}));
  return model;
}
build();
`;

describe('model.add(...) statements', () => {
  test('add: a new add() statement with the file\'s semicolon, at the function body\'s indent', () => {
    assert.equal(edited(ADDS, add(1, 'Dropout', DROPOUT)), ADDS.replace("  model.add(tf.layers.dense({units: 16", "  model.add(tf.layers.dropout({rate: 0.2}));\n  model.add(tf.layers.dense({units: 16"));
  });

  test('delete removes the whole statement line; move swaps the layers inside add()', () => {
    assert.equal(edited(ADDS, del('dense_Dense3')), ADDS.replace("  model.add(tf.layers.dense({units: 10, activation: 'softmax'}));\n", ''));
    assert.equal(
      edited(ADDS, move('dense_Dense3', 1)),
      ADDS.replace("tf.layers.dense({units: 16, activation: 'relu'}));\n  model.add(tf.layers.dense({units: 10, activation: 'softmax'}))", "tf.layers.dense({units: 10, activation: 'softmax'}));\n  model.add(tf.layers.dense({units: 16, activation: 'relu'}))"),
    );
  });

  test('an empty tf.sequential() gets its first add() below it, in the file\'s quotes', () => {
    const empty = `import * as tf from "@tensorflow/tfjs";\nconst model = tf.sequential();\n`;
    // (TF.js builds it once the first layer gets an inputShape: not run with tfjs-layers.)
    assert.equal(
      edited(empty, add(0, 'Dense', [{ name: 'units', value: int(4) }, { name: 'activation', value: { kind: 'activation', name: 'relu' } }]), 'javascript', false),
      `import * as tf from "@tensorflow/tfjs";\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: 4, activation: "relu"}));\n`,
    );
  });

  test('layers added in a loop are refused with the reason', () => {
    const loop = `const tf = require('@tensorflow/tfjs');\nconst model = tf.sequential();\nmodel.add(tf.layers.dense({units: 8, inputShape: [4]}));\nfor (let i = 0; i < 2; i++) {\n  model.add(tf.layers.dense({units: 8}));\n}\n`;
    assert.equal(refusal(loop, add(1, 'Dropout', DROPOUT)), 'Some layers are made in a loop or a helper function; add, delete and move them in the code.');
  });
});

// ------------------------------------------------------------------ functional: tf.layers.x({...}).apply(y), tf.model

const FUNCTIONAL = readFileSync('examples/tfjs_functional.ts', 'utf8');
const FEATURES = "  const features = tf.layers.flatten().apply(x) as tf.SymbolicTensor;\n";
const DIGIT = "  const digit = tf.layers.dense({units: NUM_CLASSES, activation: 'softmax', name: 'digit'}).apply(features) as tf.SymbolicTensor;\n";

describe('functional TF.js (examples/tfjs_functional.ts)', () => {
  test('insert a dropout on the edge flatten → digit: a new const, cast as its neighbour is, and digit reads it', () => {
    const out = edited(FUNCTIONAL, onEdge('digit', 0, 'Dropout', DROPOUT), 'typescript');
    assert.equal(
      out,
      FUNCTIONAL.replace(
        FEATURES + DIGIT,
        FEATURES + "  const featuresDropout = tf.layers.dropout({rate: 0.2}).apply(features) as tf.SymbolicTensor;\n" + DIGIT.replace('.apply(features)', '.apply(featuresDropout)'),
      ),
    );
    // Deleting it again wires digit's input through: `featuresDropout` now holds the flatten output.
    const back = edited(out, del('dropout_Dropout1'), 'typescript');
    assert.equal(back, out.replace('tf.layers.dropout({rate: 0.2}).apply(features) as', 'features as'));
  });

  test('a second insert on the same edge takes a fresh name', () => {
    const once = edited(FUNCTIONAL, onEdge('digit', 0, 'Dropout', DROPOUT), 'typescript');
    const twice = edited(once, onEdge('digit', 0, 'Dropout', DROPOUT), 'typescript');
    assert.ok(twice.includes('  const featuresDropoutDropout = tf.layers.dropout({rate: 0.2}).apply(featuresDropout) as tf.SymbolicTensor;\n'), twice);
  });

  test('change a config value, add a key to a layer without a config, reset the name', () => {
    assert.equal(edited(FUNCTIONAL, setArg('is_even', 'units', int(2)), 'typescript'), FUNCTIONAL.replace('units: 1,', 'units: 2,'));
    assert.equal(
      edited(FUNCTIONAL, setArg('flatten_Flatten1', 'dataFormat', { kind: 'str', value: 'channelsLast' }), 'typescript'),
      FUNCTIONAL.replace('tf.layers.flatten()', "tf.layers.flatten({dataFormat: 'channelsLast'})"),
    );
    assert.equal(edited(FUNCTIONAL, resetArg('is_even', 'name'), 'typescript'), FUNCTIONAL.replace(", name: 'is_even'}", '}'));
  });

  test('x = layer.apply(x) deleted: the statement goes, x already holds the input', () => {
    const source = `import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [16]});
let x = tf.layers.dense({units: 8}).apply(input);
x = tf.layers.dropout({rate: 0.5}).apply(x);
x = tf.layers.dense({units: 2}).apply(x);
const model = tf.model({inputs: input, outputs: x});
`;
    assert.equal(edited(source, del('dropout_Dropout1')), source.replace('x = tf.layers.dropout({rate: 0.5}).apply(x);\n', ''));
  });

  test('refusals say why: a merge, a layer that changes the shape, a helper\'s layer, the Input, a variable config, a merge edit', () => {
    const merge = `import * as tf from '@tensorflow/tfjs';
const a = tf.input({shape: [4]});
const b = tf.input({shape: [4]});
const sum = tf.layers.add().apply([a, b]);
const out = tf.layers.dense({units: 1}).apply(sum);
const model = tf.model({inputs: [a, b], outputs: out});
`;
    assert.equal(refusal(merge, del('add_Add1')), 'add_Add1 takes 2 inputs: deleting it leaves nothing to wire its consumers to. Remove it in the code.');
    assert.equal(refusal(FUNCTIONAL, del('digit'), 'typescript'), 'Deleting digit would hand its consumers (None, 1568) instead of (None, 10): its shape changes the tensor, so they would no longer fit.');
    assert.equal(refusal(FUNCTIONAL, del('conv2d_Conv2D1'), 'typescript'), 'conv2d_Conv2D1 is made by a line that runs 2 times (a loop or a helper function): change that code by hand.');
    assert.equal(refusal(FUNCTIONAL, onEdge('max_pooling2d_MaxPooling2D1', 0, 'Dropout', DROPOUT), 'typescript'), 'max_pooling2d_MaxPooling2D1 is made by a line that runs 2 times (a loop or a helper function): change that code by hand.');
    assert.equal(refusal(FUNCTIONAL, del('image'), 'typescript'), "image is an input of the model: change the model's inputs in the code.");
    assert.equal(refusal(FUNCTIONAL, setArg('digit', 'units', int(3)), 'typescript'), 'units is read-only here: `NUM_CLASSES` is a variable or an expression; change it in the code.');
    assert.equal(refusal(FUNCTIONAL, setArg('image', 'name', { kind: 'str', value: 'img' }), 'typescript'), 'Change the Input in the code.');
    assert.equal(
      refusal(FUNCTIONAL, (r) => ({ kind: 'mergeInto', other: target(r, 'digit'), fingerprint: fingerprint(r), edge: { layer: target(r, 'is_even').layer, input: 0 }, className: 'Add' }), 'typescript'),
      'The graph connects tensors and starts models in Keras code for now; in TensorFlow.js code, write it by hand.',
    );
    assert.equal(refusal(FUNCTIONAL, add(1, 'Dropout', DROPOUT), 'typescript'), 'Adding, deleting and moving layers by position works on tf.sequential models; insert a layer on an edge of the graph instead.');
  });

  test('a layer applied to an expression, or in a statement that is not an assignment, is refused', () => {
    const source = `import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [16]});
const h = tf.layers.dense({units: 8}).apply(tf.layers.dense({units: 16}).apply(input));
const model = tf.model({inputs: input, outputs: tf.layers.dropout({rate: 0.1}).apply(h)});
`;
    assert.equal(refusal(source, del('dropout_Dropout1')), "dropout_Dropout1's output is not simply assigned to a variable: delete it in the code.");
    assert.match(refusal(source, onEdge('dense_Dense1', 0, 'Dropout', DROPOUT)), /reads `tf\.layers\.dense\(\{units: 16\}\)\.apply\(input\)`, an expression rather than a variable/);
  });

  test('bad requests never throw: a stale target, a layer index past the end', () => {
    const report = analyze(FUNCTIONAL, 'typescript');
    const stale = computeTfjsDesignerEdit(FUNCTIONAL, 'typescript', report, { kind: 'deleteLayer', target: { model: 0, layer: 99, className: 'Dense', name: 'x' }, fingerprint: 'x' });
    assert.equal(stale.ok, false);
    const edge = computeTfjsDesignerEdit(FUNCTIONAL, 'typescript', report, { kind: 'addLayer', model: 0, fingerprint: fingerprint(report), index: 0, className: 'Dropout', args: DROPOUT, edge: { layer: 99, input: 0 } });
    assert.equal(edge.ok, false);
  });
});

// ------------------------------------------------------------------ real tfjs-layers builds every edited source

interface OracleLayer {
  name: string;
  type: string;
  outputShape: unknown;
  params: number;
}
interface OracleResult {
  file: string;
  models?: { layers: OracleLayer[]; totalParams: number }[];
  error?: string;
}

describe('every edited source, run with real tfjs-layers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'model-lens-tfjs-edits-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('TF.js builds each one, and Model Lens reads it as TF.js built it', async () => {
    assert.ok(checked.length >= 15, `only ${checked.length} edited sources`);
    const files = checked.map((c, i) => {
      const file = join(dir, `edit${i}.${c.dialect === 'javascript' ? 'js' : 'ts'}`);
      // The oracle gives TF.js to `require` and to `import`; the model must be made at the top level.
      writeFileSync(file, c.source);
      return file;
    });
    const stdout = await new Promise<string>((resolve) =>
      execFile(process.execPath, ['test/tfjs/oracle.cjs', ...files], { maxBuffer: 64 << 20, timeout: 300_000 }, (_err, out) => resolve(out)),
    );
    const results = new Map<string, OracleResult>();
    for (const line of stdout.split('\n')) if (line.startsWith('{')) results.set((JSON.parse(line) as OracleResult).file, JSON.parse(line) as OracleResult);
    const problems: string[] = [];
    checked.forEach((c, i) => {
      const got = results.get(files[i]);
      const what = `${c.what} (${files[i]})`;
      if (!got || got.error || !got.models?.length) return problems.push(`${what}: TF.js did not build it: ${got?.error ?? 'no report'}`);
      const ours = JSON.parse(JSON.stringify(toJsonReport('x', analyze(c.source, c.dialect)), (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as { models: { layers: OracleLayer[]; totalParams: number }[] };
      const want = got.models[0];
      const have = ours.models[0];
      const rows = (m: { layers: OracleLayer[] }) => m.layers.map((l) => `${l.name} ${l.type} ${JSON.stringify(l.outputShape)} ${l.params}`).join('\n');
      if (!have || rows(have) !== rows(want) || have.totalParams !== want.totalParams) problems.push(`${what}:\nTF.js:\n${rows(want)}\nModel Lens:\n${have ? rows(have) : 'no model'}`);
    });
    assert.deepEqual(problems, []);
  });
});
