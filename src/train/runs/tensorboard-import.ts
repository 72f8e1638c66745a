/**
 * TensorBoard logs imported as runs, so older experiments overlay with Model Lens's own: every folder under the
 * chosen one that holds event files is a run (Keras's TensorBoard callback writes `<run>/train` and
 * `<run>/validation`: those two are one run, the second giving its validation metrics). Each becomes a run folder
 * in the runs folder, marked imported (engine `tensorboard`, the logs' folder and every scalar tag it had); the
 * event files are only read. Loss and accuracy are the tags Keras writes (`epoch_loss`, `epoch_accuracy`, whose
 * step is the epoch from 0), else the first tags that end so (their step is kept as written). No model, no
 * hyperparameters: the logs do not say them. Importing the same logs again adds nothing.
 *
 * The import reads with `fs/promises` and lets the event loop turn between files, so a big log folder never
 * blocks the extension host; it tells its progress and stops between files when asked (a run is written only
 * once all its files are read, so a stopped import leaves no half run).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { RUN_FORMAT, type MetricLine, type RunRecord } from './record';
import { appendMetrics, createRunFolder, listRuns, writeRunRecord } from './store';
import { readEventScalars, type ScalarPoint } from './tfevents';

/** Bounds on what one import reads: folders walked, event files, bytes of one file and of all. */
const LIMITS = { depth: 8, entries: 20_000, files: 500, fileBytes: 256 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 };

export interface ImportResult {
  /** The run ids made. */
  readonly imported: string[];
  /** Runs already imported (same logs, same bytes), left as they are. */
  readonly skipped: string[];
  /** What could not be read, for people. */
  readonly notes: string[];
  /** Stopped when asked, before reading every file: the runs made so far are kept. */
  readonly cancelled?: true;
}

export interface ImportOptions {
  /** Called before each event file is read: how many of how many, and the file relative to the logs' folder. */
  readonly onProgress?: (p: { readonly done: number; readonly total: number; readonly file: string }) => void;
  /** Stops the import before the next file. */
  readonly signal?: AbortSignal;
}

/** One turn of the event loop: what else is waiting (the editor, a progress report, a cancel) runs first. */
const nextTurn = () => new Promise<void>((done) => setImmediate(done));

interface LogRun {
  readonly name: string;
  readonly folder: string;
  readonly train: string[];
  readonly validation: string[];
}

export async function importTensorBoard(logsFolder: string, runsDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const root = resolve(logsFolder);
  const notes: string[] = [];
  const already = new Map(listRuns(runsDir).flatMap((r) => (r.record.imported ? [[`${r.record.imported.from}\n${r.record.source.sha256}`, r.record.id] as const] : [])));
  const imported: string[] = [];
  const skipped: string[] = [];
  const files = await eventFiles(root, notes, options.signal);
  let bytes = 0;
  let done = 0;
  const read = async (file: string, hash: ReturnType<typeof createHash>): Promise<ScalarPoint[]> => {
    options.onProgress?.({ done: done++, total: files.length, file: relative(root, file) });
    const size = await stat(file).then((s) => s.size, () => 0);
    if (size > LIMITS.fileBytes || bytes + size > LIMITS.totalBytes) {
      notes.push(`${relative(root, file)}: skipped (${Math.round(size / 1e6)} MB; an import reads at most ${LIMITS.fileBytes / 1e6} MB a file, ${LIMITS.totalBytes / 1e6} MB in all)`);
      return [];
    }
    bytes += size;
    const data = await readFile(file).catch(() => undefined);
    if (!data) {
      notes.push(`${relative(root, file)}: could not be read`);
      return [];
    }
    hash.update(data);
    const scalars = readEventScalars(data);
    if (scalars.stoppedEarly) notes.push(`${relative(root, file)}: read up to ${scalars.stoppedEarly}`);
    await nextTurn();
    return scalars.points;
  };
  for (const run of groupRuns(root, files)) {
    const hash = createHash('sha256');
    const points = async (list: string[]) => {
      const out: ScalarPoint[] = [];
      for (const f of list) {
        if (options.signal?.aborted) return undefined;
        out.push(...(await read(f, hash)));
      }
      return out;
    };
    const train = await points(run.train);
    const validation = train && (await points(run.validation));
    if (!train || !validation) return { imported, skipped, notes, cancelled: true };
    if (!train.length && !validation.length) {
      notes.push(`${run.name}: no scalars`);
      continue;
    }
    const sha256 = hash.digest('hex');
    const seen = already.get(`${run.folder}\n${sha256}`);
    if (seen) {
      skipped.push(seen);
      continue;
    }
    imported.push(writeImportedRun(runsDir, run, sha256, train, validation));
  }
  return { imported, skipped, notes };
}

/** Event files under `root`, breadth first, within the limits; as far as it got when `signal` stops it. */
async function eventFiles(root: string, notes: string[], signal: AbortSignal | undefined): Promise<string[]> {
  const found: string[] = [];
  let entries = 0;
  let level = [root];
  for (let depth = 0; depth <= LIMITS.depth && level.length; depth++) {
    const next: string[] = [];
    for (const folder of level) {
      if (signal?.aborted) return found;
      let list;
      try {
        list = (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      } catch {
        continue;
      }
      for (const e of list) {
        if (++entries > LIMITS.entries || found.length >= LIMITS.files) {
          notes.push(`stopped looking after ${LIMITS.entries.toLocaleString('en-US')} entries or ${LIMITS.files} event files`);
          return found;
        }
        if (e.isDirectory()) next.push(join(folder, e.name));
        else if (e.isFile() && e.name.includes('tfevents')) found.push(join(folder, e.name));
      }
    }
    level = next;
  }
  return found;
}

/** Folders of event files as runs: a `train` / `validation` pair is its parent's run; any other folder is a run of its own. */
function groupRuns(root: string, files: string[]): LogRun[] {
  const runs = new Map<string, { train: string[]; validation: string[] }>();
  for (const f of files) {
    const folder = dirname(f);
    const role = basename(folder);
    const pair = (role === 'train' || role === 'validation') && folder !== root;
    const key = pair ? dirname(folder) : folder;
    const run = runs.get(key) ?? { train: [], validation: [] };
    (pair && role === 'validation' ? run.validation : run.train).push(f);
    runs.set(key, run);
  }
  return [...runs].map(([folder, r]) => ({ name: relative(root, folder).split(sep).join('/') || basename(root), folder, ...r }));
}

const KERAS_TAGS = { loss: 'epoch_loss', accuracy: 'epoch_accuracy' };
const VALIDATION = /val/i;

/** The loss and accuracy tags: Keras's, else the first naming loss / acc that name validation or not, as asked. */
function pickTags(points: readonly ScalarPoint[], validation: boolean): { loss?: string; accuracy?: string; keras: boolean } {
  const tags = [...new Set(points.map((p) => p.tag))];
  if (tags.includes(KERAS_TAGS.loss)) return { loss: KERAS_TAGS.loss, accuracy: tags.includes(KERAS_TAGS.accuracy) ? KERAS_TAGS.accuracy : undefined, keras: true };
  const some = tags.filter((t) => VALIDATION.test(t) === validation);
  return { loss: some.find((t) => /loss/i.test(t)), accuracy: some.find((t) => /acc/i.test(t)), keras: false };
}

/** Last value per step of one tag. */
function series(points: readonly ScalarPoint[], tag: string | undefined): Map<number, ScalarPoint> {
  const byStep = new Map<number, ScalarPoint>();
  if (tag) for (const p of points) if (p.tag === tag) byStep.set(p.step, p);
  return byStep;
}

function writeImportedRun(runsDir: string, run: LogRun, sha256: string, train: ScalarPoint[], validation: ScalarPoint[]): string {
  // Keras writes validation metrics under the same tags in `validation/`; other loggers, as tags naming it.
  const trainPoints = train.length ? train : validation;
  const t = pickTags(trainPoints, false);
  const valPoints = validation.length && train.length ? validation : trainPoints;
  const v = validation.length && train.length ? pickTags(validation, false) : pickTags(trainPoints, true);
  const loss = series(trainPoints, t.loss);
  const accuracy = series(trainPoints, t.accuracy);
  const valLoss = series(valPoints, v.loss);
  const valAccuracy = series(valPoints, v.accuracy);
  const all = [...train, ...validation];
  const start = Math.min(...all.map((p) => p.wallTime));
  const end = Math.max(...all.map((p) => p.wallTime));
  // Keras counts epochs from 0; other loggers' steps are kept as they wrote them.
  const epochOf = (step: number) => (t.keras ? step + 1 : step);
  const metrics: Extract<MetricLine, { kind: 'epoch' }>[] = [...loss.values()]
    .sort((a, b) => a.step - b.step)
    .map((p) => {
      const line = { kind: 'epoch' as const, epoch: epochOf(p.step), loss: p.value, elapsedMs: Math.round((p.wallTime - start) * 1000) };
      const acc = accuracy.get(p.step)?.value;
      const vl = valLoss.get(p.step)?.value;
      const va = valAccuracy.get(p.step)?.value;
      return { ...line, ...(acc !== undefined ? { accuracy: acc } : {}), ...(vl !== undefined ? { valLoss: vl } : {}), ...(va !== undefined ? { valAccuracy: va } : {}) };
    });
  const last = metrics.at(-1);
  const startedAt = new Date(Number.isFinite(start) ? start * 1000 : 0);
  const { id, dir } = createRunFolder(runsDir, startedAt, `tensorboard-${run.name}`);
  const record: RunRecord = {
    format: RUN_FORMAT,
    id,
    label: run.name,
    status: 'finished',
    message: `Imported from TensorBoard logs in ${run.folder}${t.keras ? '' : ' (x is the logged step)'}.`,
    startedAt: startedAt.toISOString(),
    endedAt: new Date(end * 1000).toISOString(),
    durationMs: Math.round((end - start) * 1000),
    source: { path: run.folder, sha256 },
    model: { name: run.name, variable: null, line: 0, kind: 'sequential', layers: [], totalParams: null, trainableParams: null, nonTrainableParams: null },
    nestedModels: [],
    engine: 'tensorboard',
    dataSource: 'TensorBoard logs',
    hyperparameters: { optimizer: '?', optimizerArgs: {}, loss: '?', batchSize: 0, epochs: metrics.length, validationSplit: 0, shuffle: false, inputScale: 1 },
    settings: [
      { label: 'logs', value: run.folder },
      { label: 'loss from', value: t.loss ?? 'none' },
      { label: 'accuracy from', value: t.accuracy ?? 'none' },
    ],
    epochsDone: metrics.length,
    ...(last ? { final: { loss: last.loss, ...(last.accuracy !== undefined ? { accuracy: last.accuracy } : {}), ...(last.valLoss !== undefined ? { valLoss: last.valLoss } : {}), ...(last.valAccuracy !== undefined ? { valAccuracy: last.valAccuracy } : {}) } } : {}),
    imported: { from: run.folder, kind: 'tensorboard', tags: [...new Set(all.map((p) => p.tag))].sort(), stepIsEpoch: t.keras },
  };
  writeRunRecord(dir, record);
  appendMetrics(dir, metrics);
  return id;
}
