/**
 * `model.summary()` as tf.keras 2 prints it (tf_keras/src/utils/layer_utils.py `print_summary`): a table ruled
 * with `_` and `=`, columns cut at fixed positions (65 characters wide, or 98 with "Connected to"), Python reprs
 * for shapes (an InputLayer's output is a list, `[(None, 5)]`) and connections, counts without separators.
 */
import { paramBytes } from './format';
import type { LayerReport, ModelReport } from './report';
import { formatShape, formatShapes } from '../model/shape';

const SEQUENTIAL = { width: 65, positions: [29, 55, 65], titles: ['Layer (type)', 'Output Shape', 'Param #'] };
const FUNCTIONAL = { width: 98, positions: [29, 58, 68, 98], titles: ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'] };
const BREAKS = ['),', '},', '],', "',"];

/** tf.keras 2's `print_row`: each field cut to its column, preferring to break after `),` `],` `',`. */
function printRow(fields: readonly string[], positions: readonly number[]): string[] {
  const left = [...fields];
  const lines: string[] = [];
  while (left.some((f) => f !== '') && lines.length < 1000) {
    let line = '';
    for (let col = 0; col < left.length; col++) {
      const start = col > 0 ? positions[col - 1] : 0;
      const last = col === positions.length - 1;
      const space = last ? 0 : 2;
      let cutoff = positions[col] - start - space - (last ? 0 : 1);
      let fit = left[col].slice(0, cutoff);
      const candidates = BREAKS.filter((b) => fit.includes(b)).map((b) => fit.indexOf(b) + b.length);
      if (candidates.length) {
        cutoff = Math.min(...candidates);
        fit = fit.slice(0, cutoff);
      }
      if (col === 0) line += ' ';
      line += fit + ' '.repeat(space);
      left[col] = left[col].slice(cutoff);
      line += ' '.repeat(Math.max(0, positions[col] - line.length));
    }
    lines.push(line);
  }
  return lines;
}

/** `readable_memory_size`: bytes in the largest unit below 1024 of the next, two decimals. */
function readableSize(bytes: bigint | null): string {
  if (bytes === null) return '?';
  const units = ['Byte', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = Number(bytes);
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} ${units[units.length - 1]}`;
}

function shapeField(l: LayerReport): string {
  if (l.kerasHidesShape) return 'multiple';
  if (l.outputShapes === null) return '?';
  // An InputLayer's `output_shape` is the list of its one output's shape.
  if (l.className === 'InputLayer' && l.outputShapes.length === 1) return `[${formatShape(l.outputShapes[0])}]`;
  return formatShapes(l.outputShapes);
}

const count = (n: bigint | null) => (n === null ? '?' : String(n));

export function formatSummaryTfKeras2(model: ModelReport): string {
  const table = model.sequentialLike ? SEQUENTIAL : FUNCTIONAL;
  const lines = [`Model: "${model.name}"`, '_'.repeat(table.width), ...printRow(table.titles, table.positions), '='.repeat(table.width)];
  for (const l of model.layers) {
    const fields = [`${l.name} (${l.className})`, shapeField(l), !model.built && l.params === null ? '0 (unused)' : count(l.params)];
    if (!model.sequentialLike) fields.push(`[${l.connectedTo.map((c) => `'${c}'`).join(', ')}]`);
    lines.push(...printRow(fields, table.positions));
    // Every top-level row is followed by a blank line of the table's width, the last one too.
    lines.push(' '.repeat(table.width));
  }
  lines.push('='.repeat(table.width));
  lines.push(`Total params: ${count(model.totalParams)} (${readableSize(paramBytes(model.totalParams))})`);
  lines.push(`Trainable params: ${count(model.trainableParams)} (${readableSize(paramBytes(model.trainableParams))})`);
  lines.push(`Non-trainable params: ${count(model.nonTrainableParams)} (${readableSize(paramBytes(model.nonTrainableParams))})`);
  lines.push('_'.repeat(table.width));
  if (model.incomplete) lines.push(`Note (Model Lens): some values are unknown because ${model.incomplete}.`);
  const unknown = model.layers.find((l) => l.unresolved && !model.incomplete);
  if (unknown) lines.push(`Note (Model Lens): "?" where a value is not known statically; first at ${unknown.name}: ${unknown.unresolved}.`);
  return lines.join('\n');
}
