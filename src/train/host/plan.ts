/**
 * Pre-flight: everything decided before a run starts, from the file and the settings, with nothing run.
 * The model at the cursor is rebuilt for TF.js, compile and fit settings are read, the data source and
 * preprocessing are chosen, and the memory a run needs is estimated. Problems (with lines) stop the run;
 * notes say where each setting came from.
 */
import { analyzePython } from '../../core/python/analyze';
import { parsePython, type SyntaxNode } from '../../core/python/parser';
import type { ModelReport, Report } from '../../core/report/report';
import type { BackendChoice } from '../../shared/training-protocol';
import { callAt, kerasCompileName, methodCalls, readCompile, readFit, type CompileDefaults, type CompileSpec, type Extracted, type FitDefaults, type FitSpec, type Problem } from './compile-fit';
import { DATASET_TITLES, type DataSource, type KerasDataset } from '../data/datasets';
import { rebuildModel, type RebuiltModel } from './keras-json';
import { estimateMemory, formatBytes } from './memory';
import { moduleConstants, walk } from './python-expr';
import type { TrainJob } from '../worker-protocol';

export interface PlanOptions {
  /** Which model of the file (index into report.models); default: the first one. */
  readonly modelIndex?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly limit?: number;
  readonly testLimit?: number;
  readonly backend?: BackendChoice;
  /** Searched first for Keras datasets. */
  readonly dataFolder?: string;
  /** Files the person picked; wins over the dataset the file loads. */
  readonly data?: DataSource;
  /** Inputs are multiplied by this; default: 1/255 when the file divides its inputs by 255, else 1. */
  readonly scale?: number;
  readonly compileDefaults?: CompileDefaults;
  readonly fitDefaults?: FitDefaults;
  /** Warn when the estimate is above this many MB. */
  readonly memoryWarningMB?: number;
  readonly galleryCount?: number;
  readonly saveDir?: string;
  readonly progressIntervalMs?: number;
  readonly seed?: number;
}

export interface TrainPlan {
  readonly job: TrainJob;
  readonly model: RebuiltModel;
  /** Where each setting came from: `epochs: 5 (line 22)`. */
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
  readonly memoryBytes: number;
  /** The optimizer and loss as the source's language names them (see `SourceReading.compileName`). */
  readonly compileName: string;
}

export const DEFAULT_COMPILE: CompileDefaults = { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' };
export const DEFAULT_FIT: FitDefaults = { epochs: 1, batchSize: 32 };

/** The Keras dataset the file loads (`tf.keras.datasets.fashion_mnist`, `from keras.datasets import mnist`), with its line. */
export function detectDataset(root: SyntaxNode): { dataset: KerasDataset; line: number } | undefined {
  for (const node of walk(root)) {
    if (node.type !== 'attribute' && node.type !== 'dotted_name' && node.type !== 'import_from_statement') continue;
    const text = node.text;
    const m = /datasets\s*\.\s*(fashion_mnist|mnist)\b/.exec(text) ?? (node.type === 'import_from_statement' && /datasets\s+import\s+[^\n]*\b(fashion_mnist|mnist)\b/.exec(text));
    if (m) return { dataset: m[1] as KerasDataset, line: node.startPosition.row + 1 };
  }
  return undefined;
}

/** `x / 255.0`, `x.astype("float32") / 255`: the plain rescaling the tutorials do, with its line. */
export function detectScale(root: SyntaxNode): { scale: number; line: number } | undefined {
  for (const node of walk(root)) {
    if (node.type !== 'binary_operator' && node.type !== 'augmented_assignment') continue;
    const op = node.type === 'binary_operator' ? node.childForFieldName('operator')?.text : node.childForFieldName('operator')?.text;
    const right = node.childForFieldName('right');
    if ((op === '/' || op === '/=') && right && /^255(\.0*)?$/.test(right.text.trim())) return { scale: 1 / 255, line: node.startPosition.row + 1 };
  }
  return undefined;
}

/** What a file says about training one of its models, as the Python or the JavaScript reader finds it. */
export interface SourceReading {
  readonly rebuilt: { model?: RebuiltModel; problems: Problem[] };
  readonly compile: Extracted<CompileSpec>;
  /** Its optimizer and loss, for a title: `adam, sparse_categorical_crossentropy`; `'adam', 'sparseCategoricalCrossentropy'` in TF.js. */
  readonly compileName: string;
  readonly fit: Extracted<FitSpec>;
  /** The dataset the file loads, and the note that says where. */
  readonly dataset?: { dataset: KerasDataset; note: string };
  /** The problem when it loads none (it must say "loads no dataset": the editor then offers to pick files). */
  readonly noDataset: string;
  /** The line where the file divides its inputs by 255. */
  readonly scaleLine?: number;
}

export type SourceReader = (model: ModelReport, compileDefaults: CompileDefaults, fitDefaults: FitDefaults) => SourceReading;

/** Plans a run of model `options.modelIndex` in `text` (analyzed again unless `report` is given). */
export function planTraining(text: string, options: PlanOptions = {}, report: Report = analyzePython(text)): { plan?: TrainPlan; problems: Problem[] } {
  const tree = parsePython(text);
  try {
    return planFromSource(report, options, pythonReader(tree.rootNode, report));
  } finally {
    tree.delete();
  }
}

/** Reads a Keras file: the rebuilt model, `model.compile(...)`, `model.fit(...)`, `keras.datasets` and `/ 255`. */
function pythonReader(root: SyntaxNode, report: Report): SourceReader {
  const consts = moduleConstants(root);
  return (model, compileDefaults, fitDefaults) => {
    const compileCall = report.compiles.filter((c) => c.model === model.model).pop();
    const fitCall = model.variable ? methodCalls(root, model.variable, 'fit')[0] : undefined;
    const detected = detectDataset(root);
    const compile = readCompile(compileCall ? callAt(root, compileCall.range) : undefined, consts, compileDefaults);
    return {
      rebuilt: rebuildModel(model, root, consts),
      compile,
      compileName: kerasCompileName(compile.value),
      fit: readFit(fitCall, consts, fitDefaults),
      dataset: detected && { dataset: detected.dataset, note: `data: ${DATASET_TITLES[detected.dataset]} (the file loads it on line ${detected.line})` },
      noDataset: 'The file loads no dataset Model Lens knows (tf.keras.datasets.fashion_mnist or mnist). Pick training data files (IDX, .npy, .npz or CSV; on the command line: --data-files).',
      scaleLine: detectScale(root)?.line,
    };
  };
}

/** The plan for model `options.modelIndex` of `report`, from what `read` finds in its source. */
export function planFromSource(report: Report, options: PlanOptions, read: SourceReader): { plan?: TrainPlan; problems: Problem[] } {
  if (report.models.length === 0) return { problems: [{ message: 'No model found in this file.' }] };
  const index = options.modelIndex ?? 0;
  const model: ModelReport | undefined = report.models[index];
  if (!model) return { problems: [{ message: `There is no model number ${index + 1} in this file (it has ${report.models.length}).` }] };
  const problems: Problem[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const source = read(model, options.compileDefaults ?? DEFAULT_COMPILE, options.fitDefaults ?? DEFAULT_FIT);

  const rebuilt = source.rebuilt;
  problems.push(...rebuilt.problems);

  const compile = source.compile;
  problems.push(...compile.problems);
  notes.push(...compile.notes);

  const fit = source.fit;
  problems.push(...fit.problems);
  let fitSpec = fit.value;
  if (options.epochs !== undefined || options.batchSize !== undefined) {
    fitSpec = { ...fitSpec, epochs: options.epochs ?? fitSpec.epochs, batchSize: options.batchSize ?? fitSpec.batchSize };
    for (let i = 0; i < fit.notes.length; i++) {
      if (options.epochs !== undefined && fit.notes[i].startsWith('epochs:')) fit.notes[i] = `epochs: ${options.epochs} (chosen for this run)`;
      if (options.batchSize !== undefined && fit.notes[i].startsWith('batch size:')) fit.notes[i] = `batch size: ${options.batchSize} (chosen for this run)`;
    }
  }
  notes.push(...fit.notes);

  // Data
  let data: DataSource | undefined = options.data;
  const detected = source.dataset;
  if (!data && detected) {
    data = { kind: 'keras', dataset: detected.dataset, folders: options.dataFolder ? [options.dataFolder] : [] };
    notes.push(detected.note);
  } else if (data) {
    notes.push(`data: ${data.kind === 'keras' ? DATASET_TITLES[data.dataset] : data.train.x}`);
  } else {
    problems.push({ message: source.noDataset });
  }
  // Preprocessing as the file does it when it is plain (`/ 255.0`); a setting decides otherwise.
  const scaleLine = source.scaleLine;
  const scale = options.scale ?? (scaleLine ? 1 / 255 : 1);
  if (options.scale !== undefined) notes.push(scale === 1 ? 'preprocessing: none (setting)' : `preprocessing: inputs multiplied by ${+scale.toPrecision(6)} (setting)`);
  else if (scaleLine) notes.push(`preprocessing: inputs divided by 255 (line ${scaleLine})`);
  else notes.push('preprocessing: none (the file does not rescale its inputs)');
  if (options.limit) notes.push(`training samples: first ${options.limit.toLocaleString('en-US')}`);
  if (options.testLimit) notes.push(`test samples: first ${options.testLimit.toLocaleString('en-US')}`);

  if (problems.length || !rebuilt.model || !data) return { problems };

  // Memory
  const samples = data.kind === 'keras' ? Math.min(options.limit ?? 60_000, 60_000) + Math.min(options.testLimit ?? 10_000, 10_000) : 0;
  const memory = estimateMemory(rebuilt.model, compile.value.optimizer, fitSpec.batchSize, samples);
  const limitMB = options.memoryWarningMB ?? 2048;
  if (memory.bytes > limitMB * 1024 * 1024) {
    warnings.push(
      `This run may need about ${formatBytes(memory.bytes)} (weights and optimizer ${formatBytes(memory.parts.weights + memory.parts.optimizer)}, activations for a batch of ${fitSpec.batchSize} ${formatBytes(memory.parts.activations)}, data ${formatBytes(memory.parts.data)}), above the ${limitMB} MB warning level. Use a smaller batch or fewer samples if the machine runs short.`,
    );
  }

  const m = rebuilt.model;
  const layerLines: Record<string, number> = {};
  for (const l of m.layers) layerLines[l.name] = l.line;
  const job: TrainJob = {
    model: {
      name: m.name,
      json: m.json,
      params: m.params.toString(),
      trainableParams: m.trainableParams.toString(),
      inputShape: m.inputShape,
      outputShape: m.outputShape,
      outputLayer: `${m.outputLayer.className} "${m.outputLayer.name}" (line ${m.outputLayer.line})`,
      layerLines,
    },
    compile: compile.value,
    fit: fitSpec,
    data,
    limit: options.limit,
    testLimit: options.testLimit,
    scale,
    backend: options.backend ?? 'auto',
    galleryCount: options.galleryCount ?? 24,
    saveDir: options.saveDir,
    progressIntervalMs: options.progressIntervalMs ?? 200,
    seed: options.seed,
  };
  return { plan: { job, model: m, notes, warnings, memoryBytes: memory.bytes, compileName: source.compileName }, problems: [] };
}
