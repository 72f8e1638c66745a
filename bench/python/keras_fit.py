"""Keras model.fit on the tutorial model: 1 epoch on all 60,000 images, Adam, then a second epoch (fit traces its
graph during the first, so the second shows the steady speed), then the test set's accuracy. The backend is
Keras's choice (KERAS_BACKEND). Prints JSON per batch size."""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(__file__))
import keras  # noqa: E402
from fashion_mnist import load  # noqa: E402

x, y = load()
x_test, y_test = load("t10k")
for batch in [int(b) for b in sys.argv[1:]] or [32, 128]:
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(256, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    start = time.perf_counter()
    history = model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
    second = time.perf_counter() - start
    test_accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0, return_dict=True)["accuracy"]
    print(json.dumps({"batch": batch, "samplesPerSec": len(x) / seconds, "secondEpochSamplesPerSec": len(x) / second, "accuracy": history.history["accuracy"][-1], "testAccuracy": test_accuracy, "seconds": seconds, "keras": keras.__version__, "backend": keras.backend.backend()}), flush=True)
