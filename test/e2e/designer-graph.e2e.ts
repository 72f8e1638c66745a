// The designer's graph in a real VS Code: examples/functional_branches.py drawn with its two branches side by
// side, a tensor shape on every edge, the conv_block() calls as groups that close and open, and the layer under
// the cursor marked. Screenshots: test-results/e2e/designer-graph-*.png.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { designer, screenshotDesigner, waitForGraph } from './designer-panel';
import { normalize, poll, workbenchTests, type Workbench } from './workbench';

// A file with no model, written before the workbench opens so Quick Open indexes it.
const NOTES = 'designer_notes.txt';
if (process.env.E2E_WORKSPACE) writeFileSync(join(process.env.E2E_WORKSPACE, NOTES), 'Notes about the models.\n');

/** The workspace copy made a git repository with everything committed, for "Compare with HEAD". */
function commitWorkspace(workspace: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Model Lens E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: workspace, stdio: 'pipe' });
  if (!existsSync(join(workspace, '.git'))) git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'the examples as they were');
}

const test = workbenchTests();

async function openBranches(wb: Workbench): Promise<FrameLocator> {
  await wb.openFile('functional_branches.py');
  await wb.waitForCodeLenses(['Open in Designer']);
  await wb.page.locator('.codelens-decoration a', { hasText: 'Open in Designer' }).first().click();
  const frame = designer(wb);
  await waitForGraph(frame, 'the functional graph', (n) => n.some((t) => t.startsWith('Dense label')));
  return frame;
}

/** SVG text has no innerText: its textContent. */
async function svgTexts(frame: FrameLocator, selector: string): Promise<string[]> {
  return (await frame.locator(selector).evaluateAll((els) => els.map((e) => e.textContent ?? ''))).map(normalize);
}

/** Drags the side bar's edge as a person would, so the panel is `width` pixels wide. */
async function widenSideBar(wb: Workbench, width: number): Promise<void> {
  const bar = (await wb.page.locator('.part.sidebar').boundingBox())!;
  const edge = bar.x + bar.width;
  await wb.page.mouse.move(edge - 1, bar.y + 200);
  await wb.page.mouse.down();
  await wb.page.mouse.move(bar.x + width, bar.y + 200, { steps: 8 });
  await wb.page.mouse.up();
  await new Promise((r) => setTimeout(r, 500));
}

/** Enter on an edge's shape, the layer typed into the palette's picker, Enter on Add: the keyboard's way. */
async function insertOnEdgeByKeyboard(frame: FrameLocator, edgeLabel: string, className: string): Promise<void> {
  const edge = frame.locator(`svg.graph .edge-shape.insertable[aria-label^="${edgeLabel}"]`);
  await edge.focus();
  await edge.press('Enter');
  const picker = frame.locator('#palette-class');
  await poll('the layer picker focused', () => picker.evaluate((el) => el === el.ownerDocument.activeElement), (f) => f);
  await picker.fill(className);
  await picker.press('Enter');
  await poll(`the palette to offer ${className}`, async () => normalize(await frame.locator('[data-key="palette-add"]').innerText()), (t) => t.includes(`Add ${className}`));
  await frame.locator('[data-key="palette-add"]').focus();
  await frame.locator('[data-key="palette-add"]').press('Enter');
}

interface Box {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxes(frame: FrameLocator): Promise<Box[]> {
  return frame.locator('svg.graph g.node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { label: e.getAttribute('aria-label') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    }),
  );
}

test('functional_branches.py: the two branches side by side, shapes on the edges, conv_block groups', async (wb) => {
  const frame = await openBranches(wb);
  const nodes = await boxes(frame);
  console.log(`nodes: ${JSON.stringify(nodes.map((n) => n.label))}`);
  const find = (prefix: string) => nodes.find((n) => n.label.startsWith(prefix))!;
  const meta = find('Input meta');
  const shared = find('Dense dense,');
  const conv = find('Conv2D conv2d,');
  const pool = find('MaxPooling2D max_pooling2d_2');
  assert.ok(meta && shared && conv && pool, 'every layer is a node');
  // Side by side: the meta branch sits beside the image branch's conv blocks, not below them.
  assert.ok(shared.y < pool.y + pool.height, `the shared Dense (y ${shared.y}) is level with the conv blocks (last pool at y ${pool.y})`);
  assert.ok(shared.x >= conv.x + conv.width || shared.x + shared.width <= conv.x, 'the branches are in separate columns');
  const concat = find('Concatenate concatenate');
  assert.ok(concat.y > pool.y && concat.y > shared.y, 'the merge comes after both branches');
  assert.ok(find('Dense label').label.includes('970 params'), find('Dense label').label);
  const edges = await svgTexts(frame, 'svg.graph .edge-label');
  console.log(`edge labels: ${JSON.stringify(edges)}`);
  for (const shape of ['(None, 32, 32, 3)', '(None, 8)', '(None, 64)', '(None, 32)', '(None, 96)', '(None, 10)']) assert.ok(edges.includes(shape), `an edge carries ${shape}`);
  const headers = await svgTexts(frame, 'svg.graph .group-header');
  assert.deepEqual(headers, ['▾ conv_block() 1 of 3', '▾ conv_block() 2 of 3', '▾ conv_block() 3 of 3']);
  await widenSideBar(wb, 520);
  await screenshotDesigner(wb, 'graph-branches');

  // Close the second block by keyboard, then open it again.
  await frame.locator('svg.graph .group-header', { hasText: '2 of 3' }).focus();
  await frame.locator('svg.graph .group-header', { hasText: '2 of 3' }).press('Enter');
  await waitForGraph(frame, 'the block closed', (n) => n.some((t) => t.includes('Closed group conv_block() 2 of 3')) && !n.some((t) => t.startsWith('Conv2D conv2d_1,')));
  await screenshotDesigner(wb, 'graph-closed-block');
  await frame.locator('svg.graph g.node.closed-group').press('Enter');
  await waitForGraph(frame, 'the block open again', (n) => n.some((t) => t.startsWith('Conv2D conv2d_1,')));

  // Clicking a node reveals its line in the editor.
  await frame.locator('svg.graph g.node', { hasText: 'concatenate' }).click();
  await poll('the editor selection on the Concatenate', async () => normalize(await wb.page.locator('.editor-group-container.active .monaco-editor .selected-text').count().then(String)), (c) => c !== '0');
  await poll('the node marked at the cursor', async () => frame.locator('svg.graph g.node.at-cursor').getAttribute('aria-label').catch(() => ''), (l) => !!l?.startsWith('Concatenate'));
});

test('keyboard only: insert a Dropout on the edge into the merge, then delete it again, the source checked after each', async (wb) => {
  const frame = await openBranches(wb);
  // The shape on the edge from the shared Dense into the Concatenate: Enter chooses that edge for the palette.
  await insertOnEdgeByKeyboard(frame, 'Tensor (None, 32) from dense to concatenate', 'Dropout');
  const inserted = await wb.waitForEditorText('m_dropout = layers.Dropout(0.2)(m)');
  assert.ok(inserted.includes('merged = layers.Concatenate()([x, m_dropout])'), inserted);
  const nodes = await waitForGraph(frame, 'the Dropout in the graph', (n) => n.some((t) => t.startsWith('Dropout dropout')));
  console.log(`after the insert: ${JSON.stringify(nodes.filter((t) => /Dropout|Concatenate/.test(t)))}`);
  await screenshotDesigner(wb, 'graph-inserted-dropout');

  // Delete it from its node with the Delete key.
  const dropout = frame.locator('svg.graph g.node[aria-label^="Dropout dropout"]');
  await dropout.focus();
  await dropout.press('Delete');
  await poll('the Dropout line to go', () => wb.editorText(), (t) => !t.includes('Dropout') && t.includes('merged = layers.Concatenate()([x, m_dropout])'));
  assert.ok((await wb.editorText()).includes('m_dropout = m'), 'the deleted layer is wired through: m_dropout = m');
  await waitForGraph(frame, 'the graph without Dropout', (n) => n.length > 0 && !n.some((t) => t.startsWith('Dropout')));
  // A merge cannot be deleted: the panel says why and the code stays.
  const concat = frame.locator('svg.graph g.node[aria-label^="Concatenate concatenate"]');
  await concat.focus();
  await concat.press('Delete');
  await poll('the refusal', async () => normalize(await frame.locator('#status').innerText().catch(() => '')), (t) => t.includes('takes 2 inputs'));
  await screenshotDesigner(wb, 'graph-refused-delete');
  await wb.runCommand('File: Revert File');
});

test('export the graph as SVG: a file beside the model with the layers and shapes, in the theme colours', async (wb) => {
  const frame = await openBranches(wb);
  await frame.locator('[data-key="export-svg"]').click();
  // VS Code asks where (its own save dialog in the browser), proposing a name beside the model's file.
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  // The simple file dialog fills the folder first and the proposed name a moment later.
  const proposed = await poll('the proposed file name', () => input.inputValue(), (v) => v.endsWith('.svg'), 10_000).catch(() => input.inputValue());
  console.log(`save dialog proposes: ${proposed}`);
  assert.ok(proposed.endsWith('functional_branches-model.svg'), proposed);
  await input.press('Enter');
  const file = join(wb.workspace, 'functional_branches-model.svg');
  const svg = await poll('the SVG file', async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''), (t) => t.length > 0);
  assert.ok(svg.startsWith('<?xml'), svg.slice(0, 80));
  for (const words of ['conv2d_2', 'concatenate', '(None, 96)', 'conv_block() 3 of 3']) assert.ok(svg.includes(words), `the SVG shows ${words}`);
  assert.ok(!svg.includes('var(--'), 'colours are written in, not CSS variables');
  await poll('the status to say where', async () => normalize(await frame.locator('#status').innerText().catch(() => '')), (t) => t.includes('Saved the graph to'));
  writeFileSync(join(wb.resultsDir, 'designer-graph-export.svg'), svg);
});

test('the panel follows the active editor: a TF.js file shows its own graph, a text file says it has no model', async (wb) => {
  const frame = await openBranches(wb);
  await wb.openFile('tfjs_functional.ts');
  const nodes = await waitForGraph(frame, 'the TF.js graph', (n) => n.some((t) => t.startsWith('Dense digit')) && !n.some((t) => t.startsWith('Concatenate')));
  console.log(`TF.js nodes: ${JSON.stringify(nodes)}`);
  assert.ok(nodes.some((t) => t.startsWith('Dense is_even')), 'both heads are drawn');
  assert.equal(normalize(await frame.locator('.header .file').innerText()), 'tfjs_functional.ts');
  const note = normalize(await frame.locator('p.note').allInnerTexts().then((t) => t.join(' ')));
  assert.ok(note.includes('Insert a layer on an edge of the graph'), note);
  assert.equal(await frame.locator('[data-key="new-model"]').count(), 0, 'no Keras starter is offered for a TF.js file');
  const groups = await svgTexts(frame, 'svg.graph .group-header');
  assert.deepEqual(groups, ['▾ convBlock() 1 of 2', '▾ convBlock() 2 of 2']);
  await screenshotDesigner(wb, 'graph-tfjs');
  // The palette asks in TF.js's words: Conv2D's config keys as `tf.layers.conv2d({...})` takes them.
  const picker = frame.locator('#palette-class');
  await picker.fill('Conv2D');
  await picker.press('Enter');
  await poll('the palette to offer Conv2D', async () => normalize(await frame.locator('[data-key="palette-add"]').innerText()), (t) => t.includes('Add Conv2D'));
  const labels = (await frame.locator('.palette .field vscode-label').allInnerTexts()).map(normalize);
  console.log(`TF.js palette labels: ${JSON.stringify(labels)}`);
  assert.ok(labels.includes('kernelSize') && !labels.some((l) => l.includes('kernel_size')), JSON.stringify(labels));
  await frame.locator('.palette').scrollIntoViewIfNeeded();
  await screenshotDesigner(wb, 'graph-tfjs-palette');
  await wb.openFile(NOTES);
  await poll('the panel to say the text file has no model', async () => normalize(await frame.locator('p.empty').innerText().catch(() => '')), (t) => t === `${NOTES} is not a Keras (Python) or TensorFlow.js file, so it has no model to show.`);
});

test('a TF.js model edited from the graph by keyboard: a dropout inserted on an edge, a config value changed, the dropout deleted', async (wb) => {
  await openBranches(wb);
  await wb.openFile('tfjs_functional.ts');
  const frame = designer(wb);
  await waitForGraph(frame, 'the TF.js graph', (n) => n.some((t) => t.startsWith('Dense digit')));
  await insertOnEdgeByKeyboard(frame, 'Tensor (None, 1568) from flatten_Flatten1 to digit', 'Dropout');
  const inserted = await wb.waitForEditorText('const featuresDropout = tf.layers.dropout({rate: 0.2}).apply(features) as tf.SymbolicTensor;');
  assert.ok(inserted.includes("tf.layers.dense({units: NUM_CLASSES, activation: 'softmax', name: 'digit'}).apply(featuresDropout) as tf.SymbolicTensor;"), inserted);
  assert.ok(inserted.includes("tf.layers.dense({units: 1, activation: 'sigmoid', name: 'is_even'}).apply(features) as tf.SymbolicTensor;"), 'the other head still reads features');
  await waitForGraph(frame, 'the dropout in the graph', (n) => n.some((t) => t.startsWith('Dropout dropout_Dropout1')));

  // The is_even head's units, from its node's form: Enter chooses the node, the field takes the new value.
  const head = frame.locator('svg.graph g.node[aria-label^="Dense is_even"]');
  await head.focus();
  await head.press('Enter');
  const units = frame.locator('.cards.chosen [id$="-units"] input');
  await units.waitFor({ state: 'visible' });
  await units.fill('2');
  await units.press('Enter');
  const changed = await wb.waitForEditorText("tf.layers.dense({units: 2, activation: 'sigmoid', name: 'is_even'})");
  assert.ok(changed.includes('const featuresDropout = tf.layers.dropout({rate: 0.2})'), 'the insert is still there');
  await waitForGraph(frame, 'is_even with 2 units', (n) => n.some((t) => t.startsWith('Dense is_even') && t.includes('3,138 params')));
  await screenshotDesigner(wb, 'graph-tfjs-edited');

  // Delete the dropout from its node: digit reads the flatten output again.
  const dropout = frame.locator('svg.graph g.node[aria-label^="Dropout dropout_Dropout1"]');
  await dropout.focus();
  await dropout.press('Delete');
  const deleted = await wb.waitForEditorText('const featuresDropout = features as tf.SymbolicTensor;');
  assert.ok(!deleted.includes('tf.layers.dropout'), deleted);
  await waitForGraph(frame, 'the graph without the dropout', (n) => n.length > 0 && !n.some((t) => t.startsWith('Dropout')));
  // A layer that changes the shape cannot be deleted: the panel says why, the code stays.
  const flatten = frame.locator('svg.graph g.node[aria-label^="Flatten flatten_Flatten1"]');
  await flatten.focus();
  await flatten.press('Delete');
  await poll('the refusal', async () => normalize(await frame.locator('#status').innerText().catch(() => '')), (t) => t.includes('its shape changes the tensor'));
  await screenshotDesigner(wb, 'graph-tfjs-deleted');
  await wb.runCommand('File: Revert File');
});

test('what changed: compared with git HEAD after changing a Dense\'s units, the graph and the totals show the delta', async (wb) => {
  commitWorkspace(wb.workspace);
  // The run's settings turn VS Code's git off; this workspace turns it on (the git extension starts on the change).
  const settingsDir = join(wb.workspace, '.vscode');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ 'git.enabled': true }));
  try {
    const frame = await openBranches(wb);
    await frame.locator('[data-key="compare"]').click();
    await poll('the comparison to start', async () => normalize(await frame.locator('.diff-summary').innerText().catch(() => '')), (t) => t.startsWith('Compared with HEAD: no layer changed'), 30_000);
    // The shared Dense on the 8 meta features: 32 units (288 params) → 64 units (576).
    await wb.replaceText('layers.Dense(32, activation="relu")', 'layers.Dense(64, activation="relu")');
    // Polled until the edit has settled: while the text is typed, a half-written line is no model at all.
    const summary = await poll('the delta', async () => normalize(await frame.locator('.diff-summary').innerText().catch(() => '')), (t) => t.includes('(+608)'), 30_000);
    console.log(`diff summary: ${summary}`);
    // The label Dense now reads 64 + 64 = 128 features: 1,290 params instead of 970. In total +288 +320 = +608.
    assert.equal(summary, 'Compared with HEAD: 0 added, 0 removed, 3 changed · params 25,290 → 25,898 (+608)');
    const changed = await svgTexts(frame, 'svg.graph g.node.change-changed .detail');
    console.log(`changed nodes: ${JSON.stringify(changed)}`);
    assert.deepEqual(changed, ['changed · 576 params (+288)', 'changed · 0 params (0)', 'changed · 1,290 params (+320)']);
    await screenshotDesigner(wb, 'graph-diff-head');
    await frame.locator('[data-key="compare"]').click();
    await poll('the comparison to stop', () => frame.locator('.diff-summary').count(), (n) => n === 0);
  } finally {
    rmSync(settingsDir, { recursive: true, force: true });
    await wb.runCommand('File: Revert File');
  }
});

test('Open Graph in Editor: the same graph in an editor-area panel beside the code', async (wb) => {
  await openBranches(wb);
  await wb.runCommand('Model Lens: Open Graph in Editor');
  const panel = wb.page.frameLocator('iframe.webview.ready:not([src*="purpose=webviewView"])').frameLocator('iframe#active-frame');
  const nodes = await waitForGraph(panel, 'the graph in the editor area', (n) => n.some((t) => t.startsWith('Dense label')) && n.some((t) => t.startsWith('Concatenate')));
  console.log(`editor-area graph: ${nodes.length} nodes`);
  assert.ok((await wb.tabTitles()).some((t) => t.includes('Model Graph')), 'a tab named Model Graph');
  await wb.screenshot('designer-graph-editor-panel');
});

test('from the chosen node: add its output to the model, then join it into the merge\'s edge with Add', async (wb) => {
  const frame = await openBranches(wb);
  await frame.locator('svg.graph g.node[aria-label^="Dense dense,"]').click();
  await frame.locator('[data-key="graph-output:dense"]').click();
  const added = await wb.waitForEditorText('outputs=[outputs, m])');
  assert.ok(added.includes('model = keras.Model(inputs=[image, meta], outputs=[outputs, m])'), added);
  await waitForGraph(frame, 'two outputs', (n) => n.some((t) => t.startsWith('output 1')));
  await frame.locator('svg.graph g.node[aria-label^="Dense dense,"]').click();
  // The GlobalAveragePooling2D's (None, 64) cannot be added to the Dense's (None, 32): refused with the shapes.
  await frame.locator('[data-key="merge-edge"]').selectOption({ label: 'into concatenate (from global_average_pooling2d, (None, 64))' });
  await frame.locator('[data-key="merge-class"]').selectOption('Add');
  await frame.locator('[data-key="graph-merge:dense"]').click();
  const refusal = await poll('the refusal', async () => normalize(await frame.locator('#status').innerText().catch(() => '')), (t) => t.includes('joins tensors of the same shape'));
  console.log(`merge refused: ${refusal}`);
  await screenshotDesigner(wb, 'graph-connect');
  await wb.runCommand('File: Revert File');
});
