/**
 * Python string literals decoded as Python decodes them (expected values printed by CPython 3.11): escapes in
 * plain, raw, bytes and f-strings. Layer names show the decoded value.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from './analyze-helpers';

const CASES: [literal: string, python: string][] = [
  [String.raw`'a\'b'`, "a'b"],
  [String.raw`"say \"hi\""`, 'say "hi"'],
  [String.raw`'\x41\x42'`, 'AB'],
  [String.raw`'\101'`, 'A'],
  [String.raw`'\u00e9\t'`, 'é\t'],
  [String.raw`'\U0001F600'`, '😀'],
  [String.raw`'back\\slash'`, 'back\\slash'],
  [String.raw`'\d stays'`, '\\d stays'],
  [String.raw`r'\x41'`, '\\x41'],
  [String.raw`b'\u00e9'.decode()`, '\\u00e9'],
  [String.raw`f'{1}\n{{x}}'`, '1\n{x}'],
  ["'line\\\ncontinued'", 'linecontinued'],
];

test('string escapes are decoded as Python decodes them', () => {
  const source = ['import keras', 'm = keras.Sequential([keras.Input((3,)),', ...CASES.map(([lit]) => `    keras.layers.Dense(2, name=${lit}),`), '])'].join('\n');
  const names = analyze(source).models[0].layers.map((l) => l.name);
  // bytes.decode() is not evaluated: that layer keeps Keras's automatic name, the first free `dense` name.
  const expected = CASES.map(([lit, value]) => (lit.startsWith('b') ? 'dense' : value));
  assert.deepEqual(names, expected);
});

test('a \\N{...} escape is not guessed: the value is unknown', () => {
  const report = analyze(`import keras\nm = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, name="\\N{BULLET}")])\n`);
  assert.equal(report.models[0].layers[0].name, 'dense');
});

test('keras_core (Keras 3 before its release) is Keras: its models are found and counted', () => {
  const report = analyze(`import keras_core as keras\nfrom keras_core import layers\nm = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n`);
  assert.equal(report.models.length, 1);
  assert.equal(report.models[0].totalParams, 7850);
});
