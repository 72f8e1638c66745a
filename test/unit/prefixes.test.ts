/**
 * Half-typed code is the normal state of an editor: every prefix of every example and fixture goes through
 * the analyzer without an exception.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzePython } from '../../src/core/python/analyze';
import './analyze-helpers';

const FOLDERS = ['examples', 'test/fixtures', 'conformance/fixtures'];

function pythonFiles(): string[] {
  return FOLDERS.filter((d) => existsSync(d)).flatMap((d) =>
    readdirSync(d).filter((f) => f.endsWith('.py')).map((f) => join(d, f)),
  );
}

for (const file of pythonFiles()) {
  test(`every prefix of ${file}`, () => {
    const text = readFileSync(file, 'utf8');
    for (let cut = 0; cut <= text.length; cut++) {
      const report = analyzePython(text.slice(0, cut));
      assert.ok(report.diagnostics.every((d) => !d.message.startsWith('Model Lens could not analyze')), `prefix ${cut} of ${file}: ${report.diagnostics[0]?.message}`);
    }
  });
}
