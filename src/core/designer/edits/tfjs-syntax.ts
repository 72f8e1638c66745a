/**
 * What the TF.js edits read off a JavaScript / TypeScript syntax tree: a layer's factory call and its config
 * object, the statement holding a call, casts around a value, the names in use; and how a value is written in
 * JavaScript in the file's own quotes. Everything is found in the tree, never by matching the code's text.
 */
import type { ArgValue } from '../../../shared/arg-values';
import { named, type SyntaxNode } from '../../interp/syntax';
import type { LayerInstance } from '../../model/graph';
import type { PyValue } from '../../model/values';
import { nodeAt } from './sequence';

/** Nodes whose children are statements. */
const BLOCKS = new Set(['program', 'statement_block', 'switch_case', 'switch_default']);
const LOOPS = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);
/** Wrappers that leave the value as it is: `x as tf.SymbolicTensor`, `x!`, `(x)`. */
const CASTS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'parenthesized_expression', 'type_assertion']);

/** The statement (a child of a block or the program) holding `node`. */
export function jsStatementOf(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  while (n && n.parent && !BLOCKS.has(n.parent.type)) n = n.parent;
  return n?.parent ? n : undefined;
}

/** Whether `node` sits in a loop's body. */
export function inJsLoop(node: SyntaxNode): boolean {
  for (let p = node.parent; p; p = p.parent) if (LOOPS.has(p.type)) return true;
  return false;
}

/** The expression inside casts and parentheses. */
export function uncast(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (CASTS.has(n.type)) {
    const inner = named(n).find((c) => c.type !== 'comment');
    if (!inner) break;
    n = inner;
  }
  return n;
}

/** The call of a layer's factory (`tf.layers.dense({...})`), found by the range the analysis recorded. */
export function factoryCall(root: SyntaxNode, layer: LayerInstance): SyntaxNode | undefined {
  return nodeAt(root, { start: layer.range.startIndex, end: layer.range.endIndex }, ['call_expression']);
}

/** The written arguments of a call, without comments. */
export function callArguments(call: SyntaxNode): SyntaxNode[] {
  const args = call.childForFieldName('arguments');
  return args ? named(args).filter((a) => a.type !== 'comment') : [];
}

/** The key of an object member as a string: `units`, `'units'`, `units` of the shorthand `{units}`. */
export function memberKey(member: SyntaxNode): string | undefined {
  if (member.type === 'shorthand_property_identifier') return member.text;
  if (member.type !== 'pair') return undefined;
  const key = member.childForFieldName('key');
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'number') return key.text;
  if (key.type === 'string') return stringContent(key);
  return undefined;
}

/** The members of an object literal, without comments. */
export function members(object: SyntaxNode): SyntaxNode[] {
  return named(object).filter((c) => c.type !== 'comment');
}

/** A string literal's characters, when it has no escapes (else undefined: it is left to the code). */
function stringContent(node: SyntaxNode): string | undefined {
  const parts = named(node);
  if (parts.some((p) => p.type !== 'string_fragment')) return undefined;
  return parts.map((p) => p.text).join('');
}

/** A literal's value (number, plain string, boolean, null, array of these); undefined for anything else. */
export function literalValue(node: SyntaxNode): PyValue | undefined {
  switch (node.type) {
    case 'number': {
      const v = Number(node.text);
      if (!Number.isFinite(v)) return undefined;
      return /^\d+$/.test(node.text) ? { kind: 'int', value: v } : { kind: 'float', value: v };
    }
    case 'unary_expression': {
      const operand = node.childForFieldName('argument');
      const inner = operand && node.child(0)?.text === '-' ? literalValue(operand) : undefined;
      return inner && (inner.kind === 'int' || inner.kind === 'float') ? { ...inner, value: -inner.value } : undefined;
    }
    case 'string': {
      const value = stringContent(node);
      return value === undefined ? undefined : { kind: 'str', value };
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true' };
    case 'null':
      return { kind: 'none' };
    case 'array': {
      const items = members(node).map(literalValue);
      return items.every((i): i is PyValue => i !== undefined) ? { kind: 'list', items } : undefined;
    }
    default:
      return undefined;
  }
}

/** The quote the file's strings use: the first string literal's, else single quotes (TF.js's examples). */
export function jsQuote(root: SyntaxNode): '"' | "'" {
  const first = root.descendantsOfType('string').find((n) => n !== null);
  return first?.text.startsWith('"') ? '"' : "'";
}

export function jsString(s: string, quote: '"' | "'"): string {
  const escaped = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').split(quote).join(`\\${quote}`);
  return `${quote}${escaped}${quote}`;
}

/** The JavaScript source for a value; an activation arrives in TF.js's spelling already. */
export function jsText(value: ArgValue, quote: '"' | "'"): string {
  switch (value.kind) {
    case 'int':
    case 'float':
      return String(value.value);
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'none':
      return 'null';
    case 'str':
      return jsString(value.value, quote);
    case 'tuple':
      return `[${value.items.join(', ')}]`;
    case 'activation':
      return jsString(value.name, quote);
  }
}

/** Every identifier the file uses, so a new variable takes a name nobody has. */
export function jsNamesInUse(root: SyntaxNode): Set<string> {
  return new Set(root.descendantsOfType(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']).flatMap((n) => (n ? [n.text] : [])));
}

/** `base`, else `base2`, `base3`, …: the first name not in use. */
export function freshJsName(used: ReadonlySet<string>, base: string): string {
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** A dotted name in the tree: `tf`, `tf.layers`. */
function isDotted(n: SyntaxNode): boolean {
  if (n.type === 'identifier') return true;
  const object = n.childForFieldName('object');
  return n.type === 'member_expression' && n.childForFieldName('property')?.type === 'property_identifier' && object !== null && isDotted(object);
}

/** The `tf.layers` a neighbouring layer's factory is called through (`tf.layers` of `tf.layers.dense(...)`). */
export function layersNamespace(root: SyntaxNode, neighbours: readonly LayerInstance[]): string | undefined {
  for (const layer of neighbours) {
    if (layer.className === 'InputLayer' || layer.model) continue;
    const fn = factoryCall(root, layer)?.childForFieldName('function');
    const object = fn?.type === 'member_expression' ? fn.childForFieldName('object') : undefined;
    if (object && isDotted(object)) return object.text;
  }
  return undefined;
}

/** `tf` of the model's own call (`tf.sequential(...)`, `tf.model(...)`): `tf.layers` is beside it. */
export function tfNamespace(call: SyntaxNode | undefined): string | undefined {
  const fn = call?.childForFieldName('function');
  const object = fn?.type === 'member_expression' ? fn.childForFieldName('object') : undefined;
  return object && isDotted(object) ? object.text : undefined;
}
