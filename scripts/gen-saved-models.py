"""Writes the tiny saved-model fixtures (test/fixtures/saved-models/) with real Keras, and the truth the tests
compare with: each model's layer rows (name, class, output shape, params) and its trainable / non-trainable totals.

Run with the venv's python: ~/.cache/model-lens/keras-venv/bin/python scripts/gen-saved-models.py
tf-keras 2 files are written by a second process (TF_USE_LEGACY_KERAS=1), as a TF 2.15 user would have made them.
"""
import json
import os
import subprocess
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'saved-models')


def rows(model):
    out = []
    for layer in model.layers:
        try:
            shape = layer.output.shape
            shape = [list(s) for s in shape] if isinstance(shape, list) else list(shape)
        except Exception:
            shape = None
        out.append({'name': layer.name, 'class': layer.__class__.__name__, 'params': int(layer.count_params()) if layer.built else None, 'outputShape': shape})
    return out


def totals(model, k):
    trainable = int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))
    non = int(sum(int(np.prod(w.shape)) for w in model.non_trainable_weights))
    return {'trainable': trainable, 'nonTrainable': non, 'total': trainable + non}


def models(k):
    L = k.layers
    seq = k.Sequential([k.Input((12, 12, 1)), L.Conv2D(4, 3, activation='relu'), L.MaxPooling2D(), L.BatchNormalization(), L.Flatten(), L.Dropout(0.5), L.Dense(10, activation='softmax')], name='tiny_cnn')
    a = k.Input((16,), name='features')
    b = k.Input((8,), name='extra')
    frozen = L.Dense(12, activation='relu', name='frozen')
    h = frozen(a)
    g = L.Dense(12)(b)
    s = L.Add()([h, g])
    inner = k.Sequential([L.Dense(6), L.LayerNormalization()], name='inner')
    s = inner(s)
    out1 = L.Dense(3, activation='softmax', name='cls')(s)
    out2 = L.Dense(1, name='reg')(L.Concatenate()([s, b]))
    fun = k.Model([a, b], [out1, out2], name='two_heads')
    frozen.trainable = False
    t = k.Input((10,), dtype='int32')
    r = L.Embedding(100, 8)(t)
    r = L.Bidirectional(L.LSTM(6))(r)
    rnn = k.Model(t, L.Dense(2)(r))
    return {'tiny_cnn': seq, 'two_heads': fun, 'rnn': rnn}


def main(flavour):
    if flavour == 'tfkeras2':
        import tf_keras as k
    else:
        import keras as k
    k.utils.set_random_seed(0)
    truth = {}
    for name, model in models(k).items():
        base = f'{flavour}-{name}'
        exts = ['.h5'] if flavour == 'tfkeras2' else ['.keras', '.h5']
        for ext in exts:
            path = os.path.join(OUT, base + ext)
            if ext == '.h5':
                model.save(path, include_optimizer=False) if flavour == 'tfkeras2' else model.save(path)
            else:
                model.save(path)
            truth[base + ext] = {'model': model.name, 'rows': rows(model), **totals(model, k)}
    json.dump(truth, open(os.path.join(OUT, f'truth-{flavour}.json'), 'w'), indent=1)


if __name__ == '__main__':
    if len(sys.argv) > 1:
        main(sys.argv[1])
    else:
        main('keras3')
        subprocess.run([sys.executable, __file__, 'tfkeras2'], env={**os.environ, 'TF_USE_LEGACY_KERAS': '1'}, check=True)
