// Model Lens in a Jupyter notebook opened in VS Code: the tutorial notebook has its imports in cell 1 and the
// model in cell 2; the model cell shows the same lenses as the .py example. Screenshot: test-results/e2e/.
import assert from 'node:assert/strict';
import { normalize, poll, workbenchTests } from './workbench';

const EXPECT = [
  'Flatten · (None, 784) · 0 params',
  'Dense · (None, 256) · 200,960 params',
  'Dense · (None, 10) · 2,570 params',
  '203,530 params',
];

const test = workbenchTests();

test('a notebook cell sees the imports of the cell above and shows the same lenses', async (wb) => {
  const page = wb.page;
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ state: 'visible' });
  await page.keyboard.type('fashion_mnist.ipynb');
  await poll('Quick Open to offer the notebook', async () => normalize(await page.locator('.quick-input-widget .monaco-list-row.focused').first().innerText().catch(() => '')), (t) => t.startsWith('fashion_mnist.ipynb'), 15_000);
  await page.keyboard.press('Enter');
  // Lenses appear inside the cell editors of the notebook.
  const lenses = await poll(
    'CodeLens texts in the notebook',
    async () => (await page.locator('.notebook-editor .codelens-decoration').allTextContents()).map(normalize).filter((t) => t.length > 0),
    (texts) => EXPECT.every((e) => texts.some((t) => t.includes(e))),
    60_000,
  );
  await wb.screenshot('notebook-lenses');
  assert.ok(lenses.some((t) => t.includes('Sequential "sequential"')), lenses.join('\n'));
});
