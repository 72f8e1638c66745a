/** When the time budget runs out, the partial report says where the analysis was: "stopped after N ms at line L". */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';

before(async () => {
  await initParser();
});

test('a cut by the time budget names the line the analysis was on', () => {
  const source = ['import keras', 'x = 0', 'for i in range(100000):', '    x = x + 1', 'model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])', ''].join('\n');
  // No time at all: the first clock reading (after 1,024 steps) is past the deadline, inside the loop.
  const cut = analyzePython(source, { maxSteps: 2_000_000, maxMillis: 0, maxDepth: 200, maxCallDepth: 40, maxLoop: 100_000 });
  assert.match(cut.truncated ?? '', /^analysis stopped after 0 ms at line [34] \(/);
  const info = cut.diagnostics.find((d) => d.message.includes('analyzed only part'));
  assert.match(info?.message ?? '', /at line [34]/);
});
