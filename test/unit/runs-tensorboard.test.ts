/**
 * TensorBoard event files as runs. The fixtures are written by TensorFlow itself (test/fixtures/tensorboard/
 * make_events.py: Keras's TensorBoard-callback layout with a real fit's history as TF2 scalar tensors, and TF1
 * simple_value scalars); the reader must give back exactly those numbers (as float32), stop at a torn or corrupt
 * record keeping what came before, and never throw on garbage.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { curvesOf, differingSettings, runRow } from '../../src/train/runs/compare';
import { metricsCsv } from '../../src/train/runs/csv';
import { runSource } from '../../src/train/runs/source';
import { listRuns, readMetrics } from '../../src/train/runs/store';
import { importTensorBoard } from '../../src/train/runs/tensorboard-import';
import { crc32c, maskedCrc, readEventScalars } from '../../src/train/runs/tfevents';

const FIXTURES = join(__dirname, '..', 'fixtures', 'tensorboard');
const tmp = mkdtempSync(join(tmpdir(), 'model-lens-tensorboard-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The fit make_events.py ran (its printed history), as the float32 values the event files hold. */
const f32 = (v: number) => Math.fround(v);
const HISTORY = {
  loss: [0.6805642247200012, 0.6794388890266418, 0.6784763932228088].map(f32),
  accuracy: [0.4583333432674408, 0.4583333432674408, 0.4583333432674408].map(f32),
  val_loss: [0.664214015007019, 0.6632891893386841, 0.6623973846435547].map(f32),
  val_accuracy: [0.5625, 0.5625, 0.5625],
};

function eventFile(...parts: string[]): Buffer {
  const dir = join(FIXTURES, ...parts);
  const name = readdirSync(dir).find((n) => n.includes('tfevents'))!;
  return readFileSync(join(dir, name));
}

test('CRC-32C and TFRecord’s mask: the standard check value', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(maskedCrc(new Uint8Array(0)), 0xa282ead8);
});

test('TF2 scalar tensors as Keras’s TensorBoard callback writes them: tags, steps and the fit’s values', () => {
  const train = readEventScalars(eventFile('keras-fit', 'train'));
  assert.equal(train.stoppedEarly, undefined);
  assert.deepEqual(train.points.filter((p) => p.tag === 'epoch_loss').map((p) => [p.step, p.value]), HISTORY.loss.map((v, i) => [i, v]));
  assert.deepEqual(train.points.filter((p) => p.tag === 'epoch_accuracy').map((p) => p.value), HISTORY.accuracy);
  assert.deepEqual([...new Set(train.points.map((p) => p.tag))], ['epoch_loss', 'epoch_accuracy', 'epoch_learning_rate']);
  const validation = readEventScalars(eventFile('keras-fit', 'validation'));
  assert.deepEqual(validation.points.filter((p) => p.tag === 'evaluation_loss_vs_iterations').map((p) => [p.step, p.value]), HISTORY.val_loss.map((v, i) => [(i + 1) * 3, v]));
  assert.ok(train.points.every((p) => p.wallTime > 1.7e9));
});

test('TF1 simple_value scalars', () => {
  const { points } = readEventScalars(eventFile('tf1-style'));
  assert.deepEqual(points.filter((p) => p.tag === 'Loss/train').map((p) => [p.step, p.value, p.wallTime]), [[0, f32(0.9), 1700000010], [1, f32(0.6), 1700000020], [2, f32(0.4), 1700000030], [3, f32(0.3), 1700000040]]);
});

test('a torn or corrupt file keeps the records before the damage and says where; garbage never throws', () => {
  const whole = eventFile('tf1-style');
  const all = readEventScalars(whole).points.length;
  const torn = readEventScalars(whole.subarray(0, whole.length - 5));
  assert.equal(torn.points.length, all - 2, 'the last event (two scalars) is lost');
  assert.match(torn.stoppedEarly ?? '', /torn record/);
  const flipped = Buffer.from(whole);
  flipped[whole.length - 20] ^= 0xff;
  const corrupt = readEventScalars(flipped);
  assert.equal(corrupt.points.length, all - 2);
  assert.match(corrupt.stoppedEarly ?? '', /corrupt record/);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let n = 0; n < 200; n++) {
    const bytes = Buffer.from(whole);
    for (let k = 0; k < 3; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
    assert.ok(readEventScalars(bytes.subarray(0, Math.floor(random() * bytes.length))).points.length <= all);
  }
  assert.deepEqual(readEventScalars(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])).points, []);
});

test('import: a train/validation pair is one run with validation metrics, epochs from 1; a TF1 folder keeps its steps', async () => {
  const runsDir = join(tmp, 'runs');
  const result = await importTensorBoard(FIXTURES, runsDir);
  assert.deepEqual(result.notes, []);
  assert.equal(result.imported.length, 2);
  const runs = listRuns(runsDir);
  const keras = runs.find((r) => r.record.label === 'keras-fit')!;
  assert.equal(keras.record.engine, 'tensorboard');
  assert.equal(keras.record.status, 'finished');
  assert.deepEqual(keras.record.imported?.tags, ['epoch_accuracy', 'epoch_learning_rate', 'epoch_loss', 'evaluation_accuracy_vs_iterations', 'evaluation_loss_vs_iterations']);
  assert.deepEqual(
    readMetrics(keras.dir).map((m) => (m.kind === 'epoch' ? [m.epoch, m.loss, m.accuracy, m.valLoss, m.valAccuracy] : [])),
    [0, 1, 2].map((i) => [i + 1, HISTORY.loss[i], HISTORY.accuracy[i], HISTORY.val_loss[i], HISTORY.val_accuracy[i]]),
  );
  assert.deepEqual(keras.record.final, { loss: HISTORY.loss[2], accuracy: HISTORY.accuracy[2], valLoss: HISTORY.val_loss[2], valAccuracy: HISTORY.val_accuracy[2] });
  const tf1 = runs.find((r) => r.record.label === 'tf1-style')!;
  assert.deepEqual(curvesOf(readMetrics(tf1.dir)).loss.map((p) => p.x), [0, 1, 2, 3], 'x is the logged step');
  assert.match(tf1.record.message ?? '', /x is the logged step/);
  assert.deepEqual([runRow(keras.record).epochs, runRow(tf1.record).epochs], ['3/3', '4 steps']);
  // Nothing made up: the table shows unknown params, legends name no hyperparameters, there is no source.
  assert.equal(runRow(keras.record).params, null);
  assert.deepEqual(differingSettings([keras.record, tf1.record]).map((s) => s.map((x) => x.label)), [['model', 'file'], ['model', 'file']]);
  const source = runSource(keras.dir, keras.record);
  assert.equal(source.text, undefined);
  assert.match('missing' in source ? source.missing : '', /imported from tensorboard logs/);
  assert.match(metricsCsv([{ record: keras.record, metrics: readMetrics(keras.dir) }]), /^keras-fit,keras-fit,finished,epoch,1,/m);
  // Imported again: nothing new.
  const again = await importTensorBoard(FIXTURES, runsDir);
  assert.deepEqual([again.imported.length, again.skipped.length], [0, 2]);
  assert.equal(listRuns(runsDir).length, 2);
});

test('import: a folder with no logs, a damaged file and an empty one are said, not thrown', async () => {
  const logs = join(tmp, 'logs');
  mkdirSync(join(logs, 'empty'), { recursive: true });
  writeFileSync(join(logs, 'empty', 'events.out.tfevents.0.x'), '');
  cpSync(join(FIXTURES, 'tf1-style'), join(logs, 'torn'), { recursive: true });
  const tornFile = join(logs, 'torn', readdirSync(join(logs, 'torn'))[0]);
  writeFileSync(tornFile, readFileSync(tornFile).subarray(0, -5));
  const result = await importTensorBoard(logs, join(tmp, 'runs-2'));
  assert.equal(result.imported.length, 1);
  const torn = readdirSync(join(logs, 'torn'))[0];
  assert.deepEqual(result.notes.map((n) => n.replace(/byte \d+/, 'byte N')).sort(), ['empty: no scalars', `torn/${torn}: read up to a torn record at byte N`]);
  assert.deepEqual(await importTensorBoard(join(tmp, 'no-such-folder'), join(tmp, 'runs-3')), { imported: [], skipped: [], notes: [] });
});

/** `count` runs of a Keras fit's logs (a train/validation pair each) under a new folder. */
function manyLogs(name: string, count: number): string {
  const logs = join(tmp, name);
  for (let i = 0; i < count; i++) cpSync(join(FIXTURES, 'keras-fit'), join(logs, `run-${String(i).padStart(3, '0')}`), { recursive: true });
  return logs;
}

test('import: a folder of many event files is read with the event loop turning between files, progress told for each', async () => {
  const logs = manyLogs('many', 40);
  const files = readdirSync(logs, { recursive: true }).filter((f) => String(f).includes('tfevents')).length;
  assert.equal(files, 80);
  let turns = 0;
  let importing = true;
  const tick = () => {
    turns++;
    if (importing) setImmediate(tick);
  };
  setImmediate(tick);
  const progress: number[] = [];
  const result = await importTensorBoard(logs, join(tmp, 'runs-many'), { onProgress: (p) => progress.push(p.done) });
  importing = false;
  assert.equal(result.imported.length, 40);
  assert.deepEqual(progress, [...Array(files).keys()]);
  // A synchronous import would leave the counter at 0 until it returned; this one yields after every file.
  assert.ok(turns >= files, `the event loop turned ${turns} times while ${files} files were read`);
});

test('import: cancelled between files, it keeps the runs read whole and makes no half run', async () => {
  const logs = manyLogs('cancelled', 10);
  const stop = new AbortController();
  const runsDir = join(tmp, 'runs-cancelled');
  // The fifth file is the first of the third run: two runs are whole when the import stops.
  const result = await importTensorBoard(logs, runsDir, { signal: stop.signal, onProgress: (p) => p.done === 4 && stop.abort() });
  assert.equal(result.cancelled, true);
  assert.equal(result.imported.length, 2);
  assert.deepEqual(listRuns(runsDir).map((r) => r.record.label).sort(), ['run-000', 'run-001']);
});
