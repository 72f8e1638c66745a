/**
 * Pre-flight: everything decided before a run starts, from the file and the settings, with nothing run.
 * The model at the cursor is rebuilt for TF.js, compile and fit settings are read (all from the analysis: its
 * layer configs, the compile and fit calls it recorded, its source facts), the data source and preprocessing are
 * chosen, and the memory a run needs is estimated. Problems (with lines) stop the run;
 * notes say where each setting came from.
 */
import { KERAS_COMPILE_PARAMS, KERAS_FIT_PARAMS } from '../../core/model/result';
import type { SourceFacts } from '../../core/model/source-facts';
import { analyzePython } from '../../core/python/analyze';
import type { ModelReport, Report } from '../../core/report/report';
import type { BackendChoice } from '../../shared/training-protocol';
import { kerasCompileName, pythonSettingsCall, readCompile, readFit, type CompileDefaults, type CompileSpec, type Extracted, type FitDefaults, type FitSpec, type Problem } from './compile-fit';
import { DATASET_TITLES, type DataSource, type KerasDataset } from '../data/datasets';
import { MULTI_INPUT_DATA } from '../data/model-inputs';
import { multiOutputData } from '../data/model-outputs';
import { outputNamesOf, rebuildModel, type RebuiltModel } from './keras-json';
import { estimateMemory, formatBytes } from './memory';
import { atLine, fileLineWords, note, type LineWords, type PlanNote } from './plan-notes';
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
  /** Each setting and where it came from (`noteText` says it: `epochs: 5 (line 22)`). */
  readonly notes: readonly PlanNote[];
  readonly warnings: readonly string[];
  readonly memoryBytes: number;
  /** The optimizer and loss as the source's language names them (see `SourceReading.compileName`). */
  readonly compileName: string;
}

export const DEFAULT_COMPILE: CompileDefaults = { optimizer: 'adam', loss: 'sparse_categorical_crossentropy' };
export const DEFAULT_FIT: FitDefaults = { epochs: 1, batchSize: 32 };

/** The Keras datasets training here has (`tf.keras.datasets.fashion_mnist`, `mnist`, `cifar10`). */
const isTrainable = (dataset: string): dataset is KerasDataset => dataset === 'fashion_mnist' || dataset === 'mnist' || dataset === 'cifar10';

/** The first Keras dataset the file loads that training here has (`fashion_mnist.load_data()`), with its line. */
export function detectDataset(facts: SourceFacts): { dataset: KerasDataset; line: number } | undefined {
  const load = facts.datasetLoads.find((l) => isTrainable(l.dataset));
  return load && { dataset: load.dataset as KerasDataset, line: load.range.startLine + 1 };
}

/** A Rescaling or Normalization layer: the model takes raw pixel values itself. */
export function scalesItsInputs(model: RebuiltModel): boolean {
  return model.layers.some((l) => l.className === 'Rescaling' || l.className === 'Normalization');
}

/** `x / 255.0`, `x.astype("float32") / 255`: the plain rescaling the tutorials do, with its line. */
export function detectScale(facts: SourceFacts): { scale: number; line: number } | undefined {
  const first = facts.inputScalings[0];
  return first && { scale: 1 / first.divisor, line: first.range.startLine + 1 };
}

/** What a file says about training one of its models, as the Python or the JavaScript reader finds it. */
export interface SourceReading {
  readonly rebuilt: { model?: RebuiltModel; problems: Problem[] };
  readonly compile: Extracted<CompileSpec>;
  /** Its optimizer and loss, for a title: `adam, sparse_categorical_crossentropy`; `'adam', 'sparseCategoricalCrossentropy'` in TF.js. */
  readonly compileName: string;
  readonly fit: Extracted<FitSpec>;
  /** The dataset the file loads, and the note that says where. */
  readonly dataset?: { dataset: KerasDataset; note: PlanNote };
  /** The problem when it loads none (it must say "loads no dataset": the editor then offers to pick files). */
  readonly noDataset: string;
  /** The line where the file divides its inputs by 255. */
  readonly scaleLine?: number;
}

export type SourceReader = (model: ModelReport, compileDefaults: CompileDefaults, fitDefaults: FitDefaults, words: LineWords) => SourceReading;

/**
 * Plans a run of model `options.modelIndex` in `text` (analyzed again unless `report` is given); `words` says a
 * line as people find it (a notebook tells lines by cell).
 */
export function planTraining(text: string, options: PlanOptions = {}, report: Report = analyzePython(text), words: LineWords = fileLineWords): { plan?: TrainPlan; problems: Problem[] } {
  return planFromSource(report, options, pythonReader(report), words);
}

/** Reads a Keras file's analysis: the rebuilt model, `model.compile(...)`, `model.fit(...)`, `keras.datasets` and `/ 255`. */
function pythonReader(report: Report): SourceReader {
  return (model, compileDefaults, fitDefaults, words) => {
    const compileCall = report.compiles.filter((c) => c.model === model.model).pop();
    const fitCall = report.fits.find((c) => c.model === model.model);
    const detected = detectDataset(report.facts);
    const compile = readCompile(compileCall && pythonSettingsCall(compileCall, KERAS_COMPILE_PARAMS, words), compileDefaults, outputNamesOf(model));
    return {
      rebuilt: rebuildModel(model, words),
      compile,
      compileName: kerasCompileName(compile.value),
      fit: readFit(fitCall && pythonSettingsCall(fitCall, KERAS_FIT_PARAMS, words), fitDefaults),
      dataset: detected && { dataset: detected.dataset, note: note('data', DATASET_TITLES[detected.dataset], atLine(detected.line, words, 'the file loads it on')) },
      noDataset: 'The file loads no dataset Model Lens knows (tf.keras.datasets.fashion_mnist, mnist or cifar10). Pick training data files (IDX, .npy, .npz or CSV) or a Keras dataset (on the command line: --data-files, or --dataset fashion_mnist|mnist|cifar10).',
      scaleLine: detectScale(report.facts)?.line,
    };
  };
}

/** The plan for model `options.modelIndex` of `report`, from what `read` finds in its source; lines said by `words`. */
export function planFromSource(report: Report, options: PlanOptions, read: SourceReader, words: LineWords = fileLineWords): { plan?: TrainPlan; problems: Problem[] } {
  if (report.models.length === 0) return { problems: [{ message: 'No model found in this file.' }] };
  const index = options.modelIndex ?? 0;
  const model: ModelReport | undefined = report.models[index];
  if (!model) return { problems: [{ message: `There is no model number ${index + 1} in this file (it has ${report.models.length}).` }] };
  const problems: Problem[] = [];
  const notes: PlanNote[] = [];
  const warnings: string[] = [];
  const source = read(model, options.compileDefaults ?? DEFAULT_COMPILE, options.fitDefaults ?? DEFAULT_FIT, words);

  const rebuilt = source.rebuilt;
  problems.push(...rebuilt.problems);

  const compile = source.compile;
  problems.push(...compile.problems);
  notes.push(...compile.notes);

  const fit = source.fit;
  problems.push(...fit.problems);
  const fitSpec = { ...fit.value, epochs: options.epochs ?? fit.value.epochs, batchSize: options.batchSize ?? fit.value.batchSize };
  // What this run chose replaces what the file says, and says so.
  const chosen = (n: PlanNote): PlanNote =>
    n.kind === 'epochs' && options.epochs !== undefined ? note('epochs', options.epochs, { kind: 'run' }) : n.kind === 'batch size' && options.batchSize !== undefined ? note('batch size', options.batchSize, { kind: 'run' }) : n;
  notes.push(...fit.notes.map(chosen));

  // Data
  let data: DataSource | undefined = options.data;
  const detected = source.dataset;
  if (!data && detected) {
    data = { kind: 'keras', dataset: detected.dataset, folders: options.dataFolder ? [options.dataFolder] : [] };
    notes.push(detected.note);
  } else if (data) {
    notes.push(note('data', data.kind === 'keras' ? DATASET_TITLES[data.dataset] : data.train.x));
  } else {
    problems.push({ message: source.noDataset });
  }
  const inputs = rebuilt.model?.inputs;
  if (inputs && data?.kind === 'keras') {
    // A Keras dataset has one array of inputs; which of the model's inputs it would be is not known.
    problems.push({ message: `${DATASET_TITLES[data.dataset]} has one array of inputs, but the model has ${inputs.length} (${inputs.map((i) => i.name).join(', ')}). ${MULTI_INPUT_DATA}` });
  }
  const outputs = rebuilt.model?.outputs;
  if (outputs && data?.kind === 'keras') {
    const names = outputs.map((o) => o.name);
    problems.push({ message: `${DATASET_TITLES[data.dataset]} has one array of labels, but the model has ${names.length} outputs (${names.join(', ')}). ${multiOutputData(names)}` });
  }
  // Preprocessing as the file does it when it is plain (`/ 255.0`); a setting decides otherwise.
  const scaleLine = source.scaleLine;
  const modelScales = rebuilt.model ? scalesItsInputs(rebuilt.model) : false;
  // A Keras dataset chosen for the run (not loaded by the file) comes as Keras gives it, 0–255 integers: the
  // tutorials divide by 255 before fit, so that is the default unless the model rescales them itself.
  const chosenDataset = !scaleLine && !modelScales && options.data?.kind === 'keras';
  const scale = options.scale ?? (scaleLine || chosenDataset ? 1 / 255 : 1);
  if (options.scale !== undefined) notes.push(note('preprocessing', scale === 1 ? 'none' : `inputs multiplied by ${+scale.toPrecision(6)}`, { kind: 'setting' }));
  else if (scaleLine) notes.push(note('preprocessing', 'inputs divided by 255', atLine(scaleLine, words)));
  else if (chosenDataset) notes.push(note('preprocessing', 'inputs divided by 255', { kind: 'because', text: 'as Keras tutorials do with this dataset; the model has no Rescaling layer' }));
  else notes.push(note('preprocessing', 'none', { kind: 'because', text: modelScales ? 'the model rescales its inputs' : 'the file does not rescale its inputs' }));
  if (options.limit) notes.push(note('training samples', `first ${options.limit.toLocaleString('en-US')}`));
  if (options.testLimit) notes.push(note('test samples', `first ${options.testLimit.toLocaleString('en-US')}`));

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
      ...(m.inputs ? { inputs: m.inputs } : {}),
      outputShape: m.outputShape,
      ...(m.outputs ? { outputs: m.outputs.map((o) => ({ name: o.name, shape: o.shape, layer: `${o.layer.className} "${o.layer.name}" (${words(o.layer.line)})` })) } : {}),
      outputLayer: `${m.outputLayer.className} "${m.outputLayer.name}" (${words(m.outputLayer.line)})`,
      layerLines,
    },
    compile: compile.value,
    fit: fitSpec,
    data,
    limit: options.limit,
    testLimit: options.testLimit,
    scale,
    modelScalesInputs: modelScales,
    backend: options.backend ?? 'auto',
    galleryCount: options.galleryCount ?? 24,
    saveDir: options.saveDir,
    progressIntervalMs: options.progressIntervalMs ?? 200,
    seed: options.seed,
  };
  return { plan: { job, model: m, notes, warnings, memoryBytes: memory.bytes, compileName: source.compileName }, problems: [] };
}
