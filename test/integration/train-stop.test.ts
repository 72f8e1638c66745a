/**
 * An honest stop: stopped mid-epoch, the run says where ("batch 830 of epoch 1"), sends no epoch point for the
 * unfinished epoch, keeps that epoch's batches in the per-batch curve, and saves the weights as they stood so
 * the model can be saved and then tested.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import { planTraining } from '../../src/train/host/plan';
import { applyEnd, applyEvent, newRunState } from '../../src/train/host/run-state';
import { TrainingSession } from '../../src/train/host/session';
import type { TrainJob, WorkerEvent } from '../../src/train/worker-protocol';
import { requireBuild, requireFashionMnist, ROOT, WORKER } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'model-lens-stop-'));
before(async () => {
  requireBuild();
  requireFashionMnist();
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

function job(extra: Partial<TrainJob> = {}): TrainJob {
  const { plan, problems } = planTraining(readFileSync(join(ROOT, 'examples', 'fashion_mnist.py'), 'utf8'), { epochs: 2, limit: 20_000, testLimit: 300, seed: 5, progressIntervalMs: 400 });
  assert.deepEqual(problems, []);
  return { ...plan!.job, ...extra };
}

test('stopped mid-epoch: no epoch point, the curve runs to the stop batch, the model is saved and can be tested', async () => {
  const saveDir = join(tmp, 'model');
  const session = new TrainingSession({ workerPath: WORKER });
  const events: WorkerEvent[] = [];
  let stopped = false;
  session.on('event', (e) => {
    events.push(e);
    // At the first point past batch 20 (points come every 0.4 s): well inside epoch 1 (625 batches of 32).
    // The batches done between that point and the stop taking effect have no point yet.
    if (e.type === 'batch' && e.point.batch >= 20 && !stopped) {
      stopped = true;
      session.stop();
    }
  });
  session.start(job({ saveDir }));
  const end = await session.ended;
  assert.equal(end.outcome, 'stopped');
  const done = events.find((e): e is Extract<WorkerEvent, { type: 'done' }> => e.type === 'done');
  assert.ok(done?.stoppedAt, 'the worker says where it stopped');
  const at = done.stoppedAt;
  assert.equal(at.epoch, 1);
  assert.equal(at.batches, 625);
  assert.ok(at.batch < 625);
  assert.equal(events.filter((e) => e.type === 'epoch').length, 0, 'no epoch point for the unfinished epoch');
  const last = events.filter((e): e is Extract<WorkerEvent, { type: 'batch' }> => e.type === 'batch').at(-1)!.point;
  assert.equal(last.batch, at.batch, 'the per-batch curve runs to the batch the stop came after');
  assert.ok(events.some((e) => e.type === 'saved'));
  assert.ok(existsSync(join(saveDir, 'model.json')) && existsSync(join(saveDir, 'weights.bin')));

  const state = newRunState({ runId: 1, file: 'fashion_mnist.py', modelName: 'model', epochs: 2, settings: [] });
  for (const e of events) applyEvent(state, e);
  applyEnd(state, end);
  assert.equal(state.message, `Stopped by you at batch ${at.batch} of epoch 1 (of 625 batches); no epoch finished.`);
  assert.equal(state.canSave, true);

  // Testing the stopped model: its saved weights (fresh ones score about 10%), no training.
  const tester = new TrainingSession({ workerPath: WORKER });
  const tested: WorkerEvent[] = [];
  tester.on('event', (e) => tested.push(e));
  tester.start(job({ weightsFrom: saveDir }));
  const testEnd = await tester.ended;
  assert.equal(testEnd.outcome, 'completed', testEnd.message);
  assert.equal(tested.filter((e) => e.type === 'batch' || e.type === 'epoch').length, 0, 'nothing trains');
  const evaluation = tested.find((e): e is Extract<WorkerEvent, { type: 'evaluation' }> => e.type === 'evaluation')?.evaluation;
  assert.equal(evaluation?.samples, 300);
  assert.ok((evaluation?.testAcc ?? 0) > 0.3, `test accuracy ${evaluation?.testAcc}`);
});
