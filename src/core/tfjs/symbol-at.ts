/**
 * Which TensorFlow.js thing is under the cursor: an activation identifier (`activation: 'relu'`), an optimizer,
 * loss or metric string of a compile config (`optimizer: 'adam'`, `loss: {out: 'meanSquaredError'}`,
 * `metrics: ['accuracy']`), a `tf.train.*` optimizer factory (named with what precedes it, `tf.train.adam`), or
 * the `tf.layers.*` call that makes the layer around it (`tf.layers.dense({...})`, the innermost one). Call after
 * `initJsParsers()`.
 */
import { named, type SyntaxNode } from '../interp/syntax';
import { TFJS_TRAIN_FACTORIES } from './compile-docs';
import { TFJS_LAYERS } from './layers';
import { parseJs, type JsDialect } from './parser';

export interface JsSymbolAt {
  /** `activation`, `optimizer`, `loss`, `metric`: an identifier such as 'relu'; `layer`: a layer factory such as 'dense'. */
  readonly kind: 'activation' | 'optimizer' | 'loss' | 'metric' | 'layer';
  readonly name: string;
  readonly startIndex: number;
  readonly endIndex: number;
}

/** Config keys whose string value is an activation identifier. */
const ACTIVATION_KEYS = new Set(['activation', 'recurrentActivation']);

/** Keys of a compile config whose strings (alone, in an array, or per output in an object) name what they hold. */
const COMPILE_KEYS: Readonly<Record<string, JsSymbolAt['kind']>> = { optimizer: 'optimizer', loss: 'loss', metrics: 'metric' };

/** `tf.train.adam`, `train.adam`: a `tf.train` factory TF.js has. */
function isTrainFactory(member: SyntaxNode): boolean {
  const factory = member.childForFieldName('property')?.text ?? '';
  const object = member.childForFieldName('object');
  const namespace = object?.type === 'member_expression' ? object.childForFieldName('property')?.text : object?.text;
  return namespace === 'train' && Object.hasOwn(TFJS_TRAIN_FACTORIES, factory);
}

/** The `tf.train.*` factory whose name (any part of it) is at `node`. */
function trainFactoryAt(node: SyntaxNode): SyntaxNode | undefined {
  for (let up: SyntaxNode | null = node; up && ['identifier', 'property_identifier', 'member_expression'].includes(up.type); up = up.parent) {
    if (up.type === 'member_expression' && isTrainFactory(up)) return up;
  }
  return undefined;
}

/** The key of a `key: value` pair, written as a name or a string. */
function pairKey(pair: SyntaxNode): string | undefined {
  const key = pair.childForFieldName('key');
  if (key?.type === 'property_identifier') return key.text;
  return key?.type === 'string' ? stringValue(key) : undefined;
}

/** What the string `node` names: by the key it is the value of, through arrays and per-output objects for compile keys. */
function stringKind(node: SyntaxNode): JsSymbolAt['kind'] | undefined {
  let inside = node;
  for (let up = node.parent; up; inside = up, up = up.parent) {
    if (up.type === 'pair') {
      if (up.childForFieldName('value')?.id !== inside.id) return undefined;
      const key = pairKey(up) ?? '';
      if (ACTIVATION_KEYS.has(key) && inside === node) return 'activation';
      if (Object.hasOwn(COMPILE_KEYS, key)) return COMPILE_KEYS[key];
    } else if (up.type !== 'array' && up.type !== 'object') {
      return undefined;
    }
  }
  return undefined;
}

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
    const kind = node?.type === 'string' ? stringKind(node) : undefined;
    if (node && kind) return { kind, name: stringValue(node), startIndex: node.startIndex, endIndex: node.endIndex };
    const factory = node && trainFactoryAt(node);
    if (factory) return { kind: 'optimizer', name: factory.text, startIndex: factory.startIndex, endIndex: factory.endIndex };
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
