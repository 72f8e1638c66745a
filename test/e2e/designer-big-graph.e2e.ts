// The designer's graph of a big model in a real VS Code: a residual tower of 401 layers (602 edges), past the size
// where the shapes stay out of ELK's layout and are placed on the routed edges afterwards. Screenshot:
// test-results/e2e/designer-graph-big-panel.png.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionalModel } from '../../bench/generate';
import { designer, screenshotDesigner, waitForGraph } from './designer-panel';
import { normalize, workbenchTests } from './workbench';

// Written before the workbench opens, so Quick Open indexes it.
const BIG = 'big_tower.py';
if (process.env.E2E_WORKSPACE) writeFileSync(join(process.env.E2E_WORKSPACE, BIG), functionalModel(401));

const test = workbenchTests();

test('a big model (401 layers): a shape on every edge, beside the nodes, never over them', async (wb) => {
  await wb.openFile(BIG);
  await wb.waitForCodeLenses(['Open in Designer']);
  // (The model's own lens is at the end of the file, out of sight: the command does the same.)
  await wb.runCommand('Model Lens: Open in Designer');
  const frame = designer(wb);
  const nodes = await waitForGraph(frame, 'the big graph', (n) => n.length >= 403, 180_000);
  console.log(`big graph: ${nodes.length} nodes`);
  const labels = (await frame.locator('svg.graph .edge-label').evaluateAll((els) => els.map((e) => e.textContent ?? ''))).map(normalize);
  assert.equal(labels.length, 602, 'every edge carries its shape');
  assert.ok(labels.every((l) => l === '(None, 32)'), JSON.stringify([...new Set(labels)]));
  // Runs in the page, written as text: the test's compiler would wrap named functions in a helper the page lacks.
  const countOverlaps = new Function(
    'svg',
    `const boxes = (selector) => [...svg.querySelectorAll(selector)].map((e) => e.getBoundingClientRect());
    const nodeBoxes = boxes('g.node rect');
    const hit = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const svgBox = svg.getBoundingClientRect();
    const labels = boxes('.edge-shape rect');
    return { overNodes: labels.filter((l) => nodeBoxes.some((n) => hit(l, n))).length, outside: labels.filter((l) => l.right > svgBox.right + 0.5).length };`,
  ) as (svg: unknown) => { overNodes: number; outside: number };
  const placed = await frame.locator('svg.graph').evaluate(countOverlaps);
  assert.deepEqual(placed, { overNodes: 0, outside: 0 }, 'no shape is drawn over a node or cut off at the edge');
  await frame.locator('svg.graph g.node[aria-label^="Add add_100,"]').scrollIntoViewIfNeeded();
  await screenshotDesigner(wb, 'graph-big');
});
