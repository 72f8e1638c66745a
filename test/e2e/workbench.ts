// Helpers that drive the VS Code workbench (code-server) the way a person does: keyboard shortcuts,
// the mouse over text in the editor, and reading what the DOM shows. The test files use one
// Workbench each; run.ts has already started code-server and Chromium (see harness.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { E2E_ENV } from './harness';

// Functions passed to page.evaluate run in the browser; the project compiles without DOM types.
declare const document: any;
declare const NodeFilter: any;

const ACTIVE_EDITOR = '.editor-group-container.active .editor-container .monaco-editor';
const QUICK_INPUT = '.quick-input-widget';

/** Text as a person reads it: Monaco renders spaces as U+00A0. */
export function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').trim();
}

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the E2E tests through test/e2e/run.ts`);
  return value;
}

export async function poll<T>(
  what: string,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen:\n${JSON.stringify(value, null, 2)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
    value = await read();
  }
  return value;
}

export interface Marker {
  text: string; // the row as shown
  label: string; // its aria-label (severity, message, position, file)
}

export class Workbench {
  readonly resultsDir = env(E2E_ENV.results);
  readonly workspace = env(E2E_ENV.workspace);

  private constructor(
    readonly browser: Browser,
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** Connects to run.ts's Chromium and opens the workbench with the workspace copy. */
  /** Opens the workbench of the run's code-server, or of another one (`url`, as the Restricted Mode test starts). */
  static async open(url = env(E2E_ENV.url)): Promise<Workbench> {
    const browser = await chromium.connect(env(E2E_ENV.wsEndpoint));
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    const wb = new Workbench(browser, context, page);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the folder once the workbench has connected to the server.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return wb;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.browser.close().catch(() => undefined);
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(this.resultsDir, { recursive: true });
    const path = join(this.resultsDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  // ------------------------------------------------------------------ editors

  /**
   * Keys typed while a webview's iframe has focus may never reach the workbench (a view still loading forwards
   * none): gives focus back to the workbench page.
   */
  private async focusWorkbench(): Promise<void> {
    await this.page.evaluate(() => {
      const active = document.activeElement as { tagName?: string; blur?: () => void } | null;
      if (active?.tagName === 'IFRAME') active.blur?.();
    });
  }

  /** Quick Open (Ctrl+P): type the file name, pick it, wait for its tab to be active. */
  async openFile(fileName: string): Promise<void> {
    const baseName = fileName.split('/').pop() ?? fileName;
    const tab = this.page.locator('.editor-group-container.active .tab.active', { hasText: baseName });
    for (let attempt = 1; ; attempt++) {
      await this.closeQuickInput();
      await this.focusWorkbench();
      await this.page.keyboard.press('Control+P');
      // Ctrl+P pressed while a webview still held focus opened nothing (after a training run's panel): try again.
      const shown = await this.page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (!shown) {
        if (attempt === 3) throw new Error(`Quick Open (Ctrl+P) did not open to find ${fileName}`);
        continue;
      }
      await this.page.keyboard.type(fileName);
      // A file written just before may not be in Quick Open's index yet (the file watcher lags on a loaded machine):
      // ask again rather than fail at the first wait.
      const offered = await this.pickFocusedRow((row) => row === baseName || row.startsWith(`${baseName}\n`) || row.startsWith(`${baseName} `), `Quick Open to offer ${baseName}`).then(
        () => undefined,
        (e: unknown) => e,
      );
      if (offered !== undefined) {
        if (attempt === 3) throw offered;
        continue;
      }
      const opened = await tab.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
      if (opened) break;
      if (attempt === 3) throw new Error(`Quick Open did not open ${fileName}; active tab: ${await this.activeTabTitle().catch(() => '?')}`);
    }
    await this.page.locator(ACTIVE_EDITOR).waitFor({ state: 'visible' });
    await this.page.locator(`${ACTIVE_EDITOR} .view-line`).first().waitFor({ state: 'visible' });
  }

  /**
   * Presses Enter in the quick input once its focused (first) row satisfies `accept`. The list
   * filters asynchronously and reuses row elements, so clicking a matching row can hit another item.
   */
  private async pickFocusedRow(accept: (rowText: string) => boolean, what: string): Promise<void> {
    const focused = this.page.locator(`${QUICK_INPUT} .monaco-list-row.focused`);
    const read = async () => ((await focused.count()) ? normalize(await focused.first().innerText().catch(() => '')) : '');
    await poll(what, read, accept, 15_000);
    // The same row twice, 150 ms apart: the list has settled.
    await new Promise((r) => setTimeout(r, 150));
    await poll(what, read, accept, 15_000);
    await this.page.keyboard.press('Enter');
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator(QUICK_INPUT).isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Title of the active editor tab. */
  async activeTabTitle(): Promise<string> {
    return normalize(await this.page.locator('.editor-group-container.active .tab.active').innerText());
  }

  /** Titles of all open editor tabs. */
  async tabTitles(): Promise<string[]> {
    return (await this.page.locator('.tabs-container .tab').allInnerTexts()).map(normalize);
  }

  /** The text of the active editor as rendered (the lines in view), lines in order. */
  async editorText(): Promise<string> {
    const lines: string[] = await this.page.evaluate((selector: string) => {
      const editor = document.querySelector(selector);
      if (!editor) return [];
      const nodes = [...editor.querySelectorAll('.view-lines .view-line')] as any[];
      nodes.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
      return nodes.map((n) => n.textContent as string);
    }, ACTIVE_EDITOR);
    return lines.map((l) => l.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }

  /** Waits until the active editor shows `text` and returns all its text. */
  async waitForEditorText(text: string, timeoutMs = 20_000): Promise<string> {
    return poll(`editor text containing ${JSON.stringify(text)}`, () => this.editorText(), (t) => t.includes(text), timeoutMs);
  }

  /**
   * Whether the active editor refuses typing: types a character and looks for VS Code's
   * "Cannot edit in read-only editor" message (a writable editor gets the keystroke undone).
   */
  async isReadOnly(): Promise<boolean> {
    const before = await this.editorText();
    const box = await this.page.locator(ACTIVE_EDITOR).boundingBox();
    if (!box) throw new Error('no active editor');
    await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await this.page.keyboard.type('x');
    const message = this.page.locator(`${ACTIVE_EDITOR} .monaco-editor-overlaymessage`, { hasText: /read-only/i });
    const refused = await message.waitFor({ state: 'visible', timeout: 3_000 }).then(() => true, () => false);
    const after = await this.editorText();
    if (after !== before) await this.page.keyboard.press('Control+Z');
    return refused && after === before;
  }

  // ------------------------------------------------------------------ text positions

  /**
   * Screen rectangle of `text` in the active editor's rendered lines: the `occurrence`-th match
   * (0-based, top to bottom), optionally only on lines containing `line`. `part`, a substring of
   * `text`, narrows the rectangle to that part (e.g. the `Dense` of `Dense(256`). `editors`, a selector, looks
   * in every editor it matches, in document order (a notebook's cells), instead of the active editor.
   */
  async textRect(
    text: string,
    opts: { occurrence?: number; line?: string; part?: string; editors?: string } = {},
  ): Promise<{ x: number; y: number; width: number; height: number }> {
    const found = await this.page.evaluate(
      ({ selector, all, text, occurrence, line, part }) => {
        const editors = (all ? [...document.querySelectorAll(selector)] : [document.querySelector(selector)].filter(Boolean)) as any[];
        if (!editors.length) return { error: 'no active editor' };
        const lines = editors.flatMap((editor) => {
          const own = [...editor.querySelectorAll('.view-lines .view-line')] as any[];
          return own.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
        });
        const matches: { node: any; index: number }[] = [];
        for (const node of lines) {
          const content = (node.textContent as string).replace(/\u00a0/g, ' ');
          if (line && !content.includes(line)) continue;
          for (let i = content.indexOf(text); i >= 0; i = content.indexOf(text, i + 1)) matches.push({ node, index: i });
        }
        const match = matches[occurrence];
        if (!match) return { error: `${matches.length} matches` };
        const offset = part ? text.indexOf(part) : 0;
        const start = match.index + Math.max(offset, 0);
        const end = start + (part && offset >= 0 ? part.length : text.length);
        // Walk the text nodes of the line to turn character offsets into a DOM range.
        const walker = document.createTreeWalker(match.node, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let seen = 0;
        let startSet = false;
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const len = n.textContent.length;
          if (!startSet && start < seen + len) {
            range.setStart(n, start - seen);
            startSet = true;
          }
          if (startSet && end <= seen + len) {
            range.setEnd(n, end - seen);
            break;
          }
          seen += len;
        }
        const r = range.getBoundingClientRect();
        return { x: r.left, y: r.top, width: r.width, height: r.height };
      },
      { selector: opts.editors ?? ACTIVE_EDITOR, all: opts.editors !== undefined, text, occurrence: opts.occurrence ?? 0, line: opts.line, part: opts.part },
    );
    if ('error' in found) throw new Error(`text ${JSON.stringify(text)} not found in the editor: ${found.error}`);
    return found as { x: number; y: number; width: number; height: number };
  }

  /** Clicks into the editor on `text` (its middle, or `at: 'start' | 'end'`). */
  async clickText(text: string, opts: { occurrence?: number; line?: string; part?: string; at?: 'start' | 'middle' | 'end' } = {}): Promise<void> {
    const r = await this.textRect(text, opts);
    const x = opts.at === 'start' ? r.x + 1 : opts.at === 'end' ? r.x + r.width - 1 : r.x + r.width / 2;
    await this.page.mouse.click(x, r.y + r.height / 2);
  }

  /** Selects `text` in the editor with click + shift-click. */
  async selectText(text: string, opts: { occurrence?: number; line?: string } = {}): Promise<void> {
    const r = await this.textRect(text, opts);
    const y = r.y + r.height / 2;
    await this.page.mouse.click(r.x + 1, y);
    await this.page.keyboard.down('Shift');
    await this.page.mouse.click(r.x + r.width - 1, y);
    await this.page.keyboard.up('Shift');
  }

  /** Types at the cursor, as keystrokes. */
  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /** Replaces `oldText` (the first match, or as narrowed by opts) with `newText` by typing. */
  async replaceText(oldText: string, newText: string, opts: { occurrence?: number; line?: string } = {}): Promise<void> {
    await this.selectText(oldText, opts);
    await this.type(newText);
  }

  /** Moves the cursor with Go to Line (Ctrl+G), 1-based. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
    await this.page.keyboard.type(`${line}:${column}`);
    await this.page.keyboard.press('Enter');
  }

  // ------------------------------------------------------------------ CodeLens and hover

  /** The CodeLens lines shown in the active editor, each as one string (several lenses joined by " | "). */
  async codeLenses(): Promise<string[]> {
    const texts = await this.page.locator(`${ACTIVE_EDITOR} .codelens-decoration`).allTextContents();
    return texts.map(normalize).filter((t) => t.length > 0);
  }

  /** Waits until every expected string appears in some CodeLens line; returns all lines. */
  async waitForCodeLenses(expected: string[], timeoutMs = 30_000): Promise<string[]> {
    return poll(
      `CodeLens texts ${JSON.stringify(expected)}`,
      () => this.codeLenses(),
      (lenses) => expected.every((e) => lenses.some((l) => l.includes(e))),
      timeoutMs,
    );
  }

  /**
   * Moves the mouse over `text` in the editor and returns the hover's text once it shows
   * (and, with `expect`, once it contains that string).
   */
  async hover(
    text: string,
    opts: { occurrence?: number; line?: string; part?: string; expect?: string; timeoutMs?: number; editors?: string } = {},
  ): Promise<string> {
    // Move away first so the same position can be hovered again.
    await this.page.mouse.move(5, 5);
    const hoverBox = this.page.locator(`${opts.editors ?? ACTIVE_EDITOR} .monaco-hover:not(.hidden)`);
    await hoverBox.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    const pointAt = async () => {
      const r = await this.textRect(text, opts);
      await this.page.mouse.move(r.x + r.width / 2, r.y + r.height / 2, { steps: 5 });
      return Date.now();
    };
    let pointedAt = await pointAt();
    return poll(
      `a hover over ${JSON.stringify(text)}${opts.expect ? ` containing ${JSON.stringify(opts.expect)}` : ''}`,
      async () => {
        const shown = (await hoverBox.count()) ? normalize(await hoverBox.first().innerText().catch(() => '')) : '';
        // No hover a few seconds after pointing: the text moved under the pointer (lenses drawn above it on a busy
        // machine) or the move was missed. Point again, from outside, at where the text is now.
        if (!shown && Date.now() - pointedAt > 4_000) {
          await this.page.mouse.move(5, 5);
          pointedAt = await pointAt();
        }
        return shown;
      },
      (t) => t.length > 0 && !/^Loading/.test(t) && (!opts.expect || t.includes(opts.expect)),
      opts.timeoutMs ?? 15_000,
    );
  }

  async screenshotHover(name: string): Promise<string> {
    mkdirSync(this.resultsDir, { recursive: true });
    const path = join(this.resultsDir, `${name}.png`);
    await this.page.locator(`${ACTIVE_EDITOR} .monaco-hover:not(.hidden)`).first().screenshot({ path });
    return path;
  }

  // ------------------------------------------------------------------ commands and panels

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.focusWorkbench();
    await this.page.keyboard.press('F1');
    await this.page.locator(`${QUICK_INPUT} input`).waitFor({ state: 'visible' });
    await this.page.keyboard.type(title);
    await this.pickFocusedRow((row) => row.includes(title), `the command palette to offer ${JSON.stringify(title)}`);
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows (files and markers). */
  async problems(): Promise<Marker[]> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await panel.waitFor({ state: 'visible' });
    }
    const rows = panel.locator('.monaco-list-row');
    const out: Marker[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({ text: normalize(await row.innerText()), label: normalize((await row.getAttribute('aria-label')) ?? '') });
    }
    return out;
  }

  /** Waits until a Problems row mentions `text` (a string or a pattern). */
  async waitForProblem(text: string | RegExp, timeoutMs = 30_000): Promise<Marker[]> {
    const matches = (s: string) => (typeof text === 'string' ? s.includes(text) : text.test(s));
    return poll(
      `a problem mentioning ${String(text)}`,
      () => this.problems(),
      (rows) => rows.some((r) => matches(r.text) || matches(r.label)),
      timeoutMs,
    );
  }

  /** Text of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return (await this.page.locator('.notification-toast').allInnerTexts()).map(normalize);
  }
}

/**
 * One workbench for a test file: opened before its first test, closed after its last. Returns a
 * `test` function whose tests get the workbench and save `failed-<name>.png` when they fail.
 */
export function workbenchTests(): (name: string, fn: (wb: Workbench) => Promise<void>) => void {
  let wb: Workbench | undefined;
  before(async () => {
    wb = await Workbench.open();
  });
  after(async () => {
    await wb?.close();
  });
  return (name, fn) =>
    test(name, async () => {
      if (!wb) throw new Error('the workbench did not open');
      try {
        await fn(wb);
      } catch (error) {
        const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
        await wb.screenshot(`failed-${slug}`).catch(() => undefined);
        throw error;
      }
    });
}
