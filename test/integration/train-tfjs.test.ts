/**
 * Training a TensorFlow.js source on real Fashion-MNIST (Debian's dataset-fashion-mnist or Keras's cache), as a
 * Keras file trains: the editor's plan of examples/tfjs_mnist.js run in the built worker, and the CLI on the same
 * file. Run: npm run test:integration (or node --import tsx --test test/integration/train-tfjs.test.ts after a build)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { initJsParsers } from '../../src/core/tfjs/analyze';
import { planJsTraining } from '../../src/train/host/js-plan';
import { TrainingSession } from '../../src/train/host/session';
import type { WorkerEvent } from '../../src/train/worker-protocol';
import { cliTrain, requireBuild, requireFashionMnist, ROOT, WORKER } from './helpers';

const EXAMPLE = join(ROOT, 'examples', 'tfjs_mnist.js');

before(async () => {
  requireBuild();
  requireFashionMnist();
  await initJsParsers();
});

describe('training a TF.js source on real Fashion-MNIST', () => {
  test('the example, planned as the editor plans it: progress while it trains, then the test accuracy', async () => {
    const { plan, problems } = planJsTraining(readFileSync(EXAMPLE, 'utf8'), {}, { epochs: 2, limit: 3000, testLimit: 500, seed: 5, progressIntervalMs: 200 });
    assert.deepEqual(problems, []);
    const job = plan!.job;
    assert.deepEqual(job.data, { kind: 'keras', dataset: 'fashion_mnist', folders: [] });
    const session = new TrainingSession({ workerPath: WORKER });
    const events: WorkerEvent[] = [];
    session.on('event', (e) => events.push(e));
    session.start(job);
    const end = await session.ended;
    assert.equal(end.outcome, 'completed', end.message);
    const kinds = events.map((e) => e.type);
    assert.ok(kinds.indexOf('data') < kinds.indexOf('batch'));
    assert.equal(kinds.filter((k) => k === 'epoch').length, 2);
    const data = events.find((e): e is Extract<WorkerEvent, { type: 'data' }> => e.type === 'data')!.data;
    // The file's validationSplit: 0.1 holds back the last tenth.
    assert.deepEqual([data.train, data.validation, data.test], [2700, 300, 500]);
    const points = events.filter((e): e is Extract<WorkerEvent, { type: 'batch' }> => e.type === 'batch').map((e) => e.point);
    assert.ok(points.length >= 4, `${points.length} points`);
    assert.ok(points.every((p) => Number.isFinite(p.loss) && p.acc !== undefined));
    const evaluation = events.find((e): e is Extract<WorkerEvent, { type: 'evaluation' }> => e.type === 'evaluation')!.evaluation;
    process.stdout.write(`# tfjs_mnist.js: test accuracy ${(evaluation.testAcc! * 100).toFixed(2)}% on 500 images after 2 epochs of 2,700\n`);
    assert.equal(evaluation.samples, 500);
    assert.equal(evaluation.classNames[9], 'Ankle boot');
    assert.ok(evaluation.testAcc! > 0.7, `test accuracy ${evaluation.testAcc}`);
  });

  test('the CLI trains the same file and says where each setting came from', async () => {
    const r = await cliTrain([EXAMPLE, '--epochs', '1', '--limit', '2000', '--test-limit', '300', '--json', '--seed', '6']);
    assert.equal(r.code, 0, r.stderr);
    const planned = r.lines.find((l) => l.event === 'plan')!;
    assert.equal(planned.params, 203530);
    assert.deepEqual((planned.settings as string[]).slice(0, 2), ['optimizer: tf.train.adam (learning rate 0.001)', 'loss: sparseCategoricalCrossentropy']);
    assert.ok((planned.settings as string[]).includes('data: Fashion-MNIST (the file names its files on line 12)'));
    const result = r.lines.find((l) => l.event === 'result')!;
    assert.ok((result.testAccuracy as number) > 0.6, `test accuracy ${result.testAccuracy}`);
  });
});
