/**
 * Labels for a functional model with several outputs: one array per output, found by the output layer's name
 * as Keras's `model.fit(x, {"cls": y_cls, "reg": y_reg})` matches them (`model.output_names`). In an .npz the
 * training labels of output `cls` are `y_train_cls`, `cls_train` or `y_cls`, the test labels `y_test_cls` or
 * `cls_test`; the inputs as for one output (`x_train`, or one array per Input's name: model-inputs.ts). Or one
 * labels file per output beside the inputs file(s): `y_cls.npy`, `y_reg.npy` (test: `y_test_cls.npy`, `y_cls_test.npy`).
 */
import { basename } from 'node:path';
import type { NdArray } from './array';
import { DataError } from './errors';
import { inputTrainKeys, inputTestKeys } from './model-inputs';

/** What labels a model with several outputs trains from, in a message's words. */
export function multiOutputData(names: readonly string[]): string {
  return `It trains from an .npz holding one labels array per output under the output layer's name (np.savez(path, x_train=..., ${names.map((n) => `y_train_${n}=...`).join(', ')}), with ${names.map((n) => `y_test_${n}`).join(', ')} for the test set), or from one labels file per output named after it (${names.map((n) => `y_${n}.npy`).join(', ')}) beside the inputs file.`;
}

export const labelTrainKeys = (name: string) => [`y_train_${name}`, `${name}_train`, `y_${name}`];
export const labelTestKeys = (name: string) => [`y_test_${name}`, `${name}_test`];

function pick<T>(arrays: ReadonlyMap<string, T>, keys: readonly string[]): T | undefined {
  for (const k of keys) {
    const a = arrays.get(k);
    if (a) return a;
  }
  return undefined;
}

export interface MultiOutputArrays<T = NdArray> {
  /** One array per input, in the model's order (one for a model with one input). */
  readonly xs: readonly T[];
  /** One labels array per output, in the model's order. */
  readonly ys: readonly T[];
}

/**
 * The training (and, when every key is there, test) arrays of an .npz for a model with outputs `outputNames`
 * and, when it has several inputs, `inputNames` (else `x_train`); a DataError names every key that is missing.
 * Of arrays, or of anything else by key (the Keras engine's job names the arrays its Python loads).
 */
export function splitNpzByOutputs<T>(arrays: ReadonlyMap<string, T>, outputNames: readonly string[], file: string, inputNames?: readonly string[]): { train: MultiOutputArrays<T>; test?: MultiOutputArrays<T> } {
  const inputs = inputNames ?? [];
  const xTrain = inputNames ? inputNames.map((n) => pick(arrays, inputTrainKeys(n))) : [pick(arrays, ['x_train', 'x'])];
  const yTrain = outputNames.map((n) => pick(arrays, labelTrainKeys(n)));
  const alternatives = (keys: string[]) => `${keys[0]} (or ${keys.slice(1).join(', ')})`;
  const missing = [
    ...xTrain.flatMap((x, i) => (x ? [] : [inputNames ? alternatives(inputTrainKeys(inputs[i])) : 'x_train'])),
    ...yTrain.flatMap((y, i) => (y ? [] : [alternatives(labelTrainKeys(outputNames[i]))])),
  ];
  if (missing.length) {
    const xs = inputNames ? inputNames.map((n) => `${n}=...`).join(', ') : 'x_train=...';
    throw new DataError(
      `The model has ${outputNames.length} outputs (${outputNames.join(', ')}); ${file} has arrays ${[...arrays.keys()].join(', ')} but no ${missing.join(', ')}. Save one labels array per output under the output layer's name, e.g. np.savez("${file}", ${xs}, ${outputNames.map((n) => `y_train_${n}=...`).join(', ')}).`,
    );
  }
  const train = { xs: xTrain as T[], ys: yTrain as T[] };
  const xTest = inputNames ? inputNames.map((n) => pick(arrays, inputTestKeys(n))) : [arrays.get('x_test')];
  const yTest = outputNames.map((n) => pick(arrays, labelTestKeys(n)));
  const complete = xTest.every((x) => x) && yTest.every((y) => y);
  return { train, test: complete ? { xs: xTest as T[], ys: yTest as T[] } : undefined };
}

/** The output a labels file's name is for: `y_cls.npy`, `y_train_cls.npy`, `y_test_cls.npy`, `y_cls_test.npy` → `cls`; else undefined. */
export function outputNameOfFile(path: string, names: readonly string[]): string | undefined {
  const stem = basename(path).replace(/\.gz$/i, '').replace(/\.(npy|idx\d?)$/i, '');
  const m = /^y_(?:train_|test_)?(.+?)(?:_train|_test)?$/i.exec(stem);
  if (!m) return undefined;
  return names.find((n) => n === m[1]) ?? names.find((n) => n.toLowerCase() === m[1].toLowerCase());
}

/**
 * The files of one set told apart for a model with outputs `names`: each output's labels file (by name,
 * `outputNameOfFile`) in the model's order, and the rest, the inputs. A DataError says which output has no
 * labels file, or two.
 */
export function splitOutputFiles(files: readonly string[], names: readonly string[]): { inputs: string[]; labels: string[] } {
  const byOutput = names.map((n) => files.filter((f) => outputNameOfFile(f, names) === n));
  const wrong = names.filter((_, i) => byOutput[i].length !== 1);
  const list = (fs: readonly string[]) => fs.map((f) => basename(f)).join(', ');
  if (wrong.length) {
    const says = wrong.map((n) => `${n}: ${byOutput[names.indexOf(n)].length ? `${list(byOutput[names.indexOf(n)])} all name it` : 'no file names it'}`);
    throw new DataError(`Which labels are for which output? ${says.join('; ')}. The model has ${names.length} outputs (${names.join(', ')}); ${multiOutputData(names)} (Given: ${list(files)}.)`);
  }
  const labels = byOutput.map((m) => m[0]);
  return { inputs: files.filter((f) => !labels.includes(f)), labels };
}
