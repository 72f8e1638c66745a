/**
 * The Keras engine's Python files ship in the extension: the person's interpreter runs them from dist/
 * (src/train/python/runner.ts). `vsce ls` lists what the .vsix holds under .vscodeignore's allowlist.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireBuild, ROOT } from './helpers';

test('the .vsix holds the Keras runner and the Ray submitter', () => {
  requireBuild();
  const listed = execFileSync(join(ROOT, 'node_modules', '.bin', 'vsce'), ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 }).split('\n');
  for (const file of ['dist/model_lens_runner.py', 'dist/model_lens_ray.py']) assert.ok(listed.includes(file), `${file} is not packaged`);
});
