"""Generates media/keras-applications.json.gz: the architecture of each keras.applications model as real Keras
builds it (weights=None), for the analyzer to build `VGG19()`, `ResNet50(include_top=False, pooling='avg')` and the
like without Python. Run with the venv's python:

    ~/.cache/model-lens/keras-venv/bin/python scripts/gen-applications.py

Per application it stores the include_top=False config (input shape (None, None, 3)) and, as generated, what
include_top=True and pooling='avg' / 'max' add after it (the "tails"); the config keys whose value is `classes`
(found by building with two class counts); the default input size; the minimum size Keras accepts. A variant
whose layers are not the base's plus a tail is stored whole. It also writes test/fixtures/applications-truth.json:
real Keras's trainable / non-trainable totals for every application and a few argument combinations.
"""
import gzip
import inspect
import json
import os
import re
import sys

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import keras  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
APPS = [
    'VGG16', 'VGG19', 'ResNet50', 'ResNet101', 'ResNet152', 'ResNet50V2', 'ResNet101V2', 'ResNet152V2',
    'InceptionV3', 'InceptionResNetV2', 'Xception', 'MobileNet', 'MobileNetV2', 'MobileNetV3Small', 'MobileNetV3Large',
    'EfficientNetB0', 'EfficientNetB1', 'EfficientNetB2', 'EfficientNetB3', 'EfficientNetB4', 'EfficientNetB5',
    'EfficientNetB6', 'EfficientNetB7', 'EfficientNetV2B0', 'EfficientNetV2B1', 'EfficientNetV2B2', 'EfficientNetV2B3',
    'EfficientNetV2S', 'EfficientNetV2M', 'EfficientNetV2L', 'DenseNet121', 'DenseNet169', 'DenseNet201',
    'ConvNeXtTiny', 'ConvNeXtSmall', 'ConvNeXtBase', 'ConvNeXtLarge', 'ConvNeXtXLarge', 'NASNetMobile', 'NASNetLarge',
]
# Argument combinations whose totals the tests check (besides every application's defaults).
TRUTH_CASES = [
    ('ResNet50', {'include_top': False, 'input_shape': [224, 224, 3], 'pooling': 'avg'}),
    ('VGG16', {'include_top': False, 'input_shape': [150, 150, 3]}),
    ('VGG19', {'classes': 10}),
    ('MobileNetV2', {'include_top': False, 'input_shape': [96, 96, 3], 'pooling': 'max'}),
    ('MobileNet', {'classes': 5}),
    ('MobileNetV3Small', {'include_top': False, 'input_shape': [128, 128, 3], 'pooling': 'avg'}),
    ('InceptionV3', {'include_top': False, 'input_shape': [299, 299, 3]}),
    ('EfficientNetB0', {'include_top': False, 'input_shape': [224, 224, 3], 'pooling': 'avg'}),
    ('DenseNet121', {'classes': 3}),
    ('Xception', {'include_top': False}),
    ('InceptionResNetV2', {'include_top': False, 'input_shape': [150, 150, 3], 'pooling': 'avg'}),
    ('ConvNeXtTiny', {'include_top': False, 'input_shape': [64, 64, 3]}),
    ('NASNetMobile', {'include_top': False, 'input_shape': [224, 224, 3], 'pooling': 'avg'}),
    ('EfficientNetV2B0', {'classes': 4}),
]
DROP = {'module', 'registered_name', 'build_config', 'shared_object_id', 'compile_config'}


def compact(v):
    """Drops what the analyzer does not read: modules, build configs, tensor metadata, initializer settings."""
    if isinstance(v, list):
        return [compact(x) for x in v]
    if not isinstance(v, dict):
        return v
    cls = v.get('class_name')
    if cls == '__keras_tensor__':
        return v['config']['keras_history']
    if cls == 'DTypePolicy':
        return None
    if cls in ('function', '__tuple__') or 'config' not in v or not isinstance(v.get('config'), dict):
        return {k: compact(x) for k, x in v.items() if k not in DROP}
    module = v.get('module') or ''
    if module.startswith('keras.initializers') or module.startswith('keras.regularizers'):
        return {'class_name': cls, 'config': {}}
    out = {k: compact(x) for k, x in v.items() if k not in DROP}
    # An operation on tensors (`inputs + x` is keras.src.ops.numpy.Add) is not a layer of the same name.
    if '.ops.' in module:
        out['module'] = module
    return out


def build(name, **kwargs):
    keras.backend.clear_session()
    # In a StatelessScope Keras defers initializing the weights: the architecture and the weights' shapes are
    # all that is read here, at a third of the time.
    with keras.StatelessScope():
        return getattr(keras.applications, name)(weights=None, **kwargs)


def totals(model):
    import numpy as np
    t = int(sum(int(np.prod(w.shape)) for w in model.trainable_weights))
    n = int(sum(int(np.prod(w.shape)) for w in model.non_trainable_weights))
    return {'trainable': t, 'nonTrainable': n}


def same_layer(a, b):
    """Two layer entries equal but for the input shape (a base built at (None, None, 3) and one at 224)."""
    if a['class_name'] == 'InputLayer' and b['class_name'] == 'InputLayer':
        return True
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def tail(base, full):
    """The layers `full` adds after `base`, or None when `full` is not `base` plus layers after it."""
    bl, fl = base['config']['layers'], full['config']['layers']
    if len(fl) < len(bl) or not all(same_layer(x, y) for x, y in zip(bl, fl)):
        return None
    return {'layers': fl[len(bl):], 'output_layers': full['config']['output_layers']}


def diff_paths(a, b, path, found):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k in b:
                diff_paths(a[k], b[k], path + [k], found)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            diff_paths(x, y, path + [i], found)
    elif a != b:
        found.append((path, a, b))


def module_names():
    """Each application's public submodules (`keras.applications.resnet50`, `keras.applications.resnet`)."""
    out = {}
    for mod_name in dir(keras.applications):
        mod = getattr(keras.applications, mod_name)
        if inspect.ismodule(mod):
            for app in APPS:
                if hasattr(mod, app):
                    out.setdefault(app, []).append(mod_name)
    return out


def min_size(fn):
    src = inspect.getsource(inspect.getmodule(fn))
    sizes = [int(m) for m in re.findall(r'min_size=(\d+)', src)]
    return max(sizes) if sizes else 32


CACHE = os.environ.get('APPS_CACHE')


def truth_cases(only):
    """Real Keras's totals for TRUTH_CASES (also from APPS_CACHE/cases.json, made by `--cases-only`)."""
    cached = CACHE and os.path.join(CACHE, 'cases.json')
    if cached and os.path.exists(cached) and '--cases-only' not in sys.argv:
        with open(cached) as f:
            return json.load(f)
    cases = []
    for name, kwargs in TRUTH_CASES:
        if only and name not in only:
            continue
        args = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
        cases.append({'app': name, 'args': kwargs, **totals(build(name, **args))})
    if cached:
        with open(cached, 'w') as f:
            json.dump(cases, f)
    return cases


def main():
    # APPS_CACHE=dir: each application is also written to dir/<name>.json as soon as it is made, and one found
    # there is not made again, so several processes (`--reverse` takes the list from its end) share the work.
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    only = set(args)
    if '--cases-only' in sys.argv:
        truth_cases(only)
        return
    order = list(reversed(APPS)) if '--reverse' in sys.argv else APPS
    modules = module_names()
    apps, truth = {}, {'keras_version': keras.__version__, 'cases': []}
    for name in order:
        if only and name not in only:
            continue
        cached = CACHE and os.path.join(CACHE, name + '.json')
        if cached and os.path.exists(cached):
            with open(cached) as f:
                entry, case = json.load(f)
            apps[name] = entry
            truth['cases'].append(case)
            continue
        fn = getattr(keras.applications, name)
        top_model = build(name)
        truth['cases'].append({'app': name, 'args': {}, **totals(top_model)})
        top = compact(json.loads(top_model.to_json()))
        top_names = [l['name'] for l in top['config']['layers']]
        # Built twice in one session, a layer named from Keras's counters changes name: those must be named by the file's.
        with keras.StatelessScope():
            second = [l['name'] for l in json.loads(getattr(keras.applications, name)(weights=None).to_json())['config']['layers']]
        auto = [a for a, b in zip(top_names, second) if a != b and a != top_names[0]]
        base = compact(json.loads(build(name, include_top=False).to_json()))
        entry = {
            'modules': modules.get(name, []),
            'minSize': min_size(fn),
            'defaultShape': top['config']['layers'][0]['config']['batch_shape'][1:],
            'base': base,
            'tails': {},
            'whole': {},
            'autoNamed': auto,
            # The signature, to bind positional arguments and to know which ones are accepted.
            'params': [[p.name, p.default if isinstance(p.default, (int, float, str, bool, type(None))) else repr(p.default)] for p in inspect.signature(fn).parameters.values()],
        }
        for variant, kwargs, model in [('top', {}, top), ('avg', {'include_top': False, 'pooling': 'avg'}, None), ('max', {'include_top': False, 'pooling': 'max'}, None)]:
            cfg = model if model is not None else compact(json.loads(build(name, **kwargs).to_json()))
            t = tail(base, cfg)
            if t is None:
                entry['whole'][variant] = cfg
            else:
                entry['tails'][variant] = t
        seven = compact(json.loads(build(name, classes=7).to_json()))
        found = []
        diff_paths(top['config']['layers'], seven['config']['layers'], [], found)
        bad = [f for f in found if not (f[1] == 1000 and f[2] == 7)]
        if bad:
            print(f'{name}: classes changes more than values 1000 → 7: {bad[:3]}', file=sys.stderr)
        entry['classesPaths'] = [[top['config']['layers'][p[0]]['name']] + p[1:] for p, _, _ in found if not bad]
        entry['classesSupported'] = not bad
        apps[name] = entry
        if cached:
            with open(cached + '.tmp', 'w') as f:
                json.dump([entry, truth['cases'][-1]], f)
            os.replace(cached + '.tmp', cached)
        print(name, len(base['config']['layers']), 'layers; tails', sorted(entry['tails']), 'whole', sorted(entry['whole']), 'auto', auto[:5], 'classes', entry['classesPaths'], file=sys.stderr)
    if '--no-write' in sys.argv:
        return
    apps = {name: apps[name] for name in APPS if name in apps}
    truth['cases'].sort(key=lambda c: APPS.index(c['app']))
    truth['cases'] += truth_cases(only)
    out = {'keras_version': keras.__version__, 'apps': apps}
    data = json.dumps(out, separators=(',', ':')).encode()
    with gzip.GzipFile(os.path.join(ROOT, 'media', 'keras-applications.json.gz'), 'wb', mtime=0) as f:
        f.write(data)
    with open(os.path.join(ROOT, 'test', 'fixtures', 'applications-truth.json'), 'w') as f:
        json.dump(truth, f, indent=1)
    print(f'{len(apps)} applications, {len(data):,} bytes of JSON', file=sys.stderr)


if __name__ == '__main__':
    main()
