/**
 * The designer's graph of a model: nodes (layers, the model's inputs and outputs), edges labelled with the
 * shape of the tensor they carry, and groups (a model used as a layer, the layers one helper function makes on
 * each of its calls). Computed here from the report so the webview only lays it out and draws it, and so it is
 * tested in plain Node.
 *
 * A layer is one node however often it is called (a shared layer shows its uses); an edge is drawn per tensor a
 * call reads, so a shared layer has one edge in per use. A shape the analysis does not know is `?`, never a guess.
 */
import type { EdgeRef, GraphEdge, GraphGroup, GraphNode, LayerRef, ModelGraph } from '../../shared/designer-protocol';
import type { LayerInstance } from '../model/graph';
import { formatShape, formatShapes, type Shape } from '../model/shape';
import { formatCount } from '../report/format';
import { layerMacs, type MacsInput } from '../report/macs';
import type { LayerReport, ModelReport, Report } from '../report/report';
import { modelFingerprint } from './edits/designer-edits';

/** How deep models used as layers are opened (a model inside a model inside a model …). */
const MAX_NESTING = 4;

export function macsInput(l: LayerReport): MacsInput & { name: string } {
  const format = l.layer.config.raw('data_format');
  return {
    name: l.name,
    className: l.className,
    weights: l.weights,
    inputShapes: l.inputShapes,
    outputShapes: l.outputShapes,
    dataFormat: format?.kind === 'str' ? format.value : null,
  };
}

const shapeLabel = (shape: Shape | null | undefined) => (shape ? formatShape(shape) : '?');

/** The `def` (Python) or `function` (JS) whose body holds line `line`, by indentation: a helper that makes layers. */
export function enclosingFunction(lines: readonly string[], line: number): { name: string; line: number } | undefined {
  const indentOf = (s: string) => s.length - s.trimStart().length;
  const here = lines[line];
  if (here === undefined) return undefined;
  let indent = indentOf(here);
  for (let i = line - 1; i >= 0 && indent > 0; i--) {
    const text = lines[i];
    if (!text.trim() || text.trimStart().startsWith('#')) continue;
    const at = indentOf(text);
    if (at >= indent) continue;
    indent = at;
    const def = /^\s*(?:async\s+)?(?:def|function)\s+([A-Za-z_$][\w$]*)\s*\(/.exec(text) ?? /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:\([^)]*\)|[A-Za-z_$][\w$]*)\s*=>/.exec(text);
    if (def) return { name: def[1], line: i };
  }
  return undefined;
}

interface Builder {
  readonly report: Report;
  readonly doc: { readonly uri: string; readonly version: number };
  readonly lines: readonly string[];
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly groups: GraphGroup[];
}

function layerNode(b: Builder, fingerprint: string, modelIndex: number | undefined, l: LayerReport, index: number, id: string, parent: string | undefined, top: boolean): GraphNode {
  const problems = [l.error, l.unresolved].filter((p): p is string => !!p);
  const ref: LayerRef | undefined =
    modelIndex === undefined ? undefined : { uri: b.doc.uri, version: b.doc.version, model: modelIndex, layer: index, className: l.className, name: l.name, fingerprint };
  return {
    id,
    kind: l.className === 'InputLayer' ? 'input' : 'layer',
    className: l.className,
    name: l.name,
    params: formatCount(l.params),
    macs: l.className === 'InputLayer' ? '0' : formatCount(layerMacs(macsInput(l))),
    outputShape: l.kerasHidesShape && !l.outputShapes ? '?' : formatShapes(l.outputShapes),
    uses: Math.max(1, l.layer.calls.length),
    layer: top ? index : undefined,
    ref,
    parent,
    problem: problems.length ? problems.join('; ') : undefined,
  };
}

/**
 * Groups for helper functions that make layers: each run of a helper's layers (in the model's order) is one
 * group, `conv_block (2 of 3)`. A helper called once is still a group: it names a block of the model.
 */
function helperGroups(b: Builder, m: ModelReport, parent: string | undefined, prefix: string): (string | undefined)[] {
  const helperOf = m.layers.map((l) => (l.className === 'InputLayer' ? undefined : enclosingFunction(b.lines, l.range.startLine)));
  const groupOf: (string | undefined)[] = m.layers.map(() => undefined);
  const runs: { name: string; line: number; members: number[] }[] = [];
  let current: { name: string; line: number; members: number[]; starts: Set<number> } | undefined;
  helperOf.forEach((h, i) => {
    // A layer from outside the helper, listed between two of its layers (another branch), does not end the call.
    if (!h) return;
    const start = m.layers[i].range.startIndex;
    // The same constructor again means the helper was called again.
    if (!current || current.line !== h.line || current.starts.has(start)) {
      current = { name: h.name, line: h.line, members: [], starts: new Set() };
      runs.push(current);
    }
    current.members.push(i);
    current.starts.add(start);
  });
  // A method's layers (`__init__`, `build`) are the model's own, and a function that makes every layer is the
  // whole model: neither is a block of it.
  // The same for the function that makes the model itself (`createModel()` holding `tf.model(...)`).
  const layerCount = m.layers.filter((l) => l.className !== 'InputLayer').length;
  const modelsOwn = enclosingFunction(b.lines, m.range.startLine)?.line;
  const blocks = runs.filter((r) => !r.name.startsWith('__') && !['build', 'call', 'constructor'].includes(r.name) && r.line !== modelsOwn && r.members.length < layerCount);
  runs.length = 0;
  runs.push(...blocks);
  const count = new Map<number, number>();
  for (const r of runs) count.set(r.line, (count.get(r.line) ?? 0) + 1);
  const seen = new Map<number, number>();
  for (const r of runs) {
    const n = (seen.get(r.line) ?? 0) + 1;
    seen.set(r.line, n);
    const total = count.get(r.line)!;
    const id = `${prefix}block:${r.name}@${r.line}#${n}`;
    const label = total > 1 ? `${r.name}() ${n} of ${total}` : `${r.name}()`;
    const members = r.members.map((i) => m.layers[i]);
    const last = members[members.length - 1];
    // How the block looks closed: its layers' params and MACs added up (`?` when any is unknown).
    const node: GraphNode = {
      id,
      kind: 'layer',
      className: label,
      name: `${members.length} layers`,
      params: formatCount(sum(members.map((l) => l.params))),
      macs: formatCount(sum(members.map((l) => layerMacs(macsInput(l))))),
      outputShape: formatShapes(last.outputShapes),
      uses: 1,
      parent,
    };
    b.groups.push({ id, kind: 'block', label, parent, collapsed: false, node });
    for (const i of r.members) groupOf[i] = id;
  }
  return groupOf;
}

function sum(values: readonly (bigint | null)[]): bigint | null {
  return values.every((v): v is bigint => v !== null) ? values.reduce((a, v) => a + v, 0n) : null;
}

function modelIndexOf(report: Report, model: LayerInstance['model']): number | undefined {
  const i = report.models.findIndex((m) => m.model === model);
  return i >= 0 ? i : undefined;
}

/** Adds model `m`'s nodes and edges; returns its node ids by layer. `prefix` keeps a nested model's ids apart. */
function addModel(b: Builder, m: ModelReport, modelIndex: number | undefined, parent: string | undefined, prefix: string, depth: number): Map<LayerInstance, string> {
  const idOf = new Map<LayerInstance, string>();
  const ids = m.layers.map((l, i) => `${prefix}${i}:${l.name}`);
  m.layers.forEach((l, i) => idOf.set(l.layer, ids[i]));
  const blocks = parent === undefined || depth > 0 ? helperGroups(b, m, parent, prefix) : [];
  // Once per model: a 1,000-layer model would otherwise build its fingerprint a thousand times.
  const fingerprint = modelFingerprint(m);
  m.layers.forEach((l, i) => {
    const node = layerNode(b, fingerprint, modelIndex, l, i, ids[i], blocks[i] ?? parent, depth === 0);
    const inner = l.layer.model;
    const innerIndex = inner ? modelIndexOf(b.report, inner) : undefined;
    if (inner && innerIndex !== undefined && depth < MAX_NESTING) {
      // A model used as a layer: a group that opens onto its own graph, closed at first.
      b.groups.push({ id: node.id, kind: 'model', label: `${l.className} ${l.name}`, parent: node.parent, collapsed: true, node });
      addModel(b, b.report.models[innerIndex], innerIndex, node.id, `${node.id}/`, depth + 1);
    } else {
      b.nodes.push(node);
    }
  });
  const edge = (source: string, target: string, label: string, insert?: EdgeRef) => b.edges.push({ id: `${prefix}e${b.edges.length}`, source, target, label, insert });
  // A subclassed model's call() reads the Input it was called on, which is no layer of the model.
  const subclassInput = (layer: LayerInstance, shape: Shape | null) => {
    const id = `${prefix}input:${layer.name}`;
    if (!idOf.has(layer)) {
      idOf.set(layer, id);
      b.nodes.push({ id, kind: 'input', className: 'Input', name: layer.name, params: '0', macs: '0', outputShape: shapeLabel(shape), uses: 1, parent });
    }
    return id;
  };
  if (m.kind === 'sequential' || m.layers.every((l) => l.layer.calls.length === 0)) {
    // A chain in list order: each layer reads the one before it.
    const first = m.layers[0];
    if (first && first.className !== 'InputLayer' && parent === undefined) {
      b.nodes.push({ id: `${prefix}input`, kind: 'input', className: 'Input', name: 'input', params: '0', macs: '0', outputShape: shapeLabel(first.inputShapes?.[0]), uses: 1, parent });
      edge(`${prefix}input`, ids[0], shapeLabel(first.inputShapes?.[0]));
    }
    for (let i = 1; i < m.layers.length; i++) edge(ids[i - 1], ids[i], formatShapes(m.layers[i - 1].outputShapes));
  } else {
    m.layers.forEach((l, i) => {
      for (const call of l.layer.calls) {
        call.inputs.forEach((t, k) => {
          let from = idOf.get(t.producer.layer);
          if (from === undefined && m.kind === 'subclass' && t.producer.layer.className === 'InputLayer') from = subclassInput(t.producer.layer, t.shape);
          // A tensor from outside this model (another model's call of a shared layer) is not this graph's edge.
          // An edge of the model shown, into a layer called once, is where the designer can insert a layer.
          const insert = depth === 0 && m.kind === 'functional' && l.layer.calls.length === 1 ? { layer: i, input: k } : undefined;
          if (from !== undefined) edge(from, ids[i], shapeLabel(t.shape), insert);
        });
      }
    });
  }
  if (parent === undefined) {
    const last = m.layers[m.layers.length - 1];
    const outputs =
      m.model.kind === 'functional' ? m.model.outputs : m.model.kind === 'subclass' && m.model.functional ? m.model.functional.outputs : m.model.kind === 'subclass' ? m.model.outputs : [];
    const known = outputs.filter((t): t is NonNullable<typeof t> => !!t && idOf.has(t.producer.layer));
    const ends = known.length ? known.map((t) => ({ from: idOf.get(t.producer.layer)!, shape: shapeLabel(t.shape) })) : last ? [{ from: ids[ids.length - 1], shape: formatShapes(last.outputShapes) }] : [];
    ends.forEach((e, k) => {
      const id = `${prefix}output${ends.length > 1 ? k : ''}`;
      b.nodes.push({ id, kind: 'output', className: 'Output', name: ends.length > 1 ? `output ${k}` : 'output', params: '0', macs: '0', outputShape: e.shape, uses: 1 });
      edge(e.from, id, e.shape);
    });
  }
  return idOf;
}

/** The graph of model `index` of the report; `text` is the analyzed source (for the helper functions' names). */
export function modelGraph(report: Report, text: string, index: number, doc: { readonly uri: string; readonly version: number }): ModelGraph {
  const b: Builder = { report, doc, lines: text.split('\n'), nodes: [], edges: [], groups: [] };
  const m = report.models[index];
  if (m) addModel(b, m, index, undefined, '', 0);
  // A group whose layers all went elsewhere (none) is dropped: ELK draws an empty box otherwise.
  const used = new Set<string>();
  for (const n of b.nodes) if (n.parent) used.add(n.parent);
  for (const g of b.groups) if (g.parent) used.add(g.parent);
  return { nodes: b.nodes, edges: b.edges, groups: b.groups.filter((g) => used.has(g.id)) };
}
