/** The analysis core must run without VS Code: the CLI and plain-Node tests depend on it. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('src/core imports nothing from vscode or the extension', () => {
  const offenders = tsFiles('src/core').filter((file) => {
    const text = readFileSync(file, 'utf8');
    return /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|from\s+['"]\.\.\/(\.\.\/)?extension/.test(text);
  });
  assert.deepEqual(offenders, []);
});
