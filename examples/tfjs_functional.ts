// A TensorFlow.js model in TypeScript with the functional API: a small CNN for MNIST with two heads.
import * as tf from '@tensorflow/tfjs';

const NUM_CLASSES = 10;

function convBlock(x: tf.SymbolicTensor, filters: number): tf.SymbolicTensor {
  const conv = tf.layers.conv2d({filters, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(x) as tf.SymbolicTensor;
  return tf.layers.maxPooling2d({poolSize: 2}).apply(conv) as tf.SymbolicTensor;
}

export function createModel(): tf.LayersModel {
  const image = tf.input({shape: [28, 28, 1], name: 'image'});
  let x = convBlock(image, 16);
  x = convBlock(x, 32);
  const features = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  const digit = tf.layers.dense({units: NUM_CLASSES, activation: 'softmax', name: 'digit'}).apply(features) as tf.SymbolicTensor;
  const isEven = tf.layers.dense({units: 1, activation: 'sigmoid', name: 'is_even'}).apply(features) as tf.SymbolicTensor;
  return tf.model({inputs: image, outputs: [digit, isEven], name: 'mnist_two_heads'});
}

const model = createModel();
model.summary();
