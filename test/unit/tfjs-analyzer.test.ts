/**
 * The TF.js analyzer beyond the conformance fixtures: import styles, values it cannot know (`?` with a reason),
 * TF.js's own errors and quirks, builder functions nobody calls, and input that must never crash it.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { toJsonReport } from '../../src/core/report/json';
import { analyzeJavaScript, initJsParsers, jsOptionsFor } from '../../src/core/tfjs/analyze';

before(async () => {
  await initJsParsers();
});

function analyze(source: string, typescript = false) {
  const report = analyzeJavaScript(source, { typescript });
  const json = JSON.parse(JSON.stringify(toJsonReport('test.js', report), (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as {
    models: { name: string; variable: string | null; totalParams: number | null; layers: { name: string; type: string; outputShape: unknown; params: number | null }[] }[];
    diagnostics: { line: number; severity: string; message: string }[];
  };
  return { report, json };
}

/** `[name, outputShape, params]` per layer of model `i`. */
function rows(source: string, i = 0, typescript = false): [string, unknown, unknown][] {
  return analyze(source, typescript).json.models[i].layers.map((l) => [l.name, l.outputShape, l.params]);
}

const MLP = `
const model = tf.sequential();
model.add(tf.layers.dense({units: 4, inputShape: [3]}));
model.add(tf.layers.dense({units: 2}));
`;

describe('TF.js import styles', () => {
  const expected: [string, unknown, unknown][] = [
    ['dense_Dense1', [null, 4], 16],
    ['dense_Dense2', [null, 2], 10],
  ];
  for (const [label, header] of [
    ['import * as tf', `import * as tf from '@tensorflow/tfjs';`],
    ['default import', `import tf from '@tensorflow/tfjs';`],
    ['tfjs-node require', `const tf = require('@tensorflow/tfjs-node');`],
    ['tfjs-node-gpu', `const tf = require('@tensorflow/tfjs-node-gpu');`],
    ['the browser global (script tag)', ``],
    ['var + require', `var tf = require("@tensorflow/tfjs")`],
  ] as const) {
    test(label, () => assert.deepEqual(rows(`${header}\n${MLP}`), expected));
  }

  test('named imports and destructured require', () => {
    const named = `import {sequential, layers as L} from '@tensorflow/tfjs';
const model = sequential(); model.add(L.dense({units: 4, inputShape: [3]}));`;
    assert.deepEqual(rows(named), [['dense_Dense1', [null, 4], 16]]);
    const destructured = `const {layers, sequential} = require('@tensorflow/tfjs');
const model = sequential({layers: [layers.dense({units: 4, inputShape: [3]})]});`;
    assert.deepEqual(rows(destructured), [['dense_Dense1', [null, 4], 16]]);
  });

  test('dynamic import', () => {
    const src = `async function main() { const tf = await import('@tensorflow/tfjs'); const m = tf.sequential(); m.add(tf.layers.dense({units: 1, inputShape: [2]})); } main();`;
    assert.deepEqual(rows(src), [['dense_Dense1', [null, 1], 3]]);
  });

  test('a file that never mentions TF.js is not analyzed', () => {
    const { report } = analyze(`import React from 'react';\nconst layers = {dense: (x) => x};\nlayers.dense({units: 3});`);
    assert.deepEqual(report.models, []);
    assert.deepEqual(report.diagnostics, []);
  });

  test('file names decide the grammar', () => {
    assert.deepEqual(jsOptionsFor('model.ts'), { typescript: true, jsx: false });
    assert.deepEqual(jsOptionsFor('App.tsx'), { typescript: true, jsx: true });
    assert.deepEqual(jsOptionsFor('train.mjs'), { typescript: false, jsx: false });
    assert.equal(jsOptionsFor('types.d.ts'), undefined);
    assert.equal(jsOptionsFor('model.py'), undefined);
  });
});

describe('values the analyzer follows', () => {
  test('constants, arithmetic, template strings, arrays, spread and loops', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
const SIZE = 2 ** 3, HIDDEN = [SIZE * 4, SIZE * 2];
const common = {activation: 'relu', useBias: true};
const model = tf.sequential();
model.add(tf.layers.dense({...common, units: HIDDEN[0], inputShape: [SIZE / 2 + 0.5 * 2]}));
for (let i = 1; i < HIDDEN.length; i++) model.add(tf.layers.dense({...common, units: HIDDEN[i], name: \`hidden\${i}\`}));
HIDDEN.forEach((u, i) => { if (i === 0) model.add(tf.layers.dense({units: u >> 1})); });
model.add(tf.layers.dense({units: Math.max(...HIDDEN.map((h) => h / 8)), useBias: !common.useBias}));`;
    assert.deepEqual(rows(src), [
      ['dense_Dense1', [null, 32], 192],
      ['hidden1', [null, 16], 528],
      ['dense_Dense2', [null, 16], 272],
      ['dense_Dense3', [null, 4], 64],
    ]);
  });

  test('a value read at run time shows ? with the reason', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
const units = parseInt(process.env.UNITS);
const model = tf.sequential();
model.add(tf.layers.dense({units: 8, inputShape: [4]}));
model.add(tf.layers.dense({units}));
model.add(tf.layers.dense({units: 1}));`;
    const { report } = analyze(src);
    const [first, second, third] = report.models[0].layers;
    assert.equal(first.params, 40n);
    assert.equal(second.params, null);
    assert.match(second.unresolved ?? '', /units/);
    assert.equal(third.params, null);
    assert.equal(report.models[0].totalParams, null);
  });

  test('transfer learning from a model loaded at run time: ?, with the reason, and no false error', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
async function run() {
  const mobilenet = await tf.loadLayersModel('https://example.com/model.json');
  const layer = mobilenet.getLayer('conv_pw_13_relu');
  const truncated = tf.model({inputs: mobilenet.inputs, outputs: layer.output});
  const head = tf.sequential({layers: [tf.layers.flatten({inputShape: truncated.outputs[0].shape.slice(1)}), tf.layers.dense({units: 4})]});
}
run();`;
    const { report } = analyze(src);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(report.models.map((m) => m.totalParams), [null, null]);
    assert.match(report.models[0].incomplete ?? '', /loaded at run time \(tf.loadLayersModel\)/);
    assert.match(report.models[1].incomplete ?? '', /inputShape is not known/);
  });

  test('a condition that is not known leaves the model incomplete', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({units: 8, inputShape: [4]}));
if (Math.random() > 0.5) { model.add(tf.layers.dense({units: 3})); }`;
    const { report } = analyze(src);
    assert.equal(report.models[0].totalParams, null);
    assert.match(report.models[0].incomplete ?? '', /condition/);
  });

  test('a builder function nobody calls still shows its model; defaulted parameters are used', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
export function createModel(inputSize = 10, hidden) {
  const model = tf.sequential();
  model.add(tf.layers.dense({units: 16, inputShape: [inputSize], activation: 'relu'}));
  model.add(tf.layers.dense({units: hidden}));
  return model;
}`;
    const { report, json } = analyze(src);
    assert.equal(json.models.length, 1);
    assert.equal(json.models[0].variable, 'model');
    assert.equal(json.models[0].layers[0].params, 176);
    assert.equal(json.models[0].layers[1].params, null);
    assert.match(report.models[0].layers[1].unresolved ?? '', /createModel` is not called in this file/);
  });

  test('callbacks passed to code Model Lens does not run are run once too', () => {
    const src = `document.addEventListener('DOMContentLoaded', async () => {
  const model = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [2]})]});
});`;
    assert.deepEqual(rows(src), [['dense_Dense1', [null, 2], 6]]);
  });

  test('classes: a TypeScript builder with parameter properties', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
class Builder {
  constructor(private readonly units: number) {}
  build(): tf.Sequential {
    const m = tf.sequential();
    m.add(tf.layers.dense({units: this.units, inputShape: [2]}));
    return m;
  }
}
const model = new Builder(5).build();`;
    assert.deepEqual(rows(src, 0, true), [['dense_Dense1', [null, 5], 15]]);
  });

  test('reduce chains layers in the functional API; layer.output and tensor.shape are followed', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [8]});
const stack = [6, 4].map((units) => tf.layers.dense({units}));
const out = stack.reduce((x, layer) => layer.apply(x), input);
const head = tf.layers.dense({units: out.shape[1] * 2}).apply(stack[1].output);
const model = tf.model({inputs: input, outputs: head});`;
    assert.deepEqual(rows(src), [
      ['input1', [null, 8], 0],
      ['dense_Dense1', [null, 6], 54],
      ['dense_Dense2', [null, 4], 28],
      ['dense_Dense3', [null, 8], 40],
    ]);
  });
});

describe("TF.js's own rules", () => {
  test('the first layer of a Sequential must declare its input shape', () => {
    const { report } = analyze(`import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential({layers: [tf.layers.dense({units: 3})]});`);
    const error = report.diagnostics.find((d) => d.severity === 'error');
    assert.match(error?.message ?? '', /The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument/);
    assert.equal(report.models[0].layers[0].params, null);
    // The Keras hint (keras.Input quick fix) is not given for TF.js.
    assert.equal(report.diagnostics.some((d) => d.code === 'no-input-shape'), false);
  });

  test('an embedding needs no input shape: TF.js gives it [null, inputLength]', () => {
    assert.deepEqual(rows(`const m = tf.sequential(); m.add(tf.layers.embedding({inputDim: 10, outputDim: 3})); m.add(tf.layers.flatten());`).slice(0, 1), [
      ['embedding_Embedding1', [null, null, 3], 30],
    ]);
  });

  test('GRU has no reset_after in TF.js: one bias of 3×units', () => {
    assert.deepEqual(rows(`const m = tf.sequential({layers: [tf.layers.gru({units: 4, inputShape: [5, 3]})]});`), [['gru_GRU1', [null, 4], 96]]);
    const { report } = analyze(`const m = tf.sequential({layers: [tf.layers.gru({units: 4, resetAfter: true, inputShape: [5, 3]})]});`);
    assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /reset_after/.test(d.message)));
  });

  test('keys TF.js does not read are reported and do not change the numbers', () => {
    const { report, json } = analyze(`const i = tf.input({shape: [4, 4, 2]});
const o = tf.layers.globalAveragePooling2d({keepdims: true}).apply(i);
const d = tf.layers.dense({units: 3, kernel_size: 3}).apply(o);
const m = tf.model({inputs: i, outputs: d});`);
    assert.deepEqual(json.models[0].layers[1].outputShape, [null, 2]);
    const warnings = report.diagnostics.filter((x) => x.severity === 'warning').map((x) => x.message);
    assert.ok(warnings.some((w) => /does not read `keepdims`/.test(w)));
    assert.ok(warnings.some((w) => /does not read `kernel_size`/.test(w)));
  });

  test('a missing required key is an error in TF.js terms', () => {
    const { report } = analyze(`const m = tf.sequential({layers: [tf.layers.conv2d({filters: 3, inputShape: [8, 8, 1]})]});`);
    assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /needs `kernelSize`/.test(d.message)));
  });

  test('Flatten needs a rank-3 input and known dims in TF.js', () => {
    const { report } = analyze(`const m = tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [3]}), tf.layers.flatten()]});`);
    assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /expected min_ndim=3, found ndim=2/.test(d.message) && /flatten_Flatten1/.test(d.message)));
  });

  test('a reshape to the wrong size is an error (TF.js builds it but fails when it runs)', () => {
    const { report } = analyze(`const m = tf.sequential({layers: [tf.layers.reshape({targetShape: [5], inputShape: [2, 3]})]});`);
    assert.ok(report.diagnostics.some((d) => d.severity === 'error' && /Total size of new array must be unchanged/.test(d.message)));
  });

  test('tf.layers.concatenate([a, b]) only makes a layer in TF.js', () => {
    const { report } = analyze(`const a = tf.input({shape: [2]}); const b = tf.input({shape: [2]}); const c = tf.layers.concatenate([a, b]);`);
    assert.ok(report.diagnostics.some((d) => d.severity === 'warning' && /apply\(\[\.\.\.\]\)/.test(d.message)));
  });

  test('a layer TF.js has but Model Lens does not know shows ? with the reason', () => {
    const { report } = analyze(`const m = tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [3]}), tf.layers.thresholdedReLU({theta: 1})]});`);
    assert.match(report.models[0].layers[1].unresolved ?? '', /thresholdedReLU is not a layer Model Lens knows/);
  });

  test('names: per-class counters, explicit names take none', () => {
    assert.deepEqual(
      rows(`const m = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [2], name: 'a'}), tf.layers.dense({units: 2}), tf.layers.leakyReLU(), tf.layers.dense({units: 2})]});`).map((r) => r[0]),
      ['a', 'dense_Dense1', 'leaky_re_lu_LeakyReLU1', 'dense_Dense2'],
    );
  });
});

describe('robustness', () => {
  test('half-typed and hostile input never throws', () => {
    const sources = [
      `const model = tf.sequential(); model.add(tf.layers.dense({units: `,
      `model.add(tf.layers.dense({units: 3, inputShape: [4]})`,
      `function f() { return f(); } f();`,
      `const a = []; for (;;) { a.push(tf.layers.dense({units: 1})); }`,
      `let x = tf.input({shape: [2]}); while (true) { x = tf.layers.dense({units: 2}).apply(x); }`,
      `const o = {}; o.o = o; tf.layers.dense(o);`,
      `tf.layers.dense({units: 1e400}); tf.layers.dense({units: -1, inputShape: [NaN]}); tf.layers.dense(null);`,
      '('.repeat(5000) + 'tf' + ')'.repeat(5000),
      `class A extends tf.layers.Layer { call(x) { return x; } } const m = tf.sequential({layers: [new A({inputShape: [2]})]});`,
    ];
    for (const src of sources) {
      for (const typescript of [false, true]) {
        const started = performance.now();
        const { report } = analyze(src, typescript);
        assert.ok(report, src.slice(0, 40));
        assert.ok(performance.now() - started < 5000, `too slow: ${src.slice(0, 40)}`);
      }
    }
  });

  test('config keys named like Object.prototype members are plain keys, not an internal error', () => {
    const { report, json } = analyze(`
const model = tf.sequential({layers: [tf.layers.dense({...{['__proto__']: {units: 3}}, inputShape: [4], units: 2})]});
const other = tf.layers.dense({['constructor']: 1, toString: 2, hasOwnProperty: 3, units: 4, inputShape: [3]});
`);
    assert.deepEqual(report.diagnostics.filter((d) => /could not analyze/.test(d.message)), []);
    assert.equal(json.models[0].totalParams, 10);
    assert.deepEqual(
      json.diagnostics.map((d) => d.message),
      ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((k) => `tf.layers.dense does not read \`${k}\`; TF.js ignores it`),
    );
  });

  test('TypeScript syntax around the model is skipped over', () => {
    const src = `import * as tf from '@tensorflow/tfjs';
interface Cfg { units: number }
type Shape = number[];
enum Mode { A, B }
declare const something: unknown;
const cfg: Cfg = {units: 6} satisfies Cfg;
const shape = <Shape>[3];
const model: tf.Sequential = tf.sequential();
model.add(tf.layers.dense({units: cfg!.units, inputShape: shape as Shape}) as tf.layers.Layer);`;
    assert.deepEqual(rows(src, 0, true), [['dense_Dense1', [null, 6], 24]]);
  });
});

describe('fuzz: mutated fixtures', () => {
  test('cut, duplicated and shuffled fixture code never makes the analyzer fail internally', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % Math.max(1, n);
    };
    const dir = 'test/fixtures/tfjs';
    const files = readdirSync(dir).filter((f) => /\.(js|ts|tsx)$/.test(f));
    let cases = 0;
    for (const file of files) {
      const text = readFileSync(`${dir}/${file}`, 'utf8');
      const lines = text.split('\n');
      for (let k = 0; k < 12; k++) {
        let mutated: string;
        switch (k % 4) {
          case 0: {
            const at = rand(text.length);
            mutated = text.slice(0, at) + text.slice(at + 1 + rand(40));
            break;
          }
          case 1: {
            const copy = [...lines];
            const i = rand(copy.length);
            copy.splice(rand(copy.length), 0, copy[i], copy[i]);
            mutated = copy.join('\n');
            break;
          }
          case 2: {
            const copy = [...lines];
            const i = rand(copy.length);
            const j = rand(copy.length);
            [copy[i], copy[j]] = [copy[j], copy[i]];
            mutated = copy.join('\n');
            break;
          }
          default:
            mutated = text.slice(0, rand(text.length));
        }
        const started = performance.now();
        const report = analyzeJavaScript(mutated, { typescript: /\.tsx?$/.test(file), jsx: file.endsWith('.tsx') });
        cases++;
        assert.ok(!report.diagnostics.some((d) => d.message.startsWith('Model Lens could not analyze')), `${file} #${k}: ${report.diagnostics.map((d) => d.message).join('; ')}`);
        assert.ok(performance.now() - started < 3000, `${file} #${k} took too long`);
      }
    }
    assert.ok(cases > 500);
  });
});
