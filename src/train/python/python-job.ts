/**
 * What the Python runner reads (its job file): the TF.js engine's `TrainJob` restated for Keras (the model's
 * Keras config, compile and fit settings, the dataset's place on disk) — "train the model" — or the person's
 * script to run as written — "run the script".
 */
import { basename } from 'node:path';
import { DATASET_TITLES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../data/datasets';
import { DataError } from '../data/errors';
import { pickedArrays, type PickedArrays } from './python-arrays';
import { findDataset } from '../data/keras-downloads';
import type { Json } from '../host/keras-json';
import type { CompileSpec, FitSpec } from '../host/compile-fit';
import type { TrainJob } from '../worker-protocol';

export interface ModelJob {
  readonly mode: 'model';
  readonly modelJson: Json;
  readonly inputShape: readonly (number | null)[];
  /** A model with several inputs: each Input's name and shape (each array is shaped for its Input). */
  readonly inputs?: TrainJob['model']['inputs'];
  readonly outputShape: readonly (number | null)[];
  /** A model with several outputs: each output's shape (the labels are shaped for it), in the model's order. */
  readonly outputShapes?: readonly (readonly (number | null)[])[];
  readonly compile: CompileSpec;
  readonly fit: FitSpec;
  /** A Keras dataset's file or folder; none for picked files (`arrays`). */
  readonly dataPath?: string;
  /** Picked files: which array is each input and each output's labels. */
  readonly arrays?: PickedArrays;
  readonly dataTitle: string;
  readonly classNames: readonly string[];
  readonly scale: number;
  readonly limit?: number;
  readonly testLimit?: number;
  readonly seed?: number;
  readonly progressIntervalMs: number;
  /** The `.keras` file the trained model is written to. */
  readonly savePath?: string;
}

export interface ScriptJob {
  readonly mode: 'script';
  readonly script: string;
  /** Overrides every fit's epochs (the CLI's --epochs). */
  readonly epochs?: number;
  readonly progressIntervalMs: number;
}

export type PythonJob = ModelJob | ScriptJob;

/** A `.keras` path for a save target: a path ending in `.keras` as it is, else `model.keras` in that folder. */
export function kerasSavePath(target: string): string {
  return target.endsWith('.keras') ? target : `${target.replace(/\/+$/, '')}/model.keras`;
}

/** The model job for a planned TF.js job, or why the Keras engine cannot run it (yet). */
export function modelJob(job: TrainJob): ModelJob | { readonly error: string } {
  let data: Pick<ModelJob, 'dataPath' | 'arrays' | 'dataTitle' | 'classNames'>;
  if (job.data.kind === 'files') {
    try {
      data = { arrays: pickedArrays(job, job.data), dataTitle: basename(job.data.train.x), classNames: [] };
    } catch (e) {
      if (e instanceof DataError) return { error: e.message };
      throw e;
    }
  } else {
    const dataPath = findDataset(job.data.dataset, job.data.folders ?? []);
    if (!dataPath) return { error: `${DATASET_TITLES[job.data.dataset]} is not on this machine.` };
    data = { dataPath, dataTitle: DATASET_TITLES[job.data.dataset], classNames: job.data.dataset === 'fashion_mnist' ? FASHION_MNIST_CLASSES : MNIST_CLASSES };
  }
  return {
    mode: 'model',
    modelJson: job.model.json,
    inputShape: job.model.inputShape,
    ...(job.model.inputs ? { inputs: job.model.inputs } : {}),
    outputShape: job.model.outputShape,
    ...(job.model.outputs ? { outputShapes: job.model.outputs.map((o) => o.shape) } : {}),
    compile: job.compile,
    fit: job.fit,
    ...data,
    scale: job.scale,
    limit: job.limit,
    testLimit: job.testLimit,
    seed: job.seed,
    progressIntervalMs: job.progressIntervalMs,
    savePath: job.saveDir ? kerasSavePath(job.saveDir) : undefined,
  };
}
