import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([layers.Conv2D(6, 5, activation="relu", input_shape=(28, 28, 1)), layers.MaxPooling2D(), layers.Flatten(), layers.Dense(120), layers.Dense(10)])
