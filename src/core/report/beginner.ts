/**
 * Plain words for shape errors: one sentence about this model (its real layers, lines and numbers) after Keras's
 * own message, and a quick fix when one is safe. Keras's message stays first and unchanged, so it can be searched.
 */
import { moveFlattenFix, type EditsFix } from '../designer/move-flatten-fix';
import { insertReshapeFix, tupleText as dims, type InsertFix } from '../designer/quick-fixes';
import { beginnerAdvice } from './beginner-advice';
import type { Diagnostic, LayerReport, ModelReport, Report } from './report';

/** What a layer that needs rank N (batch included) expects each sample to be. */
const SAMPLE_KIND: Readonly<Record<number, string>> = {
  3: 'sequences shaped (steps, features)',
  4: 'images shaped (height, width, channels)',
  5: 'volumes shaped (depth, height, width, channels)',
};

/** The rank (batch included) a sequence, image or volume layer works on, from its class name. */
function sampleRank(className: string): number | undefined {
  if (/(1D|RNN|LSTM|GRU)$/.test(className)) return 3;
  if (/2D$/.test(className)) return 4;
  if (/3D$/.test(className)) return 5;
  return undefined;
}

export interface Lesson {
  readonly sentence: string;
  /** Insert a layer (a Reshape): the fix offered first. */
  readonly fix?: InsertFix;
  /** Move the Flatten after the convolutions (or remove it when a later one already flattens). */
  readonly move?: EditsFix;
}

const RANK_ERROR = /expected (?:min_)?ndim=(\d+), found ndim=(\d+)/;

/**
 * A Reshape to `target` spelled as the file spells its layers: `Reshape((28, 28, 1))` in Keras, and where the
 * layer is made by a TF.js factory (`tf.layers.conv2d(...)`, lower case), `tf.layers.reshape({targetShape: [28, 28, 1]})`.
 */
function reshape(text: string, layer: LayerReport, target: readonly number[]): string {
  const callee = /^[\w.]*?(\w+)\s*\(/.exec(text.slice(layer.range.startIndex, layer.range.endIndex))?.[1];
  return callee && /^[a-z]/.test(callee) ? `tf.layers.reshape({targetShape: [${target.join(', ')}]})` : `Reshape(${dims(target)})`;
}

function where(layer: LayerReport): string {
  return `${layer.className === 'InputLayer' ? 'Input' : layer.className} on line ${layer.range.startLine + 1}`;
}

/** The model a layer is in, and its place there. */
function placeOf(report: Report, layer: LayerReport): { model: ModelReport; index: number } | undefined {
  for (const model of report.models) {
    const index = model.layers.indexOf(layer);
    if (index >= 0) return { model, index };
  }
  return undefined;
}

/** The layer that made the tensor `layer` is first called on (a functional model's Input too). */
function producerOf(report: Report, layer: LayerReport): LayerReport | undefined {
  const producer = layer.layer.calls[0]?.inputs[0]?.producer.layer;
  return producer && report.layers.find((l) => l.layer === producer);
}

function known(shape: readonly (number | null)[] | null | undefined): shape is readonly number[] {
  return !!shape && shape.every((d) => d !== null);
}

/** A layer that needs more axes than it got: conv after Flatten or Dense, a missing channel axis, a wrong input_shape. */
function rankLesson(report: Report, text: string, layer: LayerReport, needed: number, found: number): Lesson | undefined {
  // Only layers that take sequences, images or volumes; a rank check elsewhere (TF.js's Flatten wants 3) is no lesson.
  const kind = sampleRank(layer.className) === needed ? SAMPLE_KIND[needed] : undefined;
  const input = layer.inputShapes?.[0];
  if (!kind || !input) return undefined;
  const sample = input.slice(1);
  const needs = `${layer.className} needs ${kind}`;
  const place = placeOf(report, layer);
  // In a Sequential, the layer before; elsewhere, the one whose output the layer is called on.
  const previous = place?.model.model.kind === 'sequential' ? (place.index > 0 ? place.model.layers[place.index - 1] : undefined) : producerOf(report, layer);
  if (!previous) {
    // A Sequential's keras.Input, or the first layer's own input_shape.
    const start = place?.model.model.kind === 'sequential' ? place.model.model.inputTensor : undefined;
    const from = start ? `the Input on line ${start.producer.range.startLine + 1}` : 'its input_shape';
    if (start && place && found === needed - 1 && known(sample)) {
      const target = [...sample, 1];
      const sentence = `${needs}, but ${from} gives each sample the shape ${dims(sample)}, with no channel axis: add one with ${reshape(text, layer, target)}.`;
      return { sentence, fix: insertReshapeFix(place.model, layer, text, report.imports, target) };
    }
    return { sentence: `${needs}, but ${from} gives each sample the shape ${dims(sample)}, ${sample.length} axes instead of ${needed - 1}.` };
  }
  if (previous.className === 'Flatten' && found === 2) {
    const before = previous.inputShapes?.[0]?.slice(1);
    const target = known(before) && before.length === needed - 2 ? [...before, 1] : known(before) && before.length === needed - 1 ? before : undefined;
    const sentence = `${needs}, but ${where(previous)} made each sample a flat vector of ${sample[0] ?? '?'} numbers: put the Flatten after the convolutions${target ? `, or reshape back with ${reshape(text, layer, target)}` : ''}.`;
    return {
      sentence,
      fix: target && place ? insertReshapeFix(place.model, layer, text, report.imports, target) : undefined,
      move: place && moveFlattenFix(place.model, previous, layer, text, needed),
    };
  }
  if (found === 2) {
    return { sentence: `${needs}, but ${where(previous)} outputs a flat vector of ${sample[0] ?? '?'} numbers per sample: convolutions go before Flatten and Dense.` };
  }
  if (found === needed - 1 && known(sample)) {
    const target = [...sample, 1];
    const sentence = `${needs}, but each sample coming from ${where(previous)} is ${dims(sample)}, with no channel axis: add one with ${reshape(text, layer, target)}.`;
    return { sentence, fix: place ? insertReshapeFix(place.model, place.model.layers[place.index], text, report.imports, target) : undefined };
  }
  return { sentence: `${needs}, but ${where(previous)} gives each sample the shape ${dims(sample)}, ${sample.length} axes instead of ${needed - 1}.` };
}

/** The lesson of one diagnostic of `report` (made from `text`), if there is one to tell. */
export function lessonFor(report: Report, text: string, diagnostic: Diagnostic): Lesson | undefined {
  const layer = report.layers.find((l) => l.error === diagnostic.message && l.anchor.startIndex === diagnostic.range.startIndex);
  if (!layer) return undefined;
  const rank = RANK_ERROR.exec(diagnostic.message);
  if (rank) return rankLesson(report, text, layer, Number(rank[1]), Number(rank[2]));
  return undefined;
}

/** The diagnostic code of a shape error whose lesson has a quick fix (the editor asks for the fixes by it). */
export const LESSON_FIX_CODE = 'shape-fix';

/** A diagnostic as people see it: Keras's message, then the plain sentence on its own line. */
export interface TaughtDiagnostic extends Diagnostic {
  /** When a plain sentence follows Keras's message: the two apart. */
  readonly taught?: { readonly keras: string; readonly plain: string };
}

/**
 * Every diagnostic of `report` (made from `text`) with its plain sentence after Keras's message, then the
 * beginner's advice (beginner-advice.ts): what the editor and the CLI show alike.
 */
export function taughtDiagnostics(report: Report, text: string): TaughtDiagnostic[] {
  const shapes = report.diagnostics.map((d): TaughtDiagnostic => {
    const lesson = lessonFor(report, text, d);
    if (!lesson) return d;
    const code = d.code ?? (lesson.fix || lesson.move ? LESSON_FIX_CODE : undefined);
    return { ...d, message: `${d.message}\n${lesson.sentence}`, code, taught: { keras: d.message, plain: lesson.sentence } };
  });
  // The advice is plain words already: its message is the sentence.
  const advice = beginnerAdvice(report, text).map(({ range, severity, message, code }): TaughtDiagnostic => ({ range, severity, message, code }));
  return [...shapes, ...advice];
}
