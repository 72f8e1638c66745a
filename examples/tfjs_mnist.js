// The TensorFlow "Basic classification" tutorial in TensorFlow.js: a dense network for Fashion-MNIST.
// Model Lens shows each layer's output shape and parameter count above it, as model.summary() reports them.
import * as tf from '@tensorflow/tfjs';

const IMAGE_SIZE = 28;
const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
                     'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

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

/** Trains on images of shape [n, 28, 28] with pixel values 0-255 and integer labels 0-9. */
export async function train(trainImages, trainLabels, testImages, testLabels) {
  await model.fit(trainImages.div(255), trainLabels, {epochs: 5});
  const [, testAccuracy] = model.evaluate(testImages.div(255), testLabels);
  console.log('Test accuracy:', (await testAccuracy.data())[0]);
}
