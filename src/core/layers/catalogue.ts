/** Every layer spec, looked up by Keras class name or alias. */
import { LeakyReLU, ReLU, Softmax } from './activations';
import { Conv1D, Conv2D } from './convolutional';
import { Activation, Dense, Dropout, Embedding, Flatten, Reshape } from './core';
import { Add, Concatenate } from './merging';
import { BatchNormalization } from './normalization';
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  MaxPooling1D,
  MaxPooling2D,
} from './pooling';
import { Rescaling } from './preprocessing';
import { UpSampling2D, ZeroPadding2D } from './reshaping';
import { GRU, LSTM, SimpleRNN } from './rnn';
import type { LayerSpec } from './spec';

export const LAYER_SPECS: readonly LayerSpec[] = [
  // core
  Dense, Activation, Dropout, Flatten, Reshape, Embedding,
  // activations
  ReLU, LeakyReLU, Softmax,
  // convolution and pooling
  Conv1D, Conv2D,
  MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D,
  GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D,
  // normalization
  BatchNormalization,
  // recurrent
  SimpleRNN, LSTM, GRU,
  // merging
  Concatenate, Add,
  // reshaping and preprocessing
  ZeroPadding2D, UpSampling2D, Rescaling,
];

const byName = new Map<string, LayerSpec>();
for (const spec of LAYER_SPECS) {
  byName.set(spec.className, spec);
  for (const alias of spec.aliases ?? []) byName.set(alias, spec);
}

export function findLayerSpec(name: string): LayerSpec | undefined {
  return byName.get(name);
}
