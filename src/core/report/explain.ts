/**
 * The words the editor shows: CodeLens titles and hover text for layers and models. Pure functions of the
 * report, so they are tested without VS Code.
 */
import { mdCode, mdText } from './markdown';
import { formatBytes, formatCount, paramBytes } from './format';
import type { Weight } from '../layers/spec';
import type { LayerReport, ModelReport } from './report';
import { formatShape, formatShapes, shapeSize, type Shape } from '../model/shape';

const KERAS_LAYERS_DOCS = 'https://keras.io/api/layers/';

function paramsText(l: { params: bigint | null; nonTrainableParams: bigint | null }): string {
  if (l.params === null) return '? params';
  const n = `${formatCount(l.params)} param${l.params === 1n ? '' : 's'}`;
  return l.nonTrainableParams && l.nonTrainableParams > 0n ? `${n} (${formatCount(l.nonTrainableParams)} non-trainable)` : n;
}

/**
 * Keras's error as a lens holds it: its point, without the preamble that names the layer the lens is already
 * on (`Input 0 of layer 'conv2d' is incompatible with the layer: `), so a long message is not cut before it.
 */
function lensError(error: string): string {
  const point = error.replace(/^Input \d+ of layer (['"])[^'"]*\1 is incompatible with the layer: /, '');
  return point.length > 90 ? point.slice(0, 87) + '…' : point;
}

/** `Dense · (None, 256) · 200,960 params`; several layers made by one line (a loop, a helper) are summed. */
export function layerLensTitle(reports: readonly LayerReport[]): string {
  const first = reports[0];
  if (first.error) return `${first.className} · ⚠ ${lensError(first.error)}`;
  if (reports.length === 1) return `${first.className} · ${formatShapes(first.outputShapes)} · ${paramsText(first)}`;
  const failed = reports.find((r) => r.error);
  if (failed) return `${first.className} ×${reports.length} · ⚠ ${lensError(failed.error!)}`;
  const total = reports.every((r) => r.params !== null) ? reports.reduce((a, r) => a + r.params!, 0n) : null;
  const shapes = [...new Set(reports.map((r) => formatShapes(r.outputShapes)))];
  const shapeText = shapes.length === 1 ? shapes[0] : `${shapes[0]} … ${shapes[shapes.length - 1]}`;
  return `${first.className} ×${reports.length} · ${shapeText} · ${total === null ? '?' : formatCount(total)} params in all`;
}

/** Why a lens shows `?` or an error: its tooltip. */
export function layerLensTooltip(reports: readonly LayerReport[]): string {
  const lines = reports.map((r) => {
    const io = `${r.name}: ${formatInputs(r.inputShapes)} → ${formatShapes(r.outputShapes)}, ${paramsText(r)}`;
    if (r.error) return `${io}\n${r.error}`;
    if (r.unresolved) return `${io}\n? because ${r.unresolved}`;
    return io;
  });
  return lines.join('\n');
}

/** `Sequential "sequential" · 3 layers · 203,530 params · 795.04 KB`. */
export function modelLensTitle(m: ModelReport): string {
  const kind = m.kind === 'sequential' ? 'Sequential' : m.kind === 'subclass' ? (m.model.kind === 'subclass' ? m.model.className : 'Model') : 'Functional';
  const layers = `${m.layers.length} layer${m.layers.length === 1 ? '' : 's'}${m.context ? ` · ${m.context}` : ''}`;
  if (m.totalParams === null) {
    const why = !m.built && m.kind === 'sequential' ? 'not built: no input shape' : '? params';
    return `${kind} "${m.name}" · ${layers} · ${why}`;
  }
  const split = m.nonTrainableParams && m.nonTrainableParams > 0n
    ? ` (${formatCount(m.trainableParams)} trainable, ${formatCount(m.nonTrainableParams)} non-trainable)`
    : '';
  return `${kind} "${m.name}" · ${layers} · ${formatCount(m.totalParams)} params${split} · ${formatBytes(paramBytes(m.totalParams))}`;
}

function formatInputs(shapes: readonly (Shape | null)[] | null): string {
  if (shapes === null) return '?';
  if (shapes.length === 1) return formatShape(shapes[0]);
  return `[${shapes.map(formatShape).join(', ')}]`;
}

/** `kernel 784×256 = 200,704 + bias 256`. */
export function paramBreakdown(weights: readonly Weight[]): string {
  return weights
    .map((w) => {
      const size = shapeSize(w.shape);
      const dims = w.shape.map((d) => (d === null ? '?' : String(d)));
      if (dims.length === 1) return `${w.name} ${formatCount(size)}`;
      return `${w.name} ${dims.join('×')} = ${formatCount(size)}`;
    })
    .join(' + ');
}

export interface SymbolDocLike {
  readonly title: string;
  readonly summary: string;
  readonly details?: string;
  readonly docsUrl?: string;
  readonly docsLabel?: string;
}

/** A layer's words in its source's language, where they are not Keras's (a TF.js `tf.layers.dense`). */
export interface LayerDocText {
  /** What made the layer: `tf.layers.dense`. */
  readonly title: string;
  /** What the layer does. */
  readonly doc: string;
  /** The arguments it takes, as one line. */
  readonly config?: string;
  /** A markdown link to its docs. */
  readonly link: string;
}

/** Hover markdown for a layer: shapes, how its params are made, what it does, and its activation. */
export function layerHoverMarkdown(r: LayerReport, activation?: { name: string; doc?: SymbolDocLike }, text?: LayerDocText): string {
  const parts: string[] = [];
  parts.push(text ? `**${text.title}** → ${mdText(r.className)} ${mdCode(r.name)}` : `**${mdText(r.className)}** ${mdCode(r.name)}`);
  parts.push(`\`${formatInputs(r.inputShapes)}\` → \`${formatShapes(r.outputShapes)}\``);
  if (r.error) parts.push(`⚠ ${mdText(r.error)}`);
  else if (r.unresolved) parts.push(`\`?\` because ${mdText(r.unresolved)}`);
  if (r.kerasHidesShape) parts.push(`Note: ${r.kerasHidesShape}.`);
  if (r.weights && r.weights.length > 0 && r.params !== null) {
    const train = r.nonTrainableParams === 0n ? 'all trainable' : r.trainableParams === 0n ? 'none trainable' : `${formatCount(r.trainableParams)} trainable, ${formatCount(r.nonTrainableParams)} non-trainable`;
    parts.push(`**${formatCount(r.params)} params** = ${paramBreakdown(r.weights)} (${train})`);
    const frozen = r.weights.filter((w) => !w.trainable).map((w) => w.name);
    if (frozen.length > 0 && r.trainableParams !== 0n) parts.push(`Non-trainable: ${frozen.join(', ')} (updated by statistics, not by the optimizer).`);
  } else if (r.params === 0n) {
    parts.push('**0 params**: this layer has no weights to learn.');
  } else if (r.params === null && !r.error) {
    parts.push('**? params**');
  }
  const spec = r.layer.spec;
  if (text) parts.push(text.doc);
  else if (spec) parts.push(spec.doc);
  if (activation && activation.name !== 'linear') {
    const doc = activation.doc;
    parts.push(doc ? `Activation **${mdText(activation.name)}**: ${doc.summary}${doc.details ? ' ' + doc.details : ''}` : `Activation **${mdText(activation.name)}**.`);
  }
  if (text?.config) parts.push(text.config);
  if (text) parts.push(text.link);
  else if (spec?.docsPath) parts.push(`[Keras docs: ${mdText(r.className)}](${KERAS_LAYERS_DOCS}${spec.docsPath}/)`);
  return parts.join('\n\n');
}

/** Hover markdown for a model's line: the summary in brief. */
export function modelHoverMarkdown(m: ModelReport): string {
  const kind = m.kind === 'sequential' ? 'Sequential' : m.kind === 'subclass' ? 'Subclassed' : 'Functional';
  const lines = [`**${kind} model** ${mdCode(m.name)}`, mdText(modelLensTitle(m))];
  if (m.incomplete) lines.push(`Some values are \`?\` because ${mdText(m.incomplete)}.`);
  return lines.join('\n\n');
}

export function symbolHoverMarkdown(doc: SymbolDocLike): string {
  const parts = [`**${doc.title}**`, doc.summary];
  if (doc.details) parts.push(doc.details);
  if (doc.docsUrl) parts.push(`[${doc.docsLabel ?? 'Keras docs'}](${doc.docsUrl})`);
  return parts.join('\n\n');
}
