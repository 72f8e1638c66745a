/**
 * The training panel (runs in the webview). It shows what the host sends: the run's settings, the backend,
 * live loss/accuracy charts, progress, then the test results, confusion matrix and gallery. Buttons post
 * requests to the host (stop, train again, export, save); the panel itself changes nothing.
 *
 * The host keeps the whole history and replays it (`training/didReset`) whenever the panel (re)loads, so
 * hiding and showing the panel loses nothing.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { BatchPoint, EpochPoint, Evaluation, HostMessage, RunState, WebviewMessage } from '../../src/shared/training-protocol';
import { onThemeChange } from './chart-theme';
import { TrainingCharts } from './charts';
import { DEFAULT_SMOOTHING } from './smoothing';
import './training.css';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage) => vscode.postMessage(m);

// ------------------------------------------------------------------ DOM helpers (text only, never HTML strings)

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
function el(tag: string, attrs?: Record<string, string>, ...children: (Node | string)[]): HTMLElement;
function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function button(id: string, label: string, message: WebviewMessage, secondary = false): HTMLElement {
  const b = el('vscode-button', { id, ...(secondary ? { secondary: '' } : {}) }, label);
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) post(message);
  });
  return b;
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(2)}%`);
const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(4));
const int = (v: number) => Math.round(v).toLocaleString('en-US');
function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 3600 ? `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

// ------------------------------------------------------------------ layout

const app = $('app');
app.append(
  el(
    'header',
    {},
    el('div', { class: 'title' }, el('h1', { id: 'title' }, 'Training'), el('span', { id: 'file', class: 'muted' })),
    el('div', { class: 'actions' }, button('stop', 'Stop', { type: 'training/stop' }), button('restart', 'Train again', { type: 'training/restart' }, true)),
  ),
  el('div', { class: 'status' }, el('vscode-badge', { id: 'backend', title: 'The TensorFlow.js backend this run uses' }, 'backend: starting…'), el('span', { id: 'phase' }, 'Waiting for the run…')),
  el('div', { class: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', id: 'progress' }, el('div', { class: 'bar', id: 'bar' })),
  el('div', { id: 'stats', class: 'stats muted' }),
  el('div', { id: 'message', class: 'message', hidden: '' }),
  el('div', { id: 'warnings', class: 'warnings' }),
  el(
    'section',
    { class: 'charts', id: 'charts', 'data-points': '0' },
    el('div', { class: 'chart' }, el('canvas', { id: 'loss-chart', 'aria-label': 'Loss per batch and per epoch' })),
    el('div', { class: 'chart' }, el('canvas', { id: 'acc-chart', 'aria-label': 'Accuracy per batch and per epoch' })),
  ),
  el(
    'div',
    { class: 'chart-actions' },
    el('vscode-button', { id: 'loss-range', secondary: '', title: 'The loss axis follows the values after the first batches; show the whole range instead' }, 'Show the whole loss range'),
    el('vscode-button', { id: 'loss-log', secondary: '', title: 'Show the loss on a logarithmic axis (a falling loss keeps its detail)' }, 'Log scale'),
    el(
      'label',
      { class: 'smoothing', title: "The per-batch curve smoothed as TensorBoard does (a moving average); the raw curve stays faint behind it" },
      'Smoothing ',
      el('input', { id: 'smoothing', type: 'range', min: '0', max: '0.99', step: '0.01', value: String(DEFAULT_SMOOTHING), 'aria-label': 'Smoothing of the per-batch curve' }),
      el('span', { id: 'smoothing-value', class: 'muted' }, DEFAULT_SMOOTHING.toFixed(2)),
    ),
  ),
  el('section', { id: 'epochs' }),
  el('section', { id: 'results', hidden: '' }),
  el('vscode-collapsible', { id: 'settings-box', title: 'Run settings' }, el('dl', { id: 'settings', class: 'settings' })),
  el(
    'footer',
    {},
    button('export-csv', 'Export CSV', { type: 'training/export', format: 'csv' }, true),
    button('export-json', 'Export JSON', { type: 'training/export', format: 'json' }, true),
    button('evaluate', 'Test model', { type: 'training/evaluate' }, true),
    button('save-model', 'Save model…', { type: 'training/saveModel' }, true),
    el('span', { id: 'saved', class: 'muted' }),
  ),
);

const charts = new TrainingCharts($<HTMLCanvasElement>('loss-chart'), $<HTMLCanvasElement>('acc-chart'));
$('loss-range').addEventListener('click', () => {
  $('loss-range').textContent = charts.toggleLossRange() ? 'Show the whole loss range' : 'Follow the loss';
});
$('loss-log').addEventListener('click', () => {
  $('loss-log').textContent = charts.toggleLossLog() ? 'Linear scale' : 'Log scale';
});
$<HTMLInputElement>('smoothing').addEventListener('input', () => {
  const weight = Number($<HTMLInputElement>('smoothing').value);
  $('smoothing-value').textContent = weight.toFixed(2);
  charts.setSmoothing(weight);
});
onThemeChange(() => charts.retheme());

// ------------------------------------------------------------------ state shown

let state: RunState | null = null;
let running = false;
let hasAccuracy = true;

function setDisabled(id: string, disabled: boolean): void {
  const b = $(id);
  if (disabled) b.setAttribute('disabled', '');
  else b.removeAttribute('disabled');
}

function updateButtons(): void {
  setDisabled('stop', !running);
  setDisabled('restart', running || !state);
  const hasHistory = !!state && (state.points.length > 0 || state.epochs.length > 0);
  setDisabled('export-csv', !hasHistory);
  setDisabled('export-json', !hasHistory);
  setDisabled('save-model', !state?.canSave);
  // A stopped run was not tested; its model as it stood can be.
  const canTest = !running && state?.outcome === 'stopped' && state.canSave && !state.evaluation;
  $('evaluate').hidden = !canTest;
  setDisabled('evaluate', !canTest);
}

function showMessage(text: string | undefined, kind: 'error' | 'info', line?: number, where?: string): void {
  const box = $('message');
  box.replaceChildren();
  if (!text) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.className = `message ${kind}`;
  box.append(el('span', {}, text));
  if (line) {
    const link = el('a', { href: '#', class: 'reveal' }, `Go to ${where ?? `line ${line}`}`);
    link.addEventListener('click', (e) => {
      e.preventDefault();
      post({ type: 'training/revealLine', line });
    });
    box.append(' ', link);
  }
}

function renderWarnings(): void {
  const box = $('warnings');
  box.replaceChildren(...(state?.warnings ?? []).map((w) => el('div', { class: 'warning' }, w)));
}

function renderProgress(p: BatchPoint | undefined): void {
  const fraction = p ? Math.min(1, p.samples / Math.max(1, p.totalSamples)) : state?.outcome === 'completed' ? 1 : 0;
  $('bar').style.width = `${(fraction * 100).toFixed(1)}%`;
  $('progress').setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  if (!p) {
    $('stats').textContent = '';
    return;
  }
  const remaining = (p.totalSamples - p.samples) / Math.max(1e-9, p.samplesPerSec);
  // The first seconds include warm-up; an ETA from them would jump around.
  const eta = running && p.samplesPerSec > 0 && p.elapsedMs > 3000 ? ` · ETA ${duration(remaining * 1000)}` : '';
  $('stats').textContent = `Epoch ${p.epoch}/${state?.info.epochs ?? '?'} · batch ${int(p.batch)}/${int(p.batches)} · ${(fraction * 100).toFixed(1)}% · ${int(p.samplesPerSec)} samples/s · ${duration(p.elapsedMs)} elapsed${eta}`;
}

function renderEpochs(): void {
  const box = $('epochs');
  box.replaceChildren();
  if (!state || state.epochs.length === 0) return;
  const hasVal = state.epochs.some((e) => e.valLoss !== undefined);
  // A model with several outputs: each output's own loss (and accuracy, where it has one) after the total.
  const outputs = (state.epochs[0].outputs ?? []).map((o) => ({ name: o.name, acc: state!.epochs.some((e) => e.outputs?.find((x) => x.name === o.name)?.acc !== undefined) }));
  // Keras has no accuracy of the whole model with several outputs: the run's accuracy is its first classification
  // output's, shown in that output's own column and named in the validation's, never as "Accuracy" alone.
  const lead = outputs.find((o) => o.acc)?.name;
  const totalAccuracy = hasAccuracy && outputs.length === 0;
  const valAccuracy = hasAccuracy && (outputs.length === 0 || lead !== undefined);
  const head = ['Epoch', 'Loss', ...(totalAccuracy ? ['Accuracy'] : []), ...(hasVal ? ['Val loss', ...(valAccuracy ? [lead ? `Val ${lead} accuracy` : 'Val accuracy'] : [])] : []), ...outputs.flatMap((o) => [`${o.name} loss`, ...(o.acc ? [`${o.name} accuracy`] : [])]), 'Time'];
  const rows = state.epochs.map((e) => [
    `${e.epoch}/${e.epochs}`,
    num(e.loss),
    ...(totalAccuracy ? [pct(e.acc)] : []),
    ...(hasVal ? [num(e.valLoss), ...(valAccuracy ? [pct(e.valAcc)] : [])] : []),
    ...outputs.flatMap((o) => {
      const m = e.outputs?.find((x) => x.name === o.name);
      return [num(m?.loss), ...(o.acc ? [pct(m?.acc)] : [])];
    }),
    `${(e.elapsedMs / 1000).toFixed(1)} s`,
  ]);
  box.append(table(head, rows, 'epochs'));
}

function table(head: string[], rows: string[][], cls: string): HTMLTableElement {
  return el('table', { class: cls }, el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))), el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c))))));
}

function renderSettings(): void {
  const dl = $('settings');
  dl.replaceChildren();
  for (const s of state?.info.settings ?? []) dl.append(el('dt', {}, s.label), el('dd', {}, s.value));
  const d = state?.data;
  if (d) dl.append(el('dt', {}, 'data'), el('dd', {}, `${d.title}: ${int(d.train)} training, ${int(d.validation)} validation, ${int(d.test)} test samples of shape (${d.sampleShape.join(', ')}) from ${d.source}`));
}

function renderBackend(): void {
  const b = state?.backend;
  const badge = $('backend');
  badge.textContent = b ? `backend: ${b.name}` : 'backend: starting…';
  badge.title = b ? `${b.label}${b.notes.length ? `\n${b.notes.join('\n')}` : ''}` : 'The TensorFlow.js backend this run uses';
}

function renderResults(ev: Evaluation | undefined): void {
  const box = $('results');
  box.replaceChildren();
  if (!ev) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.append(
    el('h2', {}, 'Test results'),
    el('p', { class: 'test-summary' }, `Test loss `, el('b', { id: 'test-loss' }, num(ev.testLoss)), ...(ev.testAcc !== undefined ? [` · test accuracy${ev.shownOutput ? ` of ${ev.shownOutput}` : ''} `, el('b', { id: 'test-accuracy' }, pct(ev.testAcc))] : []), ` on ${int(ev.samples)} samples`),
  );
  if (ev.outputs) box.append(el('p', { class: 'test-outputs' }, ev.outputs.map((o) => `${o.name}: loss ${num(o.loss)}${o.acc !== undefined ? `, accuracy ${pct(o.acc)}` : ''}`).join(' · ')));
  // With several outputs, the matrix and the gallery are of one: the first classification output.
  const of = ev.shownOutput ? ` (output ${ev.shownOutput})` : '';
  if (ev.confusion.length) box.append(el('h3', {}, `Confusion matrix${of}`), confusionMatrix(ev));
  if (ev.gallery.length) box.append(el('h3', {}, `Test images (mistakes first)${of}`), gallery(ev));
}

function confusionMatrix(ev: Evaluation): HTMLElement {
  const names = ev.classNames;
  // Column heads stand upright in a narrow panel (training.css), so ten classes fit a side bar without scrolling.
  const head = el('tr', {}, el('th', { class: 'corner' }, 'actual ↓ predicted →'), ...names.map((n) => el('th', { title: n, class: 'col', scope: 'col' }, el('span', {}, n))));
  const body = ev.confusion.map((row, a) => {
    const total = row.reduce((x, y) => x + y, 0) || 1;
    return el(
      'tr',
      {},
      el('th', { title: names[a] }, names[a]),
      ...row.map((n, p) => {
        const share = n / total;
        const cell = el('td', { class: a === p ? 'hit' : n > 0 ? 'miss' : 'zero', title: `${n} "${names[a]}" ${a === p ? 'recognised' : `taken for "${names[p]}"`} (${(share * 100).toFixed(1)}% of ${names[a]})` }, String(n));
        cell.style.setProperty('--share', share.toFixed(3));
        return cell;
      }),
    );
  });
  return el('div', { class: 'scroll' }, el('table', { class: 'confusion' }, el('thead', {}, head), el('tbody', {}, ...body)));
}

function gallery(ev: Evaluation): HTMLElement {
  const grid = el('div', { class: 'gallery' });
  for (const g of ev.gallery) {
    const canvas = el('canvas', { width: String(g.width), height: String(g.height) });
    const ctx = canvas.getContext('2d');
    if (ctx) {
      const bytes = Uint8Array.from(atob(g.pixels), (c) => c.charCodeAt(0));
      const img = ctx.createImageData(g.width, g.height);
      for (let i = 0; i < g.width * g.height; i++) {
        const [r, gg, b] = g.channels === 3 ? [bytes[i * 3], bytes[i * 3 + 1], bytes[i * 3 + 2]] : [bytes[i], bytes[i], bytes[i]];
        img.data.set([r, gg, b, 255], i * 4);
      }
      ctx.putImageData(img, 0, 0);
    }
    const wrong = g.predicted !== g.actual;
    grid.append(
      el(
        'figure',
        { class: wrong ? 'wrong' : 'right', title: `predicted ${ev.classNames[g.predicted]} (${(g.confidence * 100).toFixed(1)}%), actually ${ev.classNames[g.actual]}` },
        canvas,
        el('figcaption', {}, el('span', { class: 'pred' }, `${ev.classNames[g.predicted] ?? g.predicted} ${(g.confidence * 100).toFixed(0)}%`), el('span', { class: 'true' }, wrong ? `is ${ev.classNames[g.actual] ?? g.actual}` : '✓')),
      ),
    );
  }
  return grid;
}

function countPoints(): void {
  $('charts').setAttribute('data-points', String(charts.loss.pointCount + charts.accuracy.pointCount));
}

function renderAll(): void {
  $('title').textContent = state ? `Training ${state.info.modelName}` : 'Training';
  $('file').textContent = state ? state.info.file : '';
  $('phase').textContent = state ? (state.outcome ? outcomeText(state) : state.phase) : 'No run yet. Use "▶ Train" above a model.';
  hasAccuracy = !state || state.points.length === 0 || state.points.some((p) => p.acc !== undefined);
  $('acc-chart').parentElement!.hidden = !hasAccuracy;
  charts.reset(state?.info.epochs ?? 1);
  if (state) {
    charts.addPoints(state.points);
    for (const e of state.epochs) charts.addEpoch(e);
  }
  charts.render();
  countPoints();
  renderBackend();
  renderProgress(state?.points[state.points.length - 1]);
  renderEpochs();
  renderSettings();
  renderWarnings();
  renderResults(state?.evaluation);
  showMessage(state?.outcome && state.outcome !== 'completed' ? state.message ?? outcomeText(state) : undefined, state?.outcome === 'stopped' ? 'info' : 'error', state?.line, state?.where);
  $('saved').textContent = state?.savedTo ? `Saved to ${state.savedTo}` : '';
  updateButtons();
}

function outcomeText(s: RunState): string {
  switch (s.outcome) {
    case 'completed':
      return `Finished${s.samplesPerSec ? ` · ${int(s.samplesPerSec)} samples/s` : ''}`;
    case 'stopped':
      return 'Stopped';
    case 'failed':
      return 'Failed';
    case 'crashed':
      return 'The training process ended unexpectedly';
    default:
      return s.phase;
  }
}

// ------------------------------------------------------------------ messages from the host

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'training/didReset':
      state = m.state;
      running = m.running;
      renderAll();
      break;
    case 'training/didStart':
      state = { info: m.info, phase: 'Starting', points: [], epochs: [], warnings: [], canSave: false };
      running = true;
      renderAll();
      break;
    default:
      if (!state) return;
      apply(state, m);
  }
});

function apply(s: RunState, m: HostMessage): void {
  switch (m.type) {
    case 'training/didChangePhase':
      s.phase = m.phase;
      $('phase').textContent = m.phase;
      break;
    case 'training/didSelectBackend':
      s.backend = m.backend;
      renderBackend();
      break;
    case 'training/didLoadData':
      s.data = m.data;
      renderSettings();
      break;
    case 'training/didProgress':
      s.points.push(...m.points);
      if (m.points.some((p) => p.acc !== undefined) !== hasAccuracy && s.points.length === m.points.length) {
        hasAccuracy = m.points.some((p) => p.acc !== undefined);
        $('acc-chart').parentElement!.hidden = !hasAccuracy;
      }
      charts.addPoints(m.points);
      charts.render();
      countPoints();
      renderProgress(m.points[m.points.length - 1]);
      updateButtons();
      break;
    case 'training/didEndEpoch':
      s.epochs.push(m.epoch);
      charts.addEpoch(m.epoch);
      charts.render();
      countPoints();
      renderEpochs();
      break;
    case 'training/didWarn':
      s.warnings.push(m.message);
      renderWarnings();
      break;
    case 'training/didEvaluate':
      s.evaluation = m.evaluation;
      renderResults(m.evaluation);
      updateButtons();
      break;
    case 'training/didEnd':
      s.outcome = m.outcome;
      s.message = m.message;
      s.line = m.line;
      s.where = m.where;
      s.samplesPerSec = m.samplesPerSec ?? s.samplesPerSec;
      s.canSave = m.canSave;
      running = false;
      $('phase').textContent = outcomeText(s);
      showMessage(m.outcome !== 'completed' ? m.message ?? outcomeText(s) : undefined, m.outcome === 'stopped' ? 'info' : 'error', m.line, m.where);
      renderProgress(s.points[s.points.length - 1]);
      updateButtons();
      break;
    case 'training/didSave':
      s.savedTo = m.folder;
      $('saved').textContent = `Saved to ${m.folder}`;
      break;
    default:
      break;
  }
}

renderAll();
post({ type: 'webview/ready' });
