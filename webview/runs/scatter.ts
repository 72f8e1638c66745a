/**
 * The Runs view's scatter: a final result of each run (test accuracy, loss, speed, ...) against one of its numeric
 * settings (learning rate, batch size, a layer's params, ...), for the runs ticked, or every run shown when fewer
 * than two are. The canvas's label lists the points for screen readers (and the E2E test).
 */
import { Chart, Legend, LinearScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import { SCATTER_METRICS, scatterPoints, scatterSettings, type RunRow, type ScatterMetric } from '../../src/shared/runs-protocol';
import { themeColors } from '../training/chart-theme';
import { el } from './dom';

Chart.register(ScatterController, PointElement, LinearScale, Legend, Tooltip);

export class ScatterPlot {
  readonly element: HTMLElement;
  private readonly xSelect = el('select', { 'aria-label': 'Setting (x axis)' });
  private readonly ySelect = el('select', { 'aria-label': 'Result (y axis)' }, ...SCATTER_METRICS.map((m) => el('option', { value: m.key }, m.title)));
  private readonly canvas = el('canvas', { 'aria-label': 'Scatter of the runs' });
  private readonly note = el('p', { class: 'empty' });
  private chart: Chart<'scatter'> | undefined;
  private rows: readonly RunRow[] = [];

  constructor() {
    this.element = el('section', { class: 'scatter', hidden: '' }, el('div', { class: 'toolbar' }, el('label', {}, 'x ', this.xSelect), el('label', {}, 'y ', this.ySelect)), this.note, el('div', { class: 'chart' }, this.canvas));
    this.xSelect.addEventListener('change', () => this.draw());
    this.ySelect.addEventListener('change', () => this.draw());
  }

  /** Shows the scatter of these runs, keeping the chosen axes when they still apply. */
  show(rows: readonly RunRow[]): void {
    this.rows = rows;
    const settings = scatterSettings(rows);
    const chosen = this.xSelect.value;
    this.xSelect.replaceChildren(...settings.map((s) => el('option', { value: s }, s)));
    if (settings.includes(chosen)) this.xSelect.value = chosen;
    this.element.hidden = false;
    this.draw();
  }

  redraw(): void {
    if (!this.element.hidden) this.draw();
  }

  private draw(): void {
    this.chart?.destroy();
    this.chart = undefined;
    const setting = this.xSelect.value;
    const metric = this.ySelect.value as ScatterMetric;
    const title = SCATTER_METRICS.find((m) => m.key === metric)?.title ?? metric;
    const points = setting ? scatterPoints(this.rows, setting, metric) : [];
    this.note.textContent = !setting ? 'No setting differs between these runs as a number.' : points.length ? '' : `No run has both ${setting} and ${title}.`;
    this.canvas.setAttribute('aria-label', `${title} against ${setting || 'no setting'}: ${points.map((p) => `${p.label} (${p.x}, ${p.y})`).join('; ')}`);
    if (!points.length) return;
    const t = themeColors();
    this.chart = new Chart<'scatter'>(this.canvas, {
      type: 'scatter',
      data: { datasets: [{ label: `${title} against ${setting}`, data: points.map((p) => ({ x: p.x, y: p.y })), backgroundColor: t.train, borderColor: t.train, pointRadius: 4 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: setting, color: t.text }, ticks: { color: t.text }, grid: { color: t.grid } },
          y: { type: 'linear', title: { display: true, text: title, color: t.text }, ticks: { color: t.text }, grid: { color: t.grid } },
        },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => `${points[item.dataIndex]?.label ?? ''}: ${setting} ${item.parsed.x}, ${title} ${item.parsed.y}` } },
        },
      },
    });
  }
}
