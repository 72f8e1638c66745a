/**
 * The two live charts: loss and accuracy against epochs. Per-batch training points (averaged over the batches
 * since the previous point) as a thin line, per-epoch training and validation values as marked lines on top,
 * a dashed vertical marker at each epoch boundary; accuracy on a fixed 0–1 axis.
 */
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartDataset, type Plugin, type TooltipItem, type LegendItem, type ChartData } from 'chart.js';
import type { BatchPoint, EpochPoint } from '../../src/shared/training-protocol';
import { themeColors, type ChartColors } from './chart-theme';
import { followingMax } from './y-range';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

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
  private readonly epoch: XY[] = [];
  private readonly val: XY[] = [];
  /** The loss axis follows the data after the first batches; false: from 0 to the highest value (the reset). */
  follow = true;

  constructor(canvas: HTMLCanvasElement, private readonly label: string, private readonly unitRange: boolean, colors: ChartColors) {
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
          dataset(`training (per batch)`, this.batch, colors.train, { borderWidth: 1.25, pointRadius: 0, tension: 0 }),
          dataset(`training (epoch)`, this.epoch, colors.trainEpoch, { borderWidth: 2, pointRadius: 3.5 }),
          dataset(`validation (epoch)`, this.val, colors.validation, { borderWidth: 2, pointRadius: 3.5, borderDash: [6, 3] }),
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
          legend: { position: 'bottom', labels: { boxWidth: 12, filter: (item: LegendItem, data: ChartData) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0 } },
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
    [c.train, c.trainEpoch, c.validation].forEach((color, i) => {
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

  clear(): void {
    this.batch.length = 0;
    this.epoch.length = 0;
    this.val.length = 0;
  }

  /** Points drawn so far (for tests and the end-to-end check). */
  get pointCount(): number {
    return this.batch.length + this.epoch.length + this.val.length;
  }

  render(): void {
    if (!this.unitRange) {
      const top = this.follow ? followingMax(this.batch.map((p) => p.y), [...this.epoch, ...this.val].map((p) => p.y)) : undefined;
      this.chart.options.scales!.y!.max = top;
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
    }
  }

  addEpoch(e: EpochPoint): void {
    this.loss.addEpoch(e.epoch, e.loss, e.valLoss);
    this.accuracy.addEpoch(e.epoch, e.acc, e.valAcc);
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
}
