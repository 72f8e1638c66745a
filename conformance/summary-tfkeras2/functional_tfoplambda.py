import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
latent = keras.Input(shape=(100,))
image_class = keras.Input(shape=(1,), dtype='int32')
cls = layers.Embedding(10, 100)(image_class)
h = layers.multiply([latent, cls])
x = layers.Dense(64)(h)
y = tf.nn.relu(x) + 1.0
generator = keras.Model([latent, image_class], [y, h])
