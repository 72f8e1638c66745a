/** The per-batch curve smoothed as TensorBoard does: an exponential moving average with debiasing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smoothed } from '../../webview/training/smoothing';

test('weight 0.6: the debiased moving average TensorBoard draws (its classicSmoothing by hand)', () => {
  const got = smoothed([1, 0, 1, 0], 0.6);
  // last: 0.4, 0.24, 0.544, 0.3264; debias by 1 - 0.6^n: 0.4, 0.64, 0.784, 0.8704
  const want = [1, 0.375, 0.6938775510204082, 0.375];
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `${i}: ${v} vs ${want[i]}`));
});

test('weight 0 is the raw curve; a constant curve stays constant; NaN passes through without poisoning the rest', () => {
  assert.deepEqual(smoothed([3, 1, 2], 0), [3, 1, 2]);
  assert.deepEqual(smoothed([0.5, 0.5, 0.5], 0.9), [0.5, 0.5, 0.5]);
  const withNan = smoothed([1, NaN, 1], 0.5);
  assert.ok(Number.isNaN(withNan[1]));
  assert.equal(withNan[2], 1);
  assert.deepEqual(smoothed([], 0.6), []);
});
