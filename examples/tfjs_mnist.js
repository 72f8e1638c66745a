// The TensorFlow "Basic classification" tutorial in TensorFlow.js: a dense network for Fashion-MNIST.
// Model Lens shows each layer's output shape and parameter count above it, as model.summary() reports them,
// and "▶ Train" trains it on the Fashion-MNIST files this script reads.
import * as tf from '@tensorflow/tfjs';
import {readFileSync} from 'node:fs';
import {gunzipSync} from 'node:zlib';

const IMAGE_SIZE = 28;
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
                     'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
// Fashion-MNIST's gzipped IDX files (github.com/zalandoresearch/fashion-mnist; Debian: dataset-fashion-mnist).
const DATA_DIR = '/usr/share/datasets/fashion-mnist';

const model = tf.sequential({
  layers: [
    tf.layers.flatten({inputShape: [IMAGE_SIZE, IMAGE_SIZE]}),
    tf.layers.dense({units: 256, activation: 'relu'}),
    tf.layers.dense({units: CLASS_NAMES.length, activation: 'softmax'}),
  ],
});
model.summary();

model.compile({
  optimizer: tf.train.adam(),
  loss: 'sparseCategoricalCrossentropy',
  metrics: ['accuracy'],
});

/** One IDX file as a tensor: `headerBytes` of header, then one byte per value, `sampleShape` per sample. */
function readIdx(file, headerBytes, sampleShape) {
  const bytes = gunzipSync(readFileSync(`${DATA_DIR}/${file}`)).subarray(headerBytes);
  const sampleSize = sampleShape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from(bytes), [bytes.length / sampleSize, ...sampleShape]);
}

export async function train() {
  const trainImages = readIdx('train-images-idx3-ubyte.gz', 16, [IMAGE_SIZE, IMAGE_SIZE]);
  const trainLabels = readIdx('train-labels-idx1-ubyte.gz', 8, []);
  const testImages = readIdx('t10k-images-idx3-ubyte.gz', 16, [IMAGE_SIZE, IMAGE_SIZE]);
  const testLabels = readIdx('t10k-labels-idx1-ubyte.gz', 8, []);
  await model.fit(trainImages.div(255), trainLabels, {epochs: 5, batchSize: 32, validationSplit: 0.1});
  const [, testAccuracy] = model.evaluate(testImages.div(255), testLabels);
  console.log('Test accuracy:', (await testAccuracy.data())[0]);
}
