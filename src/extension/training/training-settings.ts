/** The `modelLens.train.*` settings, typed; mirrors `contributes.configuration` in package.json. */
import * as vscode from 'vscode';
import type { BackendChoice } from '../../shared/training-protocol';

export interface TrainingSettings {
  /** TensorFlow.js backend: auto (native, else WebAssembly, else CPU) or one forced. */
  readonly backend: BackendChoice;
  /** A folder searched first for Fashion-MNIST / MNIST files. Empty: only Keras's cache and Debian's package. */
  readonly dataFolder: string;
  /** Where Keras datasets are downloaded from instead of Keras's origin (else `MODEL_LENS_DATASET_MIRROR`). */
  readonly datasetMirror: string;
  /** Epochs for every run; 0: as model.fit says (else 1). */
  readonly epochs: number;
  /** Batch size for every run; 0: as model.fit says (else 32). */
  readonly batchSize: number;
  /** Train on the first N samples only; 0: all. */
  readonly sampleLimit: number;
  /** Test on the first N test samples only; 0: all. */
  readonly testSampleLimit: number;
  /** How inputs are scaled: as the file does (`/ 255.0`), always divided by 255, or not at all. */
  readonly inputScaling: 'asFile' | 'divideBy255' | 'none';
  /** Warn before a run that may need more memory than this (MB). */
  readonly memoryWarningMB: number;
  /** Show the run's settings, with a way to change them, before it starts. */
  readonly confirmBeforeStart: boolean;
}

const count = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback);

export function readTrainingSettings(): TrainingSettings {
  const c = vscode.workspace.getConfiguration('modelLens.train');
  const backend = c.get<string>('backend', 'auto');
  const scaling = c.get<string>('inputScaling', 'asFile');
  return {
    backend: (['auto', 'tensorflow', 'wasm', 'cpu'].includes(backend) ? backend : 'auto') as BackendChoice,
    dataFolder: c.get<string>('dataFolder', '') ?? '',
    datasetMirror: c.get<string>('datasetMirror', '') ?? '',
    epochs: count(c.get('epochs'), 0),
    batchSize: count(c.get('batchSize'), 0),
    sampleLimit: count(c.get('sampleLimit'), 0),
    testSampleLimit: count(c.get('testSampleLimit'), 0),
    inputScaling: (['asFile', 'divideBy255', 'none'].includes(scaling) ? scaling : 'asFile') as TrainingSettings['inputScaling'],
    memoryWarningMB: count(c.get('memoryWarningMB'), 2048) || 2048,
    confirmBeforeStart: c.get<boolean>('confirmBeforeStart', true),
  };
}
