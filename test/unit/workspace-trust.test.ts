/**
 * Restricted Mode: a workspace's own settings must not point Model Lens at files (a data folder of the
 * attacker's choosing); VS Code takes such settings from the user's settings only when they are listed in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations` with `supported: 'limited'`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const trust = manifest.capabilities.untrustedWorkspaces;
const settings: Record<string, { description?: string; type?: string }> = manifest.contributes.configuration.properties;

test("every setting that names a file, a folder or a download mirror is restricted in untrusted workspaces", () => {
  assert.equal(trust.supported, 'limited', 'restrictedConfigurations only applies with supported: "limited"');
  const pointsAtFiles = Object.entries(settings)
    .filter(([key, s]) => s.type === 'string' && /\b(folder|file|path|directory|mirror)\b/i.test(`${key} ${s.description ?? ''}`))
    .map(([key]) => key);
  assert.ok(pointsAtFiles.includes('modelLens.train.dataFolder'));
  assert.deepEqual([...trust.restrictedConfigurations].sort(), pointsAtFiles.sort());
  for (const key of trust.restrictedConfigurations) assert.ok(settings[key], `${key} is a setting Model Lens contributes`);
});
