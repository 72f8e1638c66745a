/**
 * Picked data files for the Keras engine: which array of which file is each input and each output's labels,
 * decided here with the same rules as the TF.js engine's loader (an .npz's keys by the Inputs' and output
 * layers' names, files matched by name: data/model-inputs.ts, data/model-outputs.ts), so the runner only loads
 * what it is told (`np.load(file)[key]`) and passes it to `model.fit` by name, as Keras matches them.
 */
import { basename } from 'node:path';
import { formatOf, type DataSource, type FileSet } from '../data/datasets';
import { DataError } from '../data/errors';
import { orderInputFiles, splitNpzByInputs } from '../data/model-inputs';
import { splitNpzByOutputs, splitOutputFiles } from '../data/model-outputs';
import { npzKeys } from '../data/npy';
import type { TrainJob } from '../worker-protocol';

/** One array: a .npy or IDX file, or the array `key` of an .npz. */
export interface ArrayRef {
  readonly file: string;
  readonly key?: string;
}

export interface ArraySet {
  /** One per input, in the model's order. */
  readonly xs: readonly ArrayRef[];
  /** One per output, in the model's order. */
  readonly ys: readonly ArrayRef[];
}

export interface PickedArrays {
  readonly train: ArraySet;
  readonly test?: ArraySet;
  /** A model with several inputs: `model.fit` takes a dict by these names. */
  readonly inputNames?: readonly string[];
  /** A model with several outputs: its labels as a dict by these names. */
  readonly outputNames?: readonly string[];
}

function several(names: readonly string[] | undefined): readonly string[] | undefined {
  return names && names.length > 1 ? names : undefined;
}

/** The arrays of one set: `{train}`, and `{test}` too for an .npz that holds one. A DataError says what is missing. */
function setArrays(set: FileSet, inputNames?: readonly string[], outputNames?: readonly string[]): { train: ArraySet; test?: ArraySet } {
  const format = formatOf(set.x);
  if (format === 'npz') {
    const keyed = new Map(npzKeys(set.x).map((key) => [key, { file: set.x, key }]));
    const file = basename(set.x);
    if (outputNames) return splitNpzByOutputs(keyed, outputNames, file, inputNames);
    if (inputNames) {
      const { train, test } = splitNpzByInputs(keyed, inputNames, file);
      return { train: { xs: train.xs, ys: [train.y] }, test: test && { xs: test.xs, ys: [test.y] } };
    }
    const [x, y, tx, ty] = ['x_train', 'y_train', 'x_test', 'y_test'].map((k) => keyed.get(k));
    if (!x || !y) throw new DataError(`${file} has arrays ${[...keyed.keys()].join(', ')}; training needs x_train and y_train (and x_test, y_test for the test set), as in Keras's mnist.npz.`);
    return { train: { xs: [x], ys: [y] }, test: tx && ty ? { xs: [tx], ys: [ty] } : undefined };
  }
  if (format === 'csv') throw new DataError(`${basename(set.x)}: the Keras engine reads .npz, .npy and IDX files; a CSV trains with the TensorFlow.js engine.`);
  if (!set.y) throw new DataError(`${basename(set.x)} holds the inputs; pick the labels file too (an IDX or .npy file with one label per sample).`);
  const files = [...(set.xs ?? [set.x]), set.y, ...(set.ys ?? [])];
  const { inputs, labels } = outputNames ? splitOutputFiles(files, outputNames) : { inputs: files.slice(0, -1), labels: [set.y] };
  if (!inputNames && inputs.length !== 1) throw new DataError(`The model has one input, but ${inputs.length} input files were given (${inputs.map((f) => basename(f)).join(', ')}).`);
  const xs = inputNames ? orderInputFiles(inputs, inputNames) : inputs;
  return { train: { xs: xs.map((file) => ({ file })), ys: labels.map((file) => ({ file })) } };
}

/** The arrays a job's picked files hold for its model; a DataError (its message for the person) when they do not fit. */
export function pickedArrays(job: TrainJob, data: Extract<DataSource, { kind: 'files' }>): PickedArrays {
  const inputNames = several(job.model.inputs?.map((i) => i.name));
  const outputNames = several(job.model.outputs?.map((o) => o.name));
  const train = setArrays(data.train, inputNames, outputNames);
  const test = data.test ? setArrays(data.test, inputNames, outputNames) : undefined;
  return {
    train: train.train,
    ...((test ? (test.test ?? test.train) : train.test) ? { test: test ? (test.test ?? test.train) : train.test } : {}),
    ...(inputNames ? { inputNames } : {}),
    ...(outputNames ? { outputNames } : {}),
  };
}
