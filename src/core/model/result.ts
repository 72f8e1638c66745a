/**
 * What a front end hands the presenters and training: the models and layers the builder made, the diagnostics,
 * and the model methods the file calls (`compile`, `fit`) with their arguments as the evaluator knows them.
 * Language-neutral: Python and TF.js sources give the same result.
 */
import type { CallArguments, LayerInstance, ModelValue, SourceRange } from './graph';
import type { SourceFacts } from './source-facts';
import type { PyValue } from './values';

export interface EvalDiagnostic {
  readonly range: SourceRange;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
}

/**
 * A call of a model method the analysis records, `model.compile(...)` or `model.fit(...)`, with its arguments'
 * values: `keywords` holds every argument by its name in the language's signature (Keras's snake_case names,
 * positional ones bound to theirs; TF.js's camelCase config keys, and `x`, `y` for fit's tensors).
 */
export interface ModelMethodCall {
  readonly model: ModelValue;
  readonly method: 'compile' | 'fit';
  /** The whole call, `model.fit(x, y, epochs=5)`. */
  readonly range: SourceRange;
  readonly keywords: ReadonlyMap<string, PyValue>;
  /** Where each argument sits (Python), for notes and problems that name a line. */
  readonly args?: CallArguments;
  /** Where each key of the config object sits (TF.js): key → the `key: value` pair. */
  readonly keyRanges?: ReadonlyMap<string, SourceRange>;
}

/** A `model.compile(...)` seen in the file. */
export type CompileCall = ModelMethodCall & { readonly method: 'compile' };
/** A `model.fit(...)` seen in the file. */
export type FitCall = ModelMethodCall & { readonly method: 'fit' };

export interface EvalResult {
  /** Models in the order they were created, with the variable that last held each. */
  readonly models: readonly { readonly model: ModelValue; variable?: string; context?: string }[];
  readonly layers: readonly LayerInstance[];
  readonly diagnostics: readonly EvalDiagnostic[];
  /** Module-level import bindings: local name → dotted path. */
  readonly imports: ReadonlyMap<string, string>;
  readonly compiles: readonly CompileCall[];
  readonly fits: readonly FitCall[];
  /** The datasets it loads and the rescaling it does, for training. */
  readonly facts: SourceFacts;
  /** Set when the step budget ran out; what follows that point is not analyzed. */
  readonly truncated?: string;
}

/** Keras 3's `Model.compile` parameters in order (keras/src/trainers/trainer.py). */
export const KERAS_COMPILE_PARAMS = ['optimizer', 'loss', 'loss_weights', 'metrics', 'weighted_metrics', 'run_eagerly', 'steps_per_execution', 'jit_compile', 'auto_scale_loss'] as const;
/** Keras 3's `Model.fit` parameters in order (keras/src/trainers/trainer.py). */
export const KERAS_FIT_PARAMS = [
  'x', 'y', 'batch_size', 'epochs', 'verbose', 'callbacks', 'validation_split', 'validation_data', 'shuffle', 'class_weight',
  'sample_weight', 'initial_epoch', 'steps_per_epoch', 'validation_steps', 'validation_batch_size', 'validation_freq',
] as const;

/** Positional arguments bound to their parameter names, then the keywords (a keyword given twice wins, as the call would fail anyway). */
export function bindByName(params: readonly string[], positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): Map<string, PyValue> {
  const bound = new Map<string, PyValue>();
  positional.forEach((v, i) => {
    if (i < params.length) bound.set(params[i], v);
  });
  for (const [k, v] of keywords) bound.set(k, v);
  return bound;
}
