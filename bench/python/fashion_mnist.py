"""Fashion-MNIST from the IDX files the project uses (Debian's dataset-fashion-mnist, or the Keras cache)."""
import gzip
import os

import numpy as np

FOLDERS = [os.environ.get("MODEL_LENS_DATA", ""), "/usr/share/datasets/fashion-mnist", os.path.expanduser("~/.keras/datasets/fashion-mnist")]


def _read(path, header):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=header)


def load(split="train"):
    """The training set, or with split="t10k" the test set: images divided by 255, int64 labels."""
    for folder in FOLDERS:
        if folder and os.path.exists(os.path.join(folder, "%s-images-idx3-ubyte.gz" % split)):
            x = _read(os.path.join(folder, "%s-images-idx3-ubyte.gz" % split), 16).reshape(-1, 28, 28)
            y = _read(os.path.join(folder, "%s-labels-idx1-ubyte.gz" % split), 8)
            return (x / 255.0).astype("float32"), y.astype("int64")
    raise SystemExit("Fashion-MNIST not found: apt-get install dataset-fashion-mnist")
