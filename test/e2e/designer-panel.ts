// Reading the Model designer side panel, for the E2E tests that use it (a .py file, a notebook cell).
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { normalize, poll, type Workbench } from './workbench';

/** The designer's page: the webview view's outer iframe, then VS Code's inner frame that holds our HTML. */
export function designer(wb: Workbench): FrameLocator {
  return wb.page.frameLocator('iframe.webview.ready[src*="purpose=webviewView"]').frameLocator('iframe#active-frame');
}

export async function cardTexts(frame: FrameLocator): Promise<string[]> {
  return (await frame.locator('li.card').allInnerTexts()).map(normalize);
}

/** The cards: in the "Layers" view (the panel opens on the graph; this switches once if it shows the graph). */
export async function waitForCards(frame: FrameLocator, what: string, done: (cards: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  const read = async () => {
    const list = frame.locator('[data-key="mode-list"][aria-pressed="false"]');
    if (await list.count()) await list.click();
    return cardTexts(frame);
  };
  return poll(what, () => read().catch(() => []), done, timeoutMs);
}

/** The graph's node labels once it is drawn (the graph view), e.g. `Dense label 970 params · 960 MACs`. */
export async function waitForGraph(frame: FrameLocator, what: string, done: (nodes: string[]) => boolean, timeoutMs = 20_000): Promise<string[]> {
  const read = async () => {
    const graph = frame.locator('[data-key="mode-graph"][aria-pressed="false"]');
    if (await graph.count()) await graph.click();
    return (await frame.locator('svg.graph g.node').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))).map(normalize);
  };
  return poll(what, () => read().catch(() => []), done, timeoutMs);
}

export function card(frame: FrameLocator, name: string): Locator {
  return frame.locator(`li.card[data-key="card:${name}"]`);
}

/** Opens a card's form and enters a new value for one argument (`units` of layer 1: `#arg-1-units`). */
export async function setArgument(frame: FrameLocator, cardName: string, fieldId: string, value: string): Promise<void> {
  await card(frame, cardName).click();
  const input = frame.locator(`#${fieldId} input`);
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  await input.press('Enter');
}

/** A screenshot of the window and one of the side bar with the panel: `designer-<name>.png`, `designer-<name>-panel.png`. */
export async function screenshotDesigner(wb: Workbench, name: string): Promise<string[]> {
  const full = await wb.screenshot(`designer-${name}`);
  const panel = join(wb.resultsDir, `designer-${name}-panel.png`);
  await wb.page.locator('.part.sidebar').screenshot({ path: panel });
  return [full, panel];
}
