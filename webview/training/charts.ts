/**
 * The two live charts: loss and accuracy against epochs. Per-batch training points (averaged over the batches
 * since the previous point) as a faint raw line under its smoothed curve (TensorBoard's moving average), per-epoch
 * training (solid, round markers) and validation (dashed, triangles) values on top, a dashed vertical marker at
 * each epoch boundary; accuracy on a fixed 0–1 axis, loss on a linear or log axis.
 */
import { Chart, Legend, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset, type Plugin, type TooltipItem, type LegendItem, type ChartData } from 'chart.js';
import type { BatchPoint, EpochPoint } from '../../src/shared/training-protocol';
import { themeColors, withAlpha, type ChartColors } from './chart-theme';
import { DEFAULT_SMOOTHING, smoothed } from './smoothing';
import { followingMax } from './y-range';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

type XY = { x: number; y: number };

/** Dashed vertical lines at whole epochs. */
const epochMarkers: Plugin<'line'> = {
  id: 'epochMarkers',
  beforeDatasetsDraw(chart) {
    const x = chart.scales.x;
    const area = chart.chartArea;
    const opts = (chart.options.plugins as { epochMarkers?: { color: string; last: number } }).epochMarkers;
    if (!x || !area || !opts) return;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = opts.color;
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    for (let e = 1; e <= opts.last; e++) {
      const px = x.getPixelForValue(e);
      if (px < area.left || px > area.right) continue;
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
    }
    ctx.restore();
  },
};

class MetricChart {
  readonly chart: Chart<'line', XY[]>;
  private readonly batch: XY[] = [];
  /** `batch` smoothed with `smoothing`, recomputed at each render. */
  private readonly smooth: XY[] = [];
  private readonly epoch: XY[] = [];
  private readonly val: XY[] = [];
  /** A model with several outputs: each output's epoch values, a thin dotted series each (made at its first point). */
  private readonly outputs = new Map<string, XY[]>();
  /** Each output's per-batch values, drawn smoothed as the total's, thin and faint in the output's colour. */
  private readonly outputBatches = new Map<string, { raw: XY[]; smooth: XY[] }>();
  /** Each output's colour index, by first appearance (its batch and epoch series share it); the series after the first four, by output. */
  private readonly outputIndex = new Map<string, number>();
  private readonly outputSeries: { name: string; faint: boolean }[] = [];
  /** The loss axis follows the data after the first batches; false: from 0 to the highest value (the reset). */
  follow = true;
  /** The loss axis is logarithmic. */
  log = false;
  /** TensorBoard's smoothing weight for the per-batch curve, 0 (raw) to 0.99. */
  smoothing = DEFAULT_SMOOTHING;
  private outputColors: readonly string[];

  constructor(canvas: HTMLCanvasElement, private readonly label: string, private readonly unitRange: boolean, colors: ChartColors) {
    this.outputColors = colors.outputs;
    const dataset = (name: string, data: XY[], color: string, extra: Partial<ChartDataset<'line', XY[]>>): ChartDataset<'line', XY[]> => ({
      label: name,
      data,
      borderColor: color,
      backgroundColor: color,
      parsing: false,
      ...extra,
    });
    this.chart = new Chart<'line', XY[]>(canvas, {
      type: 'line',
      data: {
        datasets: [
          dataset(`training (per batch, raw)`, this.batch, colors.trainRaw, { borderWidth: 1, pointRadius: 0, pointStyle: 'line', tension: 0 }),
          dataset(`training (per batch)`, this.smooth, colors.train, { borderWidth: 1.5, pointRadius: 0, pointStyle: 'line', tension: 0 }),
          dataset(`training (epoch)`, this.epoch, colors.train, { borderWidth: 2.5, pointRadius: 4, pointStyle: 'circle' }),
          dataset(`validation (epoch)`, this.val, colors.validation, { borderWidth: 2.5, pointRadius: 5, pointStyle: 'triangle', borderDash: [7, 4] }),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: { type: 'linear', min: 0, title: { display: true, text: 'epoch' }, ticks: { stepSize: 1 } },
          y: unitRange ? { type: 'linear', min: 0, max: 1, title: { display: true, text: label } } : { type: 'linear', beginAtZero: true, title: { display: true, text: label } },
        },
        plugins: {
          // A series appears in the legend once it has points (no "validation" without validation data).
          // The raw curve is the smoothed one's shadow: one legend entry for both.
          legend: {
            position: 'bottom',
            labels: { boxWidth: 12, boxHeight: 7, usePointStyle: true, pointStyleWidth: 18, filter: (item: LegendItem, data: ChartData) => item.datasetIndex !== 0 && (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 },
          },
          tooltip: {
            callbacks: {
              title: (items: TooltipItem<'line'>[]) => (items[0] ? `epoch ${(items[0].parsed.x ?? 0).toFixed(2)}` : ''),
              label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${this.unitRange ? `${((item.parsed.y ?? 0) * 100).toFixed(2)}%` : (item.parsed.y ?? 0).toFixed(4)}`,
            },
          },
          epochMarkers: { color: colors.marker, last: 0 },
        } as never,
      },
      plugins: [epochMarkers],
    });
    this.applyColors(colors);
  }

  applyColors(c: ChartColors): void {
    const ds = this.chart.data.datasets;
    this.outputColors = c.outputs;
    [c.trainRaw, c.train, c.train, c.validation, ...this.outputSeries.map((o) => this.outputColor(o.name, o.faint))].forEach((color, i) => {
      ds[i].borderColor = color;
      ds[i].backgroundColor = color;
    });
    const o = this.chart.options;
    o.color = c.text;
    o.font = { family: c.font };
    for (const axis of ['x', 'y'] as const) {
      const scale = o.scales![axis]!;
      scale.grid = { color: c.grid };
      scale.ticks = { ...scale.ticks, color: c.text };
      (scale as { title: { color: string } }).title.color = c.text;
    }
    (o.plugins as { epochMarkers: { color: string } }).epochMarkers.color = c.marker;
    this.chart.update('none');
  }

  setEpochs(epochs: number): void {
    this.chart.options.scales!.x!.max = Math.max(1, epochs);
    (this.chart.options.plugins as { epochMarkers: { last: number } }).epochMarkers.last = epochs;
  }

  addBatch(x: number, y: number | undefined): void {
    if (y !== undefined && Number.isFinite(y)) this.batch.push({ x, y });
  }

  addEpoch(x: number, train: number | undefined, val: number | undefined): void {
    if (train !== undefined && Number.isFinite(train)) this.epoch.push({ x, y: train });
    if (val !== undefined && Number.isFinite(val)) this.val.push({ x, y: val });
  }

  /** An output's colour (several outputs), faint for its per-batch line. */
  private outputColor(name: string, faint: boolean): string {
    if (!this.outputIndex.has(name)) this.outputIndex.set(name, this.outputIndex.size);
    const color = this.outputColors[this.outputIndex.get(name)! % this.outputColors.length];
    return faint ? withAlpha(color, 0.55) : color;
  }

  private addSeries(name: string, faint: boolean, series: ChartDataset<'line', XY[]>): void {
    const color = this.outputColor(name, faint);
    this.outputSeries.push({ name, faint });
    this.chart.data.datasets.push({ ...series, borderColor: color, backgroundColor: color, parsing: false });
  }

  /** An output's own value at an epoch (several outputs): its series is added at its first point. */
  addOutput(name: string, x: number, y: number | undefined): void {
    if (y === undefined || !Number.isFinite(y)) return;
    let data = this.outputs.get(name);
    if (!data) {
      data = [];
      this.outputs.set(name, data);
      this.addSeries(name, false, { label: `${name} (epoch)`, data, borderWidth: 1.5, pointRadius: 3, pointStyle: 'rectRot', borderDash: [2, 3] });
    }
    data.push({ x, y });
  }

  /** An output's own value at a batch point (several outputs): a thin line, smoothed at each render. */
  addOutputBatch(name: string, x: number, y: number | undefined): void {
    if (y === undefined || !Number.isFinite(y)) return;
    let series = this.outputBatches.get(name);
    if (!series) {
      series = { raw: [], smooth: [] };
      this.outputBatches.set(name, series);
      this.addSeries(name, true, { label: `${name} (per batch)`, data: series.smooth, borderWidth: 1, pointRadius: 0, pointStyle: 'line', tension: 0 });
    }
    series.raw.push({ x, y });
  }

  clear(): void {
    for (const data of this.outputs.values()) data.length = 0;
    for (const { raw, smooth } of this.outputBatches.values()) raw.length = smooth.length = 0;
    this.batch.length = 0;
    this.smooth.length = 0;
    this.epoch.length = 0;
    this.val.length = 0;
  }

  /** Points drawn so far (for tests and the end-to-end check). */
  get pointCount(): number {
    return this.batch.length + this.epoch.length + this.val.length + [...this.outputs.values(), ...[...this.outputBatches.values()].map((s) => s.raw)].reduce((n, d) => n + d.length, 0);
  }

  /** Each output's per-batch points after its first tenth, as `followingMax` leaves the total's start out. */
  private outputsAfterStart(): XY[] {
    return [...this.outputBatches.values()].flatMap((s) => s.raw.slice(Math.max(3, Math.floor(s.raw.length / 10))));
  }

  render(): void {
    const ys = smoothed(
      this.batch.map((p) => p.y),
      this.smoothing,
    );
    this.smooth.length = 0;
    this.batch.forEach((p, i) => this.smooth.push({ x: p.x, y: ys[i] }));
    for (const { raw, smooth } of this.outputBatches.values()) {
      const values = smoothed(
        raw.map((p) => p.y),
        this.smoothing,
      );
      smooth.length = 0;
      raw.forEach((p, i) => smooth.push({ x: p.x, y: values[i] }));
    }
    // Raw points only when smoothing, or they would draw twice.
    this.chart.data.datasets[0].hidden = this.smoothing <= 0;
    if (!this.unitRange) {
      const top = this.follow ? followingMax(this.batch.map((p) => p.y), [...this.epoch, ...this.val, ...[...this.outputs.values()].flat(), ...this.outputsAfterStart()].map((p) => p.y)) : undefined;
      const y = this.chart.options.scales!.y! as { type: string; max?: number; min?: number; beginAtZero?: boolean };
      y.type = this.log ? 'logarithmic' : 'linear';
      y.beginAtZero = !this.log;
      y.min = undefined;
      y.max = top;
    }
    this.chart.update('none');
  }
}

export class TrainingCharts {
  readonly loss: MetricChart;
  readonly accuracy: MetricChart;

  constructor(lossCanvas: HTMLCanvasElement, accCanvas: HTMLCanvasElement) {
    const colors = themeColors();
    this.loss = new MetricChart(lossCanvas, 'loss', false, colors);
    this.accuracy = new MetricChart(accCanvas, 'accuracy', true, colors);
  }

  retheme(): void {
    const colors = themeColors();
    this.loss.applyColors(colors);
    this.accuracy.applyColors(colors);
  }

  reset(epochs: number): void {
    for (const c of [this.loss, this.accuracy]) {
      c.clear();
      c.setEpochs(epochs);
      c.render();
    }
  }

  addPoints(points: readonly BatchPoint[]): void {
    for (const p of points) {
      this.loss.addBatch(p.x, p.loss);
      this.accuracy.addBatch(p.x, p.acc);
      for (const o of p.outputs ?? []) this.loss.addOutputBatch(o.name, p.x, o.loss);
    }
  }

  addEpoch(e: EpochPoint): void {
    this.loss.addEpoch(e.epoch, e.loss, e.valLoss);
    this.accuracy.addEpoch(e.epoch, e.acc, e.valAcc);
    // Each output's loss; its accuracy only when several have one (else it is the accuracy already drawn).
    const accuracies = (e.outputs ?? []).filter((o) => o.acc !== undefined).length;
    for (const o of e.outputs ?? []) {
      this.loss.addOutput(o.name, e.epoch, o.loss);
      if (accuracies > 1) this.accuracy.addOutput(o.name, e.epoch, o.acc);
    }
  }

  render(): void {
    this.loss.render();
    this.accuracy.render();
  }

  /** Switches the loss axis between following the data and the whole range; returns whether it follows now. */
  toggleLossRange(): boolean {
    this.loss.follow = !this.loss.follow;
    this.loss.render();
    return this.loss.follow;
  }

  /** Switches the loss axis between linear and logarithmic; returns whether it is logarithmic now. */
  toggleLossLog(): boolean {
    this.loss.log = !this.loss.log;
    this.loss.render();
    return this.loss.log;
  }

  /** The smoothing weight of both per-batch curves (0 raw … 0.99). */
  setSmoothing(weight: number): void {
    for (const c of [this.loss, this.accuracy]) {
      c.smoothing = Math.min(0.99, Math.max(0, weight));
      c.render();
    }
  }
}
