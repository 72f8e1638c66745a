/**
 * Which TensorFlow.js thing is under the cursor: an activation identifier (`activation: 'relu'`), or the
 * `tf.layers.*` call that makes the layer around it (`tf.layers.dense({...})`, the innermost one).
 * Call after `initJsParsers()`.
 */
import { named, type SyntaxNode } from '../parser';
import { TFJS_LAYERS } from './layers';
import { parseJs, type JsDialect } from './parser';

export interface JsSymbolAt {
  /** `activation`: an identifier such as 'relu'; `layer`: a layer factory such as 'dense'. */
  readonly kind: 'activation' | 'layer';
  readonly name: string;
  readonly startIndex: number;
  readonly endIndex: number;
}

/** Config keys whose string value is an activation identifier. */
const ACTIVATION_KEYS = new Set(['activation', 'recurrentActivation']);

/** `tf.layers.dense` → `dense` when the callee is `<something>.layers.<factory>` of a known factory. */
function layerFactory(call: SyntaxNode): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return undefined;
  const factory = fn.childForFieldName('property')?.text;
  const object = fn.childForFieldName('object');
  const namespace = object?.type === 'member_expression' ? object.childForFieldName('property')?.text : object?.text;
  return namespace === 'layers' && factory && TFJS_LAYERS.has(factory) ? factory : undefined;
}

function stringValue(node: SyntaxNode): string {
  return named(node)
    .filter((c) => c.type === 'string_fragment')
    .map((c) => c.text)
    .join('');
}

export function tfjsSymbolAt(text: string, offset: number, dialect: JsDialect): JsSymbolAt | undefined {
  const tree = parseJs(text, dialect);
  try {
    let node: SyntaxNode | null = tree.rootNode.descendantForIndex(offset);
    if (node?.type === 'string_fragment' || node?.parent?.type === 'string') node = node.parent;
    if (node?.type === 'string') {
      const pair = node.parent;
      const key = pair?.type === 'pair' && pair.childForFieldName('value')?.id === node.id ? pair.childForFieldName('key')?.text : undefined;
      if (key && ACTIVATION_KEYS.has(key)) return { kind: 'activation', name: stringValue(node), startIndex: node.startIndex, endIndex: node.endIndex };
    }
    for (let up: SyntaxNode | null = node; up; up = up.parent) {
      if (up.type !== 'call_expression') continue;
      const factory = layerFactory(up);
      if (factory) return { kind: 'layer', name: factory, startIndex: up.startIndex, endIndex: up.endIndex };
    }
    return undefined;
  } finally {
    tree.delete();
  }
}
