# Mistakes beginners make that Model Lens explains in plain words about the model, with a quick fix where one is
# safe (Ctrl+. on the underlined code). Nothing here runs: the analysis reads the code.
import keras
from keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

# Conv2D wants images (height, width, channels), but Flatten made each sample a flat vector of 784 numbers.
# Quick fix: insert Reshape((28, 28, 1)) before the Conv2D.
flat_then_conv = keras.Sequential([
    layers.Flatten(input_shape=(28, 28)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(10, activation="softmax"),
])

# The same mistake after an Input: the Flatten can also move after the convolutions.
early_flatten = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Flatten(),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Dense(10, activation="softmax"),
])

# Dense on images without a Flatten works on the last axis only: the model outputs (28, 10) per image, not 10
# scores. Quick fix: insert Flatten() before the first Dense.
no_flatten = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

# The last layer applies softmax, and the loss is told the outputs are logits: softmax twice.
twice = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
twice.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
twice.fit(x_train / 255, y_train, epochs=1)
