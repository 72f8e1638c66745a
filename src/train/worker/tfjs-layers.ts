/**
 * How training rebuilds a Keras layer in TensorFlow.js (tfjs-layers 4.x). Each layer spec says it (its
 * `tfjs.train`, or why not: `notInTfjs`); this module only reads the catalogue, plus the activation,
 * initializer and constraint names that are not one layer's.
 */
import { findLayerSpec } from '../../core/layers/catalogue';
import type { TfjsTraining } from '../../core/layers/spec';

/** Layer classes the catalogue has no spec for that people meet most, and why TF.js cannot train them. */
const NOT_IN_CATALOGUE: Readonly<Record<string, string>> = {
  KerasLayer: 'TensorFlow Hub layers load a model from the network, which TensorFlow.js cannot do here',
  TFSMLayer: 'a SavedModel layer cannot be loaded into TensorFlow.js',
};

/** How to rebuild the layer `className` in TF.js: its TF.js class and config rules, or why it cannot be. */
export function tfjsTraining(className: string): { readonly tfjsClass: string; readonly train: TfjsTraining } | { readonly why?: string } {
  const spec = findLayerSpec(className);
  const train = spec?.tfjs?.train;
  if (spec && train) return { tfjsClass: spec.tfjs?.className ?? spec.className, train };
  if (spec) return { why: spec.notInTfjs ?? `TensorFlow.js has no ${spec.className} layer` };
  return { why: NOT_IN_CATALOGUE[className] };
}

/** Keras activation names → the names TF.js knows (before its camel-casing). */
export const TFJS_ACTIVATIONS: Readonly<Record<string, string>> = {
  linear: 'linear',
  relu: 'relu',
  relu6: 'relu6',
  sigmoid: 'sigmoid',
  hard_sigmoid: 'hard_sigmoid',
  softmax: 'softmax',
  log_softmax: 'log_softmax',
  tanh: 'tanh',
  elu: 'elu',
  selu: 'selu',
  softplus: 'softplus',
  softsign: 'softsign',
  swish: 'swish',
  silu: 'swish',
  gelu: 'gelu',
  mish: 'mish',
};

/** Keras initializer names (strings and classes) and TF.js's → TF.js classes. */
export const TFJS_INITIALIZERS: Readonly<Record<string, string>> = {
  glorot_uniform: 'GlorotUniform',
  glorot_normal: 'GlorotNormal',
  he_normal: 'HeNormal',
  he_uniform: 'HeUniform',
  lecun_normal: 'LeCunNormal',
  lecun_uniform: 'LeCunUniform',
  zeros: 'Zeros',
  zero: 'Zeros',
  ones: 'Ones',
  one: 'Ones',
  random_normal: 'RandomNormal',
  normal: 'RandomNormal',
  random_uniform: 'RandomUniform',
  uniform: 'RandomUniform',
  truncated_normal: 'TruncatedNormal',
  orthogonal: 'Orthogonal',
  identity: 'Identity',
  constant: 'Constant',
  variance_scaling: 'VarianceScaling',
  GlorotUniform: 'GlorotUniform',
  GlorotNormal: 'GlorotNormal',
  HeNormal: 'HeNormal',
  HeUniform: 'HeUniform',
  LecunNormal: 'LeCunNormal',
  LecunUniform: 'LeCunUniform',
  Zeros: 'Zeros',
  Ones: 'Ones',
  RandomNormal: 'RandomNormal',
  RandomUniform: 'RandomUniform',
  TruncatedNormal: 'TruncatedNormal',
  Orthogonal: 'Orthogonal',
  OrthogonalInitializer: 'Orthogonal',
  Identity: 'Identity',
  IdentityInitializer: 'Identity',
  Constant: 'Constant',
  VarianceScaling: 'VarianceScaling',
  // TF.js's own identifiers (tf.initializers.heNormal(), kernelInitializer: 'heNormal').
  glorotUniform: 'GlorotUniform',
  glorotNormal: 'GlorotNormal',
  heNormal: 'HeNormal',
  heUniform: 'HeUniform',
  leCunNormal: 'LeCunNormal',
  leCunUniform: 'LeCunUniform',
  randomNormal: 'RandomNormal',
  randomUniform: 'RandomUniform',
  truncatedNormal: 'TruncatedNormal',
  varianceScaling: 'VarianceScaling',
};

/** Keras and TF.js constraint names → TF.js classes. */
export const TFJS_CONSTRAINTS: Readonly<Record<string, string>> = {
  max_norm: 'MaxNorm',
  MaxNorm: 'MaxNorm',
  non_neg: 'NonNeg',
  NonNeg: 'NonNeg',
  unit_norm: 'UnitNorm',
  UnitNorm: 'UnitNorm',
  min_max_norm: 'MinMaxNorm',
  MinMaxNorm: 'MinMaxNorm',
  // TF.js's own identifiers (tf.constraints.maxNorm({maxValue: 2})).
  maxNorm: 'MaxNorm',
  nonNeg: 'NonNeg',
  unitNorm: 'UnitNorm',
  minMaxNorm: 'MinMaxNorm',
};
