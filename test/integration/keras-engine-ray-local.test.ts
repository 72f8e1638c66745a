/**
 * `--ray` with no address: the CLI starts a Ray head of its own from the Keras venv, runs the job there and
 * stops that head when the run ends (or is stopped while the head starts). Each run gets a TMPDIR of the
 * test's own; every process that still has it in its environment afterwards was left behind (and is ended
 * here, so none outlives the test). Skipped, with the reason, when the venv has no Ray.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KerasSession } from '../../src/train/python/keras-session';
import { LOCAL_RAY } from '../../src/train/python/local-ray-head';
import { cliTrain, requireBuild, requireFashionMnist } from './helpers';
import { PYTHON, rayMissing } from './ray-venv';

const skip = rayMissing();
const folders: string[] = [];

/** A TMPDIR for one run (short: Ray's socket paths under it must stay under 108 bytes). */
function runTmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlr-'));
  folders.push(dir);
  return dir;
}

/** The processes (not this one) whose environment has TMPDIR=`dir`: the run's, Ray's head and workers included. */
function processesWith(dir: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      if (pid === process.pid || /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'latin1'))) return false;
      return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`TMPDIR=${dir}`);
    } catch {
      return false; // gone, or not ours to read
    }
  });
}

/** Asserts that the run left no process behind, ending any it did so none outlives the test. */
function assertNoneLeft(dir: string): void {
  const left = processesWith(dir);
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // ended meanwhile
    }
  }
  assert.deepEqual(left, [], 'processes of the local Ray head left running');
}

before(() => {
  if (skip) return;
  requireBuild();
  requireFashionMnist();
});
after(() => {
  for (const dir of folders) {
    for (const pid of processesWith(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--ray with no address: a head is started from the same Python, the job runs there, the head is gone afterwards', { skip }, async () => {
  const dir = runTmp();
  const r = await cliTrain(['examples/fashion_mnist.py', '--engine', 'keras', '--keras-backend', 'jax', '--python', PYTHON, '--ray', '--epochs', '1', '--limit', '2000', '--test-limit', '500', '--json'], { TMPDIR: dir });
  assert.equal(r.code, 0, r.stderr.slice(-2000));
  const named = r.lines.find((l) => l.event === 'job');
  assert.match(String(named?.id), /^model-lens-fashion-mnist-/);
  assert.match(String(named?.address), /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(r.lines.filter((l) => l.event === 'epoch').length, 1);
  const result = r.lines.find((l) => l.event === 'result')!;
  assert.equal(result.backend, 'keras-jax');
  assert.equal(result.job, named?.id);
  assert.ok(typeof result.testAccuracy === 'number' && result.testAccuracy > 0.5, `test accuracy ${result.testAccuracy}`);
  // The CLI exits once the head is stopped: nothing of it answers or runs.
  await assert.rejects(fetch(`${named?.address}/api/version`));
  assertNoneLeft(dir);
});

test('stopped while the local head starts: the run ends stopped and the head is ended', { skip }, async () => {
  const dir = runTmp();
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = dir; // the head's temp folder and environment (read when the head starts)
  const session = new KerasSession({ python: PYTHON, backend: 'jax', ray: LOCAL_RAY });
  session.on('event', (e) => {
    if (e.type === 'phase' && /local Ray head/.test(e.phase)) setTimeout(() => session.stop(), 2000);
  });
  session.start({ mode: 'script', script: '/nowhere.py', progressIntervalMs: 0 });
  const end = await session.ended.finally(() => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  });
  assert.equal(end.outcome, 'stopped', end.message);
  assert.match(end.message ?? '', /Stopped while the local Ray head was starting/);
  assertNoneLeft(dir);
});
