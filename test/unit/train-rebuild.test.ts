/**
 * The model rebuilt for TensorFlow.js must be the analyzer's model: same parameter count (total and
 * trainable) and the same output shape per layer, for every trainable fixture. Layers TF.js cannot train
 * are listed with their lines.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { analyzeJavaScript, initJsParsers, jsOptionsFor } from '../../src/core/tfjs/analyze';
import { loadBackend, type Tf } from '../../src/train/worker/backend';
import { planJsTraining } from '../../src/train/host/js-plan';
import { rebuildModel, type Json, type RebuiltModel } from '../../src/train/host/keras-json';

let tf: Tf;
before(async () => {
  await initParser();
  await initJsParsers();
  tf = (await loadBackend('cpu')).tf;
});

function rebuildAll(text: string) {
  return analyzePython(text).models.map((m) => ({ report: m, ...rebuildModel(m) }));
}

/** Initializers do not change counts or shapes; zeros build fast (orthogonal LSTM kernels take seconds on the CPU backend). */
function zeroInit(j: Json): Json {
  if (Array.isArray(j)) return j.map(zeroInit);
  if (j && typeof j === 'object') return Object.fromEntries(Object.entries(j).map(([k, v]) => [k, k.endsWith('_initializer') ? { class_name: 'Zeros', config: {} } : zeroInit(v)]));
  return j;
}

async function checkAgainstTfjs(model: RebuiltModel, where: string): Promise<void> {
  const tm = await tf.models.modelFromJSON(zeroInit(model.json) as never);
  try {
    assert.equal(String(tm.countParams()), model.params.toString(), `${where}: total params`);
    const trainable = tm.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, d) => a * (d ?? 0), 1), 0);
    assert.equal(String(trainable), model.trainableParams.toString(), `${where}: trainable params`);
    // Every layer's output shape (TF.js may leave a dimension None where Keras knows it).
    const byName = new Map(tm.layers.map((l) => [l.name, l]));
    for (const l of model.layers) {
      const t = byName.get(l.name);
      // A layer called several times (shared across a model's inputs) has no one output shape in TF.js.
      if (!t || !l.outputShape || l.className === 'InputLayer' || t.inboundNodes.length > 1) continue;
      const shape = t.outputShape as (number | null)[];
      assert.equal(shape.length, l.outputShape.length, `${where}: ${l.name} rank`);
      shape.forEach((d, i) => {
        // TF.js writes an unknown dimension as null or NaN.
        if (d !== null && !Number.isNaN(d) && l.outputShape![i] !== null) assert.equal(d, l.outputShape![i], `${where}: ${l.name} output shape ${JSON.stringify(shape)} vs ${JSON.stringify(l.outputShape)}`);
      });
    }
  } finally {
    tm.dispose();
  }
}

describe('rebuilt TF.js models equal the analyzer', () => {
  test('the examples', async () => {
    for (const file of ['examples/fashion_mnist.py', 'examples/mnist_convnet.py']) {
      const [m] = rebuildAll(readFileSync(file, 'utf8'));
      assert.deepEqual(m.problems, []);
      await checkAgainstTfjs(m.model!, file);
    }
  });

  test('every conformance fixture TF.js can rebuild (params, trainable params, output shapes)', async () => {
    let rebuilt = 0;
    let refused = 0;
    for (const name of readdirSync('conformance/fixtures').filter((f) => f.endsWith('.py')).sort()) {
      const file = `conformance/fixtures/${name}`;
      for (const m of rebuildAll(readFileSync(file, 'utf8'))) {
        if (!m.model) {
          refused++;
          for (const p of m.problems) assert.ok(p.message.length > 20, `${file}: a real message`);
          continue;
        }
        rebuilt++;
        await checkAgainstTfjs(m.model, `${file} ${m.report.name}`);
      }
    }
    // Most models in the corpus are plain Keras that TF.js trains; a drop here means the rebuild regressed.
    assert.ok(rebuilt >= 110, `rebuilt ${rebuilt} models (refused ${refused})`);
  });

  test("initializers, regularizers and constraints come from the analyzer's values (their factories' arguments)", async () => {
    const [m] = rebuildAll(`import keras
from keras import layers, regularizers, initializers, constraints
model = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(64, kernel_regularizer=regularizers.l2(0.001), kernel_initializer=initializers.HeNormal(seed=1)),
    layers.Dense(8, kernel_constraint=constraints.MaxNorm(2.0), bias_regularizer=regularizers.L1L2(l1=0.01, l2=0.02)),
    layers.LeakyReLU(negative_slope=0.2),
])`);
    assert.deepEqual(m.problems, []);
    const layers = ((m.model!.json.config as { layers: { config: Record<string, Json> }[] }).layers).map((l) => l.config);
    assert.deepEqual(layers[0].kernel_regularizer, { class_name: 'L1L2', config: { l1: 0, l2: 0.001 } });
    assert.deepEqual(layers[0].kernel_initializer, { class_name: 'HeNormal', config: { seed: 1 } });
    assert.deepEqual(layers[1].kernel_constraint, { class_name: 'MaxNorm', config: { max_value: 2 } });
    assert.deepEqual(layers[1].bias_regularizer, { class_name: 'L1L2', config: { l1: 0.01, l2: 0.02 } });
    assert.equal(layers[2].alpha, 0.2);
    await checkAgainstTfjs(m.model!, 'regularized');
    const tm = await tf.models.modelFromJSON(m.model!.json as never);
    assert.equal((tm.layers[2].getConfig() as { alpha: number }).alpha, 0.2);
    tm.dispose();
  });

  test('a nested Sequential and a functional model used as a layer', async () => {
    for (const m of rebuildAll(readFileSync('conformance/fixtures/functional_model_as_layer.py', 'utf8'))) {
      assert.deepEqual(m.problems, []);
      await checkAgainstTfjs(m.model!, m.report.name);
    }
  });
});

describe('what TF.js cannot train is listed with its line', () => {
  const problems = (src: string) => rebuildAll(src)[0].problems;

  test('Lambda, custom classes and layers TF.js lacks', () => {
    const p = problems(`import keras
from keras import layers
class Scale(layers.Layer):
    pass
model = keras.Sequential([
    keras.Input(shape=(4,)),
    layers.Lambda(lambda x: x * 2),
    Scale(),
    layers.GroupNormalization(groups=2),
    layers.Dense(2),
])`);
    const text = p.map((x) => `${x.line}: ${x.message}`).join('\n');
    assert.match(text, /^7: Lambda "lambda" \(line 7\): a Lambda layer runs Python code, which TensorFlow\.js cannot run\./m);
    assert.match(text, /^8: Scale "scale" \(line 8\): .*/m);
    assert.match(text, /^9: GroupNormalization "group_normalization" \(line 9\): TensorFlow\.js has no GroupNormalization layer\./m);
  });

  test("Keras 3 arguments TF.js lacks: GRU's reset_after=True, Conv2D groups", () => {
    const p = problems(`import keras
from keras import layers
model = keras.Sequential([keras.Input(shape=(10, 8, 8, 4)[1:]), layers.Conv2D(8, 3, groups=2), layers.Flatten(), layers.Dense(2)])
m2 = keras.Sequential([keras.Input(shape=(5, 3)), layers.GRU(4)])`);
    assert.match(p[0].message, /Conv2D "conv2d" \(line 3\): groups=2 has no TensorFlow\.js counterpart \(it needs groups=1\)/);
    const gru = rebuildAll(`import keras
from keras import layers
m2 = keras.Sequential([keras.Input(shape=(5, 3)), layers.GRU(4)])
m3 = keras.Sequential([keras.Input(shape=(5, 3)), layers.GRU(4, reset_after=False)])`);
    assert.match(gru[0].problems[0].message, /GRU "gru" \(line 3\): reset_after=True has no TensorFlow\.js counterpart \(it needs reset_after=False\)/);
    assert.deepEqual(gru[1].problems, []);
  });

  test("what the layer specs say about training: Keras 2's LeakyReLU(alpha=) wins, Reshape's -1 is written out, a layer without TF.js is named", () => {
    const [leaky, reshape, spectral] = rebuildAll(`import keras
from keras import layers
a = keras.Sequential([keras.Input(shape=(4,)), layers.LeakyReLU(alpha=0.1)])
b = keras.Sequential([keras.Input(shape=(4, 6)), layers.Reshape((-1, 3)), layers.Flatten()])
c = keras.Sequential([keras.Input(shape=(4,)), layers.SpectralNormalization(layers.Dense(2))])`);
    const configs = (m: RebuiltModel) => (m.json.config as { layers: { config: Record<string, Json> }[] }).layers.map((l) => l.config);
    assert.deepEqual(leaky.problems, []);
    assert.equal(configs(leaky.model!)[0].alpha, 0.1);
    assert.deepEqual(reshape.problems, []);
    assert.deepEqual(configs(reshape.model!)[0].target_shape, [8, 3]);
    assert.match(spectral.problems[0].message, /SpectralNormalization "spectral_normalization" \(line 5\): TensorFlow\.js has no SpectralNormalization layer\./);
  });

  test('activity regularizers and channels_first 1D layers', () => {
    const p = problems(`import keras
from keras import layers, regularizers
m = keras.Sequential([keras.Input(shape=(8, 16)), layers.Conv1D(4, 3, data_format="channels_first"), layers.Dense(2, activity_regularizer=regularizers.l2(0.1))])`);
    assert.match(p[0].message, /Conv1D "conv1d" \(line 3\): TensorFlow\.js has only data_format='channels_last' for Conv1D/);
    assert.match(p[1].message, /Dense "dense" \(line 3\): TensorFlow\.js cannot train a layer with an activity_regularizer/);
  });

  test('an activation TF.js lacks, a model without input shape, two outputs of one layer', () => {
    assert.match(problems(`import keras
m = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3, activation="exponential")])`)[0].message, /activation='exponential' is not an activation TensorFlow\.js has/);
    assert.match(problems(`import keras
m = keras.Sequential([keras.layers.Dense(3)])`)[0].message, /has no input shape/);
    assert.match(problems(`import keras
a = keras.Input(shape=(3,))
b = keras.Input(shape=(3,))
head = keras.layers.Dense(2, name="head")
m = keras.Model([a, b], [head(a), head(b)])`)[0].message, /two of its outputs come from the layer "head", so their labels cannot be told apart by name/);
  });

  test('several outputs rebuild, with each output layer\'s name, shape and line in the model\'s order (they were refused)', () => {
    const { model, problems: found } = rebuildAll(`import keras
a = keras.Input(shape=(3,))
m = keras.Model(a, [keras.layers.Dense(2, name="kind")(a), keras.layers.Dense(1, name="size")(a)])`)[0];
    assert.deepEqual(found, []);
    assert.deepEqual(model?.outputs, [
      { name: 'kind', shape: [null, 2], layer: { name: 'kind', line: 3, className: 'Dense' } },
      { name: 'size', shape: [null, 1], layer: { name: 'size', line: 3, className: 'Dense' } },
    ]);
    assert.deepEqual(model?.outputShape, [null, 2]);
  });

  test('several inputs and one output rebuild, with each Input\'s name and shape in the model\'s order', () => {
    const { model, problems: found } = rebuildAll(`import keras
a = keras.Input(shape=(3,), name="image")
b = keras.Input(shape=(2,), name="meta")
m = keras.Model([a, b], keras.layers.Dense(4)(keras.layers.Concatenate()([a, b])))`)[0];
    assert.deepEqual(found, []);
    assert.deepEqual(model?.inputs, [{ name: 'image', shape: [null, 3] }, { name: 'meta', shape: [null, 2] }]);
  });
});

describe('rebuilt from TF.js sources, TF.js agrees', () => {
  test('every TF.js fixture, with several inputs and outputs too (params, trainable params, output shapes)', async () => {
    let rebuilt = 0;
    const refused: string[] = [];
    for (const name of readdirSync('test/fixtures/tfjs').sort()) {
      const file = `test/fixtures/tfjs/${name}`;
      const text = readFileSync(file, 'utf8');
      const js = jsOptionsFor(file)!;
      const report = analyzeJavaScript(text, js);
      for (let i = 0; i < report.models.length; i++) {
        // Data is given (files: a Keras dataset would refuse several inputs or outputs): the fixtures name none, and the model is what is checked here.
        const { plan, problems } = planJsTraining(text, js, { modelIndex: i, data: { kind: 'files', train: { x: 'data.npz' } } }, report);
        if (!plan) {
          refused.push(`${name} ${report.models[i].name}: ${problems[0].message}`);
          continue;
        }
        rebuilt++;
        await checkAgainstTfjs(plan.model, `${file} ${report.models[i].name}`);
      }
    }
    // The refusals are models with an input of unknown length, or ConvLSTM2D.
    assert.ok(refused.every((r) => /every dimension but the batch|ConvLSTM2D|its shape is not known/.test(r)), refused.join('\n'));
    assert.ok(rebuilt >= 76, `rebuilt ${rebuilt} models (refused ${refused.length})`);
  });

  test("initializers, regularizers and constraints written in TF.js's own words build in TF.js", async () => {
    const { plan, problems } = planJsTraining(
      `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({layers: [
  tf.layers.dense({units: 16, inputShape: [8], kernelInitializer: 'leCunNormal', kernelRegularizer: tf.regularizers.l1l2({l1: 0.01, l2: 0.02}), biasConstraint: tf.constraints.maxNorm({maxValue: 2, axis: 0})}),
  tf.layers.dense({units: 4, kernelInitializer: tf.initializers.truncatedNormal({stddev: 0.1}), kernelConstraint: 'nonNeg'}),
]});`,
      {},
      { data: { kind: 'keras', dataset: 'mnist' } },
    );
    assert.deepEqual(problems, []);
    await checkAgainstTfjs(plan!.model, 'weight settings');
    const tm = await tf.models.modelFromJSON(plan!.model.json as never);
    const config = tm.layers[0].getConfig() as Record<string, { className: string; config: Record<string, number | string> }>;
    // TF.js keeps LeCunNormal as the variance scaling it is.
    assert.deepEqual([config.kernelInitializer.className, config.kernelInitializer.config.mode, config.kernelInitializer.config.scale], ['VarianceScaling', 'fanIn', 1]);
    assert.deepEqual(config.kernelRegularizer.config, { l1: 0.01, l2: 0.02 });
    assert.deepEqual(config.biasConstraint.config, { maxValue: 2, axis: 0 });
    assert.equal((tm.layers[1].getConfig() as typeof config).kernelConstraint.className, 'NonNeg');
    tm.dispose();
  });
});
