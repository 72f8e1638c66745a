// Model Lens in a real VS Code: CodeLens, hover, live edits, diagnostics and the model summary on
// the examples/ folder (a copy of it: these tests edit files). Screenshots: test-results/e2e/.
import assert from 'node:assert/strict';
import { workbenchTests } from './workbench';

// Everything the extension is expected to show, in one place.
const EXPECT = {
  lenses: {
    flatten: 'Flatten · (None, 784) · 0 params',
    dense256: 'Dense · (None, 256) · 200,960 params',
    dense10: 'Dense · (None, 10) · 2,570 params',
    modelTotal: '203,530', // in the lens of the model itself
  },
  hover: {
    params: '200,960',
    breakdown: 'kernel 784×256 = 200,704 + bias 256',
  },
  edited: {
    // Dense(256) -> Dense(128)
    dense128: '100,480',
    modelTotal: '101,770',
  },
  // Keras 3 words it "expected min_ndim=4, found ndim=2" for Conv2D (Keras 2: "expected ndim=4").
  problem: /expected (min_)?ndim=4/,
  summaryCommand: 'Model Lens: Show Model Summary',
  summaryTotal: 'Total params: 203,530 (795.04 KB)',
};

const test = workbenchTests();

test('CodeLens shows each layer output shape and parameter count, and the model total', async (wb) => {
  await wb.openFile('fashion_mnist.py');
  const lenses = await wb.waitForCodeLenses([
    EXPECT.lenses.flatten,
    EXPECT.lenses.dense256,
    EXPECT.lenses.dense10,
    EXPECT.lenses.modelTotal,
  ]);
  console.log(`CodeLens texts: ${JSON.stringify(lenses)}`);
  await wb.screenshot('lenses');
});

test('hovering a layer call explains its parameter count', async (wb) => {
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses([EXPECT.lenses.dense256]);
  const hover = await wb.hover('Dense(256', { part: 'Dense', expect: EXPECT.hover.params });
  console.log(`hover text: ${JSON.stringify(hover)}`);
  assert.ok(hover.includes(EXPECT.hover.params), hover);
  assert.ok(hover.includes(EXPECT.hover.breakdown), hover);
  await wb.screenshot('hover');
  await wb.screenshotHover('hover-widget');
});

test('editing a layer updates the lenses as you type', async (wb) => {
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses([EXPECT.lenses.dense256]);
  await wb.replaceText('256', '128', { line: 'Dense(256' });
  try {
    await wb.waitForEditorText('Dense(128');
    const lenses = await wb.waitForCodeLenses([EXPECT.edited.dense128, EXPECT.edited.modelTotal]);
    console.log(`CodeLens texts after the edit: ${JSON.stringify(lenses)}`);
    assert.ok(!lenses.some((l) => l.includes(EXPECT.lenses.dense256)), 'the old Dense(256) lens is gone');
    await wb.screenshot('lenses-edited');
  } finally {
    // Put the file back for the tests after this one.
    await wb.runCommand('File: Revert File');
  }
  await wb.waitForEditorText('Dense(256');
  await wb.waitForCodeLenses([EXPECT.lenses.dense256, EXPECT.lenses.modelTotal]);
});

test('a shape error shows in the Problems panel in Keras words', async (wb) => {
  await wb.openFile('broken_shapes.py');
  const rows = await wb.waitForProblem(EXPECT.problem);
  console.log(`Problems rows: ${JSON.stringify(rows.map((r) => r.text))}`);
  await wb.screenshot('problems');
});

test('"Show Model Summary" opens a read-only Keras-style summary', async (wb) => {
  await wb.openFile('fashion_mnist.py');
  await wb.waitForCodeLenses([EXPECT.lenses.dense256]);
  await wb.clickText('Dense(256', { part: 'Dense' });
  await wb.runCommand(EXPECT.summaryCommand);
  const text = await wb.waitForEditorText(EXPECT.summaryTotal);
  console.log(`summary editor (tab ${JSON.stringify(await wb.activeTabTitle())}):\n${text}`);
  await wb.screenshot('summary');
  assert.equal(await wb.isReadOnly(), true, 'the summary editor is read-only');
  // Every line fits the side-by-side pane: no horizontal scrollbar at the default width.
  const fit = await wb.page.locator('.editor-group-container.active .editor-container .monaco-editor').evaluate((editor) => {
    const view = editor.querySelector('.monaco-scrollable-element.editor-scrollable')!.getBoundingClientRect();
    const bar = editor.querySelector('.scrollbar.vertical')?.getBoundingClientRect().width ?? 0;
    const right = Math.max(...[...editor.querySelectorAll('.view-line > span')].map((s) => s.getBoundingClientRect().right));
    return { overflow: Math.round(right - (view.right - bar)), horizontalBar: editor.querySelector('.scrollbar.horizontal')?.className ?? '' };
  });
  console.log(`summary fit: ${JSON.stringify(fit)}`);
  assert.ok(fit.overflow <= 0, `the widest line overflows the pane by ${fit.overflow} px`);
});
