/**
 * Every layer spec, indexed: by Keras class name or Keras alias (Python), by TF.js factory (JavaScript). The
 * index knows no layer itself: each family file lists its specs, and a spec says all its names.
 */
import { ACTIVATION_LAYERS } from './activations';
import { APPLICATION_LAYERS } from './applications';
import { ATTENTION_LAYERS } from './attention';
import { CONVOLUTION_LAYERS } from './convolutional';
import { CORE_LAYERS } from './core';
import { KERNELIZED_LAYERS } from './kernelized';
import { MERGING_LAYERS } from './merging';
import { NORMALIZATION_LAYERS } from './normalization';
import { POOLING_LAYERS } from './pooling';
import { PREPROCESSING_LAYERS } from './preprocessing';
import { REGULARIZATION_LAYERS } from './regularization';
import { RESHAPING_LAYERS } from './reshaping';
import { RECURRENT_LAYERS } from './rnn';
import type { LayerSpec } from './spec';
import { WRAPPER_LAYERS } from './wrappers';

export const LAYER_SPECS: readonly LayerSpec[] = [
  ...CORE_LAYERS,
  ...ACTIVATION_LAYERS,
  ...CONVOLUTION_LAYERS,
  ...POOLING_LAYERS,
  ...NORMALIZATION_LAYERS,
  ...REGULARIZATION_LAYERS,
  ...RECURRENT_LAYERS,
  ...WRAPPER_LAYERS,
  ...ATTENTION_LAYERS,
  ...MERGING_LAYERS,
  ...RESHAPING_LAYERS,
  ...PREPROCESSING_LAYERS,
  ...KERNELIZED_LAYERS,
];

const byKerasName = new Map<string, LayerSpec>();
const byTfjsFactory = new Map<string, LayerSpec>();
for (const spec of LAYER_SPECS) {
  for (const name of [spec.className, ...(spec.aliases ?? [])]) byKerasName.set(name, spec);
  for (const factory of spec.tfjs?.factories ?? []) byTfjsFactory.set(factory, spec);
}

/** The spec Keras knows by this class name or alias (`Conv2D`, `Convolution2D`); never a TF.js factory name. */
export function findLayerSpec(name: string): LayerSpec | undefined {
  return byKerasName.get(name);
}

const byApplicationName = new Map(APPLICATION_LAYERS.map((spec) => [spec.className, spec] as const));

/** A layer a config may hold: a Keras layer, or one an application defines for itself (ConvNeXt's LayerScale). */
export function findConfigLayerSpec(name: string): LayerSpec | undefined {
  return byKerasName.get(name) ?? byApplicationName.get(name);
}

/** The spec TF.js makes with `tf.layers.<factory>` (`conv2d`, `maxPool2d`). */
export function findTfjsFactory(factory: string): LayerSpec | undefined {
  return byTfjsFactory.get(factory);
}

/**
 * Why `keras.layers.<name>` does not exist when it is a TF.js factory spelling (`dense`, `conv2d`): Keras has
 * only the class (and raises AttributeError). Undefined for any other name.
 */
export function tfjsSpellingInKeras(name: string): string | undefined {
  const spec = byTfjsFactory.get(name);
  if (!spec || byKerasName.has(name) || MERGE_FUNCTIONS.has(name)) return undefined;
  return `keras.layers has no attribute '${name}' (Keras's class is ${spec.className}; \`${name}\` is TensorFlow.js's spelling)`;
}

/**
 * Keras's lower-case merge functions, `keras.layers.concatenate([a, b], axis=1)` and the like: each builds the
 * named layer from its keyword arguments and calls it on the list at once. They are functions, not classes, so
 * they are not aliases of the layers.
 */
export const MERGE_FUNCTIONS: ReadonlyMap<string, string> = new Map(
  MERGING_LAYERS.map((spec) => [spec.className.toLowerCase(), spec.className]),
);
