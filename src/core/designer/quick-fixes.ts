/**
 * Quick fixes as plain text edits. A model with no input shape gets `keras.Input(shape=(…))` as its first
 * layer, spelled with the file's own imports; `…` is where the person types the shape.
 */
import type { ModelReport } from '../report/report';

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
