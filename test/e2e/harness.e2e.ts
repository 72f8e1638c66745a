// The harness alone, with or without the extension: code-server serves the workbench, Chromium
// shows it, a Python file opens in an editor, typing reaches the editor, the command palette runs
// a built-in command.
import assert from 'node:assert/strict';
import { poll, workbenchTests } from './workbench';

const test = workbenchTests();

test('a Python file opens in the editor', async (wb) => {
  await wb.openFile('mnist_convnet.py');
  assert.match(await wb.activeTabTitle(), /mnist_convnet\.py/);
  const text = await wb.waitForEditorText('import');
  assert.match(text, /keras/);
  assert.match(await wb.page.locator('.statusbar').innerText(), /Python/);
  await wb.screenshot('harness-editor');
});

test('typing reaches the editor, and a built-in command runs from the palette', async (wb) => {
  await wb.openFile('mnist_convnet.py');
  await wb.goToLine(1, 1);
  await wb.type('# typed by the e2e harness\n');
  await wb.waitForEditorText('# typed by the e2e harness');
  await wb.runCommand('View: Toggle Word Wrap');
  await wb.runCommand('File: Revert File');
  await poll('File: Revert File to undo the edit', () => wb.editorText(), (t) => !t.includes('# typed by the e2e harness'));
});
