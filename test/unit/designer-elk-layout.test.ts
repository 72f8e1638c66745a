/**
 * The designer graph's ELK input and the shapes placed after the layout (webview/designer/elk-graph.ts, run in
 * Node as the benchmark runs it): a small graph gives ELK its shapes as edge labels; a big one leaves them out
 * (they doubled ELK's time) and puts each on its routed edge, covering no node and no other shape.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { functionalModel } from '../../bench/generate';
import { modelGraph } from '../../src/core/designer/graph';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { elkGraph, LABELS_IN_LAYOUT_MAX, placeEdgeLabels } from '../../webview/designer/elk-graph';

before(async () => {
  await initParser();
});

const measure = (t: string) => t.length * 7;

function graphOf(layers: number) {
  const text = functionalModel(layers);
  return modelGraph(analyzePython(text), text, 0, { uri: 'file:///t.py', version: 1 });
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const overlap = (a: Box, b: Box) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

test('a small graph gives ELK its shapes as edge labels', () => {
  const { root, laterLabels } = elkGraph(graphOf(21), new Set(), measure);
  assert.ok((root.edges as ElkExtendedEdge[]).every((e) => e.labels?.length === 1 && e.labels[0].text === '(None, 32)'));
  assert.equal(laterLabels.size, 0);
});

test('a big graph: shapes left out of the layout, then one on every edge, over no node and no other shape', async () => {
  const graph = graphOf(201);
  assert.ok(graph.edges.length > LABELS_IN_LAYOUT_MAX, `${graph.edges.length} edges`);
  const { root, laterLabels } = elkGraph(graph, new Set(), measure);
  assert.ok((root.edges as ElkExtendedEdge[]).every((e) => !e.labels?.length), 'no labels in ELK\'s input');
  const laid = await new ELK().layout(root);
  placeEdgeLabels(laid, laterLabels);
  const nodes: Box[] = (laid.children as ElkNode[]).map((c) => ({ left: c.x!, top: c.y!, right: c.x! + c.width!, bottom: c.y! + c.height! }));
  const labels: Box[] = (laid.edges as ElkExtendedEdge[]).flatMap((e) => (e.labels ?? []).map((l) => ({ left: l.x!, top: l.y! - 1, right: l.x! + l.width!, bottom: l.y! + l.height! + 1 })));
  assert.equal(labels.length, graph.edges.length, 'every edge carries its shape');
  assert.deepEqual(labels.filter((l) => nodes.some((n) => overlap(l, n))), [], 'no shape covers a node');
  assert.equal(labels.filter((l, i) => labels.some((o, j) => j > i && overlap(l, o))).length, 0, 'no shape covers another');
});
