/**
 * Which Keras a file is written for: Keras 3 or tf.keras 2. A pure function of facts the editor or the CLI
 * gathered (the file's text, a notebook's saved outputs, the project's pin files, the selected interpreter's
 * installed packages), giving the version and the reason people see ("tensorflow==2.12.0 in requirements.txt").
 *
 * `from tensorflow import keras` alone decides nothing: TensorFlow 2.16 and later ship Keras 3 as `tf.keras`.
 */
import { pinsIn, sideOf, versionOfPins } from './pins';

export type KerasVersion = 2 | 3;
export type KerasVersionSetting = 'auto' | '2' | '3';

export interface KerasChoice {
  readonly version: KerasVersion;
  /** Why, in words: "tensorflow==2.12.0 in requirements.txt", "the setting modelLens.keras.version". */
  readonly reason: string;
}

/** A file that pins packages: its path as shown (relative to the workspace or the file) and its text. */
export interface PinFile {
  readonly path: string;
  readonly text: string;
}

export interface KerasFacts {
  /** The analyzed source: Python text, or a notebook's code cells joined. */
  readonly sourceText?: string;
  /** A notebook's saved outputs (text), in cell order. */
  readonly notebookOutputs?: readonly string[];
  /** A notebook's `pip install` / `conda install` lines (`!pip install tensorflow==2.12`). */
  readonly installLines?: readonly string[];
  /** Pin files from the file's folder upward, nearest first. */
  readonly pinFiles?: readonly PinFile[];
  /** The selected interpreter's installed distributions (normalized lower-case names → version) and where they are. */
  readonly interpreter?: { readonly where: string; readonly packages: ReadonlyMap<string, string> };
}

/** Code only tf.keras 2 runs, or that asks for it (tf-keras's own package, TensorFlow's legacy switch). */
const TF_KERAS_2_CODE: readonly [RegExp, string][] = [
  [/^\s*(import\s+tf_keras\b|from\s+tf_keras\b)/m, '`import tf_keras` in the file'],
  [/TF_USE_LEGACY_KERAS["']\s*\]?\s*[=,]\s*["']?(1|true)/i, 'TF_USE_LEGACY_KERAS=1 set in the file'],
];
/** Code only Keras 3 runs. */
const KERAS_3_CODE: readonly [RegExp, string][] = [
  [/^\s*(import\s+keras_core\b|from\s+keras_core\b)/m, '`import keras_core` in the file'],
  [/^\s*from\s+keras\s+import\s+(.*\b)?ops\b|\bkeras\.ops\./m, '`keras.ops` (Keras 3 only) in the file'],
  [/\bkeras\.config\.\w+\(/, '`keras.config` (Keras 3 only) in the file'],
];

function fromCode(text: string): KerasChoice | undefined {
  for (const [re, reason] of TF_KERAS_2_CODE) if (re.test(text)) return { version: 2, reason };
  for (const [re, reason] of KERAS_3_CODE) if (re.test(text)) return { version: 3, reason };
  return undefined;
}

function fromInterpreter({ where, packages }: NonNullable<KerasFacts['interpreter']>): KerasChoice | undefined {
  const keras = packages.get('keras');
  const tf = packages.get('tensorflow') ?? packages.get('tensorflow-cpu') ?? packages.get('tensorflow-macos') ?? packages.get('tensorflow-intel');
  if (keras && /^\d/.test(keras)) return { version: sideOf(`==${keras}`, [3]) === 'above' ? 3 : 2, reason: `keras ${keras} installed in ${where}` };
  if (tf && /^\d/.test(tf)) return { version: sideOf(`==${tf}`, [2, 16]) === 'above' ? 3 : 2, reason: `tensorflow ${tf} installed in ${where}` };
  return undefined;
}

/** What a notebook's saved `model.summary()` output shows: tf.keras 2 rules its table with `=`, Keras 3 draws boxes. */
function fromOutputs(outputs: readonly string[]): KerasChoice | undefined {
  for (const out of outputs) {
    if (!out.includes('Total params')) continue;
    if (out.includes('┏')) return { version: 3, reason: 'a model.summary() saved in the notebook (Keras 3 layout)' };
    if (/^={20,}\s*$/m.test(out)) return { version: 2, reason: 'a model.summary() saved in the notebook (tf.keras 2 layout)' };
  }
  return undefined;
}

function fromPins(text: string, where: string): KerasChoice | undefined {
  const found = versionOfPins(pinsIn(text));
  return found && { version: found.version, reason: `${found.pin.text} in ${where}` };
}

export const DEFAULT_KERAS_REASON = 'no pin of tensorflow, keras or tf-keras found; Keras 3 is what `pip install tensorflow` gives today';

/**
 * The Keras a file follows. An explicit setting wins; then code only one of them runs; then the interpreter the
 * editor runs; then a notebook's saved summaries and `pip install` lines; then the nearest pin file that decides;
 * else Keras 3.
 */
export function detectKerasVersion(facts: KerasFacts, setting: KerasVersionSetting = 'auto', settingName = 'modelLens.keras.version'): KerasChoice {
  if (setting === '2' || setting === '3') return { version: setting === '2' ? 2 : 3, reason: `set by ${settingName}` };
  const found =
    (facts.sourceText !== undefined ? fromCode(facts.sourceText.slice(0, 1_000_000)) : undefined) ??
    (facts.interpreter ? fromInterpreter(facts.interpreter) : undefined) ??
    fromOutputs(facts.notebookOutputs ?? []) ??
    fromPins((facts.installLines ?? []).join('\n'), 'a `pip install` line of the notebook') ??
    (facts.pinFiles ?? []).reduce<KerasChoice | undefined>((acc, f) => acc ?? fromPins(f.text, f.path), undefined);
  return found ?? { version: 3, reason: DEFAULT_KERAS_REASON };
}

/** The name people know each by. */
export function kerasLabel(version: KerasVersion): string {
  return version === 2 ? 'tf.keras 2' : 'Keras 3';
}
