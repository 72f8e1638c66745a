/**
 * `model.summary()` as Keras 3 prints it: a box-drawn table (Layer (type), Output Shape, Param #, and for
 * functional models Connected to), then the totals with their float32 sizes.
 */
import { formatBytes, formatCount, paramBytes } from './format';
import type { LayerReport, ModelReport } from './report';
import { formatShape, formatShapes } from '../model/shape';

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
}

// Keras sizes its columns from the terminal width; piped output (80 columns) gives these.
const SEQUENTIAL_COLUMNS: readonly Column[] = [
  { title: 'Layer (type)', width: 33, align: 'left' },
  { title: 'Output Shape', width: 24, align: 'left' },
  { title: 'Param #', width: 15, align: 'right' },
];
const FUNCTIONAL_COLUMNS: readonly Column[] = [
  { title: 'Layer (type)', width: 21, align: 'left' },
  { title: 'Output Shape', width: 19, align: 'left' },
  { title: 'Param #', width: 12, align: 'right' },
  { title: 'Connected to', width: 19, align: 'left' },
];

/** Splits text into lines of at most `width` at spaces; a word too long for a line ends in `…`, as rich does. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const raw of text.split(' ')) {
    const word = raw.length > width ? raw.slice(0, width - 1) + '…' : raw;
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ' ' + word;
    else {
      lines.push(line);
      line = word;
    }
  }
  lines.push(line);
  return lines;
}

function row(columns: readonly Column[], cells: readonly string[][], edge: [string, string, string]): string[] {
  const height = Math.max(...cells.map((c) => c.length));
  const out: string[] = [];
  for (let i = 0; i < height; i++) {
    const parts = columns.map((col, c) => {
      const text = cells[c][i] ?? '';
      const inner = col.width - 2;
      return ' ' + (col.align === 'right' ? text.padStart(inner) : text.padEnd(inner)) + ' ';
    });
    out.push(edge[0] + parts.join(edge[1]) + edge[2]);
  }
  return out;
}

function rule(columns: readonly Column[], [left, fill, mid, right]: [string, string, string, string]): string {
  return left + columns.map((c) => fill.repeat(c.width)).join(mid) + right;
}

function paramCell(l: LayerReport, built: boolean): string {
  // A model held by an unbuilt one is shown as it stands; when it is not known, that is a `?`, not "unbuilt".
  if (!built && l.params === null && !l.layer.model) return '0 (unbuilt)';
  return formatCount(l.params);
}

/**
 * The totals Keras prints. An unbuilt subclassed model has none of its own (`count_params()` raises), yet its
 * summary adds up the weights of the built models it holds (keras.io's trainer pattern, `Distiller`, `VAE`). With a
 * layer still unbuilt the totals stay `?`: a later `fit()` may build it, which the summary would then count.
 */
function summaryTotals(model: ModelReport): [bigint | null, bigint | null, bigint | null] {
  if (model.built || model.kind !== 'subclass' || model.incomplete) return [model.totalParams, model.trainableParams, model.nonTrainableParams];
  let trainable = 0n;
  let nonTrainable = 0n;
  for (const l of model.layers) {
    if (l.trainableParams === null || l.nonTrainableParams === null) return [null, null, null];
    trainable += l.trainableParams;
    nonTrainable += l.nonTrainableParams;
  }
  return [trainable + nonTrainable, trainable, nonTrainable];
}

function outputCell(l: LayerReport): string {
  if (!l.kerasHidesShape) return formatShapes(l.outputShapes);
  // A model held by an unbuilt one, not called: Keras prints the tuple of its output shapes (only its
  // `output_shape`, which the JSON follows, has none).
  if (l.layer.model && l.outputShapes) return `(${l.outputShapes.map(formatShape).join(', ')})`;
  return '?';
}

export function formatSummary(model: ModelReport): string {
  // Keras prints subclassed models and functional chains like Sequential ones (no "Connected to" column).
  const columns = model.sequentialLike ? SEQUENTIAL_COLUMNS : FUNCTIONAL_COLUMNS;
  const lines: string[] = [`Model: "${model.name}"`];
  lines.push(rule(columns, ['┏', '━', '┳', '┓']));
  lines.push(...row(columns, columns.map((c) => [c.title]), ['┃', '┃', '┃']));
  lines.push(rule(columns, ['┡', '━', '╇', '┩']));
  model.layers.forEach((l, i) => {
    const cells = [
      wrap(`${l.name} (${l.className})`, columns[0].width - 2),
      wrap(outputCell(l), columns[1].width - 2),
      [paramCell(l, model.built)],
    ];
    if (columns.length === 4) cells.push(l.connectedTo.length ? l.connectedTo.flatMap((c) => wrap(c, columns[3].width - 2)) : ['-']);
    lines.push(...row(columns, cells, ['│', '│', '│']));
    if (i < model.layers.length - 1) lines.push(rule(columns, ['├', '─', '┼', '┤']));
  });
  lines.push(rule(columns, ['└', '─', '┴', '┘']));
  const [total, trainable, nonTrainable] = summaryTotals(model);
  lines.push(` Total params: ${formatCount(total)} (${formatBytes(paramBytes(total))})`);
  lines.push(` Trainable params: ${formatCount(trainable)} (${formatBytes(paramBytes(trainable))})`);
  lines.push(` Non-trainable params: ${formatCount(nonTrainable)} (${formatBytes(paramBytes(nonTrainable))})`);
  if (model.context) lines.push(` Note (Model Lens): made ${model.context}.`);
  if (model.incomplete) lines.push(` Note (Model Lens): some values are unknown because ${model.incomplete}.`);
  if (model.onceBuilt) {
    const o = model.onceBuilt;
    lines.push(` Note (Model Lens): once fit() builds it on sequences of any length ${formatShapes([o.input])}: Total params ${formatCount(o.total)}, trainable ${formatCount(o.trainable)}, non-trainable ${formatCount(o.nonTrainable)}.`);
  }
  const unknown = model.layers.find((l) => l.unresolved && !model.incomplete);
  if (unknown) lines.push(` Note (Model Lens): "?" where a value is not known statically; first at ${unknown.name}: ${unknown.unresolved}.`);
  return lines.join('\n');
}
