/**
 * Run records: the format written as a run goes (run.json and metrics.jsonl; stopped and crashed runs marked), the
 * architecture diff between two runs (the tutorial's Dense 256 → 128; nested models' layers kept under their model;
 * inserted layers not mistaken for changed ones), the metrics CSV, and listing, filtering, sorting and the settings
 * that tell selected runs apart.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { toJsonReport } from '../../src/core/report/json';
import { planTraining } from '../../src/train/host/plan';
import { curvesOf, differingSettings, filterRows, legendOf, runRow, sortRows } from '../../src/train/runs/compare';
import { csvField, metricsCsv } from '../../src/train/runs/csv';
import { diffRuns, type LayerChange } from '../../src/train/runs/diff';
import { parseMetrics, parseRunRecord, runFolderName, type RunRecord } from '../../src/train/runs/record';
import { RunRecorder } from '../../src/train/runs/recorder';
import { deleteRun, listRuns, readMetrics, readRunRecord, renameRun } from '../../src/train/runs/store';
import { diffText, findRun } from '../../src/cli/runs';
import { scatterPoints, scatterSettings } from '../../src/shared/runs-protocol';
import type { WorkerEvent } from '../../src/train/worker-protocol';
import type { SessionEnd } from '../../src/train/host/session';

const tmp = mkdtempSync(join(tmpdir(), 'model-lens-runs-'));
before(async () => {
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const TUTORIAL = (units: number) => `import tensorflow as tf
fashion_mnist = tf.keras.datasets.fashion_mnist
(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
train_images = train_images / 255.0
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)),
                             tf.keras.layers.Dense(${units}, activation='relu'),
                             tf.keras.layers.Dense(10)])
model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
model.fit(train_images, train_labels, epochs=3, batch_size=64)
`;

let clock = Date.parse('2026-12-06T17:00:00Z');
const now = () => new Date((clock += 1500));

/** Records a run of `text` through a stand-in session fed `events`, ending with `end`. */
function recordRun(runsDir: string, text: string, events: WorkerEvent[], end: SessionEnd['outcome'] | undefined, message?: string, savedModelIsTemporary?: boolean): RunRecorder {
  const report = analyzePython(text);
  const { plan, problems } = planTraining(text, { seed: 3, limit: 1000 }, report);
  assert.deepEqual(problems, []);
  const session = new EventEmitter();
  const recorder = RunRecorder.attach(session, {
    runsDir,
    file: join(tmp, 'model.py'),
    text,
    report: toJsonReport('model.py', report),
    modelIndex: 0,
    job: plan!.job,
    settings: [{ label: 'epochs', value: '3 (line 9)' }],
    now,
    savedModelIsTemporary,
  });
  assert.ok(recorder);
  for (const e of events) session.emit('event', e);
  if (end) session.emit('end', { outcome: end, message, exitCode: end === 'crashed' ? null : 0, signal: end === 'crashed' ? 'SIGKILL' : null } satisfies SessionEnd);
  return recorder;
}

const batch = (epoch: number, b: number, loss: number): WorkerEvent => ({ type: 'batch', point: { x: b, epoch, batch: b, batches: 10, loss, acc: 0.5, samples: b * 64, totalSamples: 1920, elapsedMs: b * 10, samplesPerSec: 6400 } });
const epoch = (n: number, loss: number, acc: number): WorkerEvent => ({ type: 'epoch', epoch: { epoch: n, epochs: 3, loss, acc, elapsedMs: 100 } });
const FINISHED: WorkerEvent[] = [
  { type: 'backend', name: 'wasm', notes: [] },
  { type: 'data', data: { title: 'Fashion-MNIST', source: '/data', train: 1000, validation: 0, test: 10000, sampleShape: [28, 28] } },
  batch(1, 5, 1.2),
  batch(1, 10, 0.9),
  epoch(1, 0.95, 0.7),
  batch(2, 10, 0.6),
  epoch(2, 0.62, 0.8),
  batch(3, 10, 0.5),
  epoch(3, 0.5, 0.83),
  { type: 'evaluation', evaluation: { testLoss: 0.55, testAcc: 0.81, samples: 10000, classNames: [], confusion: [], gallery: [] } },
  { type: 'saved', dir: '/saved/model' },
  { type: 'done', outcome: 'completed', epochsDone: 3, samplesPerSec: 7000, elapsedMs: 900 },
];

test('the run folder is named by UTC time and a file-safe model name', () => {
  assert.equal(runFolderName(new Date('2026-12-06T07:05:09Z'), 'my model/../x'), '20261206-070509-my_model_.._x');
  assert.equal(runFolderName(new Date('2026-12-06T07:05:09Z'), '...'), '20261206-070509-model');
});

test('a finished run: run.json has the analyzed model, source hash, settings, results; metrics.jsonl every point', () => {
  const dir = join(tmp, 'finished');
  const recorder = recordRun(dir, TUTORIAL(256), FINISHED, 'completed');
  const r = readRunRecord(recorder.dir)!;
  assert.equal(r.format, 1);
  assert.equal(r.status, 'finished');
  assert.equal(r.id, recorder.id);
  assert.match(r.id, /^\d{8}-\d{6}-model$/);
  assert.equal(r.source.sha256.length, 64);
  assert.equal(r.model.kind, 'sequential');
  assert.deepEqual(r.model.layers.map((l) => [l.type, l.params]), [['Flatten', 0], ['Dense', 200960], ['Dense', 2570]]);
  assert.equal(r.model.totalParams, 203530);
  assert.equal(r.engine, 'tfjs');
  assert.equal(r.backend, 'wasm');
  assert.equal(r.dataSource, 'keras.datasets.fashion_mnist');
  assert.equal(r.data?.train, 1000);
  assert.deepEqual(
    { ...r.hyperparameters, optimizerArgs: undefined },
    { optimizer: 'adam', optimizerArgs: undefined, loss: 'sparse_categorical_crossentropy (from_logits)', batchSize: 64, epochs: 3, validationSplit: 0, shuffle: true, seed: 3, limit: 1000, inputScale: 1 / 255 },
  );
  assert.equal(r.hyperparameters.optimizerArgs.learning_rate, 0.001);
  assert.equal(r.epochsDone, 3);
  assert.deepEqual(r.final, { loss: 0.5, accuracy: 0.83 });
  assert.deepEqual(r.evaluation, { testLoss: 0.55, testAccuracy: 0.81, samples: 10000 });
  assert.equal(r.samplesPerSec, 7000);
  assert.equal(r.savedModel, '/saved/model');
  assert.equal(r.durationMs, 6000, 'from the start to the end (the test clock moves 1.5 s a reading)');
  const metrics = readMetrics(recorder.dir);
  assert.deepEqual(metrics.map((m) => `${m.kind}${m.epoch}`), ['batch1', 'batch1', 'epoch1', 'batch2', 'epoch2', 'batch3', 'epoch3']);
  assert.deepEqual(metrics[2], { kind: 'epoch', epoch: 1, loss: 0.95, accuracy: 0.7, elapsedMs: 100 });
});

test('run.json is written as the run goes: running with the epochs so far, before the run ends', () => {
  const recorder = recordRun(join(tmp, 'running'), TUTORIAL(256), FINISHED.slice(0, 5), undefined);
  const r = readRunRecord(recorder.dir)!;
  assert.equal(r.status, 'running');
  assert.equal(r.epochsDone, 1);
  assert.equal(r.endedAt, undefined);
});

test('a stopped run and a crashed run are kept and marked, with why', () => {
  const dir = join(tmp, 'ended');
  const stopped = recordRun(dir, TUTORIAL(256), FINISHED.slice(0, 5), 'stopped');
  const crashed = recordRun(dir, TUTORIAL(256), FINISHED.slice(0, 3), 'crashed', 'The training process was killed (SIGKILL) before the run finished.');
  const failed = recordRun(dir, TUTORIAL(256), [], 'failed', 'NaN loss');
  assert.equal(readRunRecord(stopped.dir)?.status, 'stopped');
  assert.equal(readRunRecord(stopped.dir)?.message, 'Stopped after 1 epoch.');
  assert.equal(readRunRecord(crashed.dir)?.status, 'crashed');
  assert.match(readRunRecord(crashed.dir)?.message ?? '', /SIGKILL/);
  assert.equal(readMetrics(crashed.dir).length, 1);
  assert.equal(readRunRecord(failed.dir)?.status, 'crashed');
  assert.equal(readRunRecord(failed.dir)?.message, 'NaN loss');
  assert.deepEqual(listRuns(dir).map((r) => r.record.status), ['stopped', 'crashed', 'crashed']);
});

test('the editor saves to a temporary folder: the record names no saved model until the person saves it, then that place', () => {
  const dir = join(tmp, 'saved-later');
  const recorder = recordRun(dir, TUTORIAL(256), FINISHED, 'completed', undefined, true);
  assert.equal(readRunRecord(recorder.dir)?.savedModel, undefined, 'the worker saved to /saved/model, a temporary folder');
  renameRun(dir, recorder.id, 'wide');
  assert.equal(recorder.savedModelTo('/home/me/models/wide'), true);
  const r = readRunRecord(recorder.dir)!;
  assert.equal(r.savedModel, '/home/me/models/wide');
  assert.equal(r.label, 'wide', 'a rename made since the run ended is kept');
  assert.equal(r.status, 'finished');
});

test('a folder that cannot be made: the run goes on unrecorded and says why once', () => {
  const blocker = join(tmp, 'a-file');
  writeFileSync(blocker, '');
  const said: string[] = [];
  const text = TUTORIAL(256);
  const report = analyzePython(text);
  const recorder = RunRecorder.attach(new EventEmitter(), { runsDir: join(blocker, 'runs'), file: 'x.py', text, report: toJsonReport('x.py', report), modelIndex: 0, job: planTraining(text, {}, report).plan!.job, settings: [], onError: (m) => said.push(m) });
  assert.equal(recorder, undefined);
  assert.equal(said.length, 1);
  assert.match(said[0], /not recorded/);
});

test('reading copes with foreign folders, torn lines and bad ids', () => {
  const dir = join(tmp, 'foreign');
  mkdirSync(join(dir, 'not-a-run'), { recursive: true });
  writeFileSync(join(dir, 'not-a-run', 'run.json'), '{"hello": 1}');
  mkdirSync(join(dir, 'torn'), { recursive: true });
  writeFileSync(join(dir, 'torn', 'run.json'), '{"format": 1, "id": "torn", "sta');
  const recorder = recordRun(dir, TUTORIAL(256), FINISHED, 'completed');
  writeFileSync(join(recorder.dir, 'metrics.jsonl'), readFileSync(join(recorder.dir, 'metrics.jsonl'), 'utf8') + '{"kind":"batch","epo');
  assert.equal(listRuns(dir).length, 1);
  assert.equal(readMetrics(recorder.dir).length, 7);
  assert.equal(parseRunRecord('null'), undefined);
  assert.deepEqual(parseMetrics('garbage\n{"kind":"other","epoch":1,"loss":1}\n'), []);
  assert.equal(deleteRun(dir, '../foreign'), false, 'never a folder outside the runs folder');
  assert.equal(deleteRun(dir, 'not-a-run'), false, 'never a folder with no run record');
  assert.equal(renameRun(dir, recorder.id, 'baseline'), true);
  assert.equal(readRunRecord(recorder.dir)?.label, 'baseline');
  assert.equal(findRun(listRuns(dir), 'baseline').record.id, recorder.id);
  assert.equal(findRun(listRuns(dir), '1').record.id, recorder.id);
  assert.equal(deleteRun(dir, recorder.id), true);
  assert.equal(listRuns(dir).length, 0);
});

/** A record of `text`'s first model as the recorder would keep it, params as numbers (as read back from disk). */
function recordOf(text: string, modelIndex = -1): RunRecord {
  const dir = join(tmp, `diff-${Math.random().toString(36).slice(2)}`);
  const report = analyzePython(text);
  const json = toJsonReport('m.py', report);
  const index = modelIndex < 0 ? json.models.length - 1 : modelIndex;
  const session = new EventEmitter();
  const job = planTraining(TUTORIAL(10)).plan!.job;
  const recorder = RunRecorder.attach(session, { runsDir: dir, file: 'm.py', text, report: json, modelIndex: index, job, settings: [], now });
  return readRunRecord(recorder!.dir)!;
}

const rows = (changes: readonly LayerChange[]): unknown[] => changes.map((c) => [c.change, c.name, c.before ?? null, c.after ?? null, c.delta, ...(c.children ? [rows(c.children)] : [])]);

test('diff: the tutorial with Dense 256 → 128 changes Dense 200,960 → 100,480 params, and the output layer with it', () => {
  const diff = diffRuns(recordOf(TUTORIAL(256)), recordOf(TUTORIAL(128)));
  assert.deepEqual(rows(diff.layers), [
    ['same', 'flatten', 0, 0, 0],
    ['changed', 'dense', 200960, 100480, -100480],
    ['changed', 'dense_1', 2570, 1290, -1280],
  ]);
  assert.deepEqual([diff.totalBefore, diff.totalAfter, diff.totalDelta], [203530, 101770, -101760]);
  assert.equal(
    diffText(diff.layers, diff),
    [
      'change   layer                         params     delta',
      'same     flatten (Flatten)                  0',
      'changed  dense (Dense)      200,960 → 100,480  −100,480',
      'changed  dense_1 (Dense)        2,570 → 1,290    −1,280',
      'Total params: 203,530 → 101,770 (−101,760)',
    ].join('\n'),
  );
});

test('diff: an inserted layer is added, the layers after it are not all "changed"', () => {
  const withDropout = TUTORIAL(256).replace("tf.keras.layers.Dense(10)", "tf.keras.layers.Dropout(0.2), tf.keras.layers.Dense(10)");
  const diff = diffRuns(recordOf(TUTORIAL(256)), recordOf(withDropout));
  assert.deepEqual(rows(diff.layers), [
    ['same', 'flatten', 0, 0, 0],
    ['same', 'dense', 200960, 200960, 0],
    ['added', 'dropout', null, 0, 0],
    ['same', 'dense_1', 2570, 2570, 0],
  ]);
});

const NESTED = (inner: number, extra: string) => `import keras
from keras import layers
block = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(${inner})${extra}], name="block")
inp = keras.Input((784,))
x = block(inp)
out = layers.Dense(10)(x)
model = keras.Model(inp, out)
`;

test('diff: a nested model keeps its layers together under it, changed and added', () => {
  const diff = diffRuns(recordOf(NESTED(32, '')), recordOf(NESTED(16, ', layers.Dense(8)')));
  assert.deepEqual(rows(diff.layers), [
    ['same', 'input_layer', 0, 0, 0],
    [
      'changed', 'block', 52320, 51416, -904,
      [
        ['same', 'dense', 50240, 50240, 0],
        ['changed', 'dense_1', 2080, 1040, -1040],
        ['added', 'dense_2', null, 136, 136],
      ],
    ],
    ['changed', 'dense_2 → dense_3', 330, 90, -240],
  ]);
});

test('diff: a nested model added whole brings its layers as added children', () => {
  const plain = `import keras\nfrom keras import layers\ninp = keras.Input((784,))\nout = layers.Dense(10)(inp)\nmodel = keras.Model(inp, out)\n`;
  const diff = diffRuns(recordOf(plain), recordOf(NESTED(32, '')));
  const block = diff.layers.find((c) => c.name === 'block');
  assert.equal(block?.change, 'added');
  assert.deepEqual(rows(block!.children!), [
    ['added', 'dense', null, 50240, 50240],
    ['added', 'dense_1', null, 2080, 2080],
  ]);
});

test('CSV: one row per point, runs tagged; commas, quotes and formulas made safe', () => {
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvField('-5'), '-5');
  assert.equal(csvField(-0.5), '-0.5');
  assert.equal(csvField(undefined), '');
  const dir = join(tmp, 'csv');
  const recorder = recordRun(dir, TUTORIAL(256), FINISHED.slice(0, 5), 'stopped');
  renameRun(dir, recorder.id, '=cmd,1');
  const run = listRuns(dir)[0];
  const csv = metricsCsv([{ record: run.record, metrics: readMetrics(run.dir) }]);
  assert.equal(
    csv,
    [
      'run,model,status,kind,epoch,batch,batches,samples,loss,accuracy,val_loss,val_accuracy,elapsed_ms,samples_per_sec',
      `"'=cmd,1",model,stopped,batch,1,5,10,320,1.2,0.5,,,50,6400`,
      `"'=cmd,1",model,stopped,batch,1,10,10,640,0.9,0.5,,,100,6400`,
      `"'=cmd,1",model,stopped,epoch,1,,,,0.95,0.7,,,100,`,
      '',
    ].join('\n'),
  );
});

test('rows filter by model, file, engine, status and text, sort with unknowns last; legends name what differs', () => {
  const dir = join(tmp, 'compare');
  recordRun(dir, TUTORIAL(256), FINISHED, 'completed');
  recordRun(dir, TUTORIAL(128), FINISHED.slice(0, 3), 'crashed');
  const runs = listRuns(dir);
  const table = runs.map((r) => runRow(r.record));
  assert.deepEqual(filterRows(table, { status: 'crashed' }).map((r) => r.params), [101770]);
  assert.deepEqual(filterRows(table, { model: 'MOD', engine: 'tfjs', file: 'model.py' }).length, 2);
  assert.deepEqual(filterRows(table, { text: 'crash' }).length, 1);
  assert.deepEqual(filterRows(table, { model: 'other' }).length, 0);
  assert.deepEqual(sortRows(table, 'params').map((r) => r.params), [101770, 203530]);
  assert.deepEqual(sortRows(table, 'testAccuracy', true).map((r) => r.testAccuracy), [0.81, null]);
  assert.deepEqual(sortRows(table, 'testAccuracy').map((r) => r.testAccuracy), [0.81, null]);
  assert.deepEqual(differingSettings(runs.map((r) => r.record)), [
    [
      { label: 'params', value: '203530' },
      { label: 'dense params', value: '200960' },
      { label: 'dense_1 params', value: '2570' },
    ],
    [
      { label: 'params', value: '101770' },
      { label: 'dense params', value: '100480' },
      { label: 'dense_1 params', value: '1290' },
    ],
  ]);
  const [first] = runs;
  assert.equal(legendOf(first.record, differingSettings(runs.map((r) => r.record))[0]), `${first.record.id} · params 203,530 · dense params 200,960 · dense_1 params 2,570`);
  assert.equal(legendOf(first.record, [{ label: 'seed', value: '12345' }]), `${first.record.id} · seed 12345`);
});

test('scatter: numeric settings per run; x offers the settings that vary; a run lacking the result is left out', () => {
  const dir = join(tmp, 'scatter');
  recordRun(dir, TUTORIAL(256), FINISHED, 'completed');
  recordRun(dir, TUTORIAL(128), FINISHED, 'completed');
  recordRun(dir, TUTORIAL(64), FINISHED.slice(0, 3), 'crashed');
  const table = listRuns(dir).map((r) => runRow(r.record));
  assert.deepEqual(table[0].numeric, { params: 203530, learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, batch_size: 64, epochs: 3, seed: 3, limit: 1000, 'flatten params': 0, 'dense params': 200960, 'dense_1 params': 2570 });
  assert.deepEqual(scatterSettings(table), ['params', 'dense params', 'dense_1 params']);
  assert.deepEqual(scatterPoints(table, 'dense params', 'testAccuracy'), [
    { x: 200960, y: 0.81, label: table[0].label },
    { x: 100480, y: 0.81, label: table[1].label },
  ]);
  assert.deepEqual(scatterPoints(table, 'no such setting', 'loss'), []);
});

test('overlay curves: per epoch when two epochs finished, else the batch points at their fraction of the epoch', () => {
  const dir = join(tmp, 'curves');
  const finished = recordRun(dir, TUTORIAL(256), FINISHED, 'completed');
  assert.deepEqual(curvesOf(readMetrics(finished.dir)), {
    loss: [{ x: 1, y: 0.95 }, { x: 2, y: 0.62 }, { x: 3, y: 0.5 }],
    accuracy: [{ x: 1, y: 0.7 }, { x: 2, y: 0.8 }, { x: 3, y: 0.83 }],
  });
  const crashed = recordRun(dir, TUTORIAL(256), FINISHED.slice(0, 4), 'crashed');
  assert.deepEqual(curvesOf(readMetrics(crashed.dir)).loss, [{ x: 0.5, y: 1.2 }, { x: 1, y: 0.9 }]);
  const oneEpoch = recordRun(dir, TUTORIAL(256), FINISHED.slice(0, 5), 'stopped');
  assert.deepEqual(curvesOf(readMetrics(oneEpoch.dir)).loss, [{ x: 0.5, y: 1.2 }, { x: 1, y: 0.9 }], 'one epoch: its batches, not a single dot');
});
