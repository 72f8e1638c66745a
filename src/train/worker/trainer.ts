/**
 * One training run, inside the worker process: backend, data, model, fit, test, save. Every step reports
 * what it does; a stop request ends the run after the current batch; NaN loss stops it with the batch.
 * Failures are thrown as TrainFailure with a code and, where known, the source line.
 */
import { SaveError, writeModelFiles } from '../model-files';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tfc from '@tensorflow/tfjs-core';
import type { BatchPoint, DataInfo, Evaluation, GalleryItem, StoppedAt } from '../../shared/training-protocol';
import { BackendError, loadBackend, type Tf } from './backend';
import type { LossSpec } from '../host/compile-fit';
import { sizeOf, type NdArray } from '../data/array';
import { loadDataset, type Dataset, type LabeledArrays } from '../data/datasets';
import { count, DataError } from '../data/errors';
import { matchData, type DataPlan } from '../data/match';
import { looksUnscaled, UNSCALED_WARNING } from '../data/scaling';
import { trainOnLogits } from './output-logits';
import { matchOutputs, severalOutputs } from './output-heads';
import { missingKernel } from '../kernels/missing-kernel';
import { fastAdam } from '../kernels/wasm-adam';
import type { FailureCode, TrainJob, WorkerEvent } from '../worker-protocol';

export class TrainFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Set by the host's `stop`: the run ends after the current batch (or step). */
export interface StopSignal {
  stopped: boolean;
  model?: tfl.LayersModel;
}

type Emit = (e: WorkerEvent) => void;
/** One input tensor, or one per input for a model with several. */
type Inputs = tfc.Tensor | tfc.Tensor[];
/** One labels tensor, or one per output for a model with several. */
type Labels = tfc.Tensor | tfc.Tensor[];

/** A small seeded generator (mulberry32) for repeatable runs: TF.js draws its seeds from Math.random. */
function seedMathRandom(seed: number): void {
  let a = seed >>> 0;
  Math.random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Inputs as float32 times `scale`, shaped for the model. */
function inputTensor(tf: Tf, x: NdArray, sampleShape: readonly number[], scale: number): tfc.Tensor {
  const n = x.shape[0];
  const out = new Float32Array(x.data.length);
  const d = x.data;
  if (scale === 1) for (let i = 0; i < d.length; i++) out[i] = d[i];
  else for (let i = 0; i < d.length; i++) out[i] = d[i] * scale;
  return tf.tensor(out, [n, ...sampleShape], 'float32');
}

function labelTensor(tf: Tf, y: NdArray, plan: DataPlan): tfc.Tensor {
  const n = y.shape[0];
  if (plan.labelMode === 'onehot') {
    const ids = new Int32Array(n);
    for (let i = 0; i < n; i++) ids[i] = y.data[i];
    return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(ids, 'int32'), plan.classes), 'float32'));
  }
  const values = Float32Array.from(y.data as ArrayLike<number>);
  return tf.tensor(values, [n, ...plan.labelShape], 'float32');
}

/**
 * TF.js names a metric function's logs after the function (`logs.acc`); the production bundle renames
 * functions, so the name is set, not inferred.
 */
function named<F extends (...args: never[]) => unknown>(name: string, f: F): F {
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

interface TrainingLoss {
  readonly loss: string | ((a: tfc.Tensor, b: tfc.Tensor) => tfc.Tensor);
  readonly metric?: string | ((a: tfc.Tensor, b: tfc.Tensor) => tfc.Tensor);
  /** Class ids are given to the loss one-hot (TF.js checks a custom loss's targets against the output's shape). */
  readonly oneHotLabels?: boolean;
}

/** TF.js loss and accuracy for the Keras loss; logits get their own functions (TF.js's named losses take probabilities). */
function lossAndMetric(tf: Tf, loss: LossSpec): TrainingLoss {
  if (!loss.fromLogits) {
    const named: Record<LossSpec['name'], string> = {
      sparse_categorical_crossentropy: 'sparseCategoricalCrossentropy',
      categorical_crossentropy: 'categoricalCrossentropy',
      binary_crossentropy: 'binaryCrossentropy',
      mean_squared_error: 'meanSquaredError',
      mean_absolute_error: 'meanAbsoluteError',
    };
    return { loss: named[loss.name], metric: 'accuracy' };
  }
  switch (loss.name) {
    case 'sparse_categorical_crossentropy':
    case 'categorical_crossentropy': {
      const categoricalLogits = (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred);
      const acc = named('acc', (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tf.metrics.categoricalAccuracy(yTrue, yPred));
      return { loss: categoricalLogits, metric: acc, oneHotLabels: loss.name === 'sparse_categorical_crossentropy' };
    }
    case 'binary_crossentropy': {
      const binaryLogits = (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tf.losses.sigmoidCrossEntropy(yTrue, yPred);
      const acc = named('acc', (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tf.tidy(() => tf.metrics.binaryAccuracy(yTrue, tf.sigmoid(yPred))));
      return { loss: binaryLogits, metric: acc };
    }
    default:
      return { loss: loss.name === 'mean_squared_error' ? 'meanSquaredError' : 'meanAbsoluteError' };
  }
}

function optimizer(tf: Tf, job: TrainJob): tfc.Optimizer {
  const o = job.compile.optimizer;
  const n = (k: string) => o.options[k] as number;
  switch (o.name) {
    case 'adam':
      return fastAdam(tf, o.learningRate, n('beta_1'), n('beta_2'), n('epsilon'));
    case 'adamax':
      return tf.train.adamax(o.learningRate, n('beta_1'), n('beta_2'), n('epsilon'));
    case 'sgd':
      return n('momentum') ? tf.train.momentum(o.learningRate, n('momentum'), Boolean(o.options.nesterov)) : tf.train.sgd(o.learningRate);
    case 'rmsprop':
      return tf.train.rmsprop(o.learningRate, n('rho'), n('momentum'), n('epsilon'), Boolean(o.options.centered));
    case 'adagrad':
      return tf.train.adagrad(o.learningRate, n('initial_accumulator_value'));
    case 'adadelta':
      return tf.train.adadelta(o.learningRate, n('rho'), n('epsilon'));
  }
}

/** The source line a TF.js error is about: the first layer it names. */
function lineOf(message: string, job: TrainJob): number | undefined {
  for (const [name, line] of Object.entries(job.model.layerLines)) if (new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(message)) return line;
  return undefined;
}

/** Image geometry of one sample, if it is an image: (H, W), (H, W, 1|3), or a flat square. */
function imageGeometry(sample: readonly number[]): { width: number; height: number; channels: 1 | 3 } | undefined {
  if (sample.length === 2) return { height: sample[0], width: sample[1], channels: 1 };
  if (sample.length === 3 && (sample[2] === 1 || sample[2] === 3)) return { height: sample[0], width: sample[1], channels: sample[2] as 1 | 3 };
  if (sample.length === 1) {
    const side = Math.round(Math.sqrt(sample[0]));
    if (side * side === sample[0] && side >= 8) return { height: side, width: side, channels: 1 };
  }
  return undefined;
}

function galleryPixels(x: NdArray, index: number, size: number): string {
  const src = x.data.subarray(index * size, (index + 1) * size);
  let max = 0;
  for (let i = 0; i < src.length; i++) if (src[i] > max) max = src[i];
  const factor = max <= 1 ? 255 : 1;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Math.max(0, Math.min(255, Math.round(src[i] * factor)));
  return Buffer.from(out).toString('base64');
}

function dataInfo(ds: Dataset, trainCount: number, validation: number, plan: DataPlan): DataInfo {
  return { title: ds.title, source: ds.source, train: trainCount, validation, test: ds.test?.x.shape[0] ?? 0, sampleShape: plan.sampleShape };
}

export async function train(job: TrainJob, emit: Emit, stop: StopSignal): Promise<void> {
  const started = Date.now();
  emit({ type: 'phase', phase: 'Starting TensorFlow.js' });
  let tf: Tf;
  let backendNotes: readonly string[] = [];
  try {
    const backend = await loadBackend(job.backend);
    tf = backend.tf;
    backendNotes = backend.notes;
    emit({ type: 'backend', name: backend.name, notes: backend.notes });
  } catch (e) {
    throw new TrainFailure('backend', e instanceof BackendError ? e.message : `TensorFlow.js did not start: ${(e as Error).message}`);
  }
  if (job.seed !== undefined) seedMathRandom(job.seed);
  if (stop.stopped) return emit({ type: 'done', outcome: 'stopped', epochsDone: 0, samplesPerSec: 0, elapsedMs: Date.now() - started });

  // Data
  emit({ type: 'phase', phase: 'Reading data' });
  let ds: Dataset;
  let plan: DataPlan;
  const side = { inputShape: job.model.inputShape, outputShape: job.model.outputShape, outputLayer: job.model.outputLayer };
  /** Each input's per-sample shape, in the model's order (one, but for a model with several inputs). */
  let sampleShapes: (readonly number[])[];
  /** A model with several outputs: each output's labels plan, in the model's order. */
  let outputPlans: DataPlan[] | undefined;
  try {
    ds = await loadDataset(job.data, { limit: job.limit, testLimit: job.testLimit, inputNames: job.model.inputs?.map((i) => i.name), outputNames: job.model.outputs?.map((o) => o.name) });
    plan = matchData(ds.train.x, ds.train.y, side, job.compile.loss, ds.classNames?.length);
    if (ds.test) matchData(ds.test.x, ds.test.y, side, job.compile.loss, ds.classNames?.length);
    outputPlans = matchOutputs(ds, job);
    sampleShapes = [plan.sampleShape];
    // The other inputs: each array checked against its own Input's shape (the labels were checked above).
    for (const [i, input] of (job.model.inputs ?? []).entries()) {
      if (i === 0) continue;
      const own = { ...side, inputShape: input.shape };
      sampleShapes.push(matchData(ds.train.xs![i], ds.train.y, own, job.compile.loss, ds.classNames?.length).sampleShape);
      if (ds.test) matchData(ds.test.xs![i], ds.test.y, own, job.compile.loss, ds.classNames?.length);
    }
  } catch (e) {
    if (e instanceof DataError) throw new TrainFailure('data', e.message);
    throw e;
  }
  for (const w of outputPlans?.flatMap((p) => p.warnings) ?? plan.warnings) emit({ type: 'warning', message: w });
  if (job.scale === 1 && !job.modelScalesInputs && looksUnscaled(ds.train.x)) emit({ type: 'warning', message: UNSCALED_WARNING, code: 'unscaled' });
  const total = ds.train.x.shape[0];
  const useTest = job.fit.validateOnTest && ds.test !== undefined;
  if (job.fit.validateOnTest && !ds.test) emit({ type: 'warning', message: 'model.fit asks for validation_data, but the data has no test set; training without validation.' });
  const trainCount = useTest || job.fit.validationSplit === 0 ? total : Math.floor(total * (1 - job.fit.validationSplit));
  const validation = useTest ? ds.test!.x.shape[0] : total - trainCount;
  if (trainCount === 0) throw new TrainFailure('data', `validation_split=${job.fit.validationSplit} leaves no training samples out of ${total}.`);
  emit({ type: 'data', data: dataInfo(ds, trainCount, validation, plan) });
  if (stop.stopped) return emit({ type: 'done', outcome: 'stopped', epochsDone: 0, samplesPerSec: 0, elapsedMs: Date.now() - started });

  let batchesSeen = 0;
  const runModel = async (): Promise<void> => {
    // Model
    emit({ type: 'phase', phase: 'Building the model' });
    let model: tfl.LayersModel;
    try {
      model = await tf.models.modelFromJSON(job.model.json as unknown as tfc.io.ModelJSON['modelTopology'] as never);
    } catch (e) {
      const msg = (e as Error).message;
      throw new TrainFailure('model', `TensorFlow.js could not build the model: ${msg}`, lineOf(msg, job));
    }
    stop.model = model;
    if (job.weightsFrom) loadSavedWeights(tf, model, job.weightsFrom);
    const params = model.countParams();
    if (String(params) !== job.model.params) {
      throw new TrainFailure(
        'model',
        `The model rebuilt for TensorFlow.js has ${params.toLocaleString('en-US')} parameters, but Model Lens counts ${BigInt(job.model.params).toLocaleString('en-US')} for the Keras model. Training would not match Keras, so it does not start.`,
      );
    }
    const trainable = model.trainableWeights.reduce((n, w) => n + w.shape.reduce<number>((a, d) => a * (d ?? 0), 1), 0);
    if (String(trainable) !== job.model.trainableParams) {
      throw new TrainFailure(
        'model',
        `The model rebuilt for TensorFlow.js has ${trainable.toLocaleString('en-US')} trainable parameters, but Model Lens counts ${BigInt(job.model.trainableParams).toLocaleString('en-US')} for the Keras model, so training would not match Keras.`,
      );
    }
    // TF.js leaves some dimensions unknown (None) that Keras works out; only known dimensions must agree.
    const outShape = model.outputs[0].shape;
    const want = job.model.outputShape;
    const known = (d: number | null | undefined): d is number => typeof d === 'number' && Number.isFinite(d);
    if (outShape.length !== want.length || outShape.some((d, i) => known(d) && known(want[i]) && d !== want[i])) {
      throw new TrainFailure('model', `The model rebuilt for TensorFlow.js outputs ${JSON.stringify(outShape)}, but the Keras model outputs ${JSON.stringify(want)}.`);
    }
    // As Keras: a softmax or sigmoid output trains with its loss taken from logits (put back before saving).
    // A model with several outputs trains on each output's probabilities, with TF.js's named losses.
    const logits = outputPlans ? undefined : trainOnLogits(tf, model, job.compile.loss);
    const loss = logits?.loss ?? job.compile.loss;
    const lm = lossAndMetric(tf, loss);
    const heads = outputPlans && severalOutputs(tf, model, job, outputPlans, (l) => lossAndMetric(tf, l));
    const wantAccuracy = heads ? heads.lead !== undefined : job.compile.accuracy && plan.classes > 0 && lm.metric !== undefined;
    if (heads) heads.compile(optimizer(tf, job));
    else model.compile({ optimizer: optimizer(tf, job), loss: lm.loss, metrics: wantAccuracy ? [lm.metric!] : [] });

    // Tensors
    // A model with several inputs takes a list of tensors, in its inputs' order.
    const inputs = (set: LabeledArrays): Inputs => (set.xs ? set.xs.map((x, i) => inputTensor(tf, x, sampleShapes[i], job.scale)) : inputTensor(tf, set.x, plan.sampleShape, job.scale));
    const xs = inputs(ds.train);
    const labelPlan: DataPlan = lm.oneHotLabels ? { ...plan, labelMode: 'onehot' } : plan;
    const labels = (set: LabeledArrays): Labels => (heads && set.ys ? set.ys.map((y, i) => labelTensor(tf, y, heads.labelPlans[i])) : labelTensor(tf, set.y, labelPlan));
    const ys = labels(ds.train);
    let trainX = xs;
    let trainY = ys;
    let valData: [Inputs, Labels] | undefined;
    let testTensors: [Inputs, Labels] | undefined;
    if (ds.test) testTensors = [inputs(ds.test), labels(ds.test)];
    if (useTest) valData = testTensors;
    else if (validation > 0) {
      // Keras's validation_split: the last samples, taken before shuffling.
      const head = (t: tfc.Tensor) => tf.slice(t, 0, trainCount);
      const tail = (t: tfc.Tensor) => tf.slice(t, trainCount);
      const each = (x: Inputs, f: (t: tfc.Tensor) => tfc.Tensor): Inputs => (Array.isArray(x) ? x.map(f) : f(x));
      trainX = each(xs, head);
      trainY = each(ys, head);
      valData = [each(xs, tail), each(ys, tail)];
    }

    // Fit (none when testing a stopped run's saved weights)
    const epochs = job.weightsFrom ? 0 : job.fit.epochs;
    // Keras takes a batch larger than the data as one batch of all of it; say so rather than hide it.
    const batchSize = Math.max(1, Math.min(job.fit.batchSize, trainCount));
    if (batchSize < job.fit.batchSize) {
      emit({ type: 'warning', message: `Batch size ${count(job.fit.batchSize)} is more than the ${count(trainCount)} training samples: each epoch is one batch of ${count(batchSize)}.` });
    }
    const batches = Math.ceil(trainCount / batchSize);
    const totalSamples = trainCount * epochs;
    let samples = 0;
    let trainMs = 0;
    let epochStart = 0;
    let epochsDone = 0;
    let window = { loss: 0, acc: 0, n: 0 };
    /** A model with several outputs: each output's loss and accuracy summed over the same batches as `window`. */
    let outputWindow = heads?.window();
    let lastEmit = 0;
    let nan: { epoch: number; batch: number } | undefined;
    let currentEpoch = 0;
    /** The last batch done in the current epoch (1-based): below `batches` at the end, the epoch was cut short. */
    let epochBatch = 0;
    let stoppedAt: StoppedAt | undefined;
    const fitStart = Date.now();
    let lastBatchEnd = fitStart;
    /** The mean of the batches since the last point, as the point at the current batch. */
    const emitPoint = (now: number) => {
      const point: BatchPoint = {
        x: currentEpoch + epochBatch / batches,
        epoch: currentEpoch + 1,
        batch: epochBatch,
        batches,
        loss: window.loss / window.n,
        acc: wantAccuracy ? window.acc / window.n : undefined,
        samples,
        totalSamples,
        elapsedMs: now - fitStart,
        samplesPerSec: trainMs > 0 ? (samples / trainMs) * 1000 : 0,
        ...(outputWindow ? { outputs: outputWindow.means() } : {}),
      };
      emit({ type: 'batch', point });
      window = { loss: 0, acc: 0, n: 0 };
      outputWindow = heads?.window();
      lastEmit = now;
    };
    if (epochs > 0) emit({ type: 'phase', phase: `Training: epoch 1 of ${epochs}` });
    if (epochs > 0) await model.fit(trainX, trainY, {
      epochs,
      batchSize,
      shuffle: job.fit.shuffle,
      // Several outputs: validation is measured at each epoch's end (output-heads.ts says why).
      validationData: heads ? undefined : valData,
      verbose: 0,
      yieldEvery: 'auto',
      callbacks: {
        onEpochBegin: async (epoch: number) => {
          currentEpoch = epoch;
          epochBatch = 0;
          epochStart = Date.now();
          lastBatchEnd = epochStart;
          if (epoch > 0) emit({ type: 'phase', phase: `Training: epoch ${epoch + 1} of ${epochs}` });
          if (stop.stopped) model.stopTraining = true;
        },
        onBatchEnd: async (batch: number, logs?: tfl.Logs) => {
          const now = Date.now();
          trainMs += now - lastBatchEnd;
          lastBatchEnd = now;
          batchesSeen++;
          epochBatch = batch + 1;
          const size = (logs?.size as number | undefined) ?? batchSize;
          samples += size;
          const loss = logs?.loss as number;
          if (!Number.isFinite(loss)) {
            nan = { epoch: currentEpoch + 1, batch: batch + 1 };
            model.stopTraining = true;
            return;
          }
          window.loss += loss;
          window.acc += (logs?.[heads?.accKey ?? 'acc'] as number | undefined) ?? 0;
          window.n++;
          outputWindow?.add(logs ?? {});
          if (now - lastEmit >= job.progressIntervalMs || batch === batches - 1) emitPoint(now);
          if (stop.stopped) model.stopTraining = true;
        },
        onEpochEnd: async (epoch: number, logs?: tfl.Logs) => {
          // Validation runs between the last batch and here; it is not training time.
          lastBatchEnd = Date.now();
          if (nan) return;
          // An epoch a stop cut short has no epoch point: its loss would be of part of the data.
          if (stop.stopped && epochBatch < batches) {
            stoppedAt = { epoch: epoch + 1, batch: epochBatch, batches };
            // The batches since the last point are shown too: the curve runs to where training ended.
            if (window.n > 0) emitPoint(lastBatchEnd);
            return;
          }
          epochsDone = epoch + 1;
          const validated = heads && valData ? heads.measure(valData) : undefined;
          const outputs = heads?.metrics(logs ?? {}).map((o, i) => (validated ? { ...o, valLoss: validated.outputs[i].loss, ...(o.acc !== undefined ? { valAcc: validated.outputs[i].acc } : {}) } : o));
          emit({
            type: 'epoch',
            epoch: {
              epoch: epoch + 1,
              epochs,
              loss: logs?.loss as number,
              acc: wantAccuracy ? (logs?.[heads?.accKey ?? 'acc'] as number) : undefined,
              valLoss: validated ? validated.loss : (logs?.val_loss as number | undefined),
              valAcc: wantAccuracy ? (validated ? validated.outputs[heads!.lead!].acc : (logs?.val_acc as number | undefined)) : undefined,
              elapsedMs: Date.now() - epochStart,
              ...(outputs ? { outputs } : {}),
            },
          });
        },
      },
    });
    const samplesPerSec = trainMs > 0 ? (samples / trainMs) * 1000 : 0;
    if (nan) {
      const lr = job.compile.optimizer.learningRate;
      throw new TrainFailure('nan', `The loss became NaN at epoch ${nan.epoch}, batch ${nan.batch} of ${batches}, so training stopped. A smaller learning rate (now ${lr}) or inputs scaled to 0–1 usually fix this.`);
    }
    if (stop.stopped) {
      // The weights as they are when stopped can still be saved (and tested later from there).
      logits?.restore();
      if (job.saveDir) {
        await saveModel(tf, model, job.saveDir);
        emit({ type: 'saved', dir: job.saveDir });
      }
      return emit({ type: 'done', outcome: 'stopped', epochsDone, samplesPerSec, elapsedMs: Date.now() - started, stoppedAt });
    }

    // Test
    if (testTensors && ds.test) {
      emit({ type: 'phase', phase: `Testing on ${ds.test.x.shape[0].toLocaleString('en-US')} samples` });
      emit({ type: 'evaluation', evaluation: heads ? heads.evaluate(testTensors, ds, evaluate) : evaluate(tf, model, testTensors, ds, plan, job, loss, wantAccuracy) });
    }
    logits?.restore();
    if (stop.stopped) return emit({ type: 'done', outcome: 'stopped', epochsDone, samplesPerSec, elapsedMs: Date.now() - started });

    // Save
    if (job.saveDir) {
      emit({ type: 'phase', phase: 'Saving the model' });
      await saveModel(tf, model, job.saveDir);
      emit({ type: 'saved', dir: job.saveDir });
    }
    emit({ type: 'done', outcome: 'completed', epochsDone, samplesPerSec, elapsedMs: Date.now() - started });
  };

  try {
    await runModel();
  } catch (e) {
    const missing = missingKernel(e);
    if (!missing) throw e;
    // TF.js's WebAssembly backend lacks some gradient kernels (convolutions, pooling): on "auto", train on the CPU instead.
    if (job.backend === 'auto' && missing.backend === 'wasm' && batchesSeen === 0) {
      await tf.setBackend('cpu');
      await tf.ready();
      emit({ type: 'backend', name: 'cpu', notes: [...backendNotes, `WebAssembly: it has no ${missing.kernel} kernel, which training this model needs`] });
      if (job.seed !== undefined) seedMathRandom(job.seed);
      await runModel();
      return;
    }
    throw new TrainFailure('backend', `The ${missing.backend} backend cannot train this model: it has no ${missing.kernel} kernel (TensorFlow.js's WebAssembly backend lacks some gradients, such as those of convolutions). Choose the "auto" or "cpu" backend.`);
  }
}

/**
 * The test: loss, accuracy, and for classification the confusion matrix and the gallery. A model with several
 * outputs (`output`) has them of that one output, whose labels `ds.test.y` then are and whose prediction is
 * `output.index` of the model's; its losses were measured before (`output.values`: loss and accuracy).
 */
export function evaluate(
  tf: Tf,
  model: tfl.LayersModel,
  [tx, ty]: [Inputs, Labels],
  ds: Dataset,
  plan: DataPlan,
  job: TrainJob,
  loss: LossSpec,
  wantAccuracy: boolean,
  output?: { readonly index: number; readonly values: readonly number[] },
): Evaluation {
  const measured = output ? undefined : model.evaluate(tx, ty as tfc.Tensor, { batchSize: 256 });
  const values = output?.values ?? (Array.isArray(measured) ? measured : [measured!]).map((t) => t.dataSync()[0]);
  const n = (Array.isArray(ty) ? ty[0] : ty).shape[0];
  const classification = plan.classes > 0;
  const classNames = ds.classNames?.slice(0, plan.classes) ?? Array.from({ length: plan.classes }, (_, i) => String(i));
  while (classNames.length < plan.classes) classNames.push(String(classNames.length));
  if (!classification) return { testLoss: values[0], samples: n, classNames: [], confusion: [], gallery: [] };

  const binary = loss.name === 'binary_crossentropy';
  const probs = tf.tidy(() => {
    // tidy() disposes the other outputs' predictions.
    const predicted = model.predict(tx, { batchSize: 256 });
    const out = Array.isArray(predicted) ? predicted[output?.index ?? 0] : predicted;
    if (!loss.fromLogits) return out;
    return binary ? tf.sigmoid(out) : tf.softmax(out);
  });
  const p = probs.dataSync();
  probs.dispose();
  const k = binary ? 1 : plan.classes;
  const actual = (i: number): number => {
    if (plan.labelMode === 'as-is' && plan.labelShape.length === 1 && plan.labelShape[0] > 1) {
      // One-hot rows: the index of the largest value.
      let best = 0;
      for (let c = 1; c < plan.labelShape[0]; c++) if (ds.test!.y.data[i * plan.labelShape[0] + c] > ds.test!.y.data[i * plan.labelShape[0] + best]) best = c;
      return best;
    }
    return binary ? (ds.test!.y.data[i] >= 0.5 ? 1 : 0) : ds.test!.y.data[i];
  };
  const classes = binary ? 2 : plan.classes;
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predicted = new Int32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (binary) {
      const q = p[i];
      predicted[i] = q >= 0.5 ? 1 : 0;
      confidence[i] = q >= 0.5 ? q : 1 - q;
    } else {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + best]) best = c;
      predicted[i] = best;
      confidence[i] = p[i * k + best];
    }
    const a = actual(i);
    if (a >= 0 && a < classes) confusion[a][predicted[i]]++;
  }
  const gallery: GalleryItem[] = [];
  // With several inputs, no one of them is "the" image a mistake is shown as.
  const geometry = ds.test!.xs ? undefined : imageGeometry(ds.test!.x.shape.slice(1));
  if (geometry && job.galleryCount > 0) {
    const size = sizeOf(ds.test!.x.shape.slice(1));
    const wrong: number[] = [];
    const right: number[] = [];
    for (let i = 0; i < n && (wrong.length < job.galleryCount || right.length < job.galleryCount); i++) (predicted[i] === actual(i) ? right : wrong).push(i);
    // Mistakes first, but leave a quarter of the places for images it got right.
    const mistakes = wrong.slice(0, Math.max(job.galleryCount - right.length, Math.ceil(job.galleryCount * 0.75)));
    for (const i of [...mistakes, ...right].slice(0, job.galleryCount)) {
      gallery.push({ pixels: galleryPixels(ds.test!.x, i, size), ...geometry, predicted: predicted[i], actual: actual(i), confidence: confidence[i] });
    }
  }
  return { testLoss: values[0], testAcc: wantAccuracy ? values[1] : undefined, samples: n, classNames: binary ? ['0', '1'] : classNames, confusion, gallery };
}

/** TF.js's own format: `model.json` (topology + weights manifest) and `weights.bin`, as tfjs-node's `file://` writes them. */
/** Puts the weights a run saved in `dir` (weights.bin, described by model.json's manifest) into `model`. */
function loadSavedWeights(tf: Tf, model: tfl.LayersModel, dir: string): void {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { weightsManifest: { weights: tfc.io.WeightsManifestEntry[] }[] };
    const bytes = readFileSync(join(dir, 'weights.bin'));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    model.loadWeights(tf.io.decodeWeights(buffer, manifest.weightsManifest[0].weights));
  } catch (e) {
    throw new TrainFailure('model', `The stopped run's model in ${dir} could not be read back: ${(e as Error).message}`);
  }
}

export async function saveModel(tf: Tf, model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? tf.io.CompositeArrayBuffer.join(artifacts.weightData) : new ArrayBuffer(0);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: 'Model Lens',
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      try {
        writeModelFiles(dir, [
          { name: 'weights.bin', data: new Uint8Array(weights) },
          { name: 'model.json', data: Buffer.from(JSON.stringify(json)) },
        ]);
      } catch (e) {
        if (e instanceof SaveError) throw new TrainFailure('save', e.message);
        throw e;
      }
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}
