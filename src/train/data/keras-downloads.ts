/**
 * The Keras datasets Model Lens can fetch, as `keras.datasets` fetches them: the same origin, the same file
 * names, the same place in Keras's cache (`~/.keras/datasets/`), so Python and Model Lens share one copy.
 * Which of them fits a model's input (28×28 or 784 → Fashion-MNIST and MNIST; 32×32×3 → CIFAR-10). Downloads only with consent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { downloadFile } from './download';
import { CIFAR_KERAS_ARCHIVE, DATASET_TITLES, debianDatasets, kerasCache, kerasDatasetPlaces, type KerasDataset } from './datasets';

/** `keras/src/datasets/fashion_mnist.py` and `mnist.py` (Keras 3.15): `base = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"`. */
export const KERAS_ORIGIN = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

export interface KerasFile {
  /** The name in Keras's cache. */
  readonly name: string;
  /** The name at the origin (and on a mirror) when it differs: CIFAR-10's `cifar-10-python.tar.gz`. */
  readonly remote?: string;
  /** The origin when it is not Keras's bucket (CIFAR-10 comes from its authors' site). */
  readonly origin?: string;
  /** Keras's `file_hash` where it gives one (mnist.npz); else the dataset's published MD5 (Fashion-MNIST's README). */
  readonly hash: string;
  readonly bytes: number;
}

export interface KerasDownload {
  /** The folder inside Keras's cache: `get_file(..., cache_subdir=...)`. */
  readonly folder: string;
  readonly files: readonly KerasFile[];
}

export const KERAS_DOWNLOADS: Record<KerasDataset, KerasDownload> = {
  // Keras's loader gives no file_hash here; these are the MD5s zalandoresearch/fashion-mnist publishes for the same files.
  fashion_mnist: {
    folder: 'fashion-mnist',
    files: [
      { name: 'train-labels-idx1-ubyte.gz', hash: '25c81989df183df01b3e8a0aad5dffbe', bytes: 29_515 },
      { name: 'train-images-idx3-ubyte.gz', hash: '8d4fb7e6c68d591d4c3dfef9ec88bf0d', bytes: 26_421_880 },
      { name: 't10k-labels-idx1-ubyte.gz', hash: 'bb300cfdad3c16e7a12a480ee83cd310', bytes: 5_148 },
      { name: 't10k-images-idx3-ubyte.gz', hash: 'bef4ecab320f06d8554ea6380940ec79', bytes: 4_422_102 },
    ],
  },
  mnist: { folder: '', files: [{ name: 'mnist.npz', hash: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1', bytes: 11_490_434 }] },
  // keras/src/datasets/cifar10.py: get_file("cifar-10-batches-py-target", origin, extract=True, file_hash=...) keeps the
  // archive as "<fname>_archive" in the cache; Model Lens reads the batches straight out of it.
  cifar10: {
    folder: '',
    files: [
      {
        name: CIFAR_KERAS_ARCHIVE,
        remote: 'cifar-10-python.tar.gz',
        origin: 'https://www.cs.toronto.edu/~kriz/',
        hash: '6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce',
        bytes: 170_498_071,
      },
    ],
  },
};

/** The mirror setting, else `MODEL_LENS_DATASET_MIRROR`, else Keras's own origin; always ends in `/`. */
export function datasetOrigin(mirror?: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = mirror?.trim() || env.MODEL_LENS_DATASET_MIRROR?.trim() || KERAS_ORIGIN;
  return base.endsWith('/') ? base : `${base}/`;
}

/** The Keras datasets whose samples fit a model input (batch dimension left out): 28×28, 28×28×1 or 784 values; 32×32×3. */
export function datasetsFitting(inputShape: readonly (number | null)[]): KerasDataset[] {
  const dims = inputShape.slice(1);
  if (dims.length === 3 && dims[0] === 32 && dims[1] === 32 && dims[2] === 3) return ['cifar10'];
  const fitsMnist = (dims.length === 2 && dims[0] === 28 && dims[1] === 28) || (dims.length === 3 && dims[0] === 28 && dims[1] === 28 && dims[2] === 1) || (dims.length === 1 && dims[0] === 784);
  return fitsMnist ? ['fashion_mnist', 'mnist'] : [];
}

/** Where the dataset is on this machine (`kerasDatasetPlaces` order), or undefined. */
export function findDataset(dataset: KerasDataset, folders: readonly string[] = [], home?: string): string | undefined {
  return kerasDatasetPlaces(dataset, folders, home).find((p) => p.found)?.found?.source;
}

/** Where a place is, in the words a picker shows: "Keras cache", "data folder", "Debian package". */
export function placeLabel(source: string, home?: string): string {
  if (source.startsWith(kerasCache(home))) return 'Keras cache';
  if (source.startsWith(debianDatasets())) return 'Debian package';
  return 'data folder';
}

export interface DownloadPlan {
  readonly dataset: KerasDataset;
  readonly title: string;
  /** Each file still missing, with its address and where it goes. */
  readonly files: readonly { readonly url: string; readonly target: string; readonly file: KerasFile }[];
  readonly bytes: number;
  readonly folder: string;
}

/** What downloading `dataset` into Keras's cache would fetch (files already there are kept). */
export function planDownload(dataset: KerasDataset, options: { home?: string; mirror?: string; env?: NodeJS.ProcessEnv; exists?: (path: string) => boolean } = {}): DownloadPlan {
  const spec = KERAS_DOWNLOADS[dataset];
  const folder = join(kerasCache(options.home), spec.folder);
  const mirrored = datasetOrigin(options.mirror, options.env);
  const origin = (f: KerasFile) => (mirrored === KERAS_ORIGIN && f.origin ? f.origin : mirrored);
  const exists = options.exists ?? existsSync;
  const files = spec.files.filter((f) => !exists(join(folder, f.name))).map((file) => ({ url: origin(file) + (file.remote ?? file.name), target: join(folder, file.name), file }));
  return { dataset, title: DATASET_TITLES[dataset], files, bytes: files.reduce((n, f) => n + f.file.bytes, 0), folder };
}

export interface FetchOptions {
  /** Asked once with what would be fetched; false: nothing is fetched. */
  readonly consent: (plan: DownloadPlan) => Promise<boolean> | boolean;
  /** Bytes of all files so far, of all files' total, and the file now arriving. */
  readonly onProgress?: (received: number, total: number, file: string) => void;
  readonly signal?: AbortSignal;
  readonly retries?: number;
}

/** Downloads what `plan` lists, one file after another; `refused` when the person said no. */
export async function fetchDataset(plan: DownloadPlan, options: FetchOptions): Promise<'done' | 'refused'> {
  if (plan.files.length === 0) return 'done';
  if (!(await options.consent(plan))) return 'refused';
  let before = 0;
  for (const f of plan.files) {
    await downloadFile(f.url, f.target, {
      hash: f.file.hash,
      retries: options.retries,
      signal: options.signal,
      onProgress: (received) => options.onProgress?.(before + received, plan.bytes, f.file.name),
    });
    before += f.file.bytes;
  }
  return 'done';
}
