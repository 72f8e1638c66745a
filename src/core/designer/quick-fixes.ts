/**
 * Quick fixes as plain text edits. A model with no input shape gets `keras.Input(shape=(…))` as its first
 * layer, spelled with the file's own imports; `…` is where the person types the shape. A layer that needs more
 * axes than it gets can be given a `Reshape` just before it (the shape is known, so nothing is left to type).
 */
import type { LayerReport, ModelReport } from '../report/report';

export interface InsertFix {
  readonly title: string;
  /** UTF-16 offset where the text goes, and its line/column. */
  readonly offset: number;
  readonly line: number;
  readonly col: number;
  /** The text with `${SHAPE}` where the shape goes. */
  readonly text: string;
}

export const SHAPE_PLACEHOLDER = '${SHAPE}';

/** How this file can name `keras.Input`: `keras.Input`, `tf.keras.Input`, `layers.Input`, or an imported `Input`. */
export function inputCallee(imports: ReadonlyMap<string, string>): string {
  for (const [name, path] of imports) if (path === 'keras' || path === 'tensorflow.keras' || path === 'tf_keras') return `${name}.Input`;
  for (const [name, path] of imports) if (path === 'tensorflow') return `${name}.keras.Input`;
  for (const [name, path] of imports) if (path === 'keras.layers' || path === 'tensorflow.keras.layers') return `${name}.Input`;
  for (const [name, path] of imports) if (path.endsWith('.Input') && path.includes('keras')) return name;
  return 'keras.Input';
}

export function addInputFix(model: ModelReport, imports: ReadonlyMap<string, string>): InsertFix | undefined {
  if (model.model.kind !== 'sequential') return undefined;
  const [first, second] = model.model.layers;
  if (!first) return undefined;
  const callee = inputCallee(imports);
  const title = `Add ${callee}(shape=…) as the first layer`;
  if (first.via === 'list') {
    const multiline = second !== undefined && second.range.startLine > first.range.startLine;
    const separator = multiline ? `\n${' '.repeat(first.range.startCol)}` : ' ';
    return { title, offset: first.range.startIndex, line: first.range.startLine, col: first.range.startCol, text: `${callee}(shape=(${SHAPE_PLACEHOLDER})),${separator}` };
  }
  if (!model.variable) return undefined;
  // A new `model.add(...)` line above the first one, with its indentation.
  const indent = ' '.repeat(first.range.startCol);
  return { title, offset: first.range.startIndex - first.range.startCol, line: first.range.startLine, col: 0, text: `${indent}${model.variable}.add(${callee}(shape=(${SHAPE_PLACEHOLDER})))\n` };
}

/** A Python tuple of dims: `(784,)`, `(28, 28, 1)`. */
export function tupleText(shape: readonly (number | null)[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** A `Reshape(target)` to insert just before `layer` in a Sequential. */
export function insertReshapeFix(model: ModelReport, layer: LayerReport, text: string, imports: ReadonlyMap<string, string>, target: readonly number[]): InsertFix | undefined {
  return insertLayerFix(model, layer, text, imports, 'Reshape', tupleText(target));
}

/**
 * A new `className(args)` just before `layer` in a Sequential, spelled like the layer's own callee
 * (`layers.Conv2D` → `layers.Reshape`); undefined when the file has no way to name it.
 */
export function insertLayerFix(model: ModelReport, layer: LayerReport, text: string, imports: ReadonlyMap<string, string>, className: string, args: string, title?: string): InsertFix | undefined {
  if (model.model.kind !== 'sequential') return undefined;
  const entries = model.model.layers;
  const at = entries.findIndex((e) => e.layer === layer.layer);
  const entry = entries[at];
  // Before the first layer only when a keras.Input comes first: else the first layer carries the input shape.
  if (at < 0 || (at === 0 && !model.model.inputTensor)) return undefined;
  const callee = /^([\w.]*?)(\w+)\s*\(/.exec(text.slice(layer.range.startIndex, layer.range.endIndex));
  if (!callee || callee[2] !== layer.className) return undefined;
  if (!callee[1] && !imports.get(className)?.includes('keras')) return undefined;
  const call = `${callee[1]}${className}(${args})`;
  title ??= `Insert ${call} before ${layer.className}`;
  const indent = ' '.repeat(entry.range.startCol);
  if (entry.via === 'list') {
    const lineStart = text.lastIndexOf('\n', entry.range.startIndex - 1) + 1;
    const multiline = text.slice(lineStart, entry.range.startIndex).trim() === '';
    return { title, offset: entry.range.startIndex, line: entry.range.startLine, col: entry.range.startCol, text: `${call},${multiline ? `\n${indent}` : ' '}` };
  }
  if (!model.variable) return undefined;
  return { title, offset: entry.range.startIndex - entry.range.startCol, line: entry.range.startLine, col: 0, text: `${indent}${model.variable}.add(${call})\n` };
}
