/**
 * Which Keras layers TensorFlow.js (tfjs-layers 4.x) can train, and how their Keras 3 arguments map onto its
 * Keras-2-style config (TF.js camel-cases the names itself when it reads the JSON). Arguments TF.js does not
 * have are listed with the value that makes them a no-op: another value cannot be rebuilt faithfully, so the
 * run does not start. A layer missing here is not trainable here.
 */
import type { DefaultValue } from '../../core/layers/spec';

export interface TfjsLayer {
  /** TF.js class name when it differs from Keras's. */
  readonly className?: string;
  /** Keras 3 arguments TF.js lacks → the value they must have (then they are left out). */
  readonly without?: Readonly<Record<string, DefaultValue>>;
  /** Keras 3 name → TF.js (Keras 2) name. */
  readonly rename?: Readonly<Record<string, string>>;
  /** Arguments dropped whatever their value, because they do not change what is trained (e.g. cuDNN selection). */
  readonly ignore?: readonly string[];
  /** TF.js has only channels_last for this layer (its 1D layers take no data_format). */
  readonly channelsLastOnly?: boolean;
}

const LORA = { lora_rank: null, lora_alpha: null, quantization_config: null };
const CONV = { without: { groups: 1, ...LORA } };
const RNN: TfjsLayer = { ignore: ['use_cudnn', 'implementation'], without: { seed: null } };

export const TFJS_LAYERS: Readonly<Record<string, TfjsLayer>> = {
  Dense: { without: LORA },
  Activation: {},
  Dropout: {},
  Flatten: {},
  Reshape: {},
  Permute: {},
  RepeatVector: {},
  Masking: {},
  Embedding: { without: { weights: null, ...LORA }, ignore: ['input_length', 'sparse'] },
  Conv1D: { ...CONV, channelsLastOnly: true },
  Conv2D: CONV,
  Conv3D: CONV,
  Conv2DTranspose: { without: { output_padding: null, groups: 1 } },
  Conv3DTranspose: { without: { output_padding: null, groups: 1 } },
  SeparableConv2D: {},
  DepthwiseConv2D: {},
  MaxPooling1D: { channelsLastOnly: true },
  MaxPooling2D: {},
  MaxPooling3D: {},
  AveragePooling1D: { channelsLastOnly: true },
  AveragePooling2D: {},
  AveragePooling3D: {},
  GlobalMaxPooling1D: { without: { keepdims: false }, channelsLastOnly: true },
  GlobalMaxPooling2D: { without: { keepdims: false } },
  GlobalAveragePooling1D: { without: { keepdims: false }, channelsLastOnly: true },
  GlobalAveragePooling2D: { without: { keepdims: false } },
  BatchNormalization: { without: { synchronized: false, renorm: false, renorm_clipping: null, renorm_momentum: 0.99 } },
  LayerNormalization: { without: { rms_scaling: false } },
  ReLU: { without: { negative_slope: 0, threshold: 0 } },
  LeakyReLU: { rename: { negative_slope: 'alpha' } },
  PReLU: {},
  ELU: {},
  Softmax: {},
  ThresholdedReLU: {},
  Add: {},
  Multiply: {},
  Average: {},
  Maximum: {},
  Minimum: {},
  Concatenate: {},
  Dot: {},
  SimpleRNN: RNN,
  LSTM: RNN,
  GRU: { ...RNN, without: { seed: null, reset_after: false } },
  GaussianNoise: { ignore: ['seed'] },
  GaussianDropout: { ignore: ['seed'] },
  AlphaDropout: { ignore: ['seed'] },
  SpatialDropout1D: {},
  Rescaling: {},
  CenterCrop: {},
  Resizing: { without: { crop_to_aspect_ratio: false, pad_to_aspect_ratio: false, antialias: false } },
  UpSampling2D: {},
  ZeroPadding2D: {},
  Cropping2D: {},
  TimeDistributed: {},
  Bidirectional: {},
};

/** Why a layer Keras has cannot be trained here, for the ones people meet most. */
export const NOT_IN_TFJS: Readonly<Record<string, string>> = {
  Lambda: 'a Lambda layer runs Python code, which TensorFlow.js cannot run',
  KerasLayer: 'TensorFlow Hub layers load a model from the network, which TensorFlow.js cannot do here',
  TFSMLayer: 'a SavedModel layer cannot be loaded into TensorFlow.js',
  Subtract: 'TensorFlow.js has no Subtract layer',
  MultiHeadAttention: 'TensorFlow.js has no MultiHeadAttention layer',
  Attention: 'TensorFlow.js has no Attention layer',
  GroupNormalization: 'TensorFlow.js has no GroupNormalization layer',
  UnitNormalization: 'TensorFlow.js has no UnitNormalization layer',
  RMSNormalization: 'TensorFlow.js has no RMSNormalization layer',
  EinsumDense: 'TensorFlow.js has no EinsumDense layer',
  Conv1DTranspose: 'TensorFlow.js has no Conv1DTranspose layer',
  SeparableConv1D: 'TensorFlow.js has no SeparableConv1D layer',
  DepthwiseConv1D: 'TensorFlow.js has no DepthwiseConv1D layer',
  GlobalMaxPooling3D: 'TensorFlow.js has no GlobalMaxPooling3D layer',
  GlobalAveragePooling3D: 'TensorFlow.js has no GlobalAveragePooling3D layer',
  Normalization: 'the Normalization layer needs adapt() on data first',
};

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
