/**
 * Messages between the host (the extension or the CLI) and the training worker process, over Node's IPC
 * channel. The host sends one `start` with everything the run needs (the worker reads no settings and no
 * source) and maybe `stop`; the worker streams events and exits when the run ends.
 */
import type { BackendChoice, BackendName, BatchPoint, DataInfo, EpochPoint, Evaluation, StoppedAt } from '../shared/training-protocol';
import type { CompileSpec, FitSpec } from './host/compile-fit';
import type { DataSource } from './data/datasets';
import type { Json } from './host/keras-json';

export interface TrainJob {
  readonly model: {
    readonly name: string;
    /** The Keras model config for `tf.models.modelFromJSON`. */
    readonly json: Json;
    /** The analyzer's counts as decimal strings (bigint does not cross IPC). */
    readonly params: string;
    readonly trainableParams: string;
    readonly inputShape: readonly (number | null)[];
    /** A model with several inputs: their names (the data's npz keys) and shapes, in the model's order. */
    readonly inputs?: readonly { readonly name: string; readonly shape: readonly (number | null)[] }[];
    readonly outputShape: readonly (number | null)[];
    /** A model with several outputs: their names (the labels' keys), shapes and layers (`Dense "cls" (line 9)`), in the model's order. */
    readonly outputs?: readonly { readonly name: string; readonly shape: readonly (number | null)[]; readonly layer: string }[];
    /** `Dense "dense_1" (line 15)`. */
    readonly outputLayer: string;
    /** Layer name → 1-based source line (a notebook's code cells read as one program), to point TF.js's errors at the source. */
    readonly layerLines: Readonly<Record<string, number>>;
  };
  readonly compile: CompileSpec;
  readonly fit: FitSpec;
  readonly data: DataSource;
  readonly limit?: number;
  readonly testLimit?: number;
  /** Inputs are multiplied by this (1/255 when the file divides by 255). */
  readonly scale: number;
  /** The model has a Rescaling (or Normalization) layer, so 0–255 inputs are what it expects. */
  readonly modelScalesInputs?: boolean;
  readonly backend: BackendChoice;
  /** Test images in the gallery. */
  readonly galleryCount: number;
  /** Where the trained model is written (model.json + weights.bin); none: not saved. */
  readonly saveDir?: string;
  /** Least time between two batch events (ms). */
  readonly progressIntervalMs: number;
  /** Test only: the weights of a stopped run saved here (model.json + weights.bin) are tested, nothing trains. */
  readonly weightsFrom?: string;
  /** Seed for shuffling and weight initialisation (tests use it for repeatable runs). */
  readonly seed?: number;
}

export type HostToWorker = { readonly type: 'start'; readonly job: TrainJob } | { readonly type: 'stop' };

export type FailureCode = 'backend' | 'data' | 'model' | 'nan' | 'save' | 'internal';

export type WorkerEvent =
  | { readonly type: 'phase'; readonly phase: string }
  | { readonly type: 'backend'; readonly name: BackendName; readonly notes: readonly string[] }
  | { readonly type: 'data'; readonly data: DataInfo }
  | { readonly type: 'warning'; readonly message: string; /** `unscaled`: 0–255 integers go into the model as they are (the editor offers to divide by 255). */ readonly code?: 'unscaled' }
  | { readonly type: 'batch'; readonly point: BatchPoint }
  | { readonly type: 'epoch'; readonly epoch: EpochPoint }
  | { readonly type: 'evaluation'; readonly evaluation: Evaluation }
  | { readonly type: 'saved'; readonly dir: string }
  | { readonly type: 'done'; readonly outcome: 'completed' | 'stopped'; readonly epochsDone: number; readonly samplesPerSec: number; readonly elapsedMs: number; readonly stoppedAt?: StoppedAt }
  | { readonly type: 'failed'; readonly code: FailureCode; readonly message: string; readonly line?: number };
