/**
 * The run record's format: what `.model-lens/runs/<time>-<model>/run.json` and `metrics.jsonl` hold. Plain JSON
 * other tools can read; `format` changes only when a field changes meaning. Pure types and helpers, no file
 * system: the store writes them, the CLI and the Runs view read them.
 */
import type { JsonReport } from '../../core/report/json';
import type { RunStatus } from '../../shared/runs-protocol';
import type { BackendName, DataInfo, OutputMetrics } from '../../shared/training-protocol';

export const RUN_FORMAT = 1;
export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';
/** The folder runs go in, relative to the workspace (or the CLI's current directory). */
export const DEFAULT_RUNS_FOLDER = '.model-lens/runs';

/** running while the worker trains; a stopped or crashed run is kept and says so. */
export type { RunStatus };

/** One model of the analysis in the `summary --json` form (params are plain numbers once written). */
export type RunModel = JsonReport['models'][number];

export interface RunRecord {
  readonly format: typeof RUN_FORMAT;
  /** The folder's name: `20261206-165703-model`. */
  readonly id: string;
  /** A name the user gave the run (rename); the id otherwise. */
  label?: string;
  status: RunStatus;
  /** Why a run crashed or stopped. */
  message?: string;
  readonly startedAt: string;
  endedAt?: string;
  durationMs?: number;
  readonly source: {
    readonly path: string;
    readonly sha256: string;
    /** The source text as it trained, kept in the run folder under this name (not for very large files). */
    readonly copy?: string;
    /** The commit HEAD pointed at, and whether the file differed from it, when the file is in a git repository. */
    readonly git?: { readonly commit: string; readonly changed: boolean };
  };
  /** The trained model as Model Lens analyzed it, and the models it uses as layers (by name), for the architecture diff. */
  readonly model: RunModel;
  readonly nestedModels: readonly RunModel[];
  readonly keras?: JsonReport['keras'];
  /** What trained it: TF.js in a worker process. */
  readonly engine: string;
  backend?: BackendName;
  readonly dataSource: string;
  data?: DataInfo;
  readonly hyperparameters: Hyperparameters;
  /** Every setting as the plan notes it, for people: `epochs: 5 (line 22)`. */
  readonly settings: readonly { readonly label: string; readonly value: string }[];
  epochsDone: number;
  samplesPerSec?: number;
  /** The last finished epoch's metrics. */
  final?: { loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number };
  evaluation?: { testLoss: number; testAccuracy?: number; samples: number; /** A model with several outputs: each one's test loss and accuracy. */ outputs?: readonly OutputMetrics[] };
  savedModel?: string;
  /** A run made from another tool's logs (TensorBoard event files): where they are and every scalar tag they had. */
  readonly imported?: {
    readonly from: string;
    readonly kind: 'tensorboard';
    readonly tags: readonly string[];
    /** Whether the logged steps are epochs (Keras's `epoch_*` tags); else a metrics line's epoch is the step as logged. */
    readonly stepIsEpoch: boolean;
  };
}

export interface Hyperparameters {
  readonly optimizer: string;
  readonly optimizerArgs: Readonly<Record<string, unknown>>;
  readonly loss: string;
  readonly batchSize: number;
  readonly epochs: number;
  readonly validationSplit: number;
  readonly shuffle: boolean;
  readonly seed?: number;
  readonly limit?: number;
  readonly testLimit?: number;
  readonly inputScale: number;
}

/** One line of metrics.jsonl. */
export type MetricLine =
  | { kind: 'batch'; epoch: number; batch: number; batches: number; samples: number; loss: number; accuracy?: number; elapsedMs: number; samplesPerSec: number; /** A model with several outputs: each one's loss and accuracy over the same batches (older records have none). */ outputs?: readonly OutputMetrics[] }
  | { kind: 'epoch'; epoch: number; loss: number; accuracy?: number; valLoss?: number; valAccuracy?: number; elapsedMs: number; /** A model with several outputs: each one's loss and accuracy (`loss` is their weighted sum). */ outputs?: readonly OutputMetrics[] };

/** A run folder's name: UTC time to the second, then the model's name made safe for any file system. */
export function runFolderName(startedAt: Date, modelName: string): string {
  const t = startedAt.toISOString();
  const time = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}-${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}`;
  const safe = modelName.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^[.]+/, '').slice(0, 60) || 'model';
  return `${time}-${safe}`;
}

/** A run.json's text read back; undefined when it is not a run record (another tool's file, a torn write). */
export function parseRunRecord(text: string): RunRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const r = value as Partial<RunRecord>;
  if (r.format !== RUN_FORMAT || typeof r.id !== 'string' || typeof r.status !== 'string' || typeof r.startedAt !== 'string') return undefined;
  if (!r.model || !Array.isArray(r.model.layers) || !r.source || !r.hyperparameters) return undefined;
  return { ...(r as RunRecord), nestedModels: Array.isArray(r.nestedModels) ? r.nestedModels : [] };
}

/** metrics.jsonl's lines; a torn last line (the run was killed mid-write) and foreign lines are skipped. */
export function parseMetrics(text: string): MetricLine[] {
  const lines: MetricLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const m = JSON.parse(line) as MetricLine;
      if ((m.kind === 'batch' || m.kind === 'epoch') && typeof m.epoch === 'number' && typeof m.loss === 'number') lines.push(m);
    } catch {
      // skipped
    }
  }
  return lines;
}

/** The models a model uses as layers, found by layer name among the file's models, nested ones too, each once. */
export function nestedModelsOf(model: RunModel, all: readonly RunModel[]): RunModel[] {
  const found: RunModel[] = [];
  const visit = (m: RunModel) => {
    for (const l of m.layers) {
      const inner = all.find((c) => c !== model && c.name === l.name && !found.includes(c));
      if (inner) {
        found.push(inner);
        visit(inner);
      }
    }
  };
  visit(model);
  return found;
}
