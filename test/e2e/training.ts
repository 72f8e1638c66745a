// Driving "▶ Train" and reading the training panel, for the E2E tests that train (a .py file, a notebook cell).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { normalize, poll, type Workbench } from './workbench';

/** Adds settings to the workspace's .vscode/settings.json (other tests keep theirs). */
export function setWorkspaceSettings(wb: Workbench, settings: Record<string, unknown>): void {
  const dir = join(wb.workspace, '.vscode');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  const current = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
}

/**
 * The training panel's page: the editor webview's outer iframe (not a side-bar view's, nor a notebook's output
 * renderer's), then the inner frame with our HTML.
 */
export function trainingPanel(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready:not([src*="purpose=webviewView"]):not([src*="purpose=notebookRenderer"])').frameLocator('iframe#active-frame');
}

/** The text of the first element `selector` finds in the panel, or '' when there is none yet. */
export async function panelText(frame: FrameLocator, selector: string): Promise<string> {
  return normalize(await frame.locator(selector).first().innerText({ timeout: 2_000 }).catch(() => ''));
}

/** Where the "▶ Train" lenses are: the active editor group, or a notebook's cells. */
export type LensScope = '.editor-group-container.active' | '.notebook-editor';

/** Clicks the first "▶ Train" lens in `scope`. */
export async function clickTrainLens(wb: Workbench, scope: LensScope): Promise<void> {
  const lens = wb.page.locator(`${scope} .codelens-decoration a`, { hasText: '▶ Train' }).first();
  await lens.waitFor({ state: 'visible', timeout: 30_000 });
  await lens.click();
}

/**
 * Clicks "▶ Train" until the pre-flight picker shows the settings just written (VS Code applies a changed
 * settings file a moment later), then starts the run from the picker. Returns the picker's title.
 */
export async function startTraining(wb: Workbench, expect: string[], scope: LensScope = '.editor-group-container.active'): Promise<string> {
  const rows = wb.page.locator('.quick-input-widget .monaco-list-row');
  await poll(
    `the pre-flight picker to show ${JSON.stringify(expect)}`,
    async () => {
      await clickTrainLens(wb, scope);
      const texts = await poll('the pre-flight picker', async () => (await rows.allInnerTexts()).map(normalize), (t) => t.some((r) => r.startsWith('Start training')), 20_000);
      const ok = expect.every((e) => texts.some((r) => r.includes(e)));
      if (!ok) await wb.closeQuickInput();
      return ok;
    },
    (ok) => ok,
    30_000,
  );
  const title = normalize(await wb.page.locator('.quick-input-widget .quick-input-title').innerText());
  await rows.filter({ hasText: 'Start training' }).first().click();
  return title;
}

/** VS Code's own open dialog (a quick input in the browser): one file, typed as a path. */
export async function pickInDialog(wb: Workbench, path: string): Promise<void> {
  const input = await typeInDialog(wb, path);
  await input.press('Enter');
}

/** Types `value` into VS Code's simple file dialog and returns its input once the value has stayed there. */
export async function typeInDialog(wb: Workbench, value: string): Promise<Locator> {
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // The dialog fills in its folder a moment after it opens, over anything typed before: type until it stays.
  await poll(
    'the dialog to take the path',
    async () => {
      if ((await input.inputValue()) !== value) await input.fill(value);
      await new Promise((r) => setTimeout(r, 500));
      return input.inputValue();
    },
    (v) => v === value,
    10_000,
  );
  return input;
}
