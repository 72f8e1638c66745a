/**
 * TF.js truth for the corpus: runs one corpus source with the real @tensorflow/tfjs (CPU backend) and prints one
 * JSON line, `{file, models}` (every model made with tf.sequential / tf.model, as tfjs-layers reports it, in the
 * schema of test/tfjs/oracle.cjs) or `{file, error, models}`. The models made before an error are still reported.
 *
 *   node corpus/tfjs_truth.cjs corpus/files/js/FILE.js
 *
 * Safety: the file gets only the TF.js packages from `require`/`import` (Node's system modules are refused; any
 * other module, relative files included, is an inert stub that loads nothing), `fetch`/XMLHttpRequest/WebSocket throw, and training, prediction, saving and loading are stubs.
 * It runs in this process (like test/tfjs/oracle.cjs), so corpus sources are public example code only.
 */
'use strict';
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

console.log = console.info = console.warn = console.error = () => {};
const out = (line) => process.stdout.write(JSON.stringify(line) + '\n');

const refuse = (what) => () => {
  throw new Error(`model-lens corpus: ${what} is disabled`);
};
globalThis.fetch = refuse('fetch');
globalThis.XMLHttpRequest = refuse('XMLHttpRequest');
globalThis.WebSocket = refuse('WebSocket');

const esbuild = require('esbuild');
const tf = require('@tensorflow/tfjs');

const Orthogonal = Object.getPrototypeOf(tf.initializers.orthogonal({}));
Orthogonal.apply = (shape, dtype) => tf.zeros(shape, dtype);

const made = [];
const record = (fn) => (...args) => {
  const m = fn(...args);
  made.push(m);
  return m;
};
const fakeHistory = { history: { loss: [0], acc: [0], val_loss: [0], val_acc: [0] }, epoch: [0] };
for (const proto of [tf.LayersModel.prototype, tf.Sequential.prototype]) {
  proto.fit = async () => fakeHistory;
  proto.fitDataset = async () => fakeHistory;
  proto.evaluate = () => tf.scalar(0);
  proto.evaluateDataset = async () => tf.scalar(0);
  proto.save = async () => ({});
  proto.trainOnBatch = async () => 0;
}
const api = new Proxy(tf, {
  get(target, key) {
    if (key === 'sequential') return record(target.sequential);
    if (key === 'model') return record(target.model);
    if (key === 'loadLayersModel' || key === 'loadGraphModel') return refuse(`tf.${key}`);
    if (key === 'data') return new Proxy(target.data, { get: (d, k) => (k === 'csv' || k === 'webcam' || k === 'microphone' ? () => stub(`tf.data.${String(k)}`) : d[k]) });
    return target[key];
  },
});
/** An inert stand-in for a module other than TF.js (./data, ./ui, tfjs-vis, ...): every use gives another stub. */
function stub(name) {
  const target = function () {};
  return new Proxy(target, {
    get: (_t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => 0 : k === '__esModule' ? true : stub(`${name}.${String(k)}`)),
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}
const MODULES = {
  '@tensorflow/tfjs': api,
  '@tensorflow/tfjs-node': api,
  '@tensorflow/tfjs-node-gpu': api,
  '@tensorflow/tfjs-layers': api,
  '@tensorflow/tfjs-core': api,
};

const size = (shape) => shape.reduce((a, d) => a * d, 1);
function outputShape(layer) {
  try {
    return layer.outputShape;
  } catch {
    return null;
  }
}
function describeModel(model) {
  return {
    name: model.name,
    kind: model.getClassName() === 'Sequential' ? 'sequential' : 'functional',
    layers: model.layers.map((layer) => {
      let params = null;
      let t = null;
      let n = null;
      try {
        params = layer.countParams();
        t = layer.trainableWeights.reduce((a, w) => a + size(w.shape), 0);
        n = layer.nonTrainableWeights.reduce((a, w) => a + size(w.shape), 0);
      } catch {
        /* not built */
      }
      return { name: layer.name, type: layer.getClassName(), outputShape: outputShape(layer), params, trainableParams: t, nonTrainableParams: n };
    }),
    ...(() => {
      try {
        return {
          totalParams: model.countParams(),
          trainableParams: model.trainableWeights.reduce((a, w) => a + size(w.shape), 0),
          nonTrainableParams: model.nonTrainableWeights.reduce((a, w) => a + size(w.shape), 0),
        };
      } catch {
        return { totalParams: null, trainableParams: null, nonTrainableParams: null };
      }
    })(),
  };
}

async function main(file) {
  let error;
  try {
    await tf.setBackend('cpu');
    const source = readFileSync(file, 'utf8');
    const loader = file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'ts' : 'js';
    const { code } = esbuild.transformSync(source, { loader, format: 'cjs', target: 'node20', sourcefile: file });
    const localRequire = (spec) => {
      if (spec in MODULES) return MODULES[spec];
      if (/^(node:)?(fs|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster|os|process|vm)$/.test(spec)) {
        throw new Error(`model-lens corpus: require('${spec}') is refused`);
      }
      return stub(spec); // other modules (relative files, tfjs-vis, ...) are not loaded: an inert stub stands in
    };
    const module = { exports: {} };
    const run = new Function('require', 'module', 'exports', '__filename', '__dirname', 'process', 'document', 'window', code);
    const result = run(localRequire, module, module.exports, resolve(file), '/nonexistent', undefined, undefined, undefined);
    if (result && typeof result.then === 'function') await result;
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  } catch (e) {
    error = String(e && e.message ? e.message : e).split('\n')[0];
  }
  const models = [];
  for (const m of made) {
    try {
      models.push(describeModel(m));
    } catch (e) {
      error = error ?? `describing a model: ${e.message}`;
    }
  }
  out(error ? { file, error, models } : { file, models });
}

const timer = setTimeout(() => {
  out({ file: process.argv[2], error: 'timed out after 60 s', models: made.map(describeModel) });
  process.exit(0);
}, 60_000);
main(process.argv[2]).then(() => {
  clearTimeout(timer);
  process.exit(0);
});
