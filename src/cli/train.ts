/**
 * `model-lens train FILE`: the editor's training engine without the editor. Pre-flight, then a worker
 * process trains the model and this prints progress: a line per epoch (JSON lines with --json) and a final
 * line with the test loss and accuracy and the training speed. Bad input exits non-zero with a clear message.
 */
import { fileModuleContext } from './workspace-modules';
import { resolve } from 'node:path';
import { analyzeDocument, fileLocator, fileSource, initParsersFor, kindOfFile, type DocumentSource } from '../core/documents';
import { BACKEND_LABELS, type BackendChoice, type BackendName, type Evaluation, type OutputMetrics, type StoppedAt } from '../shared/training-protocol';
import { stoppedText } from '../train/host/run-state';
import type { PlanOptions } from '../train/host/plan';
import { planDocument } from '../train/host/plan-document';
import { TrainingSession, type SessionEnd } from '../train/host/session';
import { kerasEngine, kerasFlag, rayHasAddress, type Engine, type KerasArgs } from './train-keras';
import { NotebookFormatError } from '../core/python/notebook';
import { readSourceFile } from './read-source';
import type { CellProblem } from '../train/host/notebook-plan';
import { noteLabel, noteText, noteValueText } from '../train/host/plan-notes';
import type { KerasDataset } from '../train/data/datasets';
import { DataError } from '../train/data/errors';
import { datasetOrigin, datasetsFitting, fetchDataset, findDataset, planDownload } from '../train/data/keras-downloads';
import { DEFAULT_RUNS_FOLDER } from '../train/runs/record';
import { LOCAL_RAY } from '../train/python/local-ray-head';
import { RunRecorder } from '../train/runs/recorder';
import { toJsonReport } from '../core/report/json';

export const TRAIN_USAGE = `Usage: model-lens train FILE [options]

  Train the model in FILE (Keras in Python, or TensorFlow.js in JavaScript / TypeScript) with
  TensorFlow.js, on the data the file loads (Fashion-MNIST / MNIST from the Keras cache, --data DIR
  or Debian's dataset-fashion-mnist).

  --epochs N        epochs (default: model.fit's, else 1)
  --batch-size N    batch size (default: model.fit's, else 32)
  --limit N         train on the first N training samples only
  --test-limit N    test on the first N test samples only
  --backend B       auto (default), tensorflow, wasm or cpu
  --data DIR        look for dataset files in DIR first
  --dataset D       train on a Keras dataset the file does not load: fashion_mnist, mnist or cifar10
                    (from Keras's cache ~/.keras/datasets, --data DIR or Debian's package)
  --download        fetch a missing dataset into Keras's cache from the address keras.datasets
                    uses (or $MODEL_LENS_DATASET_MIRROR), checksums verified
  --data-files X[,Y]      train on these files instead of the dataset the file loads: inputs and labels
                          (IDX or .npy), one .npz (x_train, y_train, x_test, y_test) or one CSV; a model
                          with several inputs: one file per input, then the labels (x_image.npy,x_meta.npy,y.npy)
  --test-files X[,Y]      test on these files
  --label-column C        the CSV's label column (name or 0-based number; default: "label", else the first)
  --input-scaling S       asFile (default: divide by 255 when the file does), divideBy255 or none
  --model NAME      which model of the file (its variable, name or 1-based number; default: the first)
  --save DIR        write the trained model there (TF.js format: model.json + weights.bin)
  --seed N          repeatable weight initialisation and shuffling
  --runs-dir DIR    keep the run's record there (default: ./${DEFAULT_RUNS_FOLDER}; see model-lens runs)
  --no-record       keep no record of the run
  --json            print JSON lines (one per epoch, then a result line) instead of text

  --engine E        tfjs (default) or keras: train with your own Python and Keras (runs your code)
  --python PATH     the interpreter for --engine keras (default: python3)
  --keras-backend B jax, tensorflow or torch (default: Keras's own choice, KERAS_BACKEND / ~/.keras/keras.json)
  --mode M          keras engine: model (default; the file's model on the dataset, as with TF.js) or script
                    (your file run as written, every model.fit streamed; --epochs overrides each fit's)
  --ray [ADDRESS]   keras engine: run as a job on the Ray head whose dashboard is ADDRESS (http://127.0.0.1:8265);
                    without one (or 'local'), on a head started for the run from the same Python
  --jax-devices N   keras engine on JAX: split the CPU into N devices; with several, Keras trains data parallel
  --ray-cpus N      the CPUs a local Ray head offers (default: all but one of this machine's, at least 1)
  With --engine keras, --save names a .keras file (or a folder for model.keras).`;

interface Args {
  file: string;
  json: boolean;
  download: boolean;
  model?: string;
  /** Where the run's record goes; undefined: none (--no-record). */
  runsDir?: string;
  options: PlanOptions;
  keras?: KerasArgs;
}

class UsageError extends Error {}

function parseArgs(argv: string[]): Args {
  let file: string | undefined;
  let json = false;
  let download = false;
  let dataset: KerasDataset | undefined;
  let model: string | undefined;
  let trainFiles: string[] | undefined;
  let testFiles: string[] | undefined;
  let labelColumn: string | number | undefined;
  const keras: { -readonly [K in keyof KerasArgs]: KerasArgs[K] } & { engine?: string } = { python: 'python3', mode: 'model' };
  let runsDir: string | undefined = resolve(DEFAULT_RUNS_FOLDER);
  const options: { -readonly [K in keyof PlanOptions]: PlanOptions[K] } = {};
  const int = (flag: string, v: string | undefined, min = 1): number => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} needs a whole number${min > 0 ? ' of at least ' + min : ''}, got ${v === undefined ? 'nothing' : `'${v}'`}`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--download':
        download = true;
        break;
      case '--dataset': {
        const d = value();
        if (d !== 'fashion_mnist' && d !== 'mnist' && d !== 'cifar10') throw new UsageError(`--dataset must be fashion_mnist, mnist or cifar10, got '${d ?? ''}'`);
        dataset = d;
        break;
      }
      case '--epochs':
        options.epochs = int(flag, value());
        break;
      case '--batch-size':
        options.batchSize = int(flag, value());
        break;
      case '--limit':
        options.limit = int(flag, value());
        break;
      case '--test-limit':
        options.testLimit = int(flag, value());
        break;
      case '--seed':
        options.seed = int(flag, value(), 0);
        break;
      case '--backend': {
        const b = value();
        if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(b ?? '')) throw new UsageError(`--backend must be auto, tensorflow, wasm or cpu, got '${b ?? ''}'`);
        options.backend = b as BackendChoice;
        break;
      }
      case '--data': {
        const d = value();
        if (!d) throw new UsageError('--data needs a folder');
        options.dataFolder = resolve(d);
        break;
      }
      case '--save': {
        const d = value();
        if (!d) throw new UsageError('--save needs a folder');
        options.saveDir = resolve(d);
        break;
      }
      case '--data-files':
      case '--test-files': {
        const list = (value() ?? '').split(',').filter(Boolean).map((f) => resolve(f));
        if (list.length < 1) throw new UsageError(`${flag} needs one file (.npz or .csv), two (inputs,labels) or one per input and the labels`);
        if (flag === '--data-files') trainFiles = list;
        else testFiles = list;
        break;
      }
      case '--label-column': {
        const c = value();
        if (!c) throw new UsageError('--label-column needs a column name or number');
        labelColumn = /^\d+$/.test(c) ? Number(c) : c;
        break;
      }
      case '--input-scaling': {
        const v = value();
        if (v === 'divideBy255') options.scale = 1 / 255;
        else if (v === 'none') options.scale = 1;
        else if (v !== 'asFile') throw new UsageError(`--input-scaling must be asFile, divideBy255 or none, got '${v ?? ''}'`);
        break;
      }
      case '--engine':
      case '--python':
      case '--keras-backend':
      case '--mode':
      case '--ray':
      case '--jax-devices':
      case '--ray-cpus':
      {
        const problem = kerasFlag(keras, flag, flag === '--ray' && !rayHasAddress(inline, argv[i + 1]) ? undefined : value());
        if (problem) throw new UsageError(problem);
        break;
      }
      case '--runs-dir': {
        const d = value();
        if (!d) throw new UsageError('--runs-dir needs a folder');
        runsDir = resolve(d);
        break;
      }
      case '--no-record':
        runsDir = undefined;
        break;
      case '--model':
        model = value();
        if (!model) throw new UsageError('--model needs a name or number');
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
        if (file) throw new UsageError(`one file at a time (got '${file}' and '${a}')`);
        file = a;
    }
  }
  if (!file) throw new UsageError('no file given');
  if ((keras.ray || keras.jaxDevices) && keras.engine !== 'keras') throw new UsageError('--ray and --jax-devices are for --engine keras');
  if (keras.rayCpus && keras.ray !== LOCAL_RAY) throw new UsageError('--ray-cpus is for a local Ray head (--ray with no address)');
  if (testFiles && !trainFiles) throw new UsageError('--test-files needs --data-files too');
  if (dataset && trainFiles) throw new UsageError('--dataset and --data-files choose the data twice; give one');
  if (dataset) options.data = { kind: 'keras', dataset, folders: options.dataFolder ? [options.dataFolder] : [] };
  if (trainFiles) {
    const set = (files: string[]) => ({ x: files[0], y: files.length > 1 ? files.at(-1) : undefined, labelColumn, ...(files.length > 2 ? { xs: files.slice(0, -1) } : {}) });
    options.data = { kind: 'files', train: set(trainFiles), test: testFiles ? set(testFiles) : undefined };
  }
  return { file, json, download, model, runsDir, options, keras: keras.engine === 'keras' ? keras : undefined };
}

const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4));
const rate = (v: number) => Math.round(v).toLocaleString('en-US');

export async function runTrain(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`model-lens train: ${e.message}\n${TRAIN_USAGE}\n`);
      return 2;
    }
    throw e;
  }
  const { out, jsonLine, fail } = printers(args);
  if (args.keras?.mode === 'script') {
    // The script runs as written: no plan, its own data; Model Lens only listens to its fits.
    const engine = kerasEngine(args.keras, { mode: 'script', script: resolve(args.file), epochs: args.options.epochs });
    if ('error' in engine) return fail(engine.error);
    return streamRun(engine, args);
  }

  const read = readSourceFile(args.file);
  if ('error' in read) return fail(read.error);
  const text = read.text;
  const kind = kindOfFile(args.file);
  await initParsersFor([kind]);
  let source: DocumentSource;
  try {
    source = fileSource(kind, text);
  } catch (e) {
    if (!(e instanceof NotebookFormatError)) throw e;
    return fail(`${args.file} is not a notebook Model Lens can read: ${e.message}`);
  }
  // A notebook's models are all of its models (what --model chooses from); its cells as VS Code numbers them.
  const analysis = analyzeDocument(source, fileModuleContext(args.file));
  const report = analysis.report;
  const notebook = source.kind === 'notebook' ? source : undefined;
  let modelIndex = 0;
  if (args.model) {
    const byNumber = /^\d+$/.test(args.model) ? Number(args.model) - 1 : -1;
    modelIndex = byNumber >= 0 ? byNumber : report.models.findIndex((m) => m.variable === args.model || m.name === args.model);
    if (modelIndex < 0 || modelIndex >= report.models.length) {
      return fail(`no model '${args.model}' in ${args.file} (models: ${report.models.map((m, i) => `${i + 1}: ${m.variable ?? m.name}`).join(', ') || 'none'})`);
    }
  }
  if (report.models.length === 0) return fail(`no Keras model in ${args.file}`);
  const planOptions = { ...args.options, modelIndex };
  // In a notebook, a problem's line counts from its cell: `file:cell 3:4:` as the summary command writes it.
  const at = (p: { line?: number; cell?: number }, cellNumber?: number) => (p.line ? `${args.file}:${cellNumber !== undefined ? `cell ${cellNumber}:` : ''}${p.line}: ` : '');
  const planned = planDocument(source, planOptions, analysis);
  const { plan, problems } = planned;
  const cellOf = (p: CellProblem) => (notebook && p.cell !== undefined ? notebook.cellNumbers[p.cell] : undefined);
  if (!plan) {
    for (const p of problems.slice(0, -1)) process.stderr.write(`model-lens train: ${at(p, cellOf(p))}${p.message}\n`);
    const last = problems[problems.length - 1];
    if (!last) return fail('nothing to train');
    process.stderr.write(`model-lens train: ${at(last, cellOf(last))}${last.message}\n`);
    if (problems.length === 1 && /loads no dataset/.test(last.message)) {
      // With a dataset in place the plan shows the model's input: say which Keras datasets fit it.
      const probe = planDocument(source, { ...planOptions, data: { kind: 'keras', dataset: 'fashion_mnist' } }, analysis).plan;
      const fits = probe ? datasetsFitting(probe.job.model.inputShape) : [];
      if (fits.length) process.stderr.write(`model-lens train: the model's input fits ${fits.map((d) => `--dataset ${d}`).join(' or ')}\n`);
    }
    // JSON's `cell` is the cell's index in the notebook (0-based, every cell counted), as in `summary --json`.
    const cellNumber = cellOf(last);
    if (args.json) jsonLine({ event: 'error', message: last.message, line: last.line ?? null, ...(notebook ? { cell: cellNumber !== undefined ? cellNumber - 1 : null } : {}) });
    return 1;
  }
  const model = report.models[modelIndex];
  if (args.json) jsonLine({ event: 'plan', file: args.file, model: model.variable ?? model.name, params: Number(plan.model.params), settings: plan.notes.map(noteText), warnings: plan.warnings });
  else {
    out(`Training "${model.variable ?? model.name}" from ${args.file} (${plan.model.params.toLocaleString('en-US')} params)`);
    for (const n of plan.notes) out(`  ${noteText(n)}`);
  }
  for (const w of plan.warnings) process.stderr.write(`model-lens train: warning: ${w}\n`);
  if (plan.job.data.kind === 'keras') {
    const missing = await ensureDataset(plan.job.data.dataset, plan.job.data.folders ?? [], args.download, args.json);
    if (missing) return fail(missing);
  }

  const tfjs = () => {
    const session = new TrainingSession();
    return { session, start: () => session.start(plan.job) };
  };
  const engine = args.keras ? kerasEngine(args.keras, { mode: 'model', job: plan.job }) : tfjs();
  if ('error' in engine) return fail(engine.error);
  if (args.runsDir) {
    RunRecorder.attach(engine.session, {
      runsDir: args.runsDir,
      file: resolve(args.file),
      text,
      report: toJsonReport(args.file, report, fileLocator(source, analysis)),
      modelIndex,
      job: plan.job,
      settings: plan.notes.map((n) => ({ label: noteLabel(n), value: noteValueText(n) })),
      onError: (message) => process.stderr.write(`model-lens train: warning: ${message}\n`),
    });
  }
  // A notebook's failure points at its cell: the job's lines count the notebook's code cells as one program.
  const onFailure = (end: SessionEnd): number | undefined => {
    if (!notebook || !end.line) return undefined;
    const cellLine = planned.lineAt(end.line);
    const place = { cellNumber: notebook.cellNumbers[cellLine.cell ?? 0], line: cellLine.line };
    process.stderr.write(`model-lens train: ${args.file}:cell ${place.cellNumber}:${place.line}: ${end.message ?? 'training failed'}\n`);
    if (args.json) jsonLine({ event: 'error', message: end.message ?? 'training failed', line: place.line, cell: place.cellNumber - 1 });
    return 1;
  };
  return streamRun(engine, args, onFailure);
}

/** Text lines, JSON lines and the failure message that both `runTrain` and `streamRun` print. */
function printers(args: Args) {
  const out = (line: string) => process.stdout.write(line + '\n');
  const jsonLine = (o: object) => out(JSON.stringify(o));
  const fail = (message: string, line?: number): number => {
    const where = line ? `${args.file}:${line}: ` : '';
    process.stderr.write(`model-lens train: ${where}${message}\n`);
    if (args.json) jsonLine({ event: 'error', message, line: line ?? null });
    return 1;
  };
  return { out, jsonLine, fail };
}

/** Prints a run's events as they come (text, or JSON lines) and its end; the exit code. */
/** Each output of a model with several, after the total: `  kind: loss 0.41 · accuracy 85.00%; size: loss 0.02`. */
function outputsLine(outputs: readonly OutputMetrics[]): string {
  return `  ${outputs.map((o) => `${o.name}: loss ${num(o.loss)}${o.acc !== undefined ? ` · accuracy ${pct(o.acc)}` : ''}${o.valLoss !== undefined ? ` · val_loss ${num(o.valLoss)}` : ''}`).join('; ')}`;
}

async function streamRun({ session, start, onJob }: Engine, args: Args, onFailure?: (end: SessionEnd) => number | undefined): Promise<number> {
  const { out, jsonLine, fail } = printers(args);
  let job: string | undefined;
  onJob?.((j) => {
    job = j.id;
    if (args.json) jsonLine({ event: 'job', id: j.id, address: j.address, dashboard: j.dashboard });
    else out(`Ray job ${j.id} on ${j.address} (dashboard: ${j.dashboard})`);
  });
  let backend: BackendName | undefined;
  let evaluation: Evaluation | undefined;
  let samplesPerSec = 0;
  let savedTo: string | undefined;
  let stoppedAt: StoppedAt | undefined;
  let epochsDone = 0;
  const tty = !args.json && process.stdout.isTTY;
  let progressShown = false;
  const clearProgress = () => {
    if (progressShown) process.stdout.write('\r\x1b[K');
    progressShown = false;
  };
  session.on('event', (e) => {
    switch (e.type) {
      case 'backend':
        backend = e.name;
        if (args.json) jsonLine({ event: 'backend', backend: e.name, notes: e.notes });
        else out(`Backend: ${BACKEND_LABELS[e.name]}${e.notes.length ? ` (${e.notes.join('; ')})` : ''}`);
        break;
      case 'data':
        if (args.json) jsonLine({ event: 'data', ...e.data });
        else out(`Data: ${e.data.title} from ${e.data.source}: ${e.data.train.toLocaleString('en-US')} training, ${e.data.validation.toLocaleString('en-US')} validation, ${e.data.test.toLocaleString('en-US')} test samples`);
        break;
      case 'warning':
        clearProgress();
        process.stderr.write(`model-lens train: warning: ${e.message}\n`);
        if (args.json && e.code) jsonLine({ event: 'warning', code: e.code, message: e.message });
        break;
      case 'batch':
        samplesPerSec = e.point.samplesPerSec;
        if (tty) {
          const p = e.point;
          process.stdout.write(`\r\x1b[KEpoch ${p.epoch} ${p.batch}/${p.batches} · loss ${num(p.loss)}${p.acc !== undefined ? ` · accuracy ${pct(p.acc)}` : ''} · ${rate(p.samplesPerSec)} samples/s`);
          progressShown = true;
        }
        break;
      case 'epoch': {
        const ep = e.epoch;
        if (args.json) jsonLine({ event: 'epoch', epoch: ep.epoch, epochs: ep.epochs, loss: ep.loss, accuracy: ep.acc ?? null, valLoss: ep.valLoss ?? null, valAccuracy: ep.valAcc ?? null, seconds: ep.elapsedMs / 1000, samplesPerSec, ...(ep.outputs ? { outputs: ep.outputs } : {}) });
        else {
          clearProgress();
          const val = ep.valLoss !== undefined ? ` · val_loss ${num(ep.valLoss)}${ep.valAcc !== undefined ? ` · val_accuracy ${pct(ep.valAcc)}` : ''}` : '';
          out(`Epoch ${ep.epoch}/${ep.epochs}: loss ${num(ep.loss)}${ep.acc !== undefined ? ` · accuracy ${pct(ep.acc)}` : ''}${val} · ${(ep.elapsedMs / 1000).toFixed(1)} s · ${rate(samplesPerSec)} samples/s`);
          if (ep.outputs) out(outputsLine(ep.outputs));
        }
        break;
      }
      case 'evaluation':
        evaluation = e.evaluation;
        break;
      case 'saved':
        savedTo = e.dir;
        break;
      case 'done':
        samplesPerSec = e.samplesPerSec || samplesPerSec;
        stoppedAt = e.stoppedAt;
        epochsDone = e.epochsDone;
        break;
    }
  });
  const interrupt = () => session.stop();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  start();
  const end = await session.ended;
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  clearProgress();
  if (end.outcome === 'failed' || end.outcome === 'crashed') {
    const handled = onFailure?.(end);
    if (handled !== undefined) return handled;
    return fail(end.message ?? 'training failed', end.line);
  }
  if (end.outcome === 'stopped') {
    const at = stoppedAt;
    if (args.json) jsonLine({ event: 'stopped', epoch: at?.epoch ?? null, batch: at?.batch ?? null, batches: at?.batches ?? null, savedTo: savedTo ?? null });
    else out(`${stoppedText(epochsDone, at).replace('Stopped by you', 'Stopped')}${savedTo ? ` Saved the model as it stood to ${savedTo}.` : ''}`);
    return 130;
  }
  const result = {
    event: 'result',
    testLoss: evaluation?.testLoss ?? null,
    testAccuracy: evaluation?.testAcc ?? null,
    testSamples: evaluation?.samples ?? 0,
    ...(evaluation?.outputs ? { testOutputs: evaluation.outputs, shownOutput: evaluation.shownOutput ?? null } : {}),
    samplesPerSec: Math.round(samplesPerSec),
    backend: backend ?? null,
    savedTo: savedTo ?? null,
    ...(job ? { job } : {}),
  };
  if (args.json) jsonLine(result);
  else {
    if (evaluation) out(`Test: loss ${num(evaluation.testLoss)}${evaluation.testAcc !== undefined ? ` · accuracy ${pct(evaluation.testAcc)}${evaluation.shownOutput ? ` (${evaluation.shownOutput})` : ''}` : ''} on ${evaluation.samples.toLocaleString('en-US')} samples`);
    else out('Test: the data has no test set.');
    if (evaluation?.outputs) out(outputsLine(evaluation.outputs));
    out(`Speed: ${rate(samplesPerSec)} samples/s on ${backend ? BACKEND_LABELS[backend] : '?'}`);
    if (savedTo) out(`Saved the model to ${savedTo}${savedTo.endsWith('.keras') ? '' : ' (model.json + weights.bin)'}`);
  }
  return 0;
}

/**
 * A Keras dataset the run needs that is not on this machine: fetched with --download (the flag is the consent),
 * else the message that says how. Undefined when it is there.
 */
async function ensureDataset(dataset: KerasDataset, folders: readonly string[], download: boolean, json: boolean): Promise<string | undefined> {
  if (findDataset(dataset, folders)) return undefined;
  const plan = planDownload(dataset);
  const size = `${(plan.bytes / 1e6).toFixed(1)} MB`;
  if (!download) {
    return `${plan.title} is not on this machine (Keras's cache ${plan.folder}, ${folders.length ? `${folders.join(', ')}, ` : ''}Debian's package). Add --download to fetch it (${size}) from ${datasetOrigin()} into ${plan.folder}, as keras.datasets does.`;
  }
  process.stderr.write(`model-lens train: downloading ${plan.title} (${size}) from ${datasetOrigin()} into ${plan.folder}\n`);
  let shown = -1;
  try {
    await fetchDataset(plan, {
      consent: () => true,
      onProgress: (received, total, file) => {
        const pct = Math.floor((received / Math.max(1, total)) * 100);
        if (pct >= shown + 10 || received === total) {
          shown = pct;
          if (!json) process.stderr.write(`model-lens train: ${file}: ${pct}%\n`);
        }
      },
    });
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  return undefined;
}
