/**
 * A Ray job for a head on another machine carries the data with it (python/model_lens_ray.py `package`): picked
 * files (here an .npz of a model with two outputs, and one labels file per output) are copied into the job's
 * package once each, the job names its copies, and the runner, started from the package as Ray starts it, trains
 * from them with the originals gone. No second machine here: the package is made for a remote head and run
 * locally, where a remote head would run it.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { initParser } from '../../src/core/python/analyze';
import type { DataSource } from '../../src/train/data/datasets';
import { planTraining } from '../../src/train/host/plan';
import { modelJob, type ModelJob } from '../../src/train/python/python-job';
import { ROOT } from './helpers';
import { PYTHON, rayMissing } from './ray-venv';
import { MODEL, split, twoOutputsNpz } from './two-outputs-data';

const skip = rayMissing();
const tmp = mkdtempSync(join(tmpdir(), 'ml-ray-package-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
before(async () => {
  if (!skip) await initParser();
});

function plannedJob(data: DataSource): ModelJob {
  const { plan, problems } = planTraining(MODEL, { epochs: 3, seed: 3, progressIntervalMs: 100, data });
  assert.deepEqual(problems, []);
  const made = modelJob(plan!.job);
  assert.ok(!('error' in made), JSON.stringify(made));
  return made;
}

/** The package `model_lens_ray.package` makes for a remote head: its folders and the job as the runner reads it. */
function packageForRemoteHead(job: ModelJob): { root: string; folder: string; job: { arrays: Record<string, Record<string, { file: string; key?: string }[]>> } } {
  const script = `import json, sys\nsys.path.insert(0, ${JSON.stringify(join(ROOT, 'python'))})\nimport model_lens_ray\nroot, folder, job = model_lens_ray.package(json.load(sys.stdin), "model", False)\nprint(json.dumps({"root": root, "folder": folder, "job": job}))\n`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script], { input: JSON.stringify(job), encoding: 'utf8' })) as ReturnType<typeof packageForRemoteHead>;
}

/** The runner as a Ray head starts it (`python -m model_lens_job.model_lens_runner model @job.json` in the package's root). */
function runPackaged(root: string): Record<string, unknown>[] {
  const r = spawnSync(PYTHON, ['-m', 'model_lens_job.model_lens_runner', 'model', '@job.json'], { cwd: root, encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'jax', MODEL_LENS_EVENTS: 'stdout' }, timeout: 300_000 });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  return r.stdout.split('\n').filter((l) => l.startsWith('MODEL_LENS_EVENT ')).map((l) => JSON.parse(l.slice('MODEL_LENS_EVENT '.length)) as Record<string, unknown>);
}

function trainedBothOutputs(events: Record<string, unknown>[]): void {
  const epochs = events.filter((e) => e.type === 'epoch');
  assert.equal(epochs.length, 3);
  const last = (epochs[2] as { epoch: { outputs?: { name: string }[] } }).epoch;
  assert.deepEqual(last.outputs?.map((o) => o.name), ['kind', 'size']);
  assert.equal((events.find((e) => e.type === 'done') as { outcome?: string } | undefined)?.outcome, 'completed');
}

test('picked files travel with a Ray job for another machine: one .npz, copied once, and trained from the copy', { skip }, () => {
  const dir = join(tmp, 'npz');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'data.npz'), twoOutputsNpz(400, 100));
  const packaged = packageForRemoteHead(plannedJob({ kind: 'files', train: { x: join(dir, 'data.npz') } }));
  // One copy of the one file, however many arrays the job reads from it; every reference names the copy.
  assert.deepEqual(readdirSync(join(packaged.folder, 'data')), ['0-data.npz']);
  const refs = [packaged.job.arrays.train, packaged.job.arrays.test].flatMap((set) => Object.values(set ?? {}).flat());
  assert.ok(refs.length >= 6, JSON.stringify(packaged.job.arrays));
  assert.ok(refs.every((r) => r.file === join('data', '0-data.npz')), JSON.stringify(refs));
  renameSync(dir, `${dir}-gone`);
  trainedBothOutputs(runPackaged(packaged.root));
});

test('picked files travel with a Ray job for another machine: one labels file per output', { skip }, () => {
  const dir = join(tmp, 'files');
  execFileSync('mkdir', ['-p', dir]);
  const train = split(400, 1);
  for (const [name, bytes] of Object.entries({ 'x.npy': train.features, 'y_kind.npy': train.kind, 'y_size.npy': train.size })) writeFileSync(join(dir, name), bytes);
  const packaged = packageForRemoteHead(plannedJob({ kind: 'files', train: { x: join(dir, 'x.npy'), y: join(dir, 'y_size.npy'), ys: [join(dir, 'y_kind.npy')] } }));
  assert.deepEqual(readdirSync(join(packaged.folder, 'data')).sort(), ['0-x.npy', '1-y_kind.npy', '2-y_size.npy']);
  renameSync(dir, `${dir}-gone`);
  trainedBothOutputs(runPackaged(packaged.root));
});
