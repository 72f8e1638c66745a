/**
 * A model with several outputs: compile()'s losses, loss weights and metrics read per output as Keras 3 reads
 * them, and each output's labels found in an .npz or among files by the output layer's name. Which compile()
 * arguments Keras 3.15.1 accepts or refuses for a two-output model (outputs "kind" and "size") was checked in
 * the test venv: a list or dict loss, a list or dict of weights, metrics as a list with one entry per output or a
 * dict (which may leave outputs out); refused are a dict without every output in loss or loss_weights, a metrics
 * list of another length and a lone metric string. And the runs' metrics CSV with each output's columns.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { KERAS_COMPILE_PARAMS } from '../../src/core/model/result';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { pythonSettingsCall, readCompile } from '../../src/train/host/compile-fit';
import { outputNamesOf } from '../../src/train/host/keras-json';
import { fileLineWords, noteText } from '../../src/train/host/plan-notes';
import { DataError } from '../../src/train/data/errors';
import { outputNameOfFile, splitNpzByOutputs, splitOutputFiles } from '../../src/train/data/model-outputs';
import { initJsParsers, analyzeJavaScript } from '../../src/core/tfjs/analyze';
import { jsSettingsCall, readJsCompile } from '../../src/train/host/js-compile-fit';
import { metricsCsv } from '../../src/train/runs/csv';
import type { MetricLine, RunRecord } from '../../src/train/runs/record';

before(async () => {
  await initParser();
  await initJsParsers();
});

const model = (compile: string) => `import keras
from keras import layers
x = keras.Input(shape=(8,), name="features")
h = layers.Dense(16, activation="relu")(x)
kind = layers.Dense(3, activation="softmax", name="kind")(h)
size = layers.Dense(1, name="size")(h)
model = keras.Model(x, [kind, size])
model.compile(optimizer="adam", ${compile})
`;

function read(compile: string) {
  const report = analyzePython(model(compile));
  const m = report.models[0];
  const call = report.compiles.find((c) => c.model === m.model)!;
  return readCompile(pythonSettingsCall(call, KERAS_COMPILE_PARAMS, fileLineWords), { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' }, outputNamesOf(m));
}

/** [compile arguments, each output as `name loss ×weight accuracy?`, or the problem]. */
const TABLE: [string, string[] | RegExp][] = [
  ['loss="mse"', ['kind mean_squared_error ×1', 'size mean_squared_error ×1']],
  ['loss=["sparse_categorical_crossentropy", "mse"]', ['kind sparse_categorical_crossentropy ×1', 'size mean_squared_error ×1']],
  ['loss=("sparse_categorical_crossentropy", "mse")', ['kind sparse_categorical_crossentropy ×1', 'size mean_squared_error ×1']],
  ['loss={"size": "mae", "kind": keras.losses.SparseCategoricalCrossentropy(from_logits=True)}', ['kind sparse_categorical_crossentropy (from logits) ×1', 'size mean_absolute_error ×1']],
  ['loss=["sparse_categorical_crossentropy", "mse"], loss_weights=[1.0, 0.5]', ['kind sparse_categorical_crossentropy ×1', 'size mean_squared_error ×0.5']],
  ['loss=["sparse_categorical_crossentropy", "mse"], loss_weights={"kind": 2, "size": 0.25}', ['kind sparse_categorical_crossentropy ×2', 'size mean_squared_error ×0.25']],
  ['loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy", "mae"]', ['kind sparse_categorical_crossentropy ×1 accuracy', 'size mean_squared_error ×1']],
  ['loss=["sparse_categorical_crossentropy", "mse"], metrics=[["accuracy"], []]', ['kind sparse_categorical_crossentropy ×1 accuracy', 'size mean_squared_error ×1']],
  ['loss=["sparse_categorical_crossentropy", "mse"], metrics=["accuracy", None]', ['kind sparse_categorical_crossentropy ×1 accuracy', 'size mean_squared_error ×1']],
  ['loss=["sparse_categorical_crossentropy", "mse"], metrics={"kind": "accuracy"}', ['kind sparse_categorical_crossentropy ×1 accuracy', 'size mean_squared_error ×1']],
  ['loss={"kind": "sparse_categorical_crossentropy"}', /^loss=\{'kind': 'sparse_categorical_crossentropy'\}: no entry for size\. The model's outputs are kind, size/],
  ['loss=["mse"]', /^loss=\['mse'\] has 1 entry, but the model has 2 outputs \(kind, size\); give one per output/],
  ['loss={"kind": "mse", "size": "mse", "extra": "mse"}', /extra is not an output/],
  ['loss="mse", loss_weights={"size": 2.0}', /^loss_weights=\{'size': 2\.0\}: no entry for kind\./],
  ['loss="mse", loss_weights=[1, -1]', /each weight must be a number known from the source, 0 or more/],
  ['loss="mse", metrics=["accuracy"]', /^metrics=\['accuracy'\] has 1 entry, but the model has 2 outputs/],
  ['loss="mse", metrics="accuracy"', /^metrics='accuracy': Keras takes a list, tuple or dict of metrics/],
  ['loss=["hinge", "mse"]', /The loss hinge is not one Model Lens can train with/],
];

describe('compile() of a model with two outputs, as Keras 3 reads it', () => {
  for (const [args, want] of TABLE) {
    test(args, () => {
      const r = read(args);
      if (want instanceof RegExp) {
        assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
        assert.match(r.problems[0].message, want);
        assert.equal(r.problems[0].line, 8);
        return;
      }
      assert.deepEqual(r.problems, []);
      const outputs = r.value.outputs!.map((o) => `${o.name} ${o.loss.name}${o.loss.fromLogits ? ' (from logits)' : ''} ×${o.weight}${o.accuracy ? ' accuracy' : ''}`);
      assert.deepEqual(outputs, want);
      // The first output's loss stands for the model where one is asked for.
      assert.deepEqual(r.value.loss, r.value.outputs![0].loss);
    });
  }

  test('the notes say each output\'s loss and weight, what is tracked and what is left out', () => {
    const r = read('loss={"kind": "sparse_categorical_crossentropy", "size": "mse"}, loss_weights={"kind": 1.0, "size": 0.5}, metrics={"kind": ["accuracy"], "size": ["mae"]}');
    assert.deepEqual(r.notes.map(noteText), [
      'optimizer: Adam (learning rate 0.001)',
      'metrics: only accuracy is tracked here; \'mae\' (size) left out',
      'loss: kind sparse_categorical_crossentropy ×1, size mean_squared_error ×0.5',
      'metrics: accuracy of kind',
    ]);
  });

  test('TF.js: a metrics list is every output\'s (tfjs-layers collectMetrics), a loss dict by output name', () => {
    const source = `const input = tf.input({shape: [8]});
const h = tf.layers.dense({units: 16, activation: 'relu'}).apply(input);
const kind = tf.layers.dense({units: 3, activation: 'softmax', name: 'kind'}).apply(h);
const size = tf.layers.dense({units: 1, name: 'size'}).apply(h);
const model = tf.model({inputs: input, outputs: [kind, size]});
model.compile({optimizer: 'adam', loss: {kind: 'sparseCategoricalCrossentropy', size: 'meanSquaredError'}, metrics: ['accuracy']});
`;
    const report = analyzeJavaScript(source);
    const m = report.models[0];
    const r = readJsCompile(jsSettingsCall(report.compiles[0], source, fileLineWords), { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' }, outputNamesOf(m));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.value.outputs!.map((o) => [o.name, o.loss.name, o.accuracy]), [
      ['kind', 'sparse_categorical_crossentropy', true],
      ['size', 'mean_squared_error', true],
    ]);
  });
});

describe("each output's labels, by the output layer's name", () => {
  const a = (n: number) => ({ data: new Float32Array(n), shape: [n] });
  test('an .npz: x_train and y_train_<name> (or <name>_train, y_<name>); the test set when every key is there', () => {
    const arrays = new Map(['x_train', 'y_train_kind', 'size_train', 'x_test', 'y_test_kind', 'size_test'].map((k) => [k, k]));
    assert.deepEqual(splitNpzByOutputs(arrays, ['kind', 'size'], 'd.npz'), {
      train: { xs: ['x_train'], ys: ['y_train_kind', 'size_train'] },
      test: { xs: ['x_test'], ys: ['y_test_kind', 'size_test'] },
    });
    const noTest = new Map(['x_train', 'y_kind', 'y_size', 'x_test', 'y_test_kind'].map((k) => [k, a(1)]));
    assert.equal(splitNpzByOutputs(noTest, ['kind', 'size'], 'd.npz').test, undefined);
    // Several inputs: each by its Input's name, as for one output.
    const both = new Map(['image', 'meta', 'y_train_kind', 'y_train_size'].map((k) => [k, k]));
    assert.deepEqual(splitNpzByOutputs(both, ['kind', 'size'], 'd.npz', ['image', 'meta']).train, { xs: ['image', 'meta'], ys: ['y_train_kind', 'y_train_size'] });
  });

  test('an .npz without labels for an output names the keys it needs', () => {
    const arrays = new Map(['x_train', 'y_train'].map((k) => [k, k]));
    assert.throws(() => splitNpzByOutputs(arrays, ['kind', 'size'], 'd.npz'), (e: Error) => {
      assert.ok(e instanceof DataError);
      assert.equal(e.message, 'The model has 2 outputs (kind, size); d.npz has arrays x_train, y_train but no y_train_kind (or kind_train, y_kind), y_train_size (or size_train, y_size). Save one labels array per output under the output layer\'s name, e.g. np.savez("d.npz", x_train=..., y_train_kind=..., y_train_size=...).');
      return true;
    });
  });

  test('files: y_<name>.npy (and its train/test spellings) is that output\'s labels; the rest are inputs', () => {
    for (const [file, name] of [['y_kind.npy', 'kind'], ['/d/y_train_size.npy', 'size'], ['y_test_kind.npy', 'kind'], ['y_size_test.npy', 'size'], ['y.npy', undefined], ['x_kind.npy', undefined], ['y_other.npy', undefined]] as const) {
      assert.equal(outputNameOfFile(file, ['kind', 'size']), name, file);
    }
    assert.deepEqual(splitOutputFiles(['/d/y_size.npy', '/d/x.npy', '/d/y_kind.npy'], ['kind', 'size']), { inputs: ['/d/x.npy'], labels: ['/d/y_kind.npy', '/d/y_size.npy'] });
    assert.throws(() => splitOutputFiles(['/d/x.npy', '/d/y_kind.npy', '/d/y_train_kind.npy'], ['kind', 'size']), /Which labels are for which output\? kind: y_kind\.npy, y_train_kind\.npy all name it; size: no file names it\./);
  });
});

test("the metrics CSV of a run with several outputs: each output's columns, named as Keras 3 logs them, on batch rows too (older records' batch rows left empty)", () => {
  const record = { id: 'r1', status: 'completed', model: { name: 'functional' } } as unknown as RunRecord;
  const metrics: MetricLine[] = [
    { kind: 'batch', epoch: 1, batch: 5, batches: 5, samples: 160, loss: 1.5, elapsedMs: 10, samplesPerSec: 1000 },
    { kind: 'batch', epoch: 1, batch: 5, batches: 5, samples: 160, loss: 1.5, accuracy: 0.5, elapsedMs: 10, samplesPerSec: 1000, outputs: [{ name: 'kind', loss: 1.25, acc: 0.5 }, { name: 'size', loss: 0.5 }] },
    { kind: 'epoch', epoch: 1, loss: 1.25, accuracy: 0.5, valLoss: 1.5, valAccuracy: 0.25, elapsedMs: 20, outputs: [{ name: 'kind', loss: 1, acc: 0.5, valLoss: 1.25, valAcc: 0.25 }, { name: 'size', loss: 0.5, valLoss: 0.5 }] },
  ];
  assert.deepEqual(metricsCsv([{ record, metrics }]).split('\n'), [
    'run,model,status,kind,epoch,batch,batches,samples,loss,accuracy,val_loss,val_accuracy,elapsed_ms,samples_per_sec,kind_loss,kind_accuracy,val_kind_loss,val_kind_accuracy,size_loss,size_accuracy,val_size_loss,val_size_accuracy',
    'r1,functional,completed,batch,1,5,5,160,1.5,,,,10,1000,,,,,,,,',
    'r1,functional,completed,batch,1,5,5,160,1.5,0.5,,,10,1000,1.25,0.5,,,0.5,,,',
    'r1,functional,completed,epoch,1,,,,1.25,0.5,1.5,0.25,20,,1,0.5,1.25,0.25,0.5,,0.5,',
    '',
  ]);
});
