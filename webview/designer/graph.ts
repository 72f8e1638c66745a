/**
 * The model's graph in the designer panel: the core sends nodes, shape-labelled edges and groups
 * (`ModelGraph`); ELK lays them out (layered, top to bottom, groups as nested boxes) and this draws the result
 * as SVG. Nothing here knows a layer: what a node says comes from the core.
 *
 * ELK's bundled build runs in the page (no worker, no eval), so the webview's strict CSP holds. Layouts are kept
 * by their input, so redrawing the panel (typing in a form, the cursor moving) never lays out again.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { GraphEdge, GraphGroup, GraphNode, ModelGraph } from '../../src/shared/designer-protocol';
import { detail, elkGraph, isOpen, PAD_X, placeEdgeLabels, subtitle, title, type MeasureText } from './elk-graph';

const SVG = 'http://www.w3.org/2000/svg';
/** The smallest a graph is scaled to fit the panel; below that the panel scrolls sideways. */
const MIN_SCALE = 0.75;

export interface GraphOptions {
  /** The card index of the layer under the editor's cursor. */
  readonly cursorLayer?: number;
  /** Groups the person opened or closed (others start as the core says). */
  readonly toggled: ReadonlySet<string>;
  readonly onNode: (node: GraphNode) => void;
  readonly onToggle: (group: GraphGroup) => void;
  /** Delete pressed on a node. */
  readonly onDelete?: (node: GraphNode) => void;
  /** An edge's shape chosen (click or Enter): insert a layer there. Only edges with `insert` offer it. */
  readonly onEdge?: (edge: GraphEdge) => void;
  /** The node that has the keyboard focus, kept across redraws. */
  readonly focused?: string;
}

interface Laid {
  readonly root: ElkNode;
  readonly visible: Map<string, GraphNode | GraphGroup>;
  readonly edges: Map<string, GraphEdge>;
}

const elk = new ELK();
const layouts = new Map<string, Promise<Laid>>();

let measureContext: CanvasRenderingContext2D | null | undefined;
function textWidth(text: string, font: string): number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * 7;
  measureContext.font = font;
  return measureContext.measureText(text).width;
}

function fonts(): { body: string; bold: string; small: string; mono: string } {
  const style = getComputedStyle(document.body);
  const family = style.fontFamily || 'sans-serif';
  const mono = style.getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
  return { body: `12px ${family}`, bold: `600 12px ${family}`, small: `11px ${family}`, mono: `11px ${mono}` };
}

function measureInPage(): MeasureText {
  const f = fonts();
  return (text, font) => textWidth(text, f[font]);
}

function layout(graph: ModelGraph, toggled: ReadonlySet<string>): Promise<Laid> {
  const key = JSON.stringify([graph, [...toggled].sort()]);
  let laid = layouts.get(key);
  if (!laid) {
    const { root, visible, laterLabels } = elkGraph(graph, toggled, measureInPage());
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    laid = elk.layout(root).then((r) => {
      placeEdgeLabels(r, laterLabels);
      return { root: r, visible, edges };
    });
    if (layouts.size > 20) layouts.delete(layouts.keys().next().value!);
    layouts.set(key, laid);
  }
  return laid;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number | undefined>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, String(v));
  for (const c of children) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

function nameOf(visible: Map<string, GraphNode | GraphGroup>, id: string): string {
  const item = visible.get(id);
  return !item ? id : 'name' in item ? item.name : item.label;
}

/** Absolute positions: ELK gives each child relative to its parent. */
function offsets(root: ElkNode): Map<string, { x: number; y: number }> {
  const at = new Map<string, { x: number; y: number }>([[root.id, { x: 0, y: 0 }]]);
  const walk = (n: ElkNode, x: number, y: number) => {
    for (const c of n.children ?? []) {
      const cx = x + (c.x ?? 0);
      const cy = y + (c.y ?? 0);
      at.set(c.id, { x: cx, y: cy });
      walk(c, cx, cy);
    }
  };
  walk(root, 0, 0);
  return at;
}

function nodeLabel(n: GraphNode): string {
  const what = n.kind === 'layer' ? `${n.className} ${n.name}` : n.kind === 'input' ? `Input ${n.name}` : n.name;
  const numbers = n.kind === 'layer' ? `, output ${n.outputShape}, ${n.params} params, ${n.macs} MACs${n.uses > 1 ? `, shared by ${n.uses} calls` : ''}` : `, shape ${n.outputShape}`;
  const change = n.change ? `, ${n.changeNote ?? n.change}, params ${n.paramsDelta ?? '?'}` : '';
  return `${what}${numbers}${change}${n.problem ? `, problem: ${n.problem}` : ''}`;
}

function drawNode(g: SVGGElement, n: GraphNode, box: ElkNode, pos: { x: number; y: number }, o: GraphOptions, group?: GraphGroup): void {
  const classes = ['node', `kind-${n.kind}`, n.problem ? 'has-problem' : '', n.change ? `change-${n.change}` : '', n.layer !== undefined && n.layer === o.cursorLayer ? 'at-cursor' : '', group ? 'closed-group' : ''].join(' ');
  const el = svg(
    'g',
    {
      class: classes,
      transform: `translate(${pos.x},${pos.y})`,
      tabindex: 0,
      role: 'button',
      'data-node': n.id,
      'data-layer': n.layer,
      'aria-label': group ? `${nodeLabel(n)}. Closed group ${group.label}: Enter opens it` : nodeLabel(n),
    },
    svg('rect', { width: box.width, height: box.height, rx: 4 }),
    svg('text', { x: PAD_X, y: 16, class: 'title' }, svg('tspan', { class: 'type' }, title(n)), group ? svg('tspan', { class: 'name', dx: 4 }, '▸') : ''),
    svg('text', { x: PAD_X, y: 31, class: 'title' }, svg('tspan', { class: 'name' }, subtitle(n))),
    svg('text', { x: PAD_X, y: 45, class: 'detail' }, detail(n)),
    svg('title', {}, n.problem ? `${nodeLabel(n)}\n${n.problem}` : nodeLabel(n)),
  );
  const act = () => (group ? o.onToggle(group) : o.onNode(n));
  el.addEventListener('click', act);
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      act();
    } else if (e.key === 'Delete' && !group && o.onDelete) {
      e.preventDefault();
      o.onDelete(n);
    }
  });
  g.append(el);
}

function draw(laid: Laid, o: GraphOptions): SVGSVGElement {
  const { root, visible, edges } = laid;
  const labelsLayer = svg('g', { class: 'edge-labels' });
  const at = offsets(root);
  const width = Math.ceil(root.width ?? 0) + 2;
  const height = Math.ceil(root.height ?? 0) + 2;
  const svgEl = svg('svg', { class: 'graph', width, height, viewBox: `-1 -1 ${width} ${height}`, role: 'group', 'aria-label': 'Model graph: Tab moves between layers, Enter reveals a layer in the code' });
  svgEl.append(
    svg('defs', {}, svg('marker', { id: 'arrow', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrowhead' }))),
  );
  const groupsLayer = svg('g', { class: 'groups' });
  const edgesLayer = svg('g', { class: 'edges', 'aria-hidden': 'true' });
  const nodesLayer = svg('g', { class: 'nodes' });
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      const item = visible.get(c.id);
      const pos = at.get(c.id)!;
      if (item && 'kind' in item && (item.kind === 'model' || item.kind === 'block')) {
        const g = item as GraphGroup;
        if (c.children) {
          // An open group: its box and a header that closes it.
          const header = svg(
            'g',
            { class: `group-header kind-${g.kind}`, tabindex: 0, role: 'button', 'aria-expanded': 'true', 'aria-label': `${g.label}: Enter closes this group`, 'data-node': g.id },
            svg('text', { x: pos.x + 8, y: pos.y + 15 }, `▾ ${g.label}`),
          );
          const toggle = () => o.onToggle(g);
          header.addEventListener('click', toggle);
          header.addEventListener('keydown', (e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              toggle();
            }
          });
          groupsLayer.append(svg('rect', { class: `group kind-${g.kind}`, x: pos.x, y: pos.y, width: c.width, height: c.height, rx: 6 }), header);
          walk(c);
        } else if (g.node) {
          drawNode(nodesLayer, g.node, c, pos, o, g);
        } else {
          drawNode(nodesLayer, { id: g.id, kind: 'layer', className: g.label, name: '', params: '', macs: '', outputShape: '', uses: 1 }, c, pos, o, g);
        }
      } else if (item) {
        drawNode(nodesLayer, item as GraphNode, c, pos, o);
      }
    }
  };
  walk(root);
  for (const e of (root.edges ?? []) as ElkExtendedEdge[]) {
    const base = at.get((e as ElkExtendedEdge & { container?: string }).container ?? root.id) ?? { x: 0, y: 0 };
    for (const s of e.sections ?? []) {
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => `${p.x + base.x},${p.y + base.y}`);
      edgesLayer.append(svg('polyline', { points: points.join(' '), class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
    const source = edges.get(e.id);
    const insertable = source?.insert && o.onEdge;
    for (const l of e.labels ?? []) {
      const x = (l.x ?? 0) + base.x;
      const y = (l.y ?? 0) + base.y;
      const label = svg(
        'g',
        insertable
          ? { class: 'edge-shape insertable', tabindex: 0, role: 'button', 'data-node': e.id, 'aria-label': `Tensor ${l.text} from ${nameOf(visible, e.sources[0])} to ${nameOf(visible, e.targets[0])}: Enter inserts a layer here` }
          : { class: 'edge-shape', 'aria-hidden': 'true' },
        svg('rect', { x, y: y - 1, width: l.width, height: (l.height ?? 13) + 2, class: 'edge-label-back' }),
        svg('text', { x: x + 2, y: y + 10, class: 'edge-label' }, l.text ?? ''),
        insertable ? svg('title', {}, 'Insert a layer on this edge') : '',
      );
      if (insertable) {
        const choose = () => o.onEdge!(source!);
        label.addEventListener('click', choose);
        label.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            choose();
          }
        });
      }
      labelsLayer.append(label);
    }
  }
  svgEl.append(groupsLayer, edgesLayer, nodesLayer, labelsLayer);
  // Scaled down to the panel's width, but never below MIN_SCALE (then the panel scrolls): text stays readable.
  svgEl.style.minWidth = `${Math.round(width * MIN_SCALE)}px`;
  return svgEl;
}

/**
 * Fills `container` with the graph once it is laid out (at once when this layout was made before). A container
 * replaced in the meantime is left alone.
 */
export function renderGraph(container: HTMLElement, graph: ModelGraph, o: GraphOptions): void {
  void layout(graph, o.toggled).then(
    (laid) => {
      if (!container.isConnected) return;
      container.replaceChildren(draw(laid, o));
      // Focus comes back to the node that had it, unless it has moved elsewhere meanwhile (the palette).
      const elsewhere = document.activeElement && document.activeElement !== document.body;
      if (o.focused && !elsewhere) (container.querySelector(`[data-node="${CSS.escape(o.focused)}"]`) as SVGGElement | null)?.focus();
    },
    (error: unknown) => {
      if (container.isConnected) container.textContent = `The graph could not be laid out: ${(error as Error)?.message ?? error}`;
    },
  );
}

/** Moves the cursor marker without a redraw. */
export function markGraphCursor(layer: number | undefined): void {
  document.querySelectorAll<SVGGElement>('svg.graph g.node').forEach((el) => el.classList.toggle('at-cursor', el.dataset.layer !== undefined && el.dataset.layer === String(layer)));
}
