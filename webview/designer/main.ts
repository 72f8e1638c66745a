/**
 * The Model designer panel (runs in the webview). It draws what the host sends (`model/didChange`) and turns
 * clicks, keys and drags into edit requests; it never edits anything itself. Input is checked here with the
 * same rules the host applies again, so a bad value is refused in the form before anything is sent.
 *
 * What the panel remembers across hide/show (the selected card, the palette's choice, scroll) lives in
 * `getState`/`setState`; the model itself always comes fresh from the host.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { inputText, parseArgInput, sameValue, type ArgValue } from '../../src/shared/arg-values';
import type { DesignerState, FieldView, HostMessage, LayerCard, ModelView, PaletteEntry, WebviewMessage } from '../../src/shared/designer-protocol';
import { append, h, on, type Child } from './dom';
import { combobox } from './combobox';
import { pngBase64, svgFile } from './export';
import { markGraphCursor, renderGraph } from './graph';
import { compareButton, diffSummary } from './diff';
import { connectActions } from './connect';
import './designer.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What the panel keeps across being hidden and shown again. */
interface UiState {
  /** The expanded card, by layer name (survives edits that shift positions). */
  selected?: string;
  paletteClass?: string;
  /** Where the palette adds: the index the new layer gets, or undefined for "at the end". */
  palettePosition?: number;
  scrollTop?: number;
  /** The card whose "More arguments" is open. */
  moreOpen?: string;
  /** The graph (default) or the list of cards. */
  mode?: 'graph' | 'list';
  /** Graph groups opened or closed by the person (against how the core first shows them). */
  toggled?: string[];
  /** Functional models: the edge the palette inserts on (`layer:input`). */
  paletteEdge?: string;
}

/** Fields inside an element: custom elements from @vscode-elements with the properties we read. */
type ValueElement = HTMLElement & { value: string; invalid?: boolean };
type CheckElement = HTMLElement & { checked: boolean };

const vscode = acquireVsCodeApi();
const ui: UiState = { ...((vscode.getState() as UiState | undefined) ?? {}) };
let state: DesignerState | undefined;
let status: { text: string; kind: 'ok' | 'error' | 'busy'; undo?: boolean } | undefined;
/** The document version the status message is about; another version (typing, undo, revert) clears it. */
let statusVersion: number | 'next' | undefined;
let nextRequest = 1;
let dragging: number | undefined;
/**
 * A move on its way: Keras names layers by position, so after the move the moved layer has another name; the
 * selection and the keyboard focus follow it to its new place.
 */
let pendingMove: { to: number; selected: boolean; focused: boolean } | undefined;
let showStarters = false;

const app = document.getElementById('app')!;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

function saveUi(): void {
  vscode.setState(ui);
}

/** A request the host answers with `designer/didEdit`, before it gets its id. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EditRequest = DistributiveOmit<Extract<WebviewMessage, { requestId: number }>, 'requestId'>;

function request(message: EditRequest, busy: string): void {
  status = { text: busy, kind: 'busy' };
  renderStatus();
  post({ ...message, requestId: nextRequest++ } as WebviewMessage);
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as HostMessage;
  if (message?.type === 'model/didChange') {
    const previous = state;
    state = message.state;
    const version = state.document?.version;
    if (statusVersion === 'next') statusVersion = version;
    else if (status && status.kind !== 'busy' && statusVersion !== undefined && statusVersion !== version) {
      status = undefined;
      statusVersion = undefined;
    }
    // The cursor moving within the model only moves the marker: a full redraw would replace a field being typed in.
    if (previous && sameExceptCursor(previous, state)) markCursor(state.cursorLayer);
    else {
      const moved = pendingMove && state.model?.layers[pendingMove.to];
      if (moved && pendingMove!.selected) {
        ui.selected = selectionKey(moved);
        saveUi();
      }
      render();
      if (moved && pendingMove!.focused) (document.querySelector(`li.card[data-index="${pendingMove!.to}"]`) as HTMLElement | null)?.focus();
      pendingMove = undefined;
    }
  } else if (message?.type === 'designer/didEdit') {
    if (!message.ok) pendingMove = undefined;
    status = { text: message.message, kind: message.ok ? 'ok' : 'error', undo: message.undoable };
    // An edit's message holds until the file changes again; the edit's own refresh comes next.
    statusVersion = message.undoable ? 'next' : state?.document?.version;
    renderStatus();
  }
});

// ------------------------------------------------------------------ rendering

function sameExceptCursor(a: DesignerState, b: DesignerState): boolean {
  return JSON.stringify({ ...a, cursorLayer: undefined }) === JSON.stringify({ ...b, cursorLayer: undefined });
}

function markCursor(index: number | undefined): void {
  document.querySelectorAll<HTMLElement>('li.card').forEach((el) => el.classList.toggle('at-cursor', el.dataset.index === String(index)));
  markGraphCursor(index);
}

/** Re-draws everything, keeping focus, unsent typing and scroll where they were. */
function render(): void {
  focusedNode = (document.activeElement as Element | null)?.getAttribute?.('data-node') ?? undefined;
  const active = focusedKey();
  const scrollTop = document.scrollingElement?.scrollTop ?? 0;
  app.replaceChildren(...view());
  if (active) restoreFocus(active);
  if (document.scrollingElement) document.scrollingElement.scrollTop = scrollTop;
}

function view(): Node[] {
  if (!state) return [h('p', { class: 'muted' }, 'Loading…')];
  const s = state;
  const out: Node[] = [header(s), h('div', { id: 'status', class: 'status', role: 'status', 'aria-live': 'polite' })];
  if (showStarters || !s.model) out.push(starters(s));
  if (!s.model) {
    out.push(h('p', { class: 'empty' }, s.empty ?? 'No model.'));
    return out;
  }
  const m = s.model;
  out.push(totals(m));
  if (m.incomplete) out.push(h('p', { class: 'note' }, `Some values are ? because ${m.incomplete}.`));
  if (!m.structure.editable && m.structure.reason) out.push(h('p', { class: 'note' }, m.structure.reason));
  out.push(modeSwitch());
  const changes = diffSummary(s);
  if (changes) out.push(changes);
  if (ui.mode === 'list') out.push(cards(s, m));
  else out.push(...graphSection(s, m));
  out.push(paletteSection(s, m));
  queueMicrotask(renderStatus);
  return out;
}

function header(s: DesignerState): HTMLElement {
  const title = s.document ? s.document.fileName : 'No Python file';
  const picker =
    s.models.length > 1 && s.model
      ? fieldWrap(
          'model-picker',
          'Model',
          on(
            select('model-picker', s.models.map((m) => ({ value: String(m.index), label: m.label })), String(s.model.ref.model), { 'aria-label': 'Model to show' }),
            'change',
            (e) => post({ type: 'designer/selectModel', uri: s.document!.uri, model: Number((e.target as ValueElement).value) }),
          ),
        )
      : s.model
        ? h('div', { class: 'model-name' }, `${s.model.variable ?? s.model.name} · ${s.model.kind === 'sequential' ? 'Sequential' : 'Functional'} "${s.model.name}" · ${s.model.where}`)
        : null;
  const newModel = on(h('vscode-button', { secondary: true, 'data-key': 'new-model', 'aria-expanded': String(showStarters) }, showStarters ? 'Close starters' : 'New model…'), 'click', () => {
    showStarters = !showStarters;
    render();
  });
  // Starters are Keras code: none for a TF.js file.
  return h('header', { class: 'header' }, h('div', { class: 'file', title }, title), picker, s.model && !s.document?.tfjs ? newModel : null);
}

function starters(s: DesignerState): HTMLElement {
  return h(
    'section',
    { class: 'starters', 'aria-label': 'New model' },
    h('h2', {}, 'New model at the cursor'),
    ...s.starters.map((st) =>
      h(
        'div',
        { class: 'starter' },
        on(h('vscode-button', { 'data-key': `starter:${st.kind}` }, st.title), 'click', () => {
          showStarters = false;
          request({ type: 'designer/newModel', starter: st.kind }, `Inserting ${st.title}…`);
        }),
        h('span', { class: 'muted' }, st.detail),
      ),
    ),
  );
}

function totals(m: ModelView): HTMLElement {
  const t = m.totals;
  const item = (label: string, value: string, title?: string) => h('div', { class: 'total', title }, h('dt', {}, label), h('dd', {}, value));
  return h(
    'dl',
    { class: 'totals', 'aria-label': 'Model totals' },
    item('Params', t.params),
    item('Trainable', t.trainable),
    item('Non-trainable', t.nonTrainable),
    item('Size (float32)', t.size),
    item('MACs / sample', t.macs, t.macsNote ? `Multiply-accumulates per sample: ${t.macsNote}` : 'Multiply-accumulates for one sample through the model'),
  );
}

function renderStatus(): void {
  const el = document.getElementById('status');
  if (!el) return;
  el.className = `status ${status?.kind ?? ''}`;
  el.replaceChildren();
  if (!status) return;
  el.append(document.createTextNode(status.text));
  if (status.undo && state?.document) {
    const uri = state.document.uri;
    el.append(
      on(h('vscode-button', { secondary: true, class: 'undo', 'data-key': 'undo' }, 'Undo'), 'click', () => {
        status = undefined;
        renderStatus();
        post({ type: 'designer/undo', uri });
      }),
    );
  }
}

// ------------------------------------------------------------------ graph

/** The graph node focused before a redraw (the graph is drawn after layout, so focus is restored there). */
let focusedNode: string | undefined;

function modeSwitch(): HTMLElement {
  const mode = ui.mode ?? 'graph';
  const button = (value: 'graph' | 'list', label: string) =>
    on(h('vscode-button', { secondary: mode !== value, 'data-key': `mode-${value}`, 'aria-pressed': String(mode === value) }, label), 'click', () => {
      ui.mode = value;
      saveUi();
      render();
    });
  const exports =
    mode === 'graph' && state?.model && state.document
      ? (['svg', 'png'] as const).map((format) =>
          on(h('vscode-button', { secondary: true, class: 'export', 'data-key': `export-${format}`, title: `Save the graph as ${format.toUpperCase()}` }, `Export ${format.toUpperCase()}`), 'click', () => void exportGraph(format)),
        )
      : [];
  const compare = state && compareButton(state, post);
  return h('div', { class: 'mode', role: 'group', 'aria-label': 'Show the model as' }, button('graph', 'Graph'), button('list', 'Layers'), ...exports, compare);
}

async function exportGraph(format: 'svg' | 'png'): Promise<void> {
  const svg = document.querySelector<SVGSVGElement>('svg.graph');
  const s = state;
  if (!svg || !s?.model || !s.document) return;
  try {
    const text = svgFile(svg);
    const data = format === 'svg' ? text : await pngBase64(text, Number(svg.getAttribute('width')), Number(svg.getAttribute('height')));
    request({ type: 'designer/export', uri: s.document.uri, model: s.model.variable ?? s.model.name, format, data }, `Exporting ${format.toUpperCase()}…`);
  } catch (error) {
    status = { text: `Could not draw the ${format.toUpperCase()}: ${(error as Error).message}`, kind: 'error' };
    renderStatus();
  }
}

function graphSection(s: DesignerState, m: ModelView): Node[] {
  const container = h('div', { class: 'graph-box', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Laying out the graph…'));
  const toggled = new Set(ui.toggled ?? []);
  renderGraph(container, m.graph, {
    cursorLayer: s.cursorLayer,
    toggled,
    focused: focusedNode,
    onNode: (n) => {
      if (n.ref) post({ type: 'designer/revealLayer', target: n.ref });
      const c = n.layer !== undefined ? m.layers[n.layer] : undefined;
      if (c) {
        ui.selected = selectionKey(c);
        saveUi();
        render();
      }
    },
    onDelete: (n) => {
      const c = n.layer !== undefined ? m.layers[n.layer] : undefined;
      if (c && (m.graphEdits || m.structure.editable)) remove(c);
    },
    onEdge: m.graphEdits
      ? (e) => {
          ui.paletteEdge = `${e.insert!.layer}:${e.insert!.input}`;
          saveUi();
          render();
          (document.querySelector('[data-key="palette-class"]') as HTMLElement | null)?.focus();
        }
      : undefined,
    onToggle: (g) => {
      if (toggled.has(g.id)) toggled.delete(g.id);
      else toggled.add(g.id);
      ui.toggled = [...toggled];
      saveUi();
      focusedNode = g.id;
      render();
    },
  });
  // The chosen node's card, with its form, under the graph.
  const index = m.layers.findIndex((c) => ui.selected === selectionKey(c));
  const chosen = index >= 0 ? h('ol', { class: 'cards chosen', 'aria-label': 'Chosen layer' }, card(s, m, m.layers[index], index)) : h('p', { class: 'muted hint' }, 'Choose a layer in the graph to see its arguments.');
  const c = index >= 0 ? m.layers[index] : undefined;
  const deleteButton =
    c && m.graphEdits && c.className !== 'InputLayer'
      ? h('div', { class: 'buttons' }, on(h('vscode-button', { secondary: true, 'data-key': `graph-delete:${c.name}` }, `Delete ${c.name} (wire its input through)`), 'click', () => remove(c)))
      : null;
  // Outputs and merges are written in Keras code only (the core refuses them in TF.js code): not offered there.
  const connect = c && !s.document?.tfjs && connectActions(m, c, request);
  return [container, chosen, deleteButton, connect].filter((n): n is HTMLElement => !!n);
}

// ------------------------------------------------------------------ cards

/** A card's key within the page (focus, buttons): layer names are unique within a model. */
const cardKey = (c: LayerCard) => c.name;
/** What the open card is remembered by: its file, model and name, so another file or model starts closed. */
const selectionKey = (c: LayerCard) => `${c.ref.uri}#${c.ref.model}/${c.name}`;

/** Arguments shown before "More arguments" even at their defaults. */
const KEY_ARGUMENTS = new Set(['units', 'filters', 'kernel_size', 'strides', 'padding', 'pool_size', 'activation', 'rate', 'use_bias', 'return_sequences', 'input_dim', 'output_dim', 'target_shape', 'axis']);

function cards(s: DesignerState, m: ModelView): HTMLElement {
  const list = h('ol', { class: 'cards', 'aria-label': `Layers of ${m.name}` });
  m.layers.forEach((c, i) => list.append(card(s, m, c, i)));
  if (m.layers.length === 0) list.append(h('li', { class: 'muted' }, 'No layers yet: add one below.'));
  return list;
}

function card(s: DesignerState, m: ModelView, c: LayerCard, index: number): HTMLElement {
  const selected = ui.selected === selectionKey(c);
  const movable = m.structure.editable;
  const problems = c.diagnostics.filter((d) => d.severity !== 'info');
  const el = h('li', {
    class: ['card', `lane-${Math.min(c.lane, 3)}`, selected ? 'selected' : '', s.cursorLayer === index ? 'at-cursor' : '', problems.length ? 'has-problem' : ''].join(' '),
    tabindex: 0,
    'data-key': `card:${cardKey(c)}`,
    'data-index': index,
    draggable: movable ? 'true' : undefined,
    'aria-expanded': String(selected),
    'aria-label': `${c.className} ${c.name}, output ${c.outputShape}, ${c.params} params${problems.length ? `, ${problems.length} problem${problems.length > 1 ? 's' : ''}` : ''}`,
  });
  const badge = problems.length
    ? h('span', { class: 'badge', title: problems.map((p) => p.message).join('\n'), 'aria-hidden': 'true' }, `⚠ ${problems.length}`)
    : null;
  const bar = h('div', { class: 'bar', 'aria-hidden': 'true' }, h('div', { class: 'fill' }));
  (bar.firstChild as HTMLElement).style.width = `${Math.round(c.share * 1000) / 10}%`;
  const nonTrainable = c.nonTrainable !== '0' && c.nonTrainable !== '?';
  append(
    el,
    h(
      'div',
      { class: 'card-head' },
      movable ? h('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag to move' }, '⠿') : null,
      h('span', { class: 'type' }, c.className),
      h('span', { class: 'name' }, c.name),
      badge,
      h('span', { class: 'line' }, c.where),
    ),
    c.keyArgs ? h('div', { class: 'args' }, c.keyArgs) : null,
    c.inputs.length ? h('div', { class: 'inputs' }, `← ${c.inputs.join(', ')}`) : null,
    h(
      'div',
      { class: 'stats' },
      h('span', { class: 'shape', title: 'Output shape' }, c.outputShape),
      h('span', { class: 'params', title: `${c.params} parameters` }, `${c.params} params`),
      h('span', { class: 'macs', title: 'Multiply-accumulates per sample' }, `${c.macs} MACs`),
    ),
    bar,
    nonTrainable ? h('div', { class: 'train' }, `trainable ${c.trainable} · non-trainable ${c.nonTrainable}`) : null,
  );
  if (movable) el.append(cardActions(m, c, index));
  if (selected) el.append(details(c));

  on(el, 'click', (e) => {
    if ((e.target as HTMLElement).closest('.details, .actions')) return;
    toggle(c);
  });
  on(el, 'keydown', (e) => {
    if (e.target !== el) return;
    const key = (e as KeyboardEvent).key;
    const alt = (e as KeyboardEvent).altKey;
    if (key === 'Enter' || key === ' ') {
      e.preventDefault();
      toggle(c);
    } else if (alt && key === 'ArrowUp' && movable && index > 0) {
      e.preventDefault();
      move(m, c, index - 1);
    } else if (alt && key === 'ArrowDown' && movable && index < m.layers.length - 1) {
      e.preventDefault();
      move(m, c, index + 1);
    } else if (key === 'ArrowUp' || key === 'ArrowDown') {
      e.preventDefault();
      const next = el.parentElement?.children[index + (key === 'ArrowUp' ? -1 : 1)] as HTMLElement | undefined;
      next?.focus();
    } else if (key === 'Delete' && movable) {
      e.preventDefault();
      remove(c);
    }
  });
  if (movable) dragAndDrop(el, m, c, index);
  return el;
}

function toggle(c: LayerCard): void {
  ui.selected = ui.selected === selectionKey(c) ? undefined : selectionKey(c);
  saveUi();
  post({ type: 'designer/revealLayer', target: c.ref });
  render();
}

function move(m: ModelView, c: LayerCard, to: number): void {
  const focused = (document.activeElement as HTMLElement | null)?.closest?.('li.card') as HTMLElement | null;
  pendingMove = { to, selected: ui.selected === selectionKey(c), focused: focused?.dataset.key === `card:${cardKey(c)}` };
  request({ type: 'designer/moveLayer', target: c.ref, to }, `Moving ${c.name}…`);
}

function remove(c: LayerCard): void {
  if (ui.selected === selectionKey(c)) ui.selected = undefined;
  request({ type: 'designer/deleteLayer', target: c.ref }, `Deleting ${c.name}…`);
}

function cardActions(m: ModelView, c: LayerCard, index: number): HTMLElement {
  const button = (label: string, title: string, key: string, disabled: boolean, fn: () => void) =>
    on(h('vscode-button', { secondary: true, title, 'aria-label': title, 'data-key': `${key}:${cardKey(c)}`, disabled }, label), 'click', (e) => {
      e.stopPropagation();
      fn();
    });
  return h(
    'div',
    { class: 'actions' },
    button('↑', `Move ${c.name} up`, 'up', index === 0, () => move(m, c, index - 1)),
    button('↓', `Move ${c.name} down`, 'down', index === m.layers.length - 1, () => move(m, c, index + 1)),
    button('+', `Add a layer after ${c.name}`, 'add-after', false, () => {
      ui.palettePosition = index + 1;
      saveUi();
      render();
      (document.querySelector('[data-key="palette-class"]') as HTMLElement | null)?.focus();
    }),
    button('✕', `Delete ${c.name}`, 'delete', false, () => remove(c)),
  );
}

function dragAndDrop(el: HTMLElement, m: ModelView, c: LayerCard, index: number): void {
  const clear = () => el.classList.remove('drop-before', 'drop-after');
  on(el, 'dragstart', (e) => {
    dragging = index;
    (e as DragEvent).dataTransfer?.setData('text/plain', c.name);
    if ((e as DragEvent).dataTransfer) (e as DragEvent).dataTransfer!.effectAllowed = 'move';
    el.classList.add('dragging');
  });
  on(el, 'dragend', () => {
    dragging = undefined;
    el.classList.remove('dragging');
  });
  on(el, 'dragover', (e) => {
    if (dragging === undefined) return;
    e.preventDefault();
    const rect = el.getBoundingClientRect();
    const after = (e as DragEvent).clientY >= rect.top + rect.height / 2;
    el.classList.toggle('drop-after', after);
    el.classList.toggle('drop-before', !after);
  });
  on(el, 'dragleave', clear);
  on(el, 'drop', (e) => {
    e.preventDefault();
    clear();
    const from = dragging;
    dragging = undefined;
    if (from === undefined) return;
    const rect = el.getBoundingClientRect();
    const after = (e as DragEvent).clientY >= rect.top + rect.height / 2;
    // Dropping above card j puts the layer at j (one less when it comes from above); below card j, one more.
    let to = after ? index + 1 : index;
    if (from < to) to -= 1;
    if (to !== from) move(m, m.layers[from], to);
  });
}

function details(c: LayerCard): HTMLElement {
  const parts: Child[] = [];
  for (const d of c.diagnostics) parts.push(h('p', { class: `diagnostic ${d.severity}`, role: d.severity === 'error' ? 'alert' : undefined }, `${d.severity === 'info' ? 'ℹ' : '⚠'} ${d.message}`));
  if (c.unresolved && !c.diagnostics.length) parts.push(h('p', { class: 'note' }, `? because ${c.unresolved}`));
  if (c.doc) parts.push(h('p', { class: 'doc' }, c.doc));
  if (c.sharedWith > 0) parts.push(h('p', { class: 'note' }, `This line makes ${c.sharedWith + 1} layers (a loop or a helper function): a change here changes all of them.`));
  if (c.readOnly) parts.push(h('p', { class: 'note' }, c.readOnly));
  else if (c.fields.length) {
    // The arguments people change most, and any the call sets, first; the rest folded away.
    const main = c.fields.filter((f) => f.given || KEY_ARGUMENTS.has(f.rule.name));
    const more = c.fields.filter((f) => !main.includes(f));
    const moreKey = `more:${cardKey(c)}`;
    const moreOpen = ui.moreOpen === selectionKey(c);
    const folded = more.length
      ? on(h('details', { class: 'more', open: moreOpen }, h('summary', { 'data-key': moreKey }, `More arguments (${more.length})`), h('div', { class: 'form' }, ...more.map((f) => field(c, f)))), 'toggle', (e) => {
          ui.moreOpen = (e.target as HTMLDetailsElement).open ? selectionKey(c) : undefined;
          saveUi();
        })
      : null;
    parts.push(h('div', { class: 'form' }, ...main.map((f) => field(c, f))), folded);
  }
  return h('div', { class: 'details' }, ...parts);
}

// ------------------------------------------------------------------ form fields

function fieldWrap(id: string, label: string, control: HTMLElement, ...rest: Child[]): HTMLElement {
  return h('div', { class: 'field' }, h('vscode-label', { for: id }, label), control, ...rest);
}

function select(id: string, options: { value: string; label: string; description?: string }[], value: string, attrs: Record<string, string | boolean> = {}): HTMLElement {
  const el = h('vscode-single-select', { id, 'data-key': id, ...attrs });
  for (const o of options) el.append(h('vscode-option', { value: o.value, description: o.description, selected: o.value === value }, o.label));
  // The list opens towards the larger side of the panel, so it never runs off the bottom of a short view.
  const aim = () => {
    const rect = el.getBoundingClientRect();
    (el as HTMLElement & { position: 'above' | 'below' }).position = rect.top > window.innerHeight - rect.bottom ? 'above' : 'below';
  };
  el.addEventListener('pointerdown', aim, true);
  el.addEventListener('focusin', aim, true);
  return el;
}

function optionsFor(f: FieldView): string[] {
  return [...(f.rule.options ?? [])];
}

/** A control for one argument; `commit` gets a checked value (the form refuses bad input before it). */
function control(id: string, f: FieldView, commit: (value: ArgValue) => void, helper: HTMLElement): HTMLElement {
  const showError = (message: string | undefined, input: ValueElement | undefined) => {
    helper.textContent = message ?? '';
    helper.className = message ? 'helper error' : 'helper';
    if (input) input.invalid = !!message;
  };
  if (f.rule.kind === 'bool') {
    const box = h('vscode-checkbox', { id, 'data-key': id, checked: f.value?.kind === 'bool' ? f.value.value : f.text === 'True', label: f.rule.name, 'aria-label': f.rule.name });
    return on(box, 'change', () => commit({ kind: 'bool', value: (box as CheckElement).checked }));
  }
  if (f.rule.kind === 'choice' || f.rule.kind === 'activation') {
    const current = f.value ? inputText(f.value) || 'None' : '';
    const options = optionsFor(f);
    if (current && !options.includes(current)) options.unshift(current);
    const choices = options.map((o) => ({ value: o, label: o }));
    const el = f.rule.kind === 'activation' ? combobox(id, choices, current, f.rule.name) : select(id, choices, current, { 'aria-label': f.rule.name });
    return on(el, 'change', () => {
      const parsed = parseArgInput(f.rule, (el as ValueElement).value);
      if (!parsed.ok) return showError(parsed.error, el as ValueElement);
      showError(undefined, el as ValueElement);
      commit(parsed.value);
    });
  }
  const input = h('vscode-textfield', { id, 'data-key': id, value: f.value ? inputText(f.value) : f.text, placeholder: f.rule.nullable ? 'None' : undefined, 'aria-label': f.rule.name, 'aria-describedby': helper.id }) as ValueElement;
  const check = () => {
    const parsed = parseArgInput(f.rule, input.value);
    if (!parsed.ok) {
      showError(parsed.error, input);
      return undefined;
    }
    showError(undefined, input);
    return parsed.value;
  };
  on(input, 'input', () => {
    // Say what is wrong while typing; send nothing until Enter or leaving the field.
    if (input.invalid) check();
  });
  // Enter and leaving the field both commit; the same text is committed once.
  let committed = input.value;
  const commitTyped = () => {
    if (input.value === committed && !input.invalid) return;
    const value = check();
    if (!value) return;
    committed = input.value;
    commit(value);
  };
  on(input, 'keydown', (e) => {
    if ((e as KeyboardEvent).key === 'Enter') commitTyped();
  });
  on(input, 'change', commitTyped);
  (input as HTMLElement & { check?: () => ArgValue | undefined }).check = check;
  return input;
}

function field(c: LayerCard, f: FieldView): HTMLElement {
  const id = `arg-${c.ref.layer}-${f.rule.name}`;
  const helper = h('div', { class: 'helper', id: `${id}-help`, role: 'alert' });
  if (!f.editable) {
    const shown = h('vscode-textfield', { id, 'data-key': id, value: f.text, readonly: true, 'aria-label': f.rule.name, 'aria-describedby': `${id}-reason` });
    return fieldWrap(id, f.rule.name, shown, h('div', { class: 'reason', id: `${id}-reason` }, `Read-only: ${f.reason ?? 'not a plain value'}`));
  }
  const input = control(id, f, (value) => {
    if (f.given && f.value && sameValue(value, f.value)) return;
    request({ type: 'designer/editArgument', target: c.ref, argument: f.rule.name, value }, `Setting ${f.rule.name}…`);
  }, helper);
  const reset = f.resettable
    ? on(h('vscode-button', { secondary: true, class: 'reset', title: `Remove ${f.rule.name} (use ${state?.document?.tfjs ? 'TF.js' : 'Keras'}'s default)`, 'data-key': `${id}-reset` }, 'Default'), 'click', () =>
        request({ type: 'designer/resetArgument', target: c.ref, argument: f.rule.name }, `Resetting ${f.rule.name}…`),
      )
    : null;
  const label = f.given ? f.rule.name : `${f.rule.name} (default ${f.text})`;
  return h('div', { class: 'field' }, h('vscode-label', { for: id }, label), h('div', { class: 'control' }, input, reset), helper);
}

// ------------------------------------------------------------------ palette

function paletteSection(s: DesignerState, m: ModelView): HTMLElement {
  const section = h('section', { class: 'palette', 'aria-label': 'Add a layer' }, h('h2', {}, 'Add a layer'));
  if (!m.structure.editable && !m.graphEdits) {
    section.append(h('p', { class: 'muted' }, 'Adding layers is not available for this model.'));
    return section;
  }
  const entries = s.palette;
  const chosen = entries.find((e) => e.className === ui.paletteClass) ?? entries.find((e) => e.className === 'Dense') ?? entries[0];
  if (!chosen) return section;
  const classSelect = combobox(
    'palette-class',
    entries.map((e) => ({ value: e.className, label: e.className, description: e.group })),
    chosen.className,
    'Layer type to add',
  );
  on(classSelect, 'change', () => {
    const value = (classSelect as ValueElement).value;
    if (entries.some((e) => e.className === value)) {
      ui.paletteClass = value;
      saveUi();
      render();
    }
  });
  const n = m.layers.length;
  const position = ui.palettePosition !== undefined && ui.palettePosition <= n ? ui.palettePosition : n;
  // A functional model takes the new layer on an edge of its graph; a Sequential at a place in its list.
  const nameOf = new Map(m.graph.nodes.map((g) => [g.id, g.name]));
  const edges = m.graphEdits ? m.graph.edges.filter((e) => e.insert).map((e) => ({ value: `e:${e.insert!.layer}:${e.insert!.input}`, label: `Between ${nameOf.get(e.source)} and ${nameOf.get(e.target)} ${e.label}` })) : [];
  const positions = m.graphEdits ? edges : [{ value: '0', label: 'At the start' }, ...m.layers.map((l, i) => ({ value: String(i + 1), label: `After ${l.name}` }))];
  const edgeValue = ui.paletteEdge && edges.some((e) => e.value === `e:${ui.paletteEdge}`) ? `e:${ui.paletteEdge}` : edges[edges.length - 1]?.value;
  if (m.graphEdits && !edgeValue) {
    section.append(h('p', { class: 'muted' }, 'No edge of this graph takes a new layer (each goes into a layer called more than once).'));
    return section;
  }
  const positionSelect = select('palette-position', positions, m.graphEdits ? edgeValue! : String(position), { 'aria-label': 'Where to add the layer' });
  on(positionSelect, 'change', () => {
    const value = (positionSelect as ValueElement).value;
    if (value.startsWith('e:')) ui.paletteEdge = value.slice(2);
    else ui.palettePosition = Number(value);
    saveUi();
  });
  const checks: { name: string; field: FieldView; read: () => ArgValue | undefined }[] = [];
  const fields = chosen.fields.map((f) => {
    const id = `palette-${f.rule.name}`;
    const helper = h('div', { class: 'helper', id: `${id}-help`, role: 'alert' });
    let latest: ArgValue | undefined = f.value;
    const input = control(id, f, (value) => {
      latest = value;
    }, helper);
    const check = (input as HTMLElement & { check?: () => ArgValue | undefined }).check;
    checks.push({ name: f.rule.name, field: f, read: () => (check ? check() : latest) });
    return h('div', { class: 'field' }, h('vscode-label', { for: id }, f.given ? f.rule.name : `${f.rule.name} (optional)`), input, helper);
  });
  const addButton = on(h('vscode-button', { 'data-key': 'palette-add' }, `Add ${chosen.className}`), 'click', () => addFromPalette(m, chosen, checks, (positionSelect as ValueElement).value ?? String(position)));
  section.append(
    h('p', { class: 'doc' }, chosen.doc),
    fieldWrap('palette-class', 'Layer', classSelect),
    fieldWrap('palette-position', 'Position', positionSelect),
    ...fields,
    h('div', { class: 'buttons' }, addButton),
  );
  return section;
}

function addFromPalette(m: ModelView, entry: PaletteEntry, checks: { name: string; field: FieldView; read: () => ArgValue | undefined }[], position: string): void {
  const onEdge = /^e:(\d+):(\d+)$/.exec(position);
  const edge = onEdge ? { layer: Number(onEdge[1]), input: Number(onEdge[2]) } : undefined;
  const index = edge ? 0 : Number(position);
  const args: { name: string; value: ArgValue }[] = [];
  for (const c of checks) {
    const value = c.read();
    if (!value) {
      status = { text: `Fix ${c.name} first.`, kind: 'error' };
      renderStatus();
      return;
    }
    // Optional arguments go in only when they differ from Keras's default; one left empty is left out.
    if (!c.field.given && ((c.field.value && sameValue(value, c.field.value)) || value.kind === 'none')) continue;
    args.push({ name: c.name, value });
  }
  ui.palettePosition = undefined;
  saveUi();
  request({ type: 'designer/addLayer', target: m.ref, index: Number.isInteger(index) ? index : m.layers.length, className: entry.className, args, edge }, `Adding ${entry.className}…`);
}

// ------------------------------------------------------------------ focus and scroll across re-renders

interface FocusMemo {
  key: string;
  /** Typing not yet committed (a field being edited when the model refreshed). */
  value?: string;
}

function focusedKey(): FocusMemo | undefined {
  let el = document.activeElement as HTMLElement | null;
  while (el && !el.dataset?.key) el = el.parentElement;
  if (!el) return undefined;
  const memo: FocusMemo = { key: el.dataset.key! };
  if (el.tagName === 'VSCODE-TEXTFIELD') memo.value = (el as ValueElement).value;
  return memo;
}

function restoreFocus(memo: FocusMemo): void {
  const el = [...document.querySelectorAll<HTMLElement>('[data-key]')].find((e) => e.dataset.key === memo.key);
  if (!el) return;
  if (memo.value !== undefined && el.tagName === 'VSCODE-TEXTFIELD' && (el as ValueElement).value !== memo.value) {
    // Keep what the person typed only if it is not what the source now says.
    const committed = (el as ValueElement).value;
    if (memo.value.trim() !== committed.trim()) (el as ValueElement).value = memo.value;
  }
  el.focus();
}

window.addEventListener('scroll', () => {
  ui.scrollTop = document.scrollingElement?.scrollTop ?? 0;
  saveUi();
});

if (ui.scrollTop) requestAnimationFrame(() => document.scrollingElement?.scrollTo(0, ui.scrollTop ?? 0));
render();
post({ type: 'webview/ready' });
