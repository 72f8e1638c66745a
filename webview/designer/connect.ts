/**
 * The chosen node's connecting actions in the graph (functional models): make its output a model output, or
 * join it into an edge through a merge layer. Native selects keep every step reachable by keyboard; the host
 * computes and checks the edit (the core refuses with a reason what it cannot write safely).
 */
import { MERGE_LAYERS, type LayerCard, type ModelView, type WebviewMessage } from '../../src/shared/designer-protocol';
import { h, on } from './dom';

type Request = (message: Extract<WebviewMessage, { type: 'designer/addOutput' | 'designer/merge' }> extends infer M ? (M extends unknown ? Omit<M, 'requestId'> : never) : never, busy: string) => void;

export function connectActions(m: ModelView, c: LayerCard, request: Request): HTMLElement | undefined {
  if (!m.graphEdits) return undefined;
  const nameOf = new Map(m.graph.nodes.map((n) => [n.id, n.name]));
  const own = m.graph.nodes.find((n) => n.layer !== undefined && m.layers[n.layer] === c)?.id;
  const edges = m.graph.edges.filter((e) => e.insert && e.source !== own && e.target !== own);
  const output = c.className === 'InputLayer' ? undefined : on(h('vscode-button', { secondary: true, 'data-key': `graph-output:${c.name}` }, `Add ${c.name} as a model output`), 'click', () => request({ type: 'designer/addOutput', target: c.ref }, `Adding ${c.name}'s output…`));
  if (!edges.length) return output && h('div', { class: 'buttons' }, output);
  const edgeSelect = h(
    'select',
    { class: 'native-select', 'data-key': 'merge-edge', 'aria-label': `The edge ${c.name}'s output joins` },
    ...edges.map((e) => h('option', { value: `${e.insert!.layer}:${e.insert!.input}` }, `into ${nameOf.get(e.target)} (from ${nameOf.get(e.source)}, ${e.label})`)),
  ) as HTMLSelectElement;
  const mergeSelect = h('select', { class: 'native-select', 'data-key': 'merge-class', 'aria-label': 'The merge layer' }, ...MERGE_LAYERS.map((l) => h('option', { value: l }, l))) as HTMLSelectElement;
  const join = on(h('vscode-button', { secondary: true, 'data-key': `graph-merge:${c.name}` }, 'Join'), 'click', () => {
    const [layer, input] = edgeSelect.value.split(':').map(Number);
    request({ type: 'designer/merge', target: c.ref, edge: { layer, input }, className: mergeSelect.value }, `Joining ${c.name} with ${mergeSelect.value}…`);
  });
  return h('div', { class: 'buttons connect' }, output, h('span', { class: 'muted' }, `Join ${c.name}'s output`), edgeSelect, h('span', { class: 'muted' }, 'with'), mergeSelect, join);
}
