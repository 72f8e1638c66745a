/**
 * A run's source as it was: the recorder keeps a copy in the run folder; reading it back takes the copy when its
 * hash is the run's, else the file at the run's git commit when that is the same text, else says why there is none.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { toJsonReport } from '../../src/core/report/json';
import { planTraining } from '../../src/train/host/plan';
import { runRuns } from '../../src/cli/runs';
import { RunRecorder } from '../../src/train/runs/recorder';
import { runSource, SOURCE_COPY_FILE } from '../../src/train/runs/source';
import { readRunRecord } from '../../src/train/runs/store';

const tmp = mkdtempSync(join(tmpdir(), 'model-lens-run-source-'));
before(async () => {
  await initParser();
});
after(() => rmSync(tmp, { recursive: true, force: true }));

const MODEL = (units: number) => `import tensorflow as tf
(x, y), _ = tf.keras.datasets.fashion_mnist.load_data()
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(${units})])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
model.fit(x, y, epochs=1)
`;

/** Records a run of `file` holding `text` (the recorder reads the git state of the file's folder). */
function record(file: string, text: string) {
  const report = analyzePython(text);
  const job = planTraining(text, {}, report).plan!.job;
  const recorder = RunRecorder.attach(new EventEmitter(), { runsDir: join(tmp, 'runs'), file, text, report: toJsonReport(file, report), modelIndex: 0, job, settings: [] })!;
  return { dir: recorder.dir, record: readRunRecord(recorder.dir)! };
}

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' });
}

test('the run folder keeps the source as it trained, and reading it back gives that text', () => {
  const { dir, record: r } = record(join(tmp, 'loose.py'), MODEL(8));
  assert.equal(r.source.copy, SOURCE_COPY_FILE);
  assert.equal(readFileSync(join(dir, SOURCE_COPY_FILE), 'utf8'), MODEL(8));
  assert.deepEqual(runSource(dir, r), { text: MODEL(8), from: 'copy' });
});

test('no copy and no git: none, with why; a copy edited since is not the run’s source', () => {
  const { dir, record: r } = record(join(tmp, 'edited.py'), MODEL(8));
  writeFileSync(join(dir, SOURCE_COPY_FILE), MODEL(9));
  const edited = runSource(dir, r);
  assert.equal(edited.text, undefined);
  assert.match('missing' in edited ? edited.missing : '', /not in a git repository/);
  unlinkSync(join(dir, SOURCE_COPY_FILE));
  assert.equal(runSource(dir, r).text, undefined);
});

test('no copy: the file at the run’s commit when it is the same text; not when the file had uncommitted changes', () => {
  const repo = join(tmp, 'repo');
  mkdirSync(join(repo, 'src'), { recursive: true });
  git(repo, 'init', '-q');
  const file = join(repo, 'src', 'train me.py');
  writeFileSync(file, MODEL(16));
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'model');
  const committed = record(file, MODEL(16));
  assert.equal(committed.record.source.git?.changed, false);
  unlinkSync(join(committed.dir, SOURCE_COPY_FILE));
  // The file moves on after the run: the commit still has the run's text.
  writeFileSync(file, MODEL(32));
  git(repo, 'commit', '-q', '-am', 'wider');
  assert.deepEqual(runSource(committed.dir, committed.record), { text: MODEL(16), from: 'git' });

  const dirty = record(file, MODEL(64));
  assert.equal(dirty.record.source.git?.changed, true, 'the editor’s text, not yet saved, differs from the commit though the file on disk does not');
  unlinkSync(join(dirty.dir, SOURCE_COPY_FILE));
  const missing = runSource(dirty.dir, dirty.record);
  assert.equal(missing.text, undefined);
  assert.match('missing' in missing ? missing.missing : '', /changes not committed/);
});

test('a broken record’s commit or a deleted repository: none, never a throw', () => {
  const { dir, record: r } = record(join(tmp, 'gone.py'), MODEL(8));
  unlinkSync(join(dir, SOURCE_COPY_FILE));
  const forged = { ...r, source: { ...r.source, git: { commit: 'HEAD; rm -rf /', changed: false } } };
  assert.equal(runSource(dir, forged).text, undefined);
  const elsewhere = { ...r, source: { ...r.source, path: join(tmp, 'no', 'such', 'x.py'), git: { commit: 'a'.repeat(40), changed: false } } };
  assert.equal(runSource(dir, elsewhere).text, undefined);
});

test('model-lens runs source RUN prints the run’s source; a run without one exits 1 saying why', async () => {
  const runsDir = join(tmp, 'cli-runs');
  const report = (text: string) => toJsonReport('cli.py', analyzePython(text));
  const job = planTraining(MODEL(8)).plan!.job;
  const kept = RunRecorder.attach(new EventEmitter(), { runsDir, file: join(tmp, 'cli.py'), text: MODEL(8), report: report(MODEL(8)), modelIndex: 0, job, settings: [] })!;
  const lost = RunRecorder.attach(new EventEmitter(), { runsDir, file: join(tmp, 'cli.py'), text: MODEL(9), report: report(MODEL(9)), modelIndex: 0, job, settings: [] })!;
  unlinkSync(join(lost.dir, SOURCE_COPY_FILE));
  const written: string[] = [];
  const write = (chunk: string | Uint8Array) => (written.push(String(chunk)), true);
  const [stdout, stderr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  let codes: number[];
  try {
    codes = [await runRuns(['source', kept.id, '--dir', runsDir]), await runRuns(['source', lost.id, '--dir', runsDir])];
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  assert.deepEqual(codes, [0, 1]);
  assert.equal(written[0], MODEL(8));
  assert.match(written[1], /not available: .*not in a git repository/);
});
