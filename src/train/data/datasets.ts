/**
 * Where training data comes from: the Keras datasets a file loads (`tf.keras.datasets.fashion_mnist`,
 * `mnist`) found on disk — a configured data folder, Keras's own cache, Debian's `dataset-fashion-mnist`
 * package — or files the person picked (IDX, .npy, .npz, CSV). Fetching a missing dataset is `keras-downloads.ts`'s,
 * and only with consent.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { firstRows, type NdArray } from './array';
import { CIFAR10_CLASSES, CIFAR_FOLDER, cifarFolder, loadCifar } from './cifar';
import { readCsv } from './csv';
import { count, DataError } from './errors';
import { readIdx } from './idx';
import { MULTI_INPUT_DATA, orderInputFiles, splitNpzByInputs, type MultiInputArrays } from './model-inputs';
import { multiOutputData, splitNpzByOutputs, splitOutputFiles, type MultiOutputArrays } from './model-outputs';
import { readNpy, readNpz } from './npy';

export type KerasDataset = 'fashion_mnist' | 'mnist' | 'cifar10';

export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const DATASET_TITLES: Record<KerasDataset, string> = { fashion_mnist: 'Fashion-MNIST', mnist: 'MNIST', cifar10: 'CIFAR-10' };

/** Where Debian's `dataset-fashion-mnist` package puts the files (`dpkg -L dataset-fashion-mnist`). */
export const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

/**
 * The folder Debian's dataset packages install into: `MODEL_LENS_DEBIAN_DATASETS`, else `/usr/share/datasets`.
 * The variable lets a test see a machine without Debian's copy (an empty cache must then offer the download).
 */
export function debianDatasets(env: NodeJS.ProcessEnv = process.env): string {
  return env.MODEL_LENS_DEBIAN_DATASETS?.trim() || dirname(DEBIAN_FASHION_MNIST);
}

export interface LabeledArrays {
  /** The inputs; for a model with several inputs, the first of `xs`. */
  readonly x: NdArray;
  readonly y: NdArray;
  /** A model with several inputs: one array per input, in the model's order. */
  readonly xs?: readonly NdArray[];
  /** A model with several outputs: one labels array per output, in the model's order; `y` is the first. */
  readonly ys?: readonly NdArray[];
}

export interface Dataset {
  /** `Fashion-MNIST`, or the file name for picked files. */
  readonly title: string;
  /** The folder or files it was read from. */
  readonly source: string;
  readonly train: LabeledArrays;
  readonly test?: LabeledArrays;
  readonly classNames?: readonly string[];
}

/** Files the person picked: images and labels as two files (IDX or .npy), one .npz, or one CSV with a label column. */
export interface FileSet {
  readonly x: string;
  /** A model with several inputs: one file per input (IDX or .npy), matched to them by name (model-inputs.ts); `x` is the first. */
  readonly xs?: readonly string[];
  readonly y?: string;
  /** A model with several outputs: the labels files after `y`, one per output, matched to them by name (model-outputs.ts). */
  readonly ys?: readonly string[];
  /** CSV only: the label column's name or 0-based index. */
  readonly labelColumn?: string | number;
}

export type DataSource =
  | { readonly kind: 'keras'; readonly dataset: KerasDataset; /** Searched before the standard places. */ readonly folders?: readonly string[] }
  | { readonly kind: 'files'; readonly train: FileSet; readonly test?: FileSet };

/** Every file of picked data: each set's inputs then its labels, the training set first. */
export function dataFiles(source: Extract<DataSource, { kind: 'files' }>): string[] {
  const files = (set: FileSet | undefined) => (set ? [...(set.xs ?? [set.x]), ...(set.y ? [set.y] : []), ...(set.ys ?? [])] : []);
  return [...files(source.train), ...files(source.test)];
}

export interface LoadOptions {
  /** Use only the first N training samples. */
  readonly limit?: number;
  /** Use only the first N test samples. */
  readonly testLimit?: number;
  /** Overrides `~` for Keras's cache (tests). */
  readonly home?: string;
  /** A model with several inputs: their names, which the data's npz keys must carry (data/model-inputs.ts). */
  readonly inputNames?: readonly string[];
  /** A model with several outputs: their names, which the labels' npz keys or file names must carry (data/model-outputs.ts). */
  readonly outputNames?: readonly string[];
}

const IDX_FILES = {
  trainX: 'train-images-idx3-ubyte',
  trainY: 'train-labels-idx1-ubyte',
  testX: 't10k-images-idx3-ubyte',
  testY: 't10k-labels-idx1-ubyte',
} as const;

/** Keras's cache folder: `$KERAS_HOME/datasets`, else `~/.keras/datasets`. */
export function kerasCache(home = homedir()): string {
  return join(process.env.KERAS_HOME ?? join(home, '.keras'), 'datasets');
}

/** The file itself or its `.gz` sibling, whichever exists (raw first). */
function idxFile(folder: string, stem: string): string | undefined {
  for (const name of [stem, `${stem}.gz`]) if (existsSync(join(folder, name))) return join(folder, name);
  return undefined;
}

interface Found {
  readonly source: string;
  readonly load: (opts: LoadOptions) => { train: LabeledArrays; test?: LabeledArrays };
}

function idxFolder(folder: string): Found | undefined {
  const trainX = idxFile(folder, IDX_FILES.trainX);
  const trainY = idxFile(folder, IDX_FILES.trainY);
  if (!trainX || !trainY) return undefined;
  const testX = idxFile(folder, IDX_FILES.testX);
  const testY = idxFile(folder, IDX_FILES.testY);
  return {
    source: folder,
    load: () => ({
      train: { x: readIdx(trainX), y: readIdx(trainY) },
      test: testX && testY ? { x: readIdx(testX), y: readIdx(testY) } : undefined,
    }),
  };
}

function npzFile(path: string): Found | undefined {
  if (!existsSync(path)) return undefined;
  return { source: path, load: () => splitNpz(readNpz(path), basename(path)) };
}

/** `x_train`/`y_train`/`x_test`/`y_test`, the keys Keras's `mnist.npz` and `np.savez(...)` by convention use. */
function splitNpz(arrays: Map<string, NdArray>, name: string): { train: LabeledArrays; test?: LabeledArrays } {
  const get = (key: string) => arrays.get(key);
  const trainX = get('x_train');
  const trainY = get('y_train');
  if (!trainX || !trainY) {
    throw new DataError(`${name} has arrays ${[...arrays.keys()].join(', ')}; training needs x_train and y_train (and x_test, y_test for the test set), as in Keras's mnist.npz.`);
  }
  const testX = get('x_test');
  const testY = get('y_test');
  return { train: { x: trainX, y: trainY }, test: testX && testY ? { x: testX, y: testY } : undefined };
}

/** Keras 3 extracts into `cifar-10-batches-py-target/` beside its `_archive`; tf-keras into `cifar-10-batches-py/`. */
export const CIFAR_KERAS_ARCHIVE = 'cifar-10-batches-py-target_archive';

function cifarPlaces(folders: readonly string[], cache: string): { place: string; find: () => Found | undefined }[] {
  const inFolder = (folder: string): Found | undefined => {
    const at = cifarFolder(folder);
    return at ? { source: at, load: (o) => loadCifar({ folder: at }, o.limit) } : undefined;
  };
  const archive = (path: string): Found | undefined => (existsSync(path) ? { source: path, load: (o) => loadCifar({ archive: path }, o.limit) } : undefined);
  const places = [...folders, join(cache, 'cifar-10-batches-py-target'), join(cache, CIFAR_FOLDER)].map((f) => ({ place: f, find: () => inFolder(f) }));
  for (const path of [...folders.map((f) => join(f, 'cifar-10-python.tar.gz')), join(cache, CIFAR_KERAS_ARCHIVE)]) places.push({ place: path, find: () => archive(path) });
  return places;
}

/** Every place a Keras dataset is looked for, in order, with what was found there. */
export function kerasDatasetPlaces(dataset: KerasDataset, folders: readonly string[] = [], home?: string): { place: string; found?: Found }[] {
  const cache = kerasCache(home);
  if (dataset === 'cifar10') return cifarPlaces(folders, cache).map((p) => ({ place: p.place, found: p.find() }));
  const places: { place: string; find: () => Found | undefined }[] = [];
  for (const folder of folders) {
    if (dataset === 'fashion_mnist') {
      places.push({ place: join(folder, 'fashion-mnist'), find: () => idxFolder(join(folder, 'fashion-mnist')) });
    } else {
      places.push({ place: join(folder, 'mnist.npz'), find: () => npzFile(join(folder, 'mnist.npz')) });
      places.push({ place: join(folder, 'mnist'), find: () => idxFolder(join(folder, 'mnist')) });
    }
    places.push({ place: folder, find: () => idxFolder(folder) });
  }
  if (dataset === 'fashion_mnist') {
    places.push({ place: join(cache, 'fashion-mnist'), find: () => idxFolder(join(cache, 'fashion-mnist')) });
    const debian = join(debianDatasets(), 'fashion-mnist');
    places.push({ place: debian, find: () => idxFolder(debian) });
  } else {
    places.push({ place: join(cache, 'mnist.npz'), find: () => npzFile(join(cache, 'mnist.npz')) });
  }
  return places.map((p) => ({ place: p.place, found: p.find() }));
}

function notFound(dataset: KerasDataset, places: readonly string[]): DataError {
  const title = DATASET_TITLES[dataset];
  const files =
    dataset === 'fashion_mnist'
      ? 'train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz'
      : dataset === 'cifar10'
        ? `${CIFAR_FOLDER}/ (data_batch_1 to data_batch_5, test_batch) or cifar-10-python.tar.gz`
        : 'mnist.npz (or the four MNIST IDX files)';
  const how =
    dataset === 'fashion_mnist'
      ? `Download it into Keras's cache (--download on the command line; the editor offers it), install Debian's copy (sudo apt-get install dataset-fashion-mnist), run the file once with Keras so it fills its cache, or point the data folder setting (modelLens.train.dataFolder; --data DIR on the command line) at a folder with ${files}.`
      : `Download it into Keras's cache (--download on the command line; the editor offers it), run the file once with Keras so it fills its cache, or point the data folder setting (modelLens.train.dataFolder; --data DIR on the command line) at a folder with ${files}.`;
  return new DataError(`${title} was not found on this machine. Looked in: ${places.join(', ')}. ${how}`);
}

const limitRows = (a: LabeledArrays, n: number | undefined): LabeledArrays =>
  n ? { x: firstRows(a.x, n), y: firstRows(a.y, n), ...(a.xs ? { xs: a.xs.map((x) => firstRows(x, n)) } : {}), ...(a.ys ? { ys: a.ys.map((y) => firstRows(y, n)) } : {}) } : a;

const fromInputs = (a: MultiInputArrays): LabeledArrays => ({ x: a.xs[0], y: a.y, xs: a.xs });
const fromOutputs = (a: MultiOutputArrays): LabeledArrays => ({ x: a.xs[0], y: a.ys[0], ys: a.ys, ...(a.xs.length > 1 ? { xs: a.xs } : {}) });

export async function loadDataset(source: DataSource, options: LoadOptions = {}): Promise<Dataset> {
  const limitTrain = (a: LabeledArrays) => limitRows(a, options.limit);
  const limitTest = (a: LabeledArrays | undefined) => a && limitRows(a, options.testLimit);
  const inputNames = options.inputNames && options.inputNames.length > 1 ? options.inputNames : undefined;
  const outputNames = options.outputNames && options.outputNames.length > 1 ? options.outputNames : undefined;
  if (outputNames && (source.kind === 'keras' || formatOf(source.train.x) === 'csv')) {
    const what = source.kind === 'keras' ? `${DATASET_TITLES[source.dataset]} has one array of labels` : `${basename(source.train.x)} has one label column`;
    throw new DataError(`${what}, but the model has ${outputNames.length} outputs (${outputNames.join(', ')}). ${multiOutputData(outputNames)}`);
  }
  if (inputNames && (source.kind === 'keras' || (formatOf(source.train.x) !== 'npz' && !source.train.xs))) {
    throw new DataError(`The model has ${inputNames.length} inputs (${inputNames.join(', ')}). ${MULTI_INPUT_DATA}`);
  }
  if (source.kind === 'keras') {
    // A folder the person named must exist: falling back to another copy would train on data they did not choose.
    for (const folder of source.folders ?? []) {
      if (!existsSync(folder) || !statSync(folder).isDirectory()) {
        throw new DataError(`The data folder ${folder} (modelLens.train.dataFolder; --data on the command line) ${existsSync(folder) ? 'is not a folder' : 'does not exist'}.`);
      }
    }
    const places = kerasDatasetPlaces(source.dataset, source.folders, options.home);
    const hit = places.find((p) => p.found);
    if (!hit?.found) throw notFound(source.dataset, places.map((p) => p.place));
    const { train, test } = hit.found.load(options);
    checkPair(train, `${DATASET_TITLES[source.dataset]} training set in ${hit.found.source}`);
    if (test) checkPair(test, `${DATASET_TITLES[source.dataset]} test set in ${hit.found.source}`);
    return {
      title: DATASET_TITLES[source.dataset],
      source: hit.found.source,
      train: limitTrain(train),
      test: limitTest(test),
      classNames: source.dataset === 'fashion_mnist' ? FASHION_MNIST_CLASSES : source.dataset === 'cifar10' ? CIFAR10_CLASSES : MNIST_CLASSES,
    };
  }
  const trainFiles = await loadFileSet(source.train, options.limit, inputNames, outputNames);
  let test = trainFiles.test;
  if (source.test) {
    const testFiles = await loadFileSet(source.test, options.testLimit, inputNames, outputNames);
    test = testFiles.test ?? testFiles.train;
  }
  checkPair(trainFiles.train, `training data ${basename(source.train.x)}`);
  if (test) checkPair(test, `test data ${basename(source.test?.x ?? source.train.x)}`);
  return {
    title: basename(source.train.x),
    source: dataFiles(source).join(', '),
    train: limitTrain(trainFiles.train),
    test: limitTest(test),
  };
}

/** One FileSet: `{train}` and, for an .npz with x_test/y_test, `{test}` too. */
async function loadFileSet(set: FileSet, limit: number | undefined, inputNames?: readonly string[], outputNames?: readonly string[]): Promise<{ train: LabeledArrays; test?: LabeledArrays }> {
  const kind = formatOf(set.x);
  if (kind === 'npz' && outputNames) {
    const { train, test } = splitNpzByOutputs(readNpz(set.x), outputNames, basename(set.x), inputNames);
    return { train: fromOutputs(train), test: test && fromOutputs(test) };
  }
  if (kind === 'npz' && inputNames) {
    const { train, test } = splitNpzByInputs(readNpz(set.x), inputNames, basename(set.x));
    return { train: fromInputs(train), test: test && fromInputs(test) };
  }
  if (kind === 'npz') return splitNpz(readNpz(set.x), basename(set.x));
  if (kind === 'csv') {
    const csv = await readCsv(set.x, { labelColumn: set.labelColumn, limit });
    return { train: { x: csv.features, y: { data: csv.labels, shape: [csv.labels.length] } } };
  }
  if (!set.y) throw new DataError(`${basename(set.x)} holds the inputs; pick the labels file too (an IDX or .npy file with one label per sample).`);
  const read = (path: string) => (formatOf(path) === 'npy' ? readNpy(path) : formatOf(path) === 'idx' ? readIdx(path) : unsupported(path));
  if (outputNames) {
    // One labels file per output, named after it (y_cls.npy); the other files are the inputs.
    const { inputs, labels } = splitOutputFiles([...(set.xs ?? [set.x]), set.y, ...(set.ys ?? [])], outputNames);
    const ys = labels.map(read);
    if (inputs.length === 1 && !inputNames) return { train: { x: read(inputs[0]), y: ys[0], ys } };
    if (!inputNames) throw new DataError(`The model has one input, but ${inputs.length} input files were given (${inputs.map((f) => basename(f)).join(', ')}); give one inputs file and one labels file per output.`);
    const xs = orderInputFiles(inputs, inputNames).map(read);
    return { train: { x: xs[0], y: ys[0], xs, ys } };
  }
  if (set.xs && set.xs.length > 1) {
    if (!inputNames) throw new DataError(`The model has one input, but ${set.xs.length} input files were given (${set.xs.map((f) => basename(f)).join(', ')}); give one inputs file and one labels file.`);
    const xs = orderInputFiles(set.xs, inputNames).map(read);
    return { train: { x: xs[0], y: read(set.y), xs } };
  }
  return { train: { x: read(set.x), y: read(set.y) } };
}

export type FileFormat = 'idx' | 'npy' | 'npz' | 'csv';

/** The format from the file name: `.npy`, `.npz`, `.csv`, and IDX (`*-ubyte`, `.idx`, either one `.gz`). */
export function formatOf(path: string): FileFormat | undefined {
  const name = basename(path).toLowerCase().replace(/\.gz$/, '');
  const ext = extname(name);
  if (ext === '.npy') return 'npy';
  if (ext === '.npz') return 'npz';
  if (ext === '.csv') return 'csv';
  if (/ubyte$|\.idx\d?$|-idx\d-/.test(name)) return 'idx';
  return undefined;
}

function unsupported(path: string): never {
  throw new DataError(`${basename(path)}: Model Lens reads IDX (.gz or raw), .npy, .npz and CSV files; this file's name does not say which it is.`);
}

function checkPair(set: LabeledArrays, what: string): void {
  for (const x of set.xs?.slice(1) ?? []) checkPair({ x, y: set.y }, what);
  for (const y of set.ys?.slice(1) ?? []) checkPair({ x: set.x, y }, what);
  const nx = set.x.shape[0];
  const ny = set.y.shape[0];
  if (set.x.shape.length < 2) throw new DataError(`The ${what} has inputs of shape (${set.x.shape.join(', ')}); expected one row per sample.`);
  if (nx !== ny) throw new DataError(`The ${what} has ${count(nx)} inputs but ${count(ny)} labels; they must match one to one.`);
}
