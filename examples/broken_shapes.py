# Shape mistakes Model Lens reports before the code runs.
import tensorflow as tf
from tensorflow.keras import layers

# Conv2D expects images (batch, height, width, channels) but gets flat vectors.
flat = tf.keras.Sequential([
    layers.Dense(64, input_shape=(784,)),
    layers.Conv2D(8, 3),
])

# A 5x5 kernel does not fit an input of 4x4 with padding='valid'.
tiny = tf.keras.Sequential([
    layers.Conv2D(4, 5, input_shape=(4, 4, 1)),
])

# Reshape must keep the number of elements: 784 cannot become 27 x 27.
reshape = tf.keras.Sequential([
    layers.Reshape((27, 27), input_shape=(784,)),
])

# No input shape: Keras cannot build this model until it sees data.
unbuilt = tf.keras.Sequential([
    layers.Dense(10),
])
