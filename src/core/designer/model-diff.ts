/**
 * "What changed": a model against an earlier version of it (the file in git `HEAD`), layer by layer. Both
 * versions are analyzed by the core; this module only compares the two reports: layers added, removed and
 * changed (code, params or output shape), with the params delta per layer and in total. A model used as a layer
 * is compared with its own layers kept under it, so its changes stay together.
 *
 * Layers are paired by aligning the two layer lists (longest common subsequence of layer types, preferring the
 * same name), not by name alone: inserting a `Dense` renames every later `dense_N`, yet those layers did not change.
 */
import type { DesignerState, GraphNode, ModelDiffSummary, ModelGraph, ModelView } from '../../shared/designer-protocol';
import { analyzeDocument, fileSource, type DocumentKind } from '../documents';
import type { LayerInstance } from '../model/graph';
import { formatShapes } from '../model/shape';
import { formatCount } from '../report/format';
import type { LayerReport, ModelReport, Report } from '../report/report';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'same';

export interface LayerChange {
  readonly kind: ChangeKind;
  /** The layer in the new version (absent when removed). */
  readonly after?: LayerReport;
  /** The layer in the old version (absent when added). */
  readonly before?: LayerReport;
  /** New params minus old; null when either is unknown. */
  readonly paramsDelta: bigint | null;
  /** What changed, in words: `code Dense(64) → Dense(32); params 4,160 → 2,080`. */
  readonly note?: string;
  /** A model used as a layer: its own layers compared. */
  readonly children?: readonly LayerChange[];
}

export interface ModelDiff {
  readonly layers: readonly LayerChange[];
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly paramsBefore: bigint | null;
  readonly paramsAfter: bigint | null;
  readonly paramsDelta: bigint | null;
}

/** One version of a file, analyzed. */
export interface Version {
  readonly report: Report;
  readonly text: string;
}

/** Longest lists aligned in full; above this (a million cells) the lists are paired in order. */
const MAX_ALIGN_CELLS = 4_000_000;

const codeOf = (v: Version, l: LayerReport) => v.text.slice(l.range.startIndex, l.range.endIndex).replace(/\s+/g, '');
const shownCode = (v: Version, l: LayerReport) => {
  const one = v.text.slice(l.range.startIndex, l.range.endIndex).replace(/\s+/g, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 59)}…` : one;
};

function delta(before: bigint | null | undefined, after: bigint | null | undefined): bigint | null {
  return before === null || before === undefined || after === null || after === undefined ? null : after - before;
}

/** `+1,024`, `-512`, `0`, or `?` when unknown. */
export function formatDelta(d: bigint | null): string {
  if (d === null) return '?';
  return d > 0n ? `+${formatCount(d)}` : formatCount(d);
}

/** Pairs of indices (old, new) of the layers that are the same layer, in order. */
function align(before: readonly LayerReport[], after: readonly LayerReport[]): [number, number][] {
  const n = before.length;
  const m = after.length;
  const score = (i: number, j: number) => (before[i].className !== after[j].className ? 0 : before[i].name === after[j].name ? 3 : 2);
  if (n * m > MAX_ALIGN_CELLS) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < Math.min(n, m); i++) if (score(i, i) > 0) pairs.push([i, i]);
    return pairs;
  }
  // best[i][j]: the best alignment of before[i..] with after[j..].
  const best = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = score(i, j);
      best[i][j] = Math.max(best[i + 1][j], best[i][j + 1], s > 0 ? s + best[i + 1][j + 1] : 0);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    const s = score(i, j);
    if (s > 0 && best[i][j] === s + best[i + 1][j + 1]) pairs.push([i++, j++]);
    else if (best[i][j] === best[i + 1][j]) i++;
    else j++;
  }
  return pairs;
}

function innerModel(report: Report, layer: LayerInstance): ModelReport | undefined {
  return layer.model ? report.models.find((m) => m.model === layer.model) : undefined;
}

function compareLayers(old: Version, now: Version, before: readonly LayerReport[], after: readonly LayerReport[], depth: number): LayerChange[] {
  const pairs = align(before, after);
  const out: LayerChange[] = [];
  let i = 0;
  let j = 0;
  const removed = (l: LayerReport): LayerChange => ({ kind: 'removed', before: l, paramsDelta: delta(l.params, 0n), note: `removed (${formatCount(l.params)} params)` });
  const added = (l: LayerReport): LayerChange => ({ kind: 'added', after: l, paramsDelta: delta(0n, l.params), note: `added (${formatCount(l.params)} params)` });
  for (const [pi, pj] of [...pairs, [before.length, after.length] as [number, number]]) {
    while (i < pi) out.push(removed(before[i++]));
    while (j < pj) out.push(added(after[j++]));
    if (pi === before.length && pj === after.length) break;
    out.push(compareLayer(old, now, before[pi], after[pj], depth));
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}

function compareLayer(old: Version, now: Version, b: LayerReport, a: LayerReport, depth: number): LayerChange {
  const notes: string[] = [];
  let children: LayerChange[] | undefined;
  const innerBefore = innerModel(old.report, b.layer);
  const innerAfter = innerModel(now.report, a.layer);
  if (innerBefore && innerAfter && depth < 4) {
    children = compareLayers(old, now, innerBefore.layers, innerAfter.layers, depth + 1);
    const inside = children.filter((c) => c.kind !== 'same').length;
    if (inside) notes.push(`${inside} of its layers changed`);
  } else if (codeOf(old, b) !== codeOf(now, a)) {
    notes.push(`code ${shownCode(old, b)} → ${shownCode(now, a)}`);
  }
  if (b.params !== a.params) notes.push(`params ${formatCount(b.params)} → ${formatCount(a.params)}`);
  const shapeBefore = formatShapes(b.outputShapes);
  const shapeAfter = formatShapes(a.outputShapes);
  if (shapeBefore !== shapeAfter) notes.push(`output ${shapeBefore} → ${shapeAfter}`);
  if (b.name !== a.name && notes.length) notes.push(`was ${b.name}`);
  return { kind: notes.length ? 'changed' : 'same', before: b, after: a, paramsDelta: delta(b.params, a.params), note: notes.length ? notes.join('; ') : undefined, children };
}

/** The model in the old version that is model `index` of the new one: same variable, else same name, else same place in the file. */
export function matchingModel(old: Report, now: Report, index: number): number | undefined {
  const m = now.models[index];
  if (!m) return undefined;
  const byVariable = m.variable ? old.models.findIndex((o) => o.variable === m.variable) : -1;
  if (byVariable >= 0) return byVariable;
  const byName = old.models.findIndex((o) => o.name === m.name && o.kind === m.kind);
  if (byName >= 0) return byName;
  return index < old.models.length ? index : undefined;
}

/** Model `index` of the new version against its match in the old one (every layer added when it has none). */
export function modelDiff(old: Version, now: Version, index: number): ModelDiff | undefined {
  const after = now.report.models[index];
  if (!after) return undefined;
  const beforeIndex = matchingModel(old.report, now.report, index);
  const before = beforeIndex === undefined ? undefined : old.report.models[beforeIndex];
  const layers = compareLayers(old, now, before?.layers ?? [], after.layers, 0);
  const all = flatten(layers);
  return {
    layers,
    added: all.filter((c) => c.kind === 'added').length,
    removed: all.filter((c) => c.kind === 'removed').length,
    changed: all.filter((c) => c.kind === 'changed').length,
    paramsBefore: before ? before.totalParams : 0n,
    paramsAfter: after.totalParams,
    paramsDelta: delta(before ? before.totalParams : 0n, after.totalParams),
  };
}

/** Every change, nested ones after the layer that holds them (a nested model counts as changed with its layers). */
export function flatten(changes: readonly LayerChange[]): LayerChange[] {
  return changes.flatMap((c) => [c, ...flatten(c.children ?? [])]);
}

// ------------------------------------------------------------------ drawing it

export function diffSummary(d: ModelDiff, against: string): ModelDiffSummary {
  return {
    against,
    added: d.added,
    removed: d.removed,
    changed: d.changed,
    paramsBefore: formatCount(d.paramsBefore),
    paramsAfter: formatCount(d.paramsAfter),
    paramsDelta: formatDelta(d.paramsDelta),
  };
}

/**
 * The model's view with its graph marked: added and changed nodes carry their change and params delta, removed
 * layers are drawn as nodes of their own (inside the nested model they were in), and the totals delta is set.
 */
export function withDiff(view: ModelView, now: Report, d: ModelDiff, against: string): ModelView {
  const changeOf = new Map<LayerReport, LayerChange>();
  for (const c of flatten(d.layers)) if (c.after) changeOf.set(c.after, c);
  const mark = (n: GraphNode): GraphNode => {
    const l = n.ref ? now.models[n.ref.model]?.layers[n.ref.layer] : undefined;
    const c = l && changeOf.get(l);
    if (!c || c.kind === 'same') return n;
    return { ...n, change: c.kind, paramsDelta: formatDelta(c.paramsDelta), changeNote: c.note };
  };
  const nodes = view.graph.nodes.map(mark);
  const groups = view.graph.groups.map((g) => (g.node ? { ...g, node: mark(g.node) } : g));
  // Removed layers sit in the group of the nested model they were removed from (or on the top level).
  const groupOf = new Map<LayerReport, string>();
  for (const g of groups) {
    const l = g.kind === 'model' && g.node?.ref ? now.models[g.node.ref.model]?.layers[g.node.ref.layer] : undefined;
    if (l) groupOf.set(l, g.id);
  }
  const removedNodes: GraphNode[] = [];
  const addRemoved = (changes: readonly LayerChange[], parent: string | undefined) => {
    for (const c of changes) {
      if (c.kind === 'removed' && c.before) {
        const b = c.before;
        removedNodes.push({
          id: `removed:${removedNodes.length}:${b.name}`,
          kind: 'layer',
          className: b.className,
          name: b.name,
          params: formatCount(b.params),
          macs: '',
          outputShape: formatShapes(b.outputShapes),
          uses: 1,
          parent,
          change: 'removed',
          paramsDelta: formatDelta(c.paramsDelta),
          changeNote: c.note,
        });
      }
      if (c.children && c.after) addRemoved(c.children, groupOf.get(c.after));
    }
  };
  addRemoved(d.layers, undefined);
  const graph: ModelGraph = { nodes: [...nodes, ...removedNodes], edges: view.graph.edges, groups };
  return { ...view, graph, diff: diffSummary(d, against) };
}

/** A file's text analyzed as a version to compare with; a notebook is not compared yet (said why). */
export function analyzeVersion(kind: DocumentKind, text: string): Version | string {
  if (kind.kind !== 'python' && kind.kind !== 'tfjs') return 'Comparing with an earlier version works on Python and TensorFlow.js files, not notebooks.';
  return { report: analyzeDocument(fileSource(kind, text)).report, text };
}

/** The designer's state with its model compared against `old`, the same file as it was in `against` (`HEAD`). */
export function stateWithDiff(state: DesignerState, now: Version, old: Version, against: string): DesignerState {
  const d = state.model && modelDiff(old, now, state.model.ref.model);
  return d && state.model ? { ...state, comparing: against, model: withDiff(state.model, now.report, d, against) } : { ...state, comparing: against };
}
