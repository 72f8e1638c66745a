/**
 * The model's graph as ELK's input: what is open (a closed group is one node, edges into it end at its box), box
 * sizes from the text each node shows, and the layout options in one place. No DOM here: the page passes its
 * text metrics, and the benchmark builds the same graph in Node (bench/graph.ts).
 */
import type { ElkExtendedEdge, ElkLabel, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphGroup, GraphNode, ModelGraph } from '../../src/shared/designer-protocol';

export const NODE_HEIGHT = 52;
export const GROUP_HEADER = 22;
export const PAD_X = 10;

export function isOpen(group: GraphGroup, toggled: ReadonlySet<string>): boolean {
  return group.collapsed === toggled.has(group.id);
}

/** The second line of a node: its numbers. */
export function detail(n: GraphNode): string {
  if (n.kind === 'output') return 'model output';
  if (n.kind === 'input') return `input ${n.outputShape}`;
  const uses = n.uses > 1 ? ` · shared ×${n.uses}` : '';
  // Diff mode: the params delta replaces the MACs (a removed layer has no MACs now).
  if (n.change) return `${n.change} · ${n.params} params (${n.paramsDelta ?? '?'})`;
  return `${n.params} params · ${n.macs} MACs${uses}`;
}

export function title(n: GraphNode): string {
  return n.kind === 'layer' ? n.className : n.kind === 'input' ? 'Input' : n.name;
}

/** The line under the title: the layer's name. */
export function subtitle(n: GraphNode): string {
  return n.kind === 'output' ? '' : n.name;
}

/** How wide a text is drawn in one of the graph's fonts. */

export type MeasureText = (text: string, font: 'body' | 'bold' | 'small' | 'mono') => number;

/**
 * The ELK graph for what is open: a closed group is one node, and edges into it end at its box. `measure` is
 * the page's text metrics; the benchmark (Node, no page) passes an estimate.
 */
/**
 * Above this many edges the shapes stay out of ELK's input and are put on the routed edges afterwards
 * (`placeEdgeLabels`): as labels ELK places them well but takes about twice as long (1,500 edges: ~1 s more).
 */
export const LABELS_IN_LAYOUT_MAX = 300;

/** Room between layers for a shape placed on an edge after the layout (a label is 13 px high). */
const GAP_FOR_LABELS = '30';

export function elkGraph(
  graph: ModelGraph,
  toggled: ReadonlySet<string>,
  measure: MeasureText,
): { root: ElkNode; visible: Map<string, GraphNode | GraphGroup>; laterLabels: Map<string, ElkLabel> } {
  const labelsInLayout = graph.edges.length <= LABELS_IN_LAYOUT_MAX;
  const laterLabels = new Map<string, ElkLabel>();
  const groups = new Map(graph.groups.map((g) => [g.id, g]));
  // Where an item is drawn: itself, or the closed group nearest the top that holds it.
  const shownAs = (id: string, parent: string | undefined): string => {
    let at = id;
    for (let p = parent; p; p = groups.get(p)?.parent) if (!isOpen(groups.get(p)!, toggled)) at = p;
    return at;
  };
  const visible = new Map<string, GraphNode | GraphGroup>();
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = {
    id: '__root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '24',
      'elk.spacing.nodeNode': '12',
      'elk.spacing.edgeLabel': '2',
      // Shapes sit on their edges (with a backing), so labels take no column of their own.
      'elk.edgeLabels.inline': 'true',
      'elk.edgeLabels.placement': 'CENTER',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      // Every input at the top, as Keras's plot_model draws them: a second input's branch starts beside the first.
      'elk.layered.layering.strategy': 'LONGEST_PATH_SOURCE',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: [],
    edges: [],
  };
  if (!labelsInLayout) {
    root.layoutOptions!['elk.layered.spacing.nodeNodeBetweenLayers'] = GAP_FOR_LABELS;
    // The greedy switch's last pass over crossings costs a sixth of a big layout for little to see.
    root.layoutOptions!['elk.layered.crossingMinimization.greedySwitch.type'] = 'OFF';
    root.layoutOptions!['elk.layered.crossingMinimization.greedySwitchHierarchical.type'] = 'OFF';
  }
  const boxFor = (n: GraphNode): ElkNode => ({
    id: n.id,
    width: Math.ceil(Math.max(measure(`${title(n)} ▸`, 'bold'), measure(subtitle(n), 'body'), measure(detail(n), 'small'), 60) + 2 * PAD_X),
    height: NODE_HEIGHT,
  });
  const containerOf = (parent: string | undefined): ElkNode => (parent && elkNodes.get(parent)) || root;
  // Groups first (outer before inner: the core lists a parent before its children).
  for (const g of graph.groups) {
    if (shownAs(g.id, g.parent) !== g.id) continue;
    const open = isOpen(g, toggled);
    const node: ElkNode = open
      ? {
          id: g.id,
          children: [],
          labels: [{ text: g.label, width: measure(g.label, 'body'), height: 14 }],
          layoutOptions: { 'elk.padding': `[top=${GROUP_HEADER + 4},left=6,bottom=6,right=6]`, 'elk.nodeLabels.placement': 'INSIDE V_TOP H_LEFT' },
        }
      : g.node
        ? boxFor(g.node)
        : { id: g.id, width: measure(`${g.label} ▸`, 'bold') + 2 * PAD_X, height: NODE_HEIGHT };
    elkNodes.set(g.id, node);
    visible.set(g.id, g);
    containerOf(g.parent).children!.push(node);
  }
  for (const n of graph.nodes) {
    if (shownAs(n.id, n.parent) !== n.id) continue;
    const node = boxFor(n);
    elkNodes.set(n.id, node);
    visible.set(n.id, n);
    containerOf(n.parent).children!.push(node);
  }
  const parentOf = new Map<string, string | undefined>([...graph.nodes.map((n) => [n.id, n.parent] as const), ...graph.groups.map((g) => [g.id, g.parent] as const)]);
  const seen = new Set<string>();
  for (const e of graph.edges) {
    const source = shownAs(e.source, parentOf.get(e.source));
    const target = shownAs(e.target, parentOf.get(e.target));
    // Two uses of a shared layer stay two edges; edges that a closed group merged into one are drawn once.
    const key = source === e.source && target === e.target ? e.id : `${source}→${target}:${e.label}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    const label: ElkLabel = { text: e.label, width: measure(e.label, 'mono') + 4, height: 13 };
    const edge: ElkExtendedEdge = { id: e.id, sources: [source], targets: [target], labels: labelsInLayout ? [label] : [] };
    if (!labelsInLayout) laterLabels.set(e.id, label);
    root.edges!.push(edge);
  }
  return { root, visible, laterLabels };
}

interface Box {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Every node's and open group's box in the root's coordinates (ELK gives a child's position inside its parent). */
function absoluteBoxes(root: ElkNode): { origin: Map<string, { x: number; y: number }>; nodes: Box[] } {
  const origin = new Map<string, { x: number; y: number }>([[root.id, { x: 0, y: 0 }]]);
  const nodes: Box[] = [];
  const walk = (parent: ElkNode, at: { x: number; y: number }) => {
    for (const c of parent.children ?? []) {
      const x = at.x + (c.x ?? 0);
      const y = at.y + (c.y ?? 0);
      origin.set(c.id, { x, y });
      if (c.children?.length) walk(c, { x, y });
      else nodes.push({ left: x, top: y, right: x + (c.width ?? 0), bottom: y + (c.height ?? 0) });
    }
  };
  walk(root, { x: 0, y: 0 });
  return { origin, nodes };
}

/**
 * Puts each shape left out of the layout on its routed edge, where it covers no node: on the middle of one of
 * the edge's vertical runs (the longest first; a run between two layers, where the layout left room), else
 * just beside the run. Positions are in the edge's own coordinates, as ELK's labels are.
 */
export function placeEdgeLabels(laid: ElkNode, laterLabels: ReadonlyMap<string, ElkLabel>): void {
  if (laterLabels.size === 0) return;
  const { origin, nodes } = absoluteBoxes(laid);
  for (const e of (laid.edges ?? []) as (ElkExtendedEdge & { container?: string })[]) {
    const label = laterLabels.get(e.id);
    const s = e.sections?.[0];
    if (!label || !s) continue;
    const base = origin.get(e.container ?? laid.id) ?? { x: 0, y: 0 };
    const width = label.width ?? 0;
    const height = label.height ?? 13;
    const free = (x: number, y: number) => !nodes.some((n) => x + base.x < n.right - 1 && n.left < x + base.x + width - 1 && y + base.y - 1 < n.bottom - 1 && n.top < y + base.y + height + 1);
    const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
    const runs = points
      .slice(1)
      .map((b, i) => ({ a: points[i], b }))
      .filter(({ a, b }) => a.x === b.x)
      .sort((r, q) => Math.abs(q.b.y - q.a.y) - Math.abs(r.b.y - r.a.y));
    const candidates = runs.flatMap(({ a, b }) => {
      const y = (a.y + b.y) / 2 - height / 2;
      return [{ x: a.x - width / 2, y }, { x: a.x + 3, y }, { x: a.x - width - 3, y }];
    });
    const fallback = { x: (s.startPoint.x + s.endPoint.x) / 2 - width / 2, y: (s.startPoint.y + s.endPoint.y) / 2 - height / 2 };
    const at = candidates.find((c) => free(c.x, c.y)) ?? candidates[0] ?? fallback;
    e.labels = [{ ...label, x: at.x, y: at.y }];
    // A shape beside the graph's rightmost run widens the picture rather than being cut off.
    laid.width = Math.max(laid.width ?? 0, base.x + at.x + width + 2);
  }
}
