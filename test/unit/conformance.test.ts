/**
 * Real Keras is the judge: every fixture's report from the analyzer must equal what Keras 3 reported for it
 * (conformance/golden, made by `npm run conformance:regen`): each layer's output shape and params, and the totals.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import { stringifyJson, toJsonReport } from '../../src/core/report/json';
import './analyze-helpers';

test('the analyzer agrees with real Keras on every conformance fixture', () => {
  const goldens = readdirSync('conformance/golden').filter((f) => f.endsWith('.json'));
  assert.ok(goldens.length >= 120, `only ${goldens.length} goldens`);
  const ours = mkdtempSync(join(tmpdir(), 'model-lens-conformance-'));
  try {
    for (const golden of goldens) {
      const file = JSON.parse(readFileSync(join('conformance/golden', golden), 'utf8')).file as string;
      writeFileSync(join(ours, golden), stringifyJson(toJsonReport(file, analyzePython(readFileSync(file, 'utf8')))));
    }
    const run = spawnSync(process.execPath, ['conformance/compare.mjs', 'conformance/golden', '--ours', ours], { encoding: 'utf8' });
    // The comparison prints fixture, model, layer, ours vs Keras for every difference.
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`${goldens.length} of ${goldens.length} fixtures match Keras exactly`));
  } finally {
    rmSync(ours, { recursive: true, force: true });
  }
});
