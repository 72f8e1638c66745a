/** The designer's form rules: what a person may type, what is refused (and how it says so), how values are written. */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { argStates } from '../../src/core/designer/edits/arg-fields';
import { pythonText } from '../../src/core/designer/edits/python-text';
import { checkArgValue, parseArgInput, pythonFloat, type ArgRule } from '../../src/shared/arg-values';

before(async () => {
  await initParser();
});

const UNITS: ArgRule = { name: 'units', kind: 'int', min: 1 };
const RATE: ArgRule = { name: 'rate', kind: 'float', min: 0, max: 1, maxExclusive: true };
const KERNEL: ArgRule = { name: 'kernel_size', kind: 'ints', min: 1, length: 2 };

describe('reading what was typed', () => {
  test('units: whole positive numbers only', () => {
    assert.deepEqual(parseArgInput(UNITS, ' 128 '), { ok: true, value: { kind: 'int', value: 128 } });
    assert.deepEqual(parseArgInput(UNITS, '-3'), { ok: false, error: 'units must be a positive whole number (1 or more); got -3.' });
    assert.deepEqual(parseArgInput(UNITS, 'abc'), { ok: false, error: 'units must be a whole number; “abc” is not one.' });
    assert.deepEqual(parseArgInput(UNITS, '1.5'), { ok: false, error: 'units must be a whole number; “1.5” is not one.' });
    assert.deepEqual(parseArgInput(UNITS, ''), { ok: false, error: 'units needs a value.' });
  });

  test('rate: a number in [0, 1)', () => {
    assert.deepEqual(parseArgInput(RATE, '0.2'), { ok: true, value: { kind: 'float', value: 0.2 } });
    assert.deepEqual(parseArgInput(RATE, '1'), { ok: false, error: 'rate must be below 1; got 1.' });
    assert.equal(parseArgInput(RATE, 'half').ok, false);
  });

  test('kernel_size: one int for all, or exactly as many as the layer has dims', () => {
    assert.deepEqual(parseArgInput(KERNEL, '3'), { ok: true, value: { kind: 'int', value: 3 } });
    assert.deepEqual(parseArgInput(KERNEL, '(3, 5)'), { ok: true, value: { kind: 'tuple', items: [3, 5] } });
    assert.deepEqual(parseArgInput(KERNEL, '3,5'), { ok: true, value: { kind: 'tuple', items: [3, 5] } });
    assert.equal(parseArgInput(KERNEL, '3, 3, 3').ok, false);
    assert.equal(parseArgInput(KERNEL, '0, 3').ok, false);
  });

  test('choices and activations only from their lists', () => {
    assert.equal(parseArgInput({ name: 'padding', kind: 'choice', options: ['valid', 'same'] }, 'full').ok, false);
    assert.deepEqual(parseArgInput({ name: 'activation', kind: 'activation', options: ['relu'] }, 'relu'), { ok: true, value: { kind: 'activation', name: 'relu' } });
  });

  test('the host checks typed values with the same rules', () => {
    assert.equal(checkArgValue(UNITS, { kind: 'int', value: 0 }), 'units must be a positive whole number (1 or more); got 0.');
    assert.equal(checkArgValue(UNITS, { kind: 'int', value: 2.5 }), 'units must be a whole number.');
    assert.equal(checkArgValue(UNITS, { kind: 'str', value: '3' }), 'units does not take text.');
    assert.equal(checkArgValue(KERNEL, { kind: 'tuple', items: [3, 3] }), undefined);
  });
});

describe('writing values as Python', () => {
  test('floats as Python prints them', () => {
    assert.deepEqual([1, 0.2, 1e-5, 1.5e-7].map(pythonFloat), ['1.0', '0.2', '1e-05', '1.5e-07']);
  });

  test('strings escape their quote; tuples keep the 1-tuple comma; lists stay lists', () => {
    assert.equal(pythonText({ kind: 'str', value: `it's` }, { quote: "'" }), `'it\\'s'`);
    assert.equal(pythonText({ kind: 'tuple', items: [4] }, { quote: '"' }), '(4,)');
    assert.equal(pythonText({ kind: 'tuple', items: [3, 3] }, { quote: '"', listBrackets: true }), '[3, 3]');
  });
});

describe('the fields of a layer', () => {
  test('the tutorial Dense: units editable, activation tf.nn.relu editable, a variable is read-only with the reason', () => {
    const report = analyzePython(`import tensorflow as tf
n = 256
model = tf.keras.Sequential([tf.keras.layers.Dense(n, activation=tf.nn.relu, input_shape=(4,))])
`);
    const states = argStates(report.models[0].layers[0].layer);
    const units = states.find((s) => s.rule.name === 'units')!;
    assert.equal(units.editable, false);
    assert.match(units.reason!, /`n` is a variable or an expression/);
    const activation = states.find((s) => s.rule.name === 'activation')!;
    assert.deepEqual([activation.editable, activation.value], [true, { kind: 'activation', name: 'relu' }]);
    const useBias = states.find((s) => s.rule.name === 'use_bias')!;
    assert.deepEqual([useBias.given, useBias.text, useBias.editable], [false, 'True', true]);
    const name = states.find((s) => s.rule.name === 'name')!;
    assert.deepEqual([name.given, name.text], [false, "'dense'"]);
    assert.ok(states.some((s) => s.rule.name === 'input_shape' && s.editable));
    assert.ok(!states.some((s) => s.rule.name === 'kernel_regularizer'), 'regularizers are not offered');
  });
});
