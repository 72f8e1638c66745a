/**
 * Keystroke to refreshed CodeLens in a real VS Code (code-server in Chromium): type a new unit count over
 * Dense(256 ...) and time from the first keystroke until the lens shows the new parameter count. Run by `npm run bench` through test/e2e/run.ts; writes
 * test-results/bench/keystroke.json. Measures only: the timing is asserted nowhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { workbenchTests } from '../test/e2e/workbench';

const test = workbenchTests();

test('keystroke to refreshed CodeLens (measured)', async (wb) => {
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses(['200,960 params']);
  const samples: number[] = [];
  const units = [128, 64, 32, 16, 200, 100, 50, 25, 300, 256, 128, 64];
  let previous = 256;
  for (const next of units) {
    const expected = (784 * next + next).toLocaleString('en-US');
    // The clock starts at the first keystroke: selecting the old number (two clicks) is not the person's wait.
    await wb.selectText(String(previous), { line: `Dense(${previous},` });
    const started = Date.now();
    await wb.type(String(next));
    // Poll finely (the shared helper polls every 250 ms, too coarse to time with).
    while (!(await wb.codeLenses()).some((t) => t.includes(`${expected} params`))) {
      if (Date.now() - started > 30_000) throw new Error(`no lens with ${expected} params`);
      await new Promise((r) => setTimeout(r, 10));
    }
    samples.push(Date.now() - started);
    previous = next;
  }
  mkdirSync('test-results/bench', { recursive: true });
  writeFileSync('test-results/bench/keystroke.json', JSON.stringify({ samples }, null, 2));
});
