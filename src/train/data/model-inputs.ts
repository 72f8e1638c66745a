/**
 * Data for a functional model with several inputs: one array per input, found in an .npz by the Input's name
 * (`keras.Input(shape, name="image")` → key `image`, `image_train` or `x_train_image`; for the test set
 * `image_test` or `x_test_image`), with the labels under `y_train` (or `y`) and `y_test`, as
 * `np.savez(path, image=..., meta=..., y_train=...)` writes them. Keras's `model.fit({"image": ..., "meta": ...}, y)`
 * matches inputs by these names too. Or one file per input (.npy or IDX) with a labels file: `x_image.npy`,
 * `x_meta.npy`, `y.npy`, each input file matched to its Input by name (`orderInputFiles`).
 */
import { basename } from 'node:path';
import type { NdArray } from './array';
import { DataError } from './errors';

/** What data a model with several inputs trains from, in a message's words. */
export const MULTI_INPUT_DATA =
  "It trains from an .npz holding one array per input under the Input's name and the labels as y_train (np.savez(path, name1=..., name2=..., y_train=...)), or from one .npy file per input named after it (x_name1.npy, x_name2.npy) with a labels file (y.npy).";

/** The Input's name a file's name carries: `x_image.npy`, `image_train.npy`, `x_test_image.npy` → `image`. */
export function inputNameOfFile(path: string): string {
  const stem = basename(path).replace(/\.gz$/i, '').replace(/\.(npy|idx\d?)$/i, '');
  return stem.replace(/^x_(train_|test_)?/i, '').replace(/_(train|test)$/i, '');
}

/**
 * The input files in the model's input order: each matched to its Input by name (`inputNameOfFile`); when no
 * file names any input, as given. A DataError says which input has no file (or two), or that the counts differ.
 */
export function orderInputFiles(files: readonly string[], names: readonly string[]): string[] {
  const list = (fs: readonly string[]) => fs.map((f) => basename(f)).join(', ');
  if (files.length !== names.length) {
    throw new DataError(`The model has ${names.length} input${names.length === 1 ? '' : 's'} (${names.join(', ')}), but ${files.length} input files were given (${list(files)}). Give one file per input${names.length > 1 ? `, named after it (${names.map((n) => `x_${n}.npy`).join(', ')})` : ''}, and a labels file.`);
  }
  const byName = names.map((n) => files.filter((f) => inputNameOfFile(f) === n));
  if (byName.every((m) => m.length === 0)) return [...files];
  const wrong = names.filter((_, i) => byName[i].length !== 1);
  if (wrong.length) {
    const says = wrong.map((n) => `${n}: ${byName[names.indexOf(n)].length ? `${list(byName[names.indexOf(n)])} both name it` : 'no file names it'}`);
    throw new DataError(`Which file is which input? ${says.join('; ')}. Name each file after its Input: ${names.map((n) => `x_${n}.npy`).join(', ')} (of ${list(files)}).`);
  }
  return byName.map((m) => m[0]);
}

export interface MultiInputArrays<T = NdArray> {
  /** One array per input, in the model's order. */
  readonly xs: readonly T[];
  readonly y: T;
}

export const inputTrainKeys = (name: string) => [name, `${name}_train`, `x_train_${name}`];
export const inputTestKeys = (name: string) => [`${name}_test`, `x_test_${name}`];
const trainKeys = inputTrainKeys;
const testKeys = inputTestKeys;

function pick<T>(arrays: ReadonlyMap<string, T>, keys: readonly string[]): T | undefined {
  for (const k of keys) {
    const a = arrays.get(k);
    if (a) return a;
  }
  return undefined;
}

/** The training (and, when every key is there, test) arrays for inputs `names` (or anything else by key); a DataError names what is missing. */
export function splitNpzByInputs<T>(arrays: ReadonlyMap<string, T>, names: readonly string[], file: string): { train: MultiInputArrays<T>; test?: MultiInputArrays<T> } {
  const missing = names.filter((n) => !pick(arrays, trainKeys(n)));
  const y = pick(arrays, ['y_train', 'y']);
  if (missing.length || !y) {
    const want = [...missing.map((n) => `${n} (or ${n}_train, x_train_${n})`), ...(y ? [] : ['y_train (or y)'])];
    throw new DataError(
      `The model has ${names.length} inputs (${names.join(', ')}); ${file} has arrays ${[...arrays.keys()].join(', ')} but no ${want.join(', ')}. Save one array per input under the Input's name, e.g. np.savez("${file}", ${names.map((n) => `${n}=...`).join(', ')}, y_train=...).`,
    );
  }
  const train = { xs: names.map((n) => pick(arrays, trainKeys(n))!), y };
  const testXs = names.map((n) => pick(arrays, testKeys(n)));
  const testY = arrays.get('y_test');
  const test = testY && testXs.every((a) => a) ? { xs: testXs as T[], y: testY } : undefined;
  return { train, test };
}
