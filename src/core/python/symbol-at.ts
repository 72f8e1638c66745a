/**
 * Which Keras thing is under the cursor: an activation (`tf.nn.relu`, `'relu'`), an optimizer (`Adam`), a
 * loss or metric string in `compile(...)`, or the model API (`Sequential`, `compile`, `fit`).
 */
import { resolveKerasSymbol } from './keras-symbols';
import { named, parsePython, type SyntaxNode } from './parser';

export interface SymbolAt {
  readonly kind: 'activation' | 'optimizer' | 'loss' | 'metric' | 'modelApi';
  readonly name: string;
  readonly startIndex: number;
  readonly endIndex: number;
}

const MODEL_METHODS = new Set(['compile', 'fit', 'evaluate', 'predict', 'summary', 'add']);

function dottedPath(node: SyntaxNode, imports: ReadonlyMap<string, string>): string | undefined {
  if (node.type === 'identifier') return imports.get(node.text);
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!obj || !attr) return undefined;
    const base = dottedPath(obj, imports);
    return base === undefined ? undefined : `${base}.${attr.text}`;
  }
  return undefined;
}

function stringValue(node: SyntaxNode): string | undefined {
  if (node.type !== 'string') return undefined;
  const parts = named(node);
  if (parts.some((p) => p.type === 'interpolation')) return undefined;
  return parts.filter((p) => p.type === 'string_content').map((p) => p.text).join('');
}

const KEYWORD_KIND: Record<string, SymbolAt['kind']> = {
  activation: 'activation',
  recurrent_activation: 'activation',
  optimizer: 'optimizer',
  loss: 'loss',
  metrics: 'metric',
  weighted_metrics: 'metric',
};

function fromString(node: SyntaxNode): SymbolAt | undefined {
  const value = stringValue(node);
  if (value === undefined) return undefined;
  // The string may sit in a list (metrics=['accuracy']) or a dict (loss={'out': 'mse'}).
  let up = node.parent;
  while (up && (up.type === 'list' || up.type === 'tuple' || up.type === 'pair' || up.type === 'dictionary')) up = up.parent;
  let kind: SymbolAt['kind'] | undefined;
  if (up?.type === 'keyword_argument') kind = KEYWORD_KIND[up.childForFieldName('name')?.text ?? ''];
  else if (up?.type === 'argument_list') {
    // Activation('relu') and compile('adam', 'mse') take them positionally.
    const callee = up.parent?.childForFieldName('function');
    const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
    const position = named(up).indexOf(node);
    if (name === 'Activation') kind = 'activation';
    else if (name === 'compile') kind = position === 0 ? 'optimizer' : position === 1 ? 'loss' : position === 2 ? 'metric' : undefined;
  }
  return kind ? { kind, name: value, startIndex: node.startIndex, endIndex: node.endIndex } : undefined;
}

function fromName(node: SyntaxNode, imports: ReadonlyMap<string, string>): SymbolAt | undefined {
  // The whole dotted name up to the identifier under the cursor: hovering `relu` in `tf.nn.relu` means tf.nn.relu.
  let target = node;
  if (node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id) target = node.parent;
  const path = dottedPath(target, imports);
  const span = { startIndex: target.startIndex, endIndex: target.endIndex };
  if (path) {
    const sym = resolveKerasSymbol(path);
    switch (sym.kind) {
      case 'sequential':
        return { kind: 'modelApi', name: 'Sequential', ...span };
      case 'model':
        return { kind: 'modelApi', name: 'Model', ...span };
      case 'input':
        return { kind: 'modelApi', name: 'Input', ...span };
      case 'inputLayer':
        return { kind: 'modelApi', name: 'InputLayer', ...span };
      case 'activation':
      case 'optimizer':
      case 'loss':
      case 'metric':
        return { kind: sym.kind, name: sym.name, ...span };
      default:
        break;
    }
  }
  // model.compile / model.fit: a method on something that is not an imported module.
  if (target.type === 'attribute') {
    const method = target.childForFieldName('attribute')?.text ?? '';
    const obj = target.childForFieldName('object');
    if (MODEL_METHODS.has(method) && obj && dottedPath(obj, imports) === undefined) return { kind: 'modelApi', name: method, ...span };
  }
  return undefined;
}

/** The Keras symbol at a UTF-16 offset, or undefined. Never throws. */
export function symbolAt(text: string, offset: number, imports: ReadonlyMap<string, string>): SymbolAt | undefined {
  try {
    const tree = parsePython(text);
    try {
      let node: SyntaxNode | null = tree.rootNode.descendantForIndex(offset, offset);
      // Inside a string the leaf is string_content; the string node carries the meaning.
      while (node && (node.type === 'string_content' || node.type === 'string_start' || node.type === 'string_end')) node = node.parent;
      if (!node) return undefined;
      if (node.type === 'string') return fromString(node);
      if (node.type === 'identifier') return fromName(node, imports);
      return undefined;
    } finally {
      tree.delete();
    }
  } catch {
    return undefined;
  }
}
