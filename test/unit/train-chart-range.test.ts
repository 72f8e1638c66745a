/** The loss axis follows the data after the first batches (a loss falling from 2.3 to 0.4 fills the chart). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { followingMax } from '../../webview/training/y-range';

test('the loss axis top: the highest value after the first tenth of the points (at least 3), with 10% headroom', () => {
  const falling = [2.5, 1.6, 1.1, 0.8, 0.7, 0.6, 0.55, 0.5, 0.52, 0.48, 0.47, 0.45];
  assert.equal(followingMax(falling, []), 0.8 * 1.1);
  // Epoch values always fit.
  assert.equal(followingMax(falling, [0.9]), 0.9 * 1.1);
  // Too few points to tell, or nothing positive: Chart.js's own range.
  assert.equal(followingMax(falling.slice(0, 9), []), undefined);
  assert.equal(followingMax(Array(12).fill(0), []), undefined);
  // A long run leaves out its first tenth.
  const long = [...Array(10).fill(3), ...Array(90).fill(0.4)];
  assert.ok(Math.abs(followingMax(long, [])! - 0.44) < 1e-12);
});
