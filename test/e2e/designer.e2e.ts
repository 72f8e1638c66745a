// The Model designer side panel in a real VS Code: it shows the tutorial model as cards, edits the source
// from its form, palette and buttons (one undo step each), refuses bad input, renders hostile layer names as
// text, and reads well in light, dark and high-contrast themes. Screenshots: test-results/e2e/designer-*.png.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { card, cardTexts, designer, screenshotDesigner, waitForCards, waitForGraph } from './designer-panel';
import { normalize, poll, workbenchTests, type Workbench } from './workbench';

const EXPECT = {
  cards: ['0 params', '200,960 params', '2,570 params'],
  total: '203,530',
  edited: { source: 'tf.keras.layers.Dense(128, activation=tf.nn.relu)', lens: 'Dense · (None, 128) · 100,480 params', card: '100,480 params' },
  dropout: 'tf.keras.layers.Dropout(0.2),',
} as const;

// A file with a hostile layer name, written before the workbench opens so Quick Open indexes it.
const HOSTILE = 'designer_names.py';
if (process.env.E2E_WORKSPACE) {
  writeFileSync(
    join(process.env.E2E_WORKSPACE, HOSTILE),
    'import keras\nmodel = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2, name="<img src=x onerror=alert(1)>")])\n',
  );
}

const test = workbenchTests();

/** Clicks a card's button (they show on hover or focus). */
async function cardButton(frame: FrameLocator, key: string, name: string): Promise<void> {
  await card(frame, name).hover();
  await frame.locator(`[data-key="${key}:${name}"]`).click();
}

async function status(frame: FrameLocator): Promise<string> {
  return normalize(await frame.locator('#status').innerText().catch(() => ''));
}

/**
 * Switches the color theme through the workspace's settings (the theme picker also searches the
 * marketplace, which this machine cannot reach) and waits for the workbench to repaint.
 */
async function setTheme(wb: Workbench, theme: string, kind: 'vs' | 'vs-dark' | 'hc-black'): Promise<void> {
  mkdirSync(join(wb.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(wb.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': theme }, null, 2));
  await poll(`the ${theme} theme`, async () => (await wb.page.locator('.monaco-workbench').getAttribute('class')) ?? '', (c) => c.split(' ').includes(kind), 20_000);
  await new Promise((r) => setTimeout(r, 1000));
}

/** Drags a card with the mouse (a person's drag, HTML5 drag events) onto the upper or lower half of another. */
async function drag(wb: Workbench, source: Locator, target: Locator, half: 'upper' | 'lower'): Promise<void> {
  const from = (await source.boundingBox())!;
  const to = (await target.boundingBox())!;
  await wb.page.mouse.move(from.x + 20, from.y + 10);
  await wb.page.mouse.down();
  await wb.page.mouse.move(from.x + 25, from.y + 15, { steps: 3 });
  await wb.page.mouse.move(to.x + 20, half === 'lower' ? to.y + to.height - 4 : to.y + 4, { steps: 10 });
  await wb.page.mouse.up();
}

/**
 * Keyboard focus back in the editor (a click in the panel leaves it in the webview, which would eat typing).
 * The click goes to the editor's text area, not its rendered lines: scrolled to an empty last line, those have
 * no width, and a click on them waits forever.
 */
async function focusEditor(wb: Workbench): Promise<void> {
  const editor = wb.page.locator('.editor-group-container.active .monaco-editor').first();
  const gutter = await editor.locator('.margin').first().boundingBox();
  await editor.click({ position: { x: (gutter?.width ?? 60) + 20, y: 10 } });
}

/** Puts the tutorial back as it was (the tests edit it), whatever the test left behind. */
async function revertTutorial(wb: Workbench): Promise<void> {
  if (await wb.page.locator('.editor-group-container.active .monaco-editor').count()) await focusEditor(wb);
  await wb.openFile('fashion_mnist.py');
  await wb.runCommand('File: Revert File');
  await wb.waitForEditorText('tf.keras.layers.Dense(256, activation=tf.nn.relu),');
}

async function openTutorialInDesigner(wb: Workbench): Promise<FrameLocator> {
  await revertTutorial(wb);
  await wb.waitForCodeLenses(['Open in Designer', '200,960 params']);
  await wb.page.locator('.codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  await waitForCards(frame, 'the tutorial cards', (c) => c.length === 3 && c[1].includes('200,960'));
  // The panel remembers the expanded card; start each test with all of them closed.
  const expanded = frame.locator('li.card.selected .card-head .type');
  if (await expanded.count()) await expanded.first().click();
  await frame.locator('li.card.selected').waitFor({ state: 'detached' });
  return frame;
}

/** What the browser says about Content Security Policy while these tests run (the webview's CSP is strict). */
const cspMessages: string[] = [];

test('the designer shows the tutorial model as cards with Keras numbers and totals', async (wb) => {
  wb.page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|apply|execute)/i.test(m.text())) cspMessages.push(m.text());
  });
  const frame = await openTutorialInDesigner(wb);
  const cards = await cardTexts(frame);
  console.log(`cards: ${JSON.stringify(cards)}`);
  EXPECT.cards.forEach((params, i) => assert.ok(cards[i].includes(params), `card ${i}: ${cards[i]}`));
  assert.ok(cards[0].startsWith('⠿Flatten') || cards[0].includes('Flatten'), cards[0]);
  const totals = normalize(await frame.locator('.totals').innerText());
  console.log(`totals: ${totals}`);
  assert.ok(totals.includes(EXPECT.total), totals);
  assert.ok(totals.includes('795.04 KB'), totals);
  assert.ok(totals.includes('203,264'), `MACs per sample: ${totals}`);
  await screenshotDesigner(wb, 'dark');
});

test('changing units 256 → 128 in the form rewrites just that number; the lens follows', async (wb) => {
  const frame = await openTutorialInDesigner(wb);
  await card(frame, 'dense').click();
  const units = frame.locator('#arg-1-units input');
  await units.waitFor({ state: 'visible' });
  // Invalid input is refused in the form and nothing is written.
  await units.fill('-5');
  await units.press('Enter');
  await poll('the form to refuse -5', async () => normalize(await frame.locator('#arg-1-units-help').innerText()), (t) => t.includes('positive whole number'));
  assert.ok((await wb.editorText()).includes('Dense(256, activation=tf.nn.relu)'), 'a refused value writes nothing');
  await screenshotDesigner(wb, 'invalid-input');
  await units.fill('128');
  await units.press('Enter');
  const text = await wb.waitForEditorText(EXPECT.edited.source);
  assert.ok(text.includes('tf.keras.layers.Dense(10, activation=tf.nn.softmax)])'), 'the rest of the model is untouched');
  const lenses = await wb.waitForCodeLenses([EXPECT.edited.lens]);
  console.log(`lenses after the edit: ${JSON.stringify(lenses)}`);
  await waitForCards(frame, 'the card to show 100,480', (c) => c[1]?.includes(EXPECT.edited.card));
  console.log(`status: ${await status(frame)}`);
  await screenshotDesigner(wb, 'units-128');
});

test('add Dropout(0.2) after the hidden layer from the palette, then undo it', async (wb) => {
  const frame = await openTutorialInDesigner(wb);
  await cardButton(frame, 'add-after', 'dense');
  // The layer picker filters as you type and Enter picks the highlighted match: the exact name comes first.
  const classPicker = frame.locator('#palette-class');
  await classPicker.fill('Dropout');
  assert.equal(await frame.locator('.combo-list li.active').innerText().then(normalize), 'Dropout Regularization');
  await classPicker.press('Enter');
  await poll('the palette to show Dropout', async () => normalize(await frame.locator('[data-key="palette-add"]').innerText()), (t) => t.includes('Add Dropout'));
  assert.equal(await frame.locator('#palette-rate input').inputValue(), '0.2');
  await frame.locator('[data-key="palette-add"]').click();
  await wb.waitForEditorText(EXPECT.dropout);
  await poll('Dropout between the two Dense layers', () => wb.editorText(), (t) => /Dense\(256, activation=tf\.nn\.relu\),\n\s+tf\.keras\.layers\.Dropout\(0\.2\),\n\s+tf\.keras\.layers\.Dense\(10/.test(t));
  const cards = await waitForCards(frame, 'four cards', (c) => c.length === 4);
  assert.ok(cards[2].includes('Dropout'), cards[2]);
  await screenshotDesigner(wb, 'added-dropout');
  await frame.locator('[data-key="undo"]').click();
  await poll('undo to take the Dropout back', () => wb.editorText(), (t) => !t.includes('Dropout'));
  await waitForCards(frame, 'three cards again', (c) => c.length === 3);
});

test('delete a layer, undo; move a layer with a button and back by drag and drop', async (wb) => {
  const frame = await openTutorialInDesigner(wb);
  await cardButton(frame, 'delete', 'dense_1');
  await poll('the output layer to go', () => wb.editorText(), (t) => !t.includes('Dense(10,') && t.includes('Dense(256, activation=tf.nn.relu)])'));
  await waitForCards(frame, 'two cards', (c) => c.length === 2);
  await frame.locator('[data-key="undo"]').click();
  await wb.waitForEditorText('tf.keras.layers.Dense(10, activation=tf.nn.softmax)])');
  await waitForCards(frame, 'three cards', (c) => c.length === 3);

  await cardButton(frame, 'up', 'dense_1');
  await poll('the output layer to move up', () => wb.editorText(), (t) => /Dense\(10, activation=tf\.nn\.softmax\),\n\s+tf\.keras\.layers\.Dense\(256/.test(t));
  // Keras names layers by position, so the moved layer is now "dense" and the hidden one "dense_1".
  await waitForCards(frame, 'the output layer second', (c) => c[1]?.includes('10, activation=tf.nn.softmax'));
  await screenshotDesigner(wb, 'moved');
  // Drag the hidden layer (now last) onto the top half of the output layer's card: it goes back above it.
  await drag(wb, card(frame, 'dense_1'), card(frame, 'dense'), 'upper');
  await poll('drag and drop to put it back', () => wb.editorText(), (t) => t.includes('tf.keras.layers.Dense(10, activation=tf.nn.softmax)])'));
  await waitForCards(frame, 'the original order', (c) => c[2]?.includes('10, activation=tf.nn.softmax') && c[1]?.includes('200,960'));
});

test('keyboard: Enter opens a card, Alt+ArrowDown moves the layer', async (wb) => {
  const frame = await openTutorialInDesigner(wb);
  await card(frame, 'dense').press('Enter');
  await frame.locator('#arg-1-units input').waitFor({ state: 'visible' });
  await card(frame, 'dense').press('Alt+ArrowDown');
  await poll('Alt+ArrowDown to move the hidden layer down', () => wb.editorText(), (t) => /Dense\(10, activation=tf\.nn\.softmax\),\n\s+tf\.keras\.layers\.Dense\(256, activation=tf\.nn\.relu\)\]\)/.test(t));
  // The hidden layer now follows the output layer: (None, 256) from 10 inputs is 2,816 params.
  await waitForCards(frame, 'the hidden layer last', (c) => c[2]?.includes('(None, 256)') && c[2]?.includes('2,816 params'));
  // Its card stays open and keeps the focus at its new place, so Alt+ArrowUp takes it back.
  assert.equal(await frame.locator('li.card.selected').getAttribute('data-index'), '2');
  await frame.locator('li.card[data-index="2"]').press('Alt+ArrowUp');
  await poll('Alt+ArrowUp to move it back', () => wb.editorText(), (t) => t.includes('tf.keras.layers.Dense(10, activation=tf.nn.softmax)])'));
});

test('"New model" puts a starter at the cursor and the panel shows it', async (wb) => {
  await focusEditor(wb);
  await wb.openFile(HOSTILE);
  await wb.runCommand('Model Lens: Open in Designer');
  const frame = designer(wb);
  await waitForCards(frame, 'the one-layer model', (c) => c.length === 1);
  await focusEditor(wb);
  await wb.page.keyboard.press('Control+End');
  await frame.locator('[data-key="new-model"]').click();
  await frame.locator('[data-key="starter:cnn"]').click();
  await wb.waitForEditorText('cnn = keras.Sequential([');
  const cards = await waitForCards(frame, 'the CNN starter as cards (the Input is not a layer card)', (c) => c.length === 7);
  console.log(`starter cards: ${JSON.stringify(cards.map((c) => c.split('\n').slice(1, 2).join('')))}`);
  const totals = normalize(await frame.locator('.totals').innerText());
  assert.ok(totals.includes('34,826'), `the Keras MNIST convnet has 34,826 params: ${totals}`);
  await screenshotDesigner(wb, 'new-model');
  await wb.runCommand('File: Revert File');
});

test('a value that is a variable is read-only, with the reason', async (wb) => {
  await focusEditor(wb);
  await wb.openFile('mnist_convnet.py');
  await wb.waitForCodeLenses(['Open in Designer']);
  await wb.page.locator('.codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  await waitForCards(frame, 'the convnet cards', (c) => c.length === 7);
  const dense = frame.locator('li.card', { hasText: 'num_classes' });
  await dense.locator('.card-head .type').click();
  const reason = normalize(await frame.locator('.reason', { hasText: 'num_classes' }).innerText());
  console.log(`read-only reason: ${reason}`);
  assert.match(reason, /`num_classes` is a variable or an expression; change it in the code/);
  const units = frame.locator('vscode-textfield[readonly]', { has: frame.locator('input') }).first();
  assert.equal(await units.count(), 1);
  await screenshotDesigner(wb, 'read-only');
  await dense.locator('.card-head .type').click();
});

test('a layer named like HTML shows as text; nothing from it runs', async (wb) => {
  await focusEditor(wb);
  await wb.openFile(HOSTILE);
  await wb.runCommand('Model Lens: Open in Designer');
  const frame = designer(wb);
  const cards = await waitForCards(frame, 'the card of the oddly named layer', (c) => c.some((t) => t.includes('<img src=x onerror=alert(1)>')));
  console.log(`card: ${cards[0]}`);
  assert.equal(await frame.locator('img').count(), 0, 'no <img> element was made from the name');
});

test('light and high-contrast themes', async (wb) => {
  const frame = await openTutorialInDesigner(wb);
  await card(frame, 'dense').click();
  await frame.locator('#arg-1-units input').waitFor({ state: 'visible' });
  try {
    await setTheme(wb, 'Default Light Modern', 'vs');
    await screenshotDesigner(wb, 'light');
    await setTheme(wb, 'Default High Contrast', 'hc-black');
    await screenshotDesigner(wb, 'high-contrast');
    // The graph in the same theme (and under the same CSP check below: ELK lays it out in the page).
    await waitForGraph(frame, 'the tutorial graph', (n) => n.some((t) => t.startsWith('Dense dense_1')));
    await screenshotDesigner(wb, 'high-contrast-graph');
    await waitForCards(frame, 'the cards again', (c) => c.length === 3);
  } finally {
    rmSync(join(wb.workspace, '.vscode'), { recursive: true, force: true });
  }
  const ours = cspMessages.filter((m) => /designer|vscode-(resource|cdn)|webview/i.test(m));
  console.log(`CSP messages in the run: ${cspMessages.length}; about the designer: ${JSON.stringify(ours)}`);
  assert.deepEqual(ours, [], 'the designer loads nothing its CSP refuses');
});
