/**
 * Training a model with several outputs in TF.js, as Keras does: a loss per output (each output's labels checked
 * against its own loss and layer), the total loss their weighted sum (`loss_weights`: TF.js has none, so each
 * output's loss function is scaled after compile; its per-output training logs are then weighted, and are
 * divided back, as Keras reports each output's own loss), accuracy per output where compile() asks for it.
 * Validation and the test are measured here, not by TF.js: its test function (tfjs-layers 4.22
 * `makeTestFunction`) returns running sums of the losses and one value more than it names, so its `val_*` logs
 * and `evaluate()` of a model with several outputs are wrong. The chart's accuracy, the confusion matrix and the
 * gallery are of one output: the first classification output.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tfc from '@tensorflow/tfjs-core';
import type { Evaluation, OutputMetrics } from '../../shared/training-protocol';
import type { Tf } from './backend';
import type { LossSpec } from '../host/compile-fit';
import type { Dataset } from '../data/datasets';
import { DataError } from '../data/errors';
import { matchData, type DataPlan } from '../data/match';
import type { TrainJob } from '../worker-protocol';
import type { evaluate } from './trainer';

type LossFn = (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tfc.Tensor;

/** How the trainer turns a Keras loss into TF.js's (trainer.ts `lossAndMetric`). */
export interface TfjsLoss {
  readonly loss: string | LossFn;
  readonly metric?: string | LossFn;
  readonly oneHotLabels?: boolean;
}

/** Each output's labels checked against its loss and layer; undefined for a model with one output. */
export function matchOutputs(ds: Dataset, job: TrainJob): DataPlan[] | undefined {
  const outputs = job.model.outputs;
  if (!outputs || outputs.length < 2) return undefined;
  const specs = job.compile.outputs;
  const ys = ds.train.ys;
  if (!specs || specs.length !== outputs.length || !ys) throw new DataError(`The model has ${outputs.length} outputs (${outputs.map((o) => o.name).join(', ')}), but the run was planned with labels for one.`);
  return outputs.map((o, i) => {
    const side = { inputShape: job.model.inputShape, outputShape: o.shape, outputLayer: o.layer };
    const plan = matchData(ds.train.x, ys[i], side, specs[i].loss, ds.classNames?.length);
    if (ds.test?.ys) matchData(ds.test.x, ds.test.ys[i], side, specs[i].loss, ds.classNames?.length);
    return plan;
  });
}

export interface Heads {
  /** Each output's labels as the loss takes them (class ids one-hot for a loss on logits). */
  readonly labelPlans: readonly DataPlan[];
  /** The first classification output that tracks accuracy: the chart's accuracy. */
  readonly lead?: number;
  /** Its accuracy's key in TF.js's logs (`cls_acc`). */
  readonly accKey: string;
  compile(optimizer: tfc.Optimizer): void;
  /** Each output's loss and accuracy from an epoch's training logs. */
  metrics(logs: tfl.Logs): OutputMetrics[];
  /** Each output's loss and accuracy averaged over batches (a batch point's): `add` each batch's logs, then `means`. */
  window(): OutputWindow;
  /** The total loss and each output's loss and accuracy on `tensors` (validation, test), as Keras's test step measures them. */
  measure(tensors: [tfc.Tensor | tfc.Tensor[], tfc.Tensor | tfc.Tensor[]]): { loss: number; outputs: OutputMetrics[] };
  /** The test, per output; the confusion matrix and gallery of the first classification output (`evaluateOne`: trainer.ts's). */
  evaluate(tensors: [tfc.Tensor | tfc.Tensor[], tfc.Tensor | tfc.Tensor[]], ds: Dataset, evaluateOne: EvaluateOne): Evaluation;
}

export interface OutputWindow {
  add(batchLogs: tfl.Logs): void;
  means(): OutputMetrics[];
}

/** trainer.ts's test of one output (type only: the trainer imports this module). */
export type EvaluateOne = typeof evaluate;

export function severalOutputs(tf: Tf, model: tfl.LayersModel, job: TrainJob, plans: readonly DataPlan[], lossOf: (loss: LossSpec) => TfjsLoss): Heads {
  const specs = job.compile.outputs!;
  const names = specs.map((s) => s.name);
  const losses = specs.map((s) => lossOf(s.loss));
  const accuracy = specs.map((s, i) => s.accuracy && plans[i].classes > 0 && losses[i].metric !== undefined);
  const lead = accuracy.indexOf(true) >= 0 ? accuracy.indexOf(true) : undefined;
  const labelPlans = plans.map((p, i): DataPlan => (losses[i].oneHotLabels ? { ...p, labelMode: 'onehot' } : p));
  const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  /** The functions compile() resolved, unweighted: each output's loss and accuracy (tfjs-layers' `metricsTensors`, named by `metricsNames` after `loss`). */
  let lossFns: LossFn[] = [];
  let accFns: (LossFn | undefined)[] = [];
  const metrics = (logs: tfl.Logs): OutputMetrics[] =>
    names.map((name, i) => {
      const weighted = finite(logs[`${name}_loss`]);
      const m: { -readonly [K in keyof OutputMetrics]: OutputMetrics[K] } = { name, loss: weighted !== undefined && specs[i].weight > 0 ? weighted / specs[i].weight : NaN };
      if (accuracy[i]) m.acc = finite(logs[`${name}_acc`]);
      return m;
    });
  // A batch's logs name the outputs' losses as an epoch's do (weighted: `metrics` divides them back).
  const window = (): OutputWindow => {
    const sums = names.map(() => ({ loss: 0, acc: 0 }));
    let n = 0;
    return {
      add(batchLogs) {
        metrics(batchLogs).forEach((m, i) => {
          sums[i].loss += m.loss;
          sums[i].acc += m.acc ?? NaN;
        });
        n++;
      },
      means: () => names.map((name, i) => ({ name, loss: sums[i].loss / n, ...(accuracy[i] ? { acc: sums[i].acc / n } : {}) })),
    };
  };
  const measure = ([x, y]: [tfc.Tensor | tfc.Tensor[], tfc.Tensor | tfc.Tensor[]]): { loss: number; outputs: OutputMetrics[] } => {
    const predicted = model.predict(x, { batchSize: 256 }) as tfc.Tensor[];
    const ys = y as tfc.Tensor[];
    const values = tf.tidy(() => {
      const losses = names.map((_, i) => tf.mean(lossFns[i](ys[i], predicted[i])).dataSync()[0]);
      const accs = names.map((_, i) => (accFns[i] ? tf.mean(accFns[i]!(ys[i], predicted[i])).dataSync()[0] : undefined));
      // As Keras's test step: the weighted losses and the regularization penalties.
      const penalties = (model as unknown as { calculateLosses(): tfc.Scalar[] }).calculateLosses().reduce((sum, t) => sum + t.dataSync()[0], 0);
      return { losses, accs, total: losses.reduce((sum, l, i) => sum + l * specs[i].weight, 0) + penalties };
    });
    for (const t of predicted) t.dispose();
    return { loss: values.total, outputs: names.map((name, i) => ({ name, loss: values.losses[i], ...(values.accs[i] !== undefined ? { acc: values.accs[i] } : {}) })) };
  };
  return {
    labelPlans,
    lead,
    accKey: lead === undefined ? 'acc' : `${names[lead]}_acc`,
    compile(optimizer) {
      const metricsByOutput: Record<string, (string | LossFn)[]> = {};
      names.forEach((n, i) => (metricsByOutput[n] = accuracy[i] ? [losses[i].metric!] : []));
      model.compile({ optimizer, loss: losses.map((l) => l.loss) as string[], metrics: metricsByOutput as unknown as string[] });
      // TF.js has no loss_weights: its total loss sums `lossFunctions`, while the per-output logs use the functions compile() resolved.
      const compiled = model as unknown as { lossFunctions: LossFn[]; metricsNames: string[]; metricsTensors: [LossFn, number][] };
      const resolved = (key: string) => compiled.metricsTensors[compiled.metricsNames.indexOf(key) - 1]?.[0];
      lossFns = names.map((n, i) => resolved(`${n}_loss`) ?? compiled.lossFunctions[i]);
      accFns = names.map((n, i) => (accuracy[i] ? resolved(`${n}_acc`) : undefined));
      compiled.lossFunctions = compiled.lossFunctions.map((f, i) => (specs[i].weight === 1 ? f : (yTrue: tfc.Tensor, yPred: tfc.Tensor) => tf.mul(f(yTrue, yPred), specs[i].weight)));
    },
    metrics,
    window,
    measure,
    evaluate(tensors, ds, evaluateOne) {
      const { loss, outputs } = measure(tensors);
      const shown = lead ?? plans.findIndex((p) => p.classes > 0);
      const n = (Array.isArray(tensors[1]) ? tensors[1][0] : tensors[1]).shape[0];
      if (shown < 0 || !ds.test?.ys) return { testLoss: loss, samples: n, classNames: [], confusion: [], gallery: [], outputs };
      const test = { ...ds.test, y: ds.test.ys[shown] };
      const one = evaluateOne(tf, model, tensors, { ...ds, test }, labelPlans[shown], job, specs[shown].loss, accuracy[shown], { index: shown, values: [loss, outputs[shown].acc ?? NaN] });
      return { ...one, outputs, shownOutput: names[shown] };
    },
  };
}
