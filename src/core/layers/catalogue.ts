/** Every layer spec, looked up by Keras class name or alias. */
import { ELU, LeakyReLU, PReLU, ReLU, Softmax } from './activations';
import { AdditiveAttention, Attention, MultiHeadAttention } from './attention';
import {
  Conv1D,
  Conv1DTranspose,
  Conv2D,
  Conv2DTranspose,
  Conv3D,
  Conv3DTranspose,
  DepthwiseConv1D,
  DepthwiseConv2D,
  SeparableConv1D,
  SeparableConv2D,
} from './convolutional';
import { Activation, Dense, Dropout, EinsumDense, Embedding, Flatten, Identity, Lambda, Masking, Reshape } from './core';
import { Add, Average, Concatenate, Dot, Maximum, Minimum, Multiply, Subtract } from './merging';
import { BatchNormalization, GroupNormalization, LayerNormalization, RMSNormalization, UnitNormalization } from './normalization';
import {
  AdaptiveAveragePooling1D,
  AdaptiveAveragePooling2D,
  AdaptiveAveragePooling3D,
  AdaptiveMaxPooling1D,
  AdaptiveMaxPooling2D,
  AdaptiveMaxPooling3D,
  AveragePooling1D,
  AveragePooling2D,
  AveragePooling3D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalAveragePooling3D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  GlobalMaxPooling3D,
  MaxPooling1D,
  MaxPooling2D,
  MaxPooling3D,
} from './pooling';
import {
  CenterCrop,
  Normalization,
  RandomBrightness,
  RandomContrast,
  RandomCrop,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
  Rescaling,
  Resizing,
} from './preprocessing';
import {
  ActivityRegularization,
  AlphaDropout,
  GaussianDropout,
  GaussianNoise,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
} from './regularization';
import {
  Cropping1D,
  Cropping2D,
  Cropping3D,
  Permute,
  RepeatVector,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
} from './reshaping';
import { ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, GRU, LSTM, SimpleRNN } from './rnn';
import type { LayerSpec } from './spec';
import { Bidirectional, TimeDistributed } from './wrappers';

export const LAYER_SPECS: readonly LayerSpec[] = [
  // core
  Dense, EinsumDense, Embedding, Activation, Identity, Lambda, Masking, Dropout, Flatten, Reshape,
  // activations
  ReLU, LeakyReLU, PReLU, ELU, Softmax,
  // convolution
  Conv1D, Conv2D, Conv3D, Conv1DTranspose, Conv2DTranspose, Conv3DTranspose,
  SeparableConv1D, SeparableConv2D, DepthwiseConv1D, DepthwiseConv2D,
  // pooling
  MaxPooling1D, MaxPooling2D, MaxPooling3D, AveragePooling1D, AveragePooling2D, AveragePooling3D,
  GlobalMaxPooling1D, GlobalMaxPooling2D, GlobalMaxPooling3D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAveragePooling3D,
  AdaptiveMaxPooling1D, AdaptiveMaxPooling2D, AdaptiveMaxPooling3D,
  AdaptiveAveragePooling1D, AdaptiveAveragePooling2D, AdaptiveAveragePooling3D,
  // normalization
  BatchNormalization, LayerNormalization, GroupNormalization, UnitNormalization, RMSNormalization,
  // regularization
  SpatialDropout1D, SpatialDropout2D, SpatialDropout3D, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization,
  // recurrent and wrappers
  SimpleRNN, LSTM, GRU, ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, Bidirectional, TimeDistributed,
  // attention
  MultiHeadAttention, Attention, AdditiveAttention,
  // merging
  Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot,
  // reshaping
  ZeroPadding1D, ZeroPadding2D, ZeroPadding3D, Cropping1D, Cropping2D, Cropping3D,
  UpSampling1D, UpSampling2D, UpSampling3D, Permute, RepeatVector,
  // preprocessing and image augmentation
  Rescaling, Normalization, Resizing, CenterCrop,
  RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness, RandomCrop,
];

const byName = new Map<string, LayerSpec>();
for (const spec of LAYER_SPECS) {
  byName.set(spec.className, spec);
  for (const alias of spec.aliases ?? []) byName.set(alias, spec);
}

export function findLayerSpec(name: string): LayerSpec | undefined {
  return byName.get(name);
}

/**
 * Keras's lower-case merge functions, `keras.layers.concatenate([a, b], axis=1)` and the like: each builds the
 * named layer from its keyword arguments and calls it on the list at once. They are functions, not classes, so
 * they are not aliases of the layers.
 */
export const MERGE_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['add', 'Add'],
  ['subtract', 'Subtract'],
  ['multiply', 'Multiply'],
  ['average', 'Average'],
  ['maximum', 'Maximum'],
  ['minimum', 'Minimum'],
  ['concatenate', 'Concatenate'],
  ['dot', 'Dot'],
]);
