/**
 * Every run is kept: a CLI run is recorded as finished with its results and read back by `model-lens runs`; a run
 * whose process is killed is kept and marked crashed with why; a stopped run is kept and marked stopped. Small
 * limits: the machine's CPUs are shared.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { toJsonReport } from '../../src/core/report/json';
import { planTraining } from '../../src/train/host/plan';
import { TrainingSession } from '../../src/train/host/session';
import { RunRecorder } from '../../src/train/runs/recorder';
import { readMetrics, readRunRecord } from '../../src/train/runs/store';
import { CLI, cliTrain, requireBuild, requireFashionMnist, ROOT, WORKER } from './helpers';

const tmp = mkdtempSync(join(tmpdir(), 'model-lens-runs-'));
const EXAMPLE = join(ROOT, 'examples', 'fashion_mnist.py');
before(async () => {
  requireBuild();
  requireFashionMnist();
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('a CLI run is recorded as finished, and model-lens runs reads it back', async () => {
  const runsDir = join(tmp, 'cli');
  const result = await cliTrain([EXAMPLE, '--epochs', '1', '--limit', '1000', '--test-limit', '100', '--seed', '1', '--json', '--runs-dir', runsDir]);
  assert.equal(result.code, 0, result.stderr);
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'runs', 'list', '--json', '--dir', runsDir]);
  const rows = JSON.parse(stdout) as { id: string; status: string; params: number; testAccuracy: number | null }[];
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, 'finished');
  assert.equal(rows[0].params, 203530);
  assert.ok(rows[0].testAccuracy !== null);
  const record = readRunRecord(join(runsDir, rows[0].id))!;
  assert.equal(record.source.path, EXAMPLE);
  assert.equal(record.evaluation?.samples, 100);
  assert.ok(record.source.git, 'the checkout is a git repository: the commit is kept');
  assert.equal(readMetrics(join(runsDir, rows[0].id)).filter((m) => m.kind === 'epoch').length, 1);
});

/** Starts a recorded run of the example that `act` ends once the first batch point arrives. */
async function recordedRun(runsDir: string, act: (session: TrainingSession) => void): Promise<string> {
  const text = readFileSync(EXAMPLE, 'utf8');
  const report = analyzePython(text);
  const { plan } = planTraining(text, { epochs: 2, limit: 20_000, testLimit: 100, seed: 5, progressIntervalMs: 200 }, report);
  const session = new TrainingSession({ workerPath: WORKER });
  const recorder = RunRecorder.attach(session, { runsDir, file: EXAMPLE, text, report: toJsonReport(EXAMPLE, report), modelIndex: 0, job: plan!.job, settings: [] });
  let acted = false;
  session.on('event', (e) => {
    if (e.type === 'batch' && !acted) {
      acted = true;
      act(session);
    }
  });
  session.start(plan!.job);
  await session.ended;
  return recorder!.dir;
}

test('a run whose process is killed is kept and marked crashed, with why and the points it made', async () => {
  const dir = await recordedRun(join(tmp, 'crash'), (session) => session.kill());
  const record = readRunRecord(dir)!;
  assert.equal(record.status, 'crashed');
  assert.match(record.message ?? '', /was killed \(SIGKILL\)/);
  assert.ok(record.endedAt);
  assert.ok(readMetrics(dir).length >= 1, 'the batch points before the crash are kept');
});

test('a stopped run is kept and marked stopped', async () => {
  const dir = await recordedRun(join(tmp, 'stop'), (session) => session.stop());
  const record = readRunRecord(dir)!;
  assert.equal(record.status, 'stopped');
  assert.equal(record.epochsDone, 0);
});
