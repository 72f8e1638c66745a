/**
 * The TF.js conformance oracle: runs one fixture (JS or TS) with the real @tensorflow/tfjs (CPU backend) and
 * prints, as one JSON line on stdout, every model it made with `tf.sequential` / `tf.model`, in order, with
 * each layer's name, class, output shape and parameter counts as tfjs-layers reports them.
 *
 *   node test/tfjs/oracle.cjs test/fixtures/tfjs/mnist_mlp.js [more fixtures...]
 *
 * TF.js numbers automatic names (`dense_Dense1`) with counters kept in the tfjs-layers module, so each
 * fixture gets a fresh copy of tfjs-layers (and of the tfjs package that re-exports it); tfjs-core and its
 * CPU backend are shared. The fixture is compiled to CommonJS with esbuild and given a `require` that hands out TF.js with model
 * creation recorded; `@tensorflow/tfjs-node` resolves to the same API (its native binding is not needed).
 */
'use strict';
const { readFileSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

// TF.js greets Node users on stdout; keep stdout for the result.
console.log = console.info = console.warn = (...args) => process.stderr.write(args.join(' ') + '\n');

const esbuild = require('esbuild');

/** Fresh tfjs-layers (new name counters) behind the `tfjs` and `tfjs-layers` packages, model creation recorded. */
function freshTfjs(made) {
  for (const key of Object.keys(require.cache)) {
    if (/[\\/]@tensorflow[\\/](tfjs|tfjs-layers)[\\/]/.test(key)) delete require.cache[key];
  }
  const tf = require('@tensorflow/tfjs');
  const layersApi = require('@tensorflow/tfjs-layers');
  // Shapes and counts do not depend on initial values; the orthogonal initializer of recurrent kernels runs a
  // QR decomposition on the CPU backend that takes seconds per LSTM. Zeros of the same shape instead.
  const Orthogonal = Object.getPrototypeOf(tf.initializers.orthogonal({}));
  Orthogonal.apply = function (shape, dtype) {
    return tf.zeros(shape, dtype);
  };
  const record = (fn) => (...args) => {
    const m = fn(...args);
    made.push(m);
    return m;
  };
  const patch = (api) =>
    new Proxy(api, {
      get(target, key) {
        if (key === 'sequential') return record(target.sequential);
        if (key === 'model') return record(target.model);
        return target[key];
      },
    });
  return {
    tf,
    modules: {
      '@tensorflow/tfjs': patch(tf),
      '@tensorflow/tfjs-node': patch(tf),
      '@tensorflow/tfjs-node-gpu': patch(tf),
      '@tensorflow/tfjs-layers': patch(layersApi),
    },
  };
}

const size = (shape) => shape.reduce((a, d) => a * d, 1);

/**
 * A layer's output shape in this model. `layer.outputShape` throws for a layer applied several times with
 * different shapes (a model reused elsewhere): then take the call that belongs to this model's graph.
 */
function outputShapeIn(model, layer) {
  try {
    return layer.outputShape;
  } catch (e) {
    // A Sequential's own node stores `[[null, 5]]` where its call node has `[null, 5]`: the same shape.
    const flat = (s) => (s.length === 1 && Array.isArray(s[0]) ? s[0] : s);
    const distinct = new Set(layer.inboundNodes.map((n) => JSON.stringify(flat(n.outputShapes))));
    if (distinct.size === 1) return JSON.parse([...distinct][0]);
    const graph = model.getClassName() === 'Sequential' ? (model.build(), model.model) : model;
    const mine = layer.inboundNodes.filter((_, i) => graph.containerNodes.has(`${layer.name}_ib-${i}`));
    if (mine.length === 0) throw e;
    const shapes = mine[mine.length - 1].outputShapes;
    return shapes.length === 1 ? shapes[0] : shapes;
  }
}

function describeModel(model) {
  return {
    name: model.name,
    kind: model.getClassName() === 'Sequential' ? 'sequential' : 'functional',
    layers: model.layers.map((layer) => ({
      name: layer.name,
      type: layer.getClassName(),
      outputShape: outputShapeIn(model, layer),
      params: layer.countParams(),
      trainableParams: layer.trainableWeights.reduce((a, w) => a + size(w.shape), 0),
      nonTrainableParams: layer.nonTrainableWeights.reduce((a, w) => a + size(w.shape), 0),
    })),
    totalParams: model.countParams(),
    trainableParams: model.trainableWeights.reduce((a, w) => a + size(w.shape), 0),
    nonTrainableParams: model.nonTrainableWeights.reduce((a, w) => a + size(w.shape), 0),
  };
}

async function runFixture(file) {
  const made = [];
  const { tf, modules } = freshTfjs(made);
  // Weights are registered by name in tfjs-core's engine, which all fixtures share.
  tf.disposeVariables();
  const source = readFileSync(file, 'utf8');
  const loader = file.endsWith('.tsx') ? 'tsx' : file.endsWith('.ts') ? 'ts' : 'js';
  const { code } = esbuild.transformSync(source, { loader, format: 'cjs', target: 'node20', sourcefile: file });
  const localRequire = (spec) => {
    if (spec in modules) return modules[spec];
    return require(spec.startsWith('.') ? resolve(dirname(file), spec) : spec);
  };
  const module = { exports: {} };
  await tf.setBackend('cpu');
  const run = new Function('require', 'module', 'exports', '__filename', '__dirname', code);
  const result = run(localRequire, module, module.exports, resolve(file), dirname(resolve(file)));
  if (result && typeof result.then === 'function') await result;
  // Fixtures may build inside an async main(): let pending promises settle.
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  return made.map(describeModel);
}

/** One JSON line per fixture: `{file, models}` or `{file, error}`. */
async function main(files) {
  for (const file of files) {
    let line;
    try {
      line = { file, models: await runFixture(file) };
    } catch (e) {
      line = { file, error: String(e && e.stack ? e.stack : e) };
      process.exitCode = 1;
    }
    process.stdout.write(JSON.stringify(line) + '\n');
  }
}

main(process.argv.slice(2));
