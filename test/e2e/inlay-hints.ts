// Reading inlay hints from the DOM. VS Code renders a hint as injected text: a `<span>` inside the line's
// `.view-line` (its class a generated `dyn-rule-…`), so a rendered line's text is the source with the hints in
// place. Lenses are elsewhere (view zones), so a line's text never holds a lens.
import type { Workbench } from './workbench';

// Functions passed to page.evaluate run in the browser; the project compiles without DOM types.
declare const document: any;

/** The text of the active editor's first rendered line that contains `needle`, hints included ('' when none). */
export async function renderedLine(wb: Workbench, needle: string): Promise<string> {
  return wb.page.evaluate((n: string) => {
    const lines = document.querySelectorAll('.editor-group-container.active .editor-container .monaco-editor .view-lines .view-line');
    for (const line of lines) if (String(line.textContent).includes(n)) return String(line.textContent).replace(/\u00a0/g, ' ');
    return '';
  }, needle);
}

/** Waits until the rendered line that contains `needle` also shows `hint`; returns that line. */
export async function waitForInlayHint(wb: Workbench, needle: string, hint: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = await renderedLine(wb, needle);
    if (line.includes(hint)) return line;
    if (Date.now() > deadline) throw new Error(`no inlay hint ${JSON.stringify(hint)} on the line of ${JSON.stringify(needle)}; it shows ${JSON.stringify(line)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
