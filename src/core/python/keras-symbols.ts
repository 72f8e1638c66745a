/**
 * What a dotted name from an import means in Keras terms. `tf.keras.layers.Dense`, `keras.layers.Dense`,
 * `tensorflow.keras.layers.Dense` and `from keras.layers import Dense` all come here as a full path.
 */
import { findLayerSpec, MERGE_FUNCTIONS } from '../layers/catalogue';

export type KerasSymbol =
  | { readonly kind: 'layer'; readonly className: string }
  /** `keras.layers.concatenate([a, b], axis=-1)` and friends: make the merge layer and call it at once. */
  | { readonly kind: 'mergeFunction'; readonly className: string }
  | { readonly kind: 'sequential' }
  | { readonly kind: 'model' }
  | { readonly kind: 'input' }
  | { readonly kind: 'inputLayer' }
  | { readonly kind: 'activation'; readonly name: string }
  | { readonly kind: 'optimizer'; readonly name: string }
  | { readonly kind: 'loss'; readonly name: string }
  | { readonly kind: 'metric'; readonly name: string }
  | { readonly kind: 'dataset'; readonly name: string }
  /** `keras.initializers.HeNormal(seed=1)`, `regularizers.l2(0.01)`, `constraints.MaxNorm(2)`: a layer's weight setting. */
  | { readonly kind: 'weightSetting'; readonly name: string }
  /** keras.config.set_image_data_format / image_data_format (also under keras.backend). */
  | { readonly kind: 'config'; readonly name: string }
  | { readonly kind: 'other' };

/** The part of a path below the Keras package, or undefined for a path outside Keras. */
export function kerasSubpath(path: string): string[] | undefined {
  const parts = path.split('.');
  // tf_keras is tf.keras 2 as its own package; keras_core was Keras 3's name before its release (2023).
  if (parts[0] === 'tf_keras' || parts[0] === 'keras_core') return parts.slice(1);
  if (parts[0] !== 'tensorflow' && parts[0] !== 'keras') return undefined;
  const at = parts.indexOf('keras');
  if (at < 0) return parts[0] === 'tensorflow' ? ['tensorflow', ...parts.slice(1)] : undefined;
  let rest = parts.slice(at + 1);
  // keras.src.layers.core.dense.Dense and tf.keras.layers.experimental.preprocessing.Rescaling
  if (rest[0] === 'src') rest = rest.slice(1);
  return rest;
}

const MODEL_NAMES = new Set(['Model', 'Functional']);


export function resolveKerasSymbol(path: string): KerasSymbol {
  const parts = path.split('.');
  // tf.nn.relu, tf.math.tanh, tf.sigmoid: activation functions referred to through TensorFlow itself.
  if (parts[0] === 'tensorflow' && (parts[1] === 'nn' || parts[1] === 'math') && parts.length === 3) {
    return { kind: 'activation', name: parts[2] };
  }
  const sub = kerasSubpath(path);
  if (!sub || sub.length === 0 || sub[0] === 'tensorflow') return { kind: 'other' };
  const name = sub[sub.length - 1];
  const area = sub.slice(0, -1);
  const top = area.length === 0;
  if (top || area[0] === 'models' || area[0] === 'engine') {
    if (name === 'Sequential') return { kind: 'sequential' };
    if (MODEL_NAMES.has(name)) return { kind: 'model' };
  }
  if (name === 'Input' && (top || area[0] === 'layers')) return { kind: 'input' };
  if (name === 'InputLayer' && (top || area[0] === 'layers')) return { kind: 'inputLayer' };
  const merge = area[0] === 'layers' ? MERGE_FUNCTIONS.get(name) : undefined;
  if (merge) return { kind: 'mergeFunction', className: merge };
  if (area[0] === 'layers') {
    return findLayerSpec(name) ? { kind: 'layer', className: findLayerSpec(name)!.className } : { kind: 'layer', className: name };
  }
  if (area[0] === 'activations') return { kind: 'activation', name };
  if (area[0] === 'optimizers') return { kind: 'optimizer', name };
  if (area[0] === 'losses') return { kind: 'loss', name };
  if (area[0] === 'metrics') return { kind: 'metric', name };
  if (area[0] === 'initializers' || area[0] === 'regularizers' || area[0] === 'constraints') return { kind: 'weightSetting', name };
  if (area[0] === 'datasets') return { kind: 'dataset', name: area[1] ?? name };
  if (name === 'set_image_data_format' || name === 'image_data_format') return { kind: 'config', name };
  return { kind: 'other' };
}
