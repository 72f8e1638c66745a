/** The catalogue as a whole: every spec documented, every name unambiguous, argument lists well formed. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LAYER_SPECS, MERGE_FUNCTIONS, findLayerSpec } from '../../src/core/layers/catalogue';

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
