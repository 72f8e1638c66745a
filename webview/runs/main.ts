/**
 * The Runs view (in the webview): a table of the runs the host lists, filtered by text and status and sorted by a
 * column header; ticked runs' loss and accuracy curves overlaid in one chart (legend: the run and the settings that
 * differ), the architecture diff of two ticked runs, CSV export, rename and delete (asked of the host). Text only:
 * every name goes in as textContent, never as HTML.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { filterRows, sortRows, type DiffLine, type RunCurves, type RunRow, type RunsHostMessage, type RunsWebviewMessage, type SortKey } from '../../src/shared/runs-protocol';
import { onThemeChange, themeColors } from '../training/chart-theme';
import { el } from './dom';
import { ScatterPlot } from './scatter';
import './runs.css';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

interface VsCodeApi {
  postMessage(message: RunsWebviewMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();
const post = (m: RunsWebviewMessage) => vscode.postMessage(m);

const COLUMNS: { key: SortKey; title: string; text: (r: RunRow) => string }[] = [
  { key: 'label', title: 'Run', text: (r) => r.label },
  { key: 'status', title: 'Status', text: (r) => r.status },
  { key: 'model', title: 'Model', text: (r) => r.model },
  { key: 'params', title: 'Params', text: (r) => (r.params === null ? '?' : r.params.toLocaleString('en-US')) },
  { key: 'epochs', title: 'Epochs', text: (r) => r.epochs },
  { key: 'loss', title: 'Loss', text: (r) => (r.loss === null ? '–' : r.loss.toFixed(4)) },
  { key: 'testAccuracy', title: 'Test acc.', text: (r) => (r.testAccuracy === null ? '–' : `${(r.testAccuracy * 100).toFixed(2)}%`) },
  { key: 'samplesPerSec', title: 'Samples/s', text: (r) => (r.samplesPerSec === null ? '–' : r.samplesPerSec.toLocaleString('en-US')) },
  { key: 'engine', title: 'Engine', text: (r) => `${r.engine}${r.backend ? ` / ${r.backend}` : ''}` },
  { key: 'file', title: 'File', text: (r) => r.file.split(/[\\/]/).pop() ?? r.file },
];

let rows: readonly RunRow[] = [];
let sortKey: SortKey = 'startedAt';
let descending = true;
const selected = new Set<string>();

const app = document.getElementById('app')!;
const filter = el('input', { type: 'search', placeholder: 'Filter by model, file, engine…', 'aria-label': 'Filter runs' });
const status = el('select', { 'aria-label': 'Status' }, el('option', { value: '' }, 'any status'), ...['finished', 'stopped', 'crashed', 'running'].map((s) => el('option', { value: s }, s)));
const buttons = {
  overlay: el('button', {}, 'Overlay'),
  diff: el('button', {}, 'Diff'),
  scatter: el('button', { title: 'A result against a setting: the ticked runs, or every run shown when fewer than two are ticked' }, 'Scatter'),
  export: el('button', {}, 'Export CSV'),
  source: el('button', { title: 'The source file as it was when this run trained (read-only)' }, 'Source'),
  compareSource: el('button', { title: 'The source as it was for this run, side by side with the file now' }, 'Source ↔ now'),
  rename: el('button', {}, 'Rename'),
  delete: el('button', {}, 'Delete'),
  refresh: el('button', {}, 'Refresh'),
  importTensorBoard: el('button', { title: 'Import the scalars of TensorBoard event files from a folder as runs' }, 'Import TensorBoard…'),
};
const folderLine = el('p', { class: 'folder' });
const tbody = el('tbody');
const thead = el('thead');
const chartCanvas = el('canvas', { 'aria-label': 'Loss of the selected runs' });
const accCanvas = el('canvas', { 'aria-label': 'Accuracy of the selected runs' });
const charts = el('section', { class: 'charts', hidden: '' }, el('div', { class: 'chart' }, chartCanvas), el('div', { class: 'chart' }, accCanvas));
const diffBox = el('section', { class: 'diff', hidden: '' });
const scatter = new ScatterPlot();
app.append(el('div', { class: 'toolbar main' }, filter, status, ...Object.values(buttons)), folderLine, el('div', { class: 'table' }, el('table', {}, thead, tbody)), charts, scatter.element, diffBox);

function renderHeader(): void {
  const tr = el('tr', {}, el('th', {}, ''));
  for (const c of COLUMNS) {
    const th = el('th', { role: 'button', tabindex: '0' }, c.title + (sortKey === c.key ? (descending ? ' ▼' : ' ▲') : ''));
    const sort = () => {
      descending = sortKey === c.key ? !descending : false;
      sortKey = c.key;
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && sort());
    tr.append(th);
  }
  thead.replaceChildren(tr);
}

/** The rows the filter and status keep, in the host's order. */
const shownRows = () => filterRows(rows, { text: filter.value, status: status.value });

function render(): void {
  renderHeader();
  const shown = sortRows(shownRows(), sortKey, descending);
  tbody.replaceChildren(
    ...shown.map((r) => {
      const box = el('input', { type: 'checkbox', 'aria-label': `Select ${r.label}` });
      box.checked = selected.has(r.id);
      box.addEventListener('change', () => {
        if (box.checked) selected.add(r.id);
        else selected.delete(r.id);
        updateButtons();
      });
      const tr = el('tr', { class: `status-${r.status}`, title: `${r.id}\n${r.file}` }, el('td', {}, box), ...COLUMNS.map((c) => el('td', {}, c.text(r))));
      return tr;
    }),
  );
  if (!shown.length) tbody.replaceChildren(el('tr', {}, el('td', { colspan: String(COLUMNS.length + 1), class: 'empty' }, rows.length ? 'No run matches.' : 'No runs yet: every training run is kept here.')));
  updateButtons();
}

function updateButtons(): void {
  const n = selected.size;
  buttons.overlay.disabled = n < 1;
  buttons.diff.disabled = n !== 2;
  buttons.export.disabled = n < 1;
  buttons.source.disabled = n !== 1;
  buttons.compareSource.disabled = n !== 1;
  buttons.rename.disabled = n !== 1;
  buttons.delete.disabled = n < 1;
}

const ids = () => rows.filter((r) => selected.has(r.id)).map((r) => r.id);
buttons.overlay.addEventListener('click', () => post({ type: 'runs/overlay', ids: ids() }));
buttons.diff.addEventListener('click', () => {
  const [a, b] = ids();
  if (a && b) post({ type: 'runs/diff', ids: [a, b] });
});
buttons.export.addEventListener('click', () => post({ type: 'runs/export', ids: ids() }));
buttons.scatter.addEventListener('click', () => scatter.show(selected.size >= 2 ? rows.filter((r) => selected.has(r.id)) : shownRows()));
buttons.source.addEventListener('click', () => post({ type: 'runs/source', id: ids()[0], compare: false }));
buttons.compareSource.addEventListener('click', () => post({ type: 'runs/source', id: ids()[0], compare: true }));
buttons.rename.addEventListener('click', () => post({ type: 'runs/rename', id: ids()[0] }));
buttons.delete.addEventListener('click', () => post({ type: 'runs/delete', ids: ids() }));
buttons.refresh.addEventListener('click', () => post({ type: 'runs/refresh' }));
buttons.importTensorBoard.addEventListener('click', () => post({ type: 'runs/importTensorBoard' }));
filter.addEventListener('input', render);
status.addEventListener('change', render);

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const colour = (i: number) => getComputedStyle(document.body).getPropertyValue(PALETTE[i % PALETTE.length]).trim() || ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'][i % 6];
let overlay: Chart<'line'>[] = [];
let lastCurves: readonly RunCurves[] = [];

function drawCurves(runs: readonly RunCurves[]): void {
  lastCurves = runs;
  for (const c of overlay) c.destroy();
  const t = themeColors();
  const make = (canvas: HTMLCanvasElement, title: string, pick: (r: RunCurves) => readonly { x: number; y: number }[]) =>
    new Chart<'line'>(canvas, {
      type: 'line',
      data: { datasets: runs.map((r, i) => ({ label: r.legend, data: [...pick(r)], borderColor: colour(i), backgroundColor: colour(i), parsing: false, pointRadius: 2, borderWidth: 1.5 })) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'epoch', color: t.text }, ticks: { color: t.text }, grid: { color: t.grid } },
          y: { type: 'linear', title: { display: true, text: title, color: t.text }, ticks: { color: t.text }, grid: { color: t.grid } },
        },
        plugins: { legend: { position: 'bottom', labels: { color: t.text, font: { family: t.font } } } },
      },
    });
  overlay = [make(chartCanvas, 'loss', (r) => r.loss), make(accCanvas, 'accuracy', (r) => r.accuracy)];
  // The legend is drawn on the canvas: screen readers (and the E2E test) read the runs from the label.
  const legends = runs.map((r) => r.legend).join('; ');
  chartCanvas.setAttribute('aria-label', `Loss of ${legends}`);
  accCanvas.setAttribute('aria-label', `Accuracy of ${legends}`);
  charts.hidden = false;
}
onThemeChange(() => {
  if (lastCurves.length) drawCurves(lastCurves);
  scatter.redraw();
});

function drawDiff(title: string, lines: readonly DiffLine[], total: string): void {
  const body = lines.map((l) => {
    const layer = el('td', {}, l.layer);
    // Set through the CSSOM: the CSP allows no inline style attributes.
    layer.style.paddingLeft = `${0.4 + l.depth * 1.2}em`;
    return el('tr', { class: `change-${l.change}` }, el('td', {}, l.change), layer, el('td', { class: 'num' }, l.params), el('td', { class: 'num' }, l.delta));
  });
  diffBox.replaceChildren(el('h3', {}, title), el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'change'), el('th', {}, 'layer'), el('th', {}, 'params'), el('th', {}, 'delta'))), el('tbody', {}, ...body)), el('p', {}, total));
  diffBox.hidden = false;
}

window.addEventListener('message', (event: MessageEvent<RunsHostMessage>) => {
  const m = event.data;
  switch (m.type) {
    case 'runs/didList':
      rows = m.rows;
      for (const id of [...selected]) if (!rows.some((r) => r.id === id)) selected.delete(id);
      folderLine.textContent = m.folder ? `${rows.length} run${rows.length === 1 ? '' : 's'} in ${m.folder}` : 'Open a folder: runs are kept in its .model-lens/runs.';
      render();
      break;
    case 'runs/didLoadCurves':
      drawCurves(m.runs);
      break;
    case 'runs/didDiff':
      drawDiff(m.title, m.lines, m.total);
      break;
  }
});

render();
post({ type: 'runs/ready' });
