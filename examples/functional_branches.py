# A functional model with two inputs, a shared layer and a Concatenate merge.
from tensorflow import keras
from tensorflow.keras import layers

IMG = 32

def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    return layers.MaxPooling2D()(x)

image = keras.Input(shape=(IMG, IMG, 3), name="image")
meta = keras.Input(shape=(8,), name="meta")

x = image
for filters in [16, 32, 64]:
    x = conv_block(x, filters)
x = layers.GlobalAveragePooling2D()(x)

shared = layers.Dense(32, activation="relu")
m = shared(meta)

merged = layers.Concatenate()([x, m])
outputs = layers.Dense(10, activation="softmax", name="label")(merged)

model = keras.Model(inputs=[image, meta], outputs=outputs)
model.summary()
