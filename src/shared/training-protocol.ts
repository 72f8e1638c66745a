/**
 * Every message between the training panel (webview) and the extension host, typed once and imported by
 * both sides. Names are `area/verb`. The host validates each incoming message with `parseWebviewMessage`
 * before acting on it; the webview trusts the host.
 *
 * The same payload types (points, epochs, evaluation) also travel from the training worker to the host
 * (see src/train/worker-protocol.ts), so the chart shows exactly what the worker measured.
 */

export type TfjsBackendName = 'tensorflow' | 'wasm' | 'cpu';
/** The Keras engine (the person's Python) names Keras 3's backend: `keras-jax`, `keras-tensorflow`, `keras-torch`. */
export type KerasBackendName = 'keras-jax' | 'keras-tensorflow' | 'keras-torch';
export type BackendName = TfjsBackendName | KerasBackendName;
export type BackendChoice = 'auto' | TfjsBackendName;

export const BACKEND_LABELS: Record<BackendName, string> = {
  tensorflow: 'TensorFlow native (tfjs-node)',
  wasm: 'WebAssembly (tfjs-backend-wasm)',
  cpu: 'JavaScript CPU',
  'keras-jax': 'Keras on JAX (Python)',
  'keras-tensorflow': 'Keras on TensorFlow (Python)',
  'keras-torch': 'Keras on PyTorch (Python)',
};

/** Loss and accuracy averaged over the batches since the previous point. `x` is in epochs (1.5 = halfway through epoch 2). */
export interface BatchPoint {
  readonly x: number;
  readonly epoch: number;
  /** Batches done in this epoch. */
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly acc?: number;
  /** Training samples seen so far, all epochs. */
  readonly samples: number;
  readonly totalSamples: number;
  readonly elapsedMs: number;
  readonly samplesPerSec: number;
  /** A model with several outputs: each output's own loss (unweighted) and accuracy over the same batches, in the model's order. */
  readonly outputs?: readonly OutputMetrics[];
}

/**
 * One output's share of a batch point, an epoch or a test, for a model with several outputs (Keras's `cls_loss`,
 * `cls_accuracy`, `val_cls_loss`): its own loss, unweighted, and accuracy where it tracks it.
 */
export interface OutputMetrics {
  readonly name: string;
  readonly loss: number;
  readonly acc?: number;
  readonly valLoss?: number;
  readonly valAcc?: number;
}

/** One finished epoch (1-based), with validation when there is a validation set. */
export interface EpochPoint {
  readonly epoch: number;
  readonly epochs: number;
  /** The total loss (with several outputs, their losses weighted and summed, as Keras's `loss`). */
  readonly loss: number;
  /** With several outputs, the first output's that tracks accuracy. */
  readonly acc?: number;
  readonly valLoss?: number;
  readonly valAcc?: number;
  readonly elapsedMs: number;
  /** A model with several outputs: each output's loss and accuracy, in the model's order. */
  readonly outputs?: readonly OutputMetrics[];
}

export interface GalleryItem {
  /** Grayscale (channels 1) or RGB (channels 3) pixels, 0–255, row-major, base64. */
  readonly pixels: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly predicted: number;
  readonly actual: number;
  /** The predicted class's probability (softmax of logits when the model outputs logits). */
  readonly confidence: number;
}

export interface Evaluation {
  readonly testLoss: number;
  readonly testAcc?: number;
  /** A model with several outputs: each output's test loss and accuracy (`loss`, `acc`). */
  readonly outputs?: readonly OutputMetrics[];
  /** A model with several outputs: the output the confusion matrix and gallery are of (the first classification output), if any. */
  readonly shownOutput?: string;
  readonly samples: number;
  readonly classNames: readonly string[];
  /** `confusion[actual][predicted]` counts; empty when the task is not classification. */
  readonly confusion: readonly (readonly number[])[];
  /** Test images, mistakes first. Empty when the samples are not images. */
  readonly gallery: readonly GalleryItem[];
}

export interface RunInfo {
  readonly runId: number;
  readonly file: string;
  readonly modelName: string;
  /** Human-readable settings: `Adam (learning rate 0.001)`, `sparse_categorical_crossentropy`, ... */
  readonly settings: readonly { readonly label: string; readonly value: string }[];
  readonly epochs: number;
}

export interface DataInfo {
  readonly title: string;
  readonly source: string;
  readonly train: number;
  readonly validation: number;
  readonly test: number;
  readonly sampleShape: readonly number[];
}

export type RunOutcome = 'completed' | 'stopped' | 'failed' | 'crashed';

/** Everything the panel shows about one run; the host keeps it and replays it when the panel comes back. */
/** Where a stop came in the middle of an epoch: after batch `batch` of `batches` of epoch `epoch` (1-based). */
export interface StoppedAt {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
}

export interface RunState {
  readonly info: RunInfo;
  phase: string;
  backend?: { readonly name: BackendName; readonly label: string; readonly notes: readonly string[] };
  data?: DataInfo;
  readonly points: BatchPoint[];
  readonly epochs: EpochPoint[];
  evaluation?: Evaluation;
  outcome?: RunOutcome;
  /** Why it failed or stopped, in words for the person. */
  message?: string;
  /** The source line a failure points at (1-based; in a notebook, of its code cells read as one program). */
  line?: number;
  /** That line as people find it: `line 4`, or in a notebook `line 4 of cell 2`. */
  where?: string;
  readonly warnings: string[];
  samplesPerSec?: number;
  /** A stop mid-epoch: that epoch has no epoch point or row, its batches stay in the curve. */
  stoppedAt?: StoppedAt;
  /** True once a trained model can be saved (after a stop too: the weights as they were). */
  canSave: boolean;
  savedTo?: string;
}

// ---------------------------------------------------------------- host → webview

export type HostMessage =
  | { readonly type: 'training/didReset'; readonly state: RunState | null; readonly running: boolean }
  | { readonly type: 'training/didStart'; readonly info: RunInfo }
  | { readonly type: 'training/didChangePhase'; readonly phase: string }
  | { readonly type: 'training/didSelectBackend'; readonly backend: NonNullable<RunState['backend']> }
  | { readonly type: 'training/didLoadData'; readonly data: DataInfo }
  | { readonly type: 'training/didProgress'; readonly points: readonly BatchPoint[] }
  | { readonly type: 'training/didEndEpoch'; readonly epoch: EpochPoint }
  | { readonly type: 'training/didWarn'; readonly message: string }
  | { readonly type: 'training/didEvaluate'; readonly evaluation: Evaluation }
  | { readonly type: 'training/didEnd'; readonly outcome: RunOutcome; readonly message?: string; readonly line?: number; readonly where?: string; readonly samplesPerSec?: number; readonly canSave: boolean }
  | { readonly type: 'training/didSave'; readonly folder: string };

// ---------------------------------------------------------------- webview → host

export type WebviewMessage =
  | { readonly type: 'webview/ready' }
  | { readonly type: 'training/stop' }
  | { readonly type: 'training/restart' }
  | { readonly type: 'training/export'; readonly format: 'csv' | 'json' }
  | { readonly type: 'training/saveModel' }
  /** Test a stopped run's model on the test set. */
  | { readonly type: 'training/evaluate' }
  | { readonly type: 'training/revealLine'; readonly line: number };

/** Checks a message from the webview; anything malformed gives undefined and is ignored. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'webview/ready':
    case 'training/stop':
    case 'training/restart':
    case 'training/saveModel':
    case 'training/evaluate':
      return { type: m.type };
    case 'training/export':
      return m.format === 'csv' || m.format === 'json' ? { type: 'training/export', format: m.format } : undefined;
    case 'training/revealLine':
      return typeof m.line === 'number' && Number.isInteger(m.line) && m.line >= 1 && m.line < 10_000_000 ? { type: 'training/revealLine', line: m.line } : undefined;
    default:
      return undefined;
  }
}
