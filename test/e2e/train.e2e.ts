// Training in a real VS Code: "▶ Train" above the tutorial model shows the run's settings (a subset, set
// through the workspace's settings) and starts a short training in a worker process; the chart panel
// receives points, shows the backend, the test accuracy, the confusion matrix and the gallery, and keeps
// the run when hidden and shown again; Stop ends a longer run. Needs Fashion-MNIST on the machine
// (Debian's dataset-fashion-mnist). Screenshots: test-results/e2e/train-*.png.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { normalize, poll, workbenchTests, type Workbench } from './workbench';

const test = workbenchTests();

/** Adds settings to the workspace's .vscode/settings.json (other tests keep theirs). */
function setWorkspaceSettings(wb: Workbench, settings: Record<string, unknown>): void {
  const dir = join(wb.workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
}

/** The training panel's page: the editor webview's outer iframe, then the inner frame with our HTML. */
function trainingPanel(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready:not([src*="purpose=webviewView"])').frameLocator('iframe#active-frame');
}

async function text(frame: FrameLocator, selector: string): Promise<string> {
  return normalize(await frame.locator(selector).first().innerText({ timeout: 2_000 }).catch(() => ''));
}

async function clickTrainLens(wb: Workbench): Promise<void> {
  await wb.waitForCodeLenses(['▶ Train']);
  await wb.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: '▶ Train' }).first().click();
}

/**
 * Clicks "▶ Train" until the pre-flight picker shows the settings just written (VS Code applies a changed
 * settings file a moment later), then starts the run from the picker.
 */
async function startTraining(wb: Workbench, expect: string[]): Promise<void> {
  const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
  await poll(
    `the pre-flight picker to show ${JSON.stringify(expect)}`,
    async () => {
      await clickTrainLens(wb);
      const texts = await poll('the pre-flight picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Start training')), 20_000);
      const ok = expect.every((e) => texts.some((r) => r.includes(e)));
      if (!ok) await wb.closeQuickInput();
      return ok;
    },
    (ok) => ok,
    30_000,
  );
  await rows.filter({ hasText: 'Start training' }).first().click();
}

test('▶ Train runs a short training and the chart shows it, with the test accuracy', async (wb) => {
  setWorkspaceSettings(wb, {
    'modelLens.train.sampleLimit': 3000,
    'modelLens.train.testSampleLimit': 500,
    'modelLens.train.epochs': 2,
  });
  await wb.openFile('fashion_mnist.py');
  await startTraining(wb, ['Epochs: 2', 'Training samples: first 3,000']);
  const panel = trainingPanel(wb);
  // Points reach the chart while it trains.
  await poll('points in the chart', async () => Number((await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => '0')) ?? 0), (n) => n > 0, 60_000);
  const backend = await text(panel, '#backend');
  assert.match(backend, /^backend: (tensorflow|wasm|cpu)$/);
  const accuracy = await poll('the test accuracy', () => text(panel, '#test-accuracy'), (t) => /%$/.test(t), 120_000);
  assert.ok(parseFloat(accuracy) > 50, `test accuracy ${accuracy}`);
  assert.equal(await panel.locator('table.confusion tbody tr').count(), 10);
  assert.ok((await panel.locator('.gallery figure').count()) > 0);
  assert.match(await text(panel, '#phase'), /^Finished/);
  await wb.page.mouse.move(5, 5);
  const shot = await wb.screenshot('train-finished');
  process.stdout.write(`# ${backend}, test accuracy ${accuracy}; screenshot ${shot}\n`);

  // Hidden behind another editor and shown again, the panel still has the whole run.
  const points = await panel.locator('#charts').getAttribute('data-points');
  await wb.page.locator('.tab', { hasText: 'Training model' }).first().click();
  await wb.openFile('mnist_convnet.py');
  await poll('another editor over the panel', () => wb.activeTabTitle(), (t) => /mnist_convnet/.test(t), 10_000);
  await wb.runCommand('Model Lens: Show Training Chart');
  await poll('the history replayed', async () => (await panel.locator('#charts').getAttribute('data-points', { timeout: 2_000 }).catch(() => null)) ?? '', (p) => p === points, 20_000);
  assert.equal(await text(panel, '#test-accuracy'), accuracy);
});

test('Stop ends a longer run; the panel says so and can train again', async (wb) => {
  setWorkspaceSettings(wb, { 'modelLens.train.sampleLimit': 0, 'modelLens.train.epochs': 5 });
  await wb.openFile('fashion_mnist.py');
  await startTraining(wb, ['Epochs: 5', 'Training samples: all']);
  const panel = trainingPanel(wb);
  await poll('a fresh run drawing points', () => text(panel, '#stats'), (t) => /^Epoch 1\/5 · batch/.test(t), 60_000);
  await wb.screenshot('train-running');
  await panel.locator('#stop').click();
  const phase = await poll('the run to stop', () => text(panel, '#phase'), (t) => t === 'Stopped', 5_000);
  assert.equal(phase, 'Stopped');
  assert.match(await text(panel, '#message'), /Stopped by you/);
  // The status bar item is gone and Train again is offered.
  await poll('the status bar item to go', async () => wb.page.locator('.statusbar-item', { hasText: 'Training model' }).count(), (n) => n === 0, 5_000);
  assert.equal(await panel.locator('#restart').getAttribute('disabled'), null);
});
