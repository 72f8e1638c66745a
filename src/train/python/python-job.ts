/**
 * What the Python runner reads (its job file): the TF.js engine's `TrainJob` restated for Keras (the model's
 * Keras config, compile and fit settings, the dataset's place on disk) — "train the model" — or the person's
 * script to run as written — "run the script".
 */
import { DATASET_TITLES, FASHION_MNIST_CLASSES, MNIST_CLASSES } from '../data/datasets';
import { findDataset } from '../data/keras-downloads';
import type { Json } from '../host/keras-json';
import type { CompileSpec, FitSpec } from '../host/compile-fit';
import type { TrainJob } from '../worker-protocol';

export interface ModelJob {
  readonly mode: 'model';
  readonly modelJson: Json;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly compile: CompileSpec;
  readonly fit: FitSpec;
  readonly dataPath: string;
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
  if (job.data.kind !== 'keras') return { error: 'The Keras engine trains on the Keras datasets (Fashion-MNIST, MNIST) for now; picked files train with the TensorFlow.js engine, or run your script with --mode script.' };
  const dataPath = findDataset(job.data.dataset, job.data.folders ?? []);
  if (!dataPath) return { error: `${DATASET_TITLES[job.data.dataset]} is not on this machine.` };
  return {
    mode: 'model',
    modelJson: job.model.json,
    inputShape: job.model.inputShape,
    outputShape: job.model.outputShape,
    compile: job.compile,
    fit: job.fit,
    dataPath,
    dataTitle: DATASET_TITLES[job.data.dataset],
    classNames: job.data.dataset === 'fashion_mnist' ? FASHION_MNIST_CLASSES : MNIST_CLASSES,
    scale: job.scale,
    limit: job.limit,
    testLimit: job.testLimit,
    seed: job.seed,
    progressIntervalMs: job.progressIntervalMs,
    savePath: job.saveDir ? kerasSavePath(job.saveDir) : undefined,
  };
}
