/** A few thousand fuzz cases on every test run; `npm run fuzz` runs 100,000. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from '../fuzz/run-fuzz';

test('mutated and pathological inputs: the analyzer never throws', async () => {
  const stats = await fuzz({ cases: 3000, seed: 20261124, seconds: 120, pathological: true });
  assert.deepEqual(stats.failures, []);
  assert.equal(stats.exceptions, 0);
  assert.ok(stats.cases >= 1000, `only ${stats.cases} cases ran`);
});
