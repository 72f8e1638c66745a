/** The catalogue as a whole: every spec documented, every name unambiguous, argument lists well formed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAYER_SPECS, MERGE_FUNCTIONS, findLayerSpec, findTfjsFactory } from '../../src/core/layers/catalogue';

test('catalogue: every class name and alias names exactly one spec', () => {
  const seen = new Map<string, string>();
  for (const spec of LAYER_SPECS) {
    for (const name of [spec.className, ...(spec.aliases ?? [])]) {
      assert.ok(!seen.has(name), `${name} names both ${seen.get(name)} and ${spec.className}`);
      seen.set(name, spec.className);
    }
  }
});

test('catalogue: every spec has a one-sentence doc and a keras.io page', () => {
  for (const spec of LAYER_SPECS) {
    assert.match(spec.doc, /^[A-Z].*\.$/s, `${spec.className}: doc`);
    if (spec.tfKeras2Only) continue; // keras.io documents Keras 3 only
    assert.ok(spec.docsPath && /^[a-z_]+(\/[a-z0-9_]+)+$/.test(spec.docsPath), `${spec.className}: docsPath ${spec.docsPath}`);
  }
});

test('catalogue: arguments are unique, and keyword-only ones come last', () => {
  for (const spec of LAYER_SPECS) {
    const names = spec.args.map((a) => a.name);
    assert.equal(new Set(names).size, names.length, `${spec.className}: duplicate argument`);
    const firstKeywordOnly = spec.args.findIndex((a) => a.keywordOnly);
    if (firstKeywordOnly >= 0) assert.ok(spec.args.slice(firstKeywordOnly).every((a) => a.keywordOnly), `${spec.className}: keyword-only args must come last`);
    // A required argument cannot follow one with a default, as in Python.
    const firstDefault = spec.args.findIndex((a) => a.default !== undefined);
    if (firstDefault >= 0) assert.ok(spec.args.slice(firstDefault).every((a) => a.default !== undefined), `${spec.className}: required after optional`);
  }
});

test('catalogue: the lower-case merge functions name merge layers, and are not aliases', () => {
  for (const [fn, cls] of MERGE_FUNCTIONS) {
    assert.equal(findLayerSpec(cls)?.call, 'list', cls);
    assert.equal(findLayerSpec(fn), undefined, fn);
  }
});

test('catalogue: every TF.js factory names exactly one spec, and none is a Keras name', () => {
  const seen = new Map<string, string>();
  for (const spec of LAYER_SPECS) {
    for (const factory of spec.tfjs?.factories ?? []) {
      assert.ok(!seen.has(factory), `${factory} names both ${seen.get(factory)} and ${spec.className}`);
      seen.set(factory, spec.className);
      assert.equal(findTfjsFactory(factory), spec);
      assert.equal(findLayerSpec(factory), undefined, `${factory} is TF.js's spelling, not a Keras name`);
    }
  }
  assert.equal(findTfjsFactory('dense')?.className, 'Dense');
  assert.equal(findTfjsFactory('maxPool2d')?.className, 'MaxPooling2D');
});

test('catalogue: Keras aliases are Keras 3 names (Convolution2D, MaxPool2D), found like the class', () => {
  assert.equal(findLayerSpec('Convolution2D')?.className, 'Conv2D');
  assert.equal(findLayerSpec('MaxPool2D')?.className, 'MaxPooling2D');
  assert.equal(findLayerSpec('GlobalAvgPool1D')?.className, 'GlobalAveragePooling1D');
  for (const spec of LAYER_SPECS) for (const alias of spec.aliases ?? []) assert.match(alias, /^[A-Z]/, `${spec.className}: ${alias}`);
});

test('catalogue: a layer TF.js trains is one TF.js has', () => {
  for (const spec of LAYER_SPECS) {
    if (spec.tfjs?.train) assert.ok(spec.tfjs.factories.length > 0, spec.className);
  }
});
