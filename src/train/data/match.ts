/**
 * Checks data against the model before anything trains, and says how to feed it: the samples' shape must
 * hold exactly the values the model's input takes (reshaping like `x.reshape(-1, 28, 28, 1)` is fine), and
 * the labels must suit the loss and the last layer (sparse categorical crossentropy with 10 classes needs
 * 10 outputs). Every message names both sides.
 */
import type { Shape } from '../../core/model/shape';
import type { LossSpec } from '../host/compile-fit';
import { sizeOf, type NdArray } from './array';
import { count, DataError, shapeText } from './errors';

export type LabelMode =
  /** Integer class ids, as sparse categorical crossentropy takes them. */
  | 'sparse'
  /** Integer class ids turned into one-hot rows (what `to_categorical` does before categorical crossentropy). */
  | 'onehot'
  /** The labels as they are: 0/1 for binary crossentropy, numbers for regression, rows already one-hot. */
  | 'as-is';

export interface DataPlan {
  /** Per-sample shape the model takes (the input shape without the batch dimension). */
  readonly sampleShape: readonly number[];
  readonly labelMode: LabelMode;
  /** Classes for classification (max label + 1, or the dataset's own count); 0 otherwise. */
  readonly classes: number;
  /** The label tensor's per-sample shape: `[]` for sparse/as-is scalars, `[classes]` for one-hot. */
  readonly labelShape: readonly number[];
  readonly warnings: readonly string[];
}

export interface ModelSide {
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  /** `Dense "dense_1" (line 15)`, for messages. */
  readonly outputLayer: string;
}

function labelStats(y: NdArray): { integers: boolean; min: number; max: number } {
  let integers = true;
  let min = Infinity;
  let max = -Infinity;
  const d = y.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (integers && !Number.isInteger(v)) integers = false;
  }
  return { integers, min, max };
}

/** The first value that is NaN or ±Infinity, with its sample; integer arrays cannot hold one. */
function firstNonFinite(a: NdArray): { sample: number; value: number } | undefined {
  const { data } = a;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return undefined;
  const perSample = Math.max(1, sizeOf(a.shape.slice(1)));
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) return { sample: Math.floor(i / perSample), value: data[i] };
  }
  return undefined;
}

/** NaN or ±Infinity in the data would make the loss NaN at the first batch that meets it: refuse them up front. */
function checkFinite(a: NdArray, what: string): void {
  const bad = firstNonFinite(a);
  if (bad) throw new DataError(`The ${what} hold ${bad.value} (sample ${count(bad.sample)}); training needs finite numbers. Fill or drop the missing values first.`);
}

export function matchData(x: NdArray, y: NdArray, model: ModelSide, loss: LossSpec, knownClasses?: number): DataPlan {
  const warnings: string[] = [];
  checkFinite(x, 'inputs');
  checkFinite(y, 'labels');
  // Inputs
  const want = model.inputShape.slice(1);
  if (want.some((d) => d === null)) {
    throw new DataError(`The model's input ${shapeText(model.inputShape)} has unknown dimensions besides the batch; give the input a full shape to train.`);
  }
  const sampleShape = want as number[];
  const have = x.shape.slice(1);
  if (sizeOf(have) !== sizeOf(sampleShape)) {
    throw new DataError(
      `The data does not fit the model: each sample has shape ${shapeText(have)} (${count(sizeOf(have))} values), but the model's input is ${shapeText(model.inputShape)} (${count(sizeOf(sampleShape))} values per sample).`,
    );
  }
  // Outputs and labels
  const out = model.outputShape;
  const units = out[out.length - 1];
  const perSampleLabel = y.shape.slice(1);
  const stats = labelStats(y);
  const lossName = loss.name;
  if (lossName === 'sparse_categorical_crossentropy' || lossName === 'categorical_crossentropy') {
    if (out.length !== 2 || units === null) {
      throw new DataError(`${lossName} needs an output of shape (None, classes), but ${model.outputLayer} outputs ${shapeText(out)}.`);
    }
    const oneHotRows = perSampleLabel.length === 1 && perSampleLabel[0] > 1;
    if (oneHotRows) {
      if (lossName === 'sparse_categorical_crossentropy') {
        throw new DataError(`sparse_categorical_crossentropy takes one class id per sample, but the labels are rows of ${perSampleLabel[0]} values (one-hot?). Use categorical_crossentropy, or labels 0…${perSampleLabel[0] - 1}.`);
      }
      if (perSampleLabel[0] !== units) {
        throw new DataError(`The labels are one-hot rows of ${perSampleLabel[0]} classes, but ${model.outputLayer} has ${units} outputs; they must be equal.`);
      }
      return { sampleShape, labelMode: 'as-is', classes: units, labelShape: [units], warnings };
    }
    if (sizeOf(perSampleLabel) !== 1) throw new DataError(`Labels of shape ${shapeText(y.shape)} cannot be class ids; expected one label per sample.`);
    if (!stats.integers || stats.min < 0) {
      throw new DataError(`${lossName} needs whole-number class ids 0, 1, 2, …; the labels range over ${stats.min}…${stats.max}${stats.integers ? '' : ' and are not all whole numbers'}.`);
    }
    const classes = Math.max(knownClasses ?? 0, stats.max + 1);
    if (units < classes) {
      throw new DataError(
        `${lossName} with ${classes} classes (labels 0–${classes - 1}) needs ${classes} outputs, but ${model.outputLayer} has ${units}. Give the last layer ${classes} units.`,
      );
    }
    if (units > classes) warnings.push(`${model.outputLayer} has ${units} outputs but the labels use ${classes} classes; the extra outputs are never the right answer.`);
    return {
      sampleShape,
      labelMode: lossName === 'sparse_categorical_crossentropy' ? 'sparse' : 'onehot',
      classes: units,
      labelShape: lossName === 'sparse_categorical_crossentropy' ? [] : [units],
      warnings,
    };
  }
  if (lossName === 'binary_crossentropy') {
    if (units !== 1 || out.length !== 2) {
      throw new DataError(`binary_crossentropy on one label per sample needs one output (None, 1), but ${model.outputLayer} outputs ${shapeText(out)}.${units !== null && units > 1 ? ` For ${units} classes use sparse_categorical_crossentropy.` : ''}`);
    }
    if (stats.min < 0 || stats.max > 1) throw new DataError(`binary_crossentropy needs labels between 0 and 1; the labels range over ${stats.min}…${stats.max}. For class ids use sparse_categorical_crossentropy.`);
    return { sampleShape, labelMode: 'as-is', classes: 2, labelShape: [1], warnings };
  }
  // Regression: one number per sample per output unit.
  if (sizeOf(perSampleLabel) !== sizeOf(out.slice(1).map((d) => d ?? 0))) {
    throw new DataError(`${lossName} compares each output with a label: ${model.outputLayer} outputs ${shapeText(out)}, but each label has shape ${shapeText(perSampleLabel)}.`);
  }
  return { sampleShape, labelMode: 'as-is', classes: 0, labelShape: out.slice(1) as number[], warnings };
}
