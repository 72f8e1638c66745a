/**
 * The other fix for a convolution right after a Flatten: move the Flatten down to where the convolutions end
 * (just before the first layer that wants flat vectors, a Dense say), or remove it when a Flatten or a global
 * pooling already stands there. Offered only when it is safe: a Python Sequential the designer can rewrite, a
 * Flatten that carries no input shape, whose input is exactly what the convolution needs (images for Conv2D),
 * and only layers that keep images images between the convolution and the new place.
 */
import { parsePython } from '../python/parser';
import type { LayerReport, ModelReport } from '../report/report';
import { structureLayout } from './edits/designer-edits';
import { deleteLayer, moveLayer } from './edits/sequence';
import type { TextEdit } from './edits/text-edit';

/** A fix made of text edits (offsets into the analyzed text), applied together. */
export interface EditsFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** Layers that take any rank and give back the same: a Flatten can move past them with the convolutions. */
const ANY_RANK = new Set([
  'Activation', 'ActivityRegularization', 'AlphaDropout', 'BatchNormalization', 'Dropout', 'ELU', 'GaussianDropout',
  'GaussianNoise', 'LayerNormalization', 'LeakyReLU', 'PReLU', 'ReLU', 'ThresholdedReLU',
]);

/** `Conv2D`, `MaxPooling2D`, `ZeroPadding2D`, `Conv2DTranspose`, … for rank 4 (the batch axis included). */
function worksOnRank(className: string, rank: number): boolean {
  const suffix = rank === 3 ? '1D' : rank === 4 ? '2D' : rank === 5 ? '3D' : undefined;
  return suffix !== undefined && new RegExp(`${suffix}(Transpose)?$`).test(className) && !className.startsWith('Global');
}

/** Flattens what it gets: a Flatten, or a global pooling (which gives one vector per sample). */
const flattens = (className: string): boolean => className === 'Flatten' || className.startsWith('Global');

const line = (l: LayerReport): number => l.range.startLine + 1;

/** The text of a layer's call, when it is spelled with its Keras class name (a Python file). */
function pythonCall(text: string, layer: LayerReport): string | undefined {
  const call = text.slice(layer.range.startIndex, layer.range.endIndex);
  const callee = /^[\w.]*?(\w+)\s*\(/.exec(call);
  return callee && callee[1] === layer.className ? call : undefined;
}

/**
 * Moves `flatten` (the layer right before `conv` in `model`) after the convolutions that follow it, when
 * `conv` needs inputs of rank `rank`.
 */
export function moveFlattenFix(model: ModelReport, flatten: LayerReport, conv: LayerReport, text: string, rank: number): EditsFix | undefined {
  if (model.model.kind !== 'sequential' || flatten.className !== 'Flatten') return undefined;
  const entries = model.model.layers;
  const from = entries.findIndex((e) => e.layer === flatten.layer);
  const at = entries.findIndex((e) => e.layer === conv.layer);
  if (from < 0 || at !== from + 1) return undefined;
  // The first layer without a keras.Input carries the model's input shape: moving it would lose it.
  if (from === 0 && !model.model.inputTensor) return undefined;
  const flattenCall = pythonCall(text, flatten);
  if (!flattenCall || !pythonCall(text, conv) || /\b(input_shape|batch_input_shape|input_dim|batch_size)\s*=/.test(flattenCall)) return undefined;
  if (flatten.inputShapes?.length !== 1 || flatten.inputShapes[0]?.length !== rank) return undefined;
  const report = (e: (typeof entries)[number]) => model.layers.find((l) => l.layer === e.layer);
  let stop = at + 1;
  while (stop < entries.length) {
    const className = entries[stop].layer.className;
    if (!worksOnRank(className, rank) && !ANY_RANK.has(className)) break;
    stop++;
  }
  const last = report(entries[stop - 1]);
  const next = stop < entries.length ? report(entries[stop]) : undefined;
  // The convolutions run to the model's end: nothing after them wants flat vectors, so there is no place to move to.
  if (!last || !next) return undefined;
  // More convolutions after a Dense: the model mixes them up in a way one move does not mend.
  if (entries.slice(stop).some((e) => worksOnRank(e.layer.className, rank))) return undefined;
  let tree;
  try {
    tree = parsePython(text);
  } catch {
    return undefined;
  }
  try {
    const layout = structureLayout(text, tree.rootNode, model);
    if (typeof layout === 'string') return undefined;
    if (flattens(next.className)) {
      const edits = deleteLayer(text, layout, from);
      if (typeof edits === 'string') return undefined;
      return { title: `Remove the Flatten on line ${line(flatten)} (${next.className} on line ${line(next)} flattens after the convolutions)`, edits };
    }
    // With the Flatten taken out, the layer at `stop` is at `stop - 1`: the Flatten goes right before it.
    return { title: `Move the Flatten on line ${line(flatten)} after ${last.className} on line ${line(last)}`, edits: moveLayer(text, layout, from, stop - 1) };
  } finally {
    tree.delete();
  }
}
