/**
 * Real tf.keras 2 is the judge of the tf.keras 2 dialect: every fixture tf-keras 2.21 runs
 * (conformance/golden-tfkeras2, made by `npm run conformance:regen`) must match what the analyzer reports when the
 * file follows tf.keras 2: names (`input_1`, `model`), TFOpLambda rows, `multiple` shapes, Embedding's input.
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

const GOLDEN = 'conformance/golden-tfkeras2';

/** Where the dialect does not follow tf.keras 2 yet, and why (each is a known difference, not a silent one). */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {};

test('the analyzer in the tf.keras 2 dialect agrees with real tf-keras on every fixture it runs', () => {
  const names = readdirSync(GOLDEN).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
  assert.ok(names.length >= 140, `only ${names.length} tf.keras 2 goldens`);
  const checked = names.filter((n) => !Object.hasOwn(KNOWN_DIFFERENCES, n));
  const ours = mkdtempSync(join(tmpdir(), 'model-lens-conformance-tfk2-'));
  try {
    for (const name of names) {
      const file = JSON.parse(readFileSync(join(GOLDEN, `${name}.json`), 'utf8')).file as string;
      writeFileSync(join(ours, `${name}.json`), stringifyJson(toJsonReport(file, analyzePython(readFileSync(file, 'utf8'), undefined, undefined, 2))));
    }
    const run = spawnSync(process.execPath, ['conformance/compare.mjs', GOLDEN, '--ours', ours, ...checked], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, new RegExp(`${checked.length} of ${checked.length} fixtures match Keras exactly`));
    // A known difference that went away should leave the list.
    for (const name of Object.keys(KNOWN_DIFFERENCES)) {
      const known = spawnSync(process.execPath, ['conformance/compare.mjs', GOLDEN, '--ours', ours, name], { encoding: 'utf8' });
      assert.equal(known.status, 1, `${name} now matches: ${known.stdout}`);
    }
  } finally {
    rmSync(ours, { recursive: true, force: true });
  }
});
