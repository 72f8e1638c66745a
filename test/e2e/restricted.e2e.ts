// Restricted Mode: a second code-server with workspace trust on (the run's own passes --disable-workspace-trust)
// opens a fresh copy of examples/ that nobody has trusted. Lenses and hover still work (the language server only
// reads text). That file-pointing settings are restricted is a unit test of the manifest.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  installVsix, makeDirs, removeDirs, RESULTS_DIR, ROOT, startCodeServer, stopCodeServer, stopCodeServerNow,
  type CodeServerDirs, type RunningCodeServer,
} from './harness';
import { poll, Workbench } from './workbench';

let dirs: CodeServerDirs | undefined;
let server: RunningCodeServer | undefined;
let wb: Workbench | undefined;
// The run stops its own code-server; this one is ours to stop, however the test process ends.
process.on('exit', () => server && stopCodeServerNow(server));

before(async () => {
  dirs = makeDirs();
  const settingsFile = join(dirs.userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  // Trust on, and no prompt: an untrusted folder opens in Restricted Mode.
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }, null, 2));
  installVsix(dirs, join(ROOT, 'dist', 'model-lens.vsix'));
  server = await startCodeServer(dirs, join(RESULTS_DIR, 'code-server-restricted.log'), { workspaceTrust: true });
  wb = await Workbench.open(server.url);
});

after(async () => {
  await wb?.close();
  if (server) await stopCodeServer(server);
  server = undefined;
  if (dirs) removeDirs(dirs);
});

test('in Restricted Mode (folder untrusted) lenses and hover work', async () => {
  if (!wb) throw new Error('the workbench did not open');
  try {
    const page = wb.page;
    // VS Code says it is in Restricted Mode in the status bar.
    await poll('the Restricted Mode indicator', () => page.locator('.statusbar-item').allTextContents(), (t) => t.some((s) => s.includes('Restricted Mode')), 30_000);
    await wb.openFile('fashion_mnist.py');
    const lenses = await wb.waitForCodeLenses(['Dense · (None, 256) · 200,960 params', '203,530'], 60_000);
    console.log(`CodeLens texts in Restricted Mode: ${JSON.stringify(lenses)}`);
    const hover = await wb.hover('Dense(256', { part: 'Dense', expect: '200,960' });
    assert.ok(hover.includes('kernel 784×256 = 200,704 + bias 256'), hover);
    await wb.screenshot('restricted-mode');
  } catch (error) {
    await wb.screenshot('failed-restricted-mode').catch(() => undefined);
    throw error;
  }
});
