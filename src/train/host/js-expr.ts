/**
 * Reads the JavaScript / TypeScript expressions that configure TF.js training — `tf.train.adam(1e-3)`,
 * `{epochs: EPOCHS, batchSize: 64}` — from the syntax tree into the same `Expr` the Python reader makes, so
 * one set of rules maps both onto a run. TF.js passes settings as a config object, which is what Python
 * passes as keyword arguments: a call's last argument, when it is an object literal, becomes its kwargs.
 * A name is followed to the `const` / `let` / `var` (or plain assignment) before it in an enclosing block;
 * anything else stays `unknown` with its text. Nothing is run.
 */
import { named, type SyntaxNode } from '../../core/python/parser';
import { parseJsNumber, unescapeJs } from '../../core/tfjs/js-values';
import { arith, type Expr } from './python-expr';

const MAX_DEPTH = 20;

/** TypeScript wrappers that do not change the value: `x as number`, `x!`, `<number>x`, `x satisfies T`. */
const TS_WRAPPERS = new Set(['as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'parenthesized_expression']);

/** The expression inside TypeScript wrappers and parentheses. */
export function unwrapJs(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let i = 0; i < MAX_DEPTH && TS_WRAPPERS.has(current.type); i++) {
    const parts = named(current).filter((c) => c.type !== 'comment');
    // `<T>x` puts the type first; the other wrappers put the expression first.
    const inner = current.type === 'type_assertion' ? parts[parts.length - 1] : parts[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

function stringText(node: SyntaxNode): string | undefined {
  let out = '';
  for (const part of named(node)) {
    if (part.type === 'string_fragment') out += part.text;
    else if (part.type === 'escape_sequence') out += unescapeJs(part.text);
    else if (part.type !== 'comment') return undefined;
  }
  return out;
}

/** The statements directly in a block, with `export const` unwrapped. */
function blockStatements(block: SyntaxNode): SyntaxNode[] {
  return named(block).map((s) => (s.type === 'export_statement' ? (s.childForFieldName('declaration') ?? s) : s));
}

/** The value last bound to `name` by a statement of `block` that starts before `before`. */
function boundInBlock(block: SyntaxNode, name: string, before: number): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (const stmt of blockStatements(block)) {
    if (stmt.startIndex >= before) break;
    if (stmt.type === 'lexical_declaration' || stmt.type === 'variable_declaration') {
      for (const decl of named(stmt)) {
        if (decl.type !== 'variable_declarator' || decl.childForFieldName('name')?.text !== name) continue;
        const value = decl.childForFieldName('value');
        if (value) found = value;
      }
    } else if (stmt.type === 'expression_statement') {
      const assign = named(stmt)[0];
      if (assign?.type === 'assignment_expression' && assign.childForFieldName('left')?.text === name) {
        const value = assign.childForFieldName('right');
        if (value) found = value;
      }
    }
  }
  return found;
}

/** The expression an identifier stands for: its binding in the nearest enclosing block that has one. */
export function resolveJsName(identifier: SyntaxNode): SyntaxNode | undefined {
  const name = identifier.text;
  for (let scope = identifier.parent; scope; scope = scope.parent) {
    if (scope.type !== 'program' && scope.type !== 'statement_block') continue;
    const value = boundInBlock(scope, name, identifier.startIndex);
    if (value) return value;
  }
  return undefined;
}

/** Follows names and wrappers to the expression itself (`CONFIG` → `{epochs: 5}`). */
export function resolveJs(node: SyntaxNode, depth = 0): SyntaxNode {
  const inner = unwrapJs(node);
  if (inner.type !== 'identifier' || depth > MAX_DEPTH) return inner;
  const bound = resolveJsName(inner);
  return bound ? resolveJs(bound, depth + 1) : inner;
}

/** `tf.train.adam` from a chain of plain names; undefined for anything else. */
export function jsDotted(node: SyntaxNode): string | undefined {
  const n = unwrapJs(node);
  if (n.type === 'identifier') return n.text;
  if (n.type === 'member_expression') {
    const obj = n.childForFieldName('object');
    const prop = n.childForFieldName('property');
    const base = obj ? jsDotted(obj) : undefined;
    return base && prop ? `${base}.${prop.text}` : undefined;
  }
  return undefined;
}

/** An object literal's properties as kwargs; undefined when a key or a spread is not plain. */
export function readJsObject(node: SyntaxNode, depth = 0): Map<string, Expr> | undefined {
  const out = new Map<string, Expr>();
  for (const prop of named(node)) {
    if (prop.type === 'comment') continue;
    if (prop.type === 'shorthand_property_identifier') {
      out.set(prop.text, readJsExpr(prop, depth + 1));
      continue;
    }
    if (prop.type !== 'pair') return undefined;
    const key = prop.childForFieldName('key');
    const value = prop.childForFieldName('value');
    if (!key || !value) return undefined;
    const name = key.type === 'property_identifier' || key.type === 'number' ? key.text : key.type === 'string' ? stringText(key) : undefined;
    if (name === undefined) return undefined;
    out.set(name, readJsExpr(value, depth + 1));
  }
  return out;
}

export function readJsExpr(node: SyntaxNode, depth = 0): Expr {
  const unknown: Expr = { kind: 'unknown', text: node.text.slice(0, 80) };
  if (depth > MAX_DEPTH) return unknown;
  const n = unwrapJs(node);
  switch (n.type) {
    case 'number': {
      const v = parseJsNumber(n.text);
      return v.kind === 'int' || v.kind === 'float' ? { kind: 'num', value: v.value, float: v.kind === 'float' } : unknown;
    }
    case 'string': {
      const s = stringText(n);
      return s === undefined ? unknown : { kind: 'str', value: s };
    }
    case 'template_string': {
      const s = stringText(n);
      return s === undefined ? unknown : { kind: 'str', value: s };
    }
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'null':
    case 'undefined':
      return { kind: 'none' };
    case 'array': {
      const items = named(n).filter((c) => c.type !== 'comment');
      if (items.some((c) => c.type === 'spread_element')) return unknown;
      return { kind: 'seq', items: items.map((c) => readJsExpr(c, depth + 1)) };
    }
    case 'unary_expression': {
      const operand = n.childForFieldName('argument');
      const op = n.childForFieldName('operator')?.text;
      const v = operand ? readJsExpr(operand, depth + 1) : unknown;
      if (op === '!' && v.kind === 'bool') return { kind: 'bool', value: !v.value };
      if (v.kind !== 'num') return unknown;
      if (op === '-') return { ...v, value: -v.value };
      if (op === '+') return v;
      return unknown;
    }
    case 'binary_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const op = n.childForFieldName('operator')?.text;
      if (!l || !r || !op) return unknown;
      const a = readJsExpr(l, depth + 1);
      const b = readJsExpr(r, depth + 1);
      if (a.kind !== 'num' || b.kind !== 'num') return unknown;
      // JavaScript's `%` keeps the dividend's sign, Python's the divisor's; JavaScript has no `//`.
      const value = op === '%' ? (b.value === 0 ? undefined : a.value % b.value) : op === '//' ? undefined : arith(op, a.value, b.value);
      return value === undefined || !Number.isFinite(value) ? unknown : { kind: 'num', value, float: !Number.isInteger(value) };
    }
    case 'identifier': {
      if (n.text === 'undefined') return { kind: 'none' };
      const bound = resolveJsName(n);
      return bound ? readJsExpr(bound, depth + 1) : { kind: 'name', path: n.text };
    }
    case 'shorthand_property_identifier': {
      const bound = resolveJsName(n);
      return bound ? readJsExpr(bound, depth + 1) : { kind: 'name', path: n.text };
    }
    case 'member_expression': {
      const path = jsDotted(n);
      return path ? { kind: 'name', path } : unknown;
    }
    case 'call_expression':
      return readJsCall(n, depth) ?? unknown;
    default:
      return unknown;
  }
}

/** A call as callee, positional arguments and, from a trailing config object, keyword arguments. */
function readJsCall(node: SyntaxNode, depth: number): Expr | undefined {
  const fn = node.childForFieldName('function');
  const list = node.childForFieldName('arguments');
  const callee = fn ? jsDotted(fn) : undefined;
  if (!callee || list?.type !== 'arguments') return undefined;
  const items = named(list).filter((c) => c.type !== 'comment');
  if (items.some((c) => c.type === 'spread_element')) return undefined;
  const args: Expr[] = [];
  let kwargs = new Map<string, Expr>();
  items.forEach((item, i) => {
    const target = resolveJs(item);
    if (i === items.length - 1 && target.type === 'object') {
      const config = readJsObject(target, depth + 1);
      if (config) {
        kwargs = config;
        return;
      }
    }
    args.push(readJsExpr(item, depth + 1));
  });
  return { kind: 'call', callee, args, kwargs };
}

/** JavaScript's spelling of an expression, for messages. */
export function jsExprText(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return String(e.value);
    case 'str':
      return `'${e.value}'`;
    case 'bool':
      return String(e.value);
    case 'none':
      return 'null';
    case 'seq':
      return `[${e.items.map(jsExprText).join(', ')}]`;
    case 'name':
      return e.path;
    case 'call': {
      const config = e.kwargs.size ? [`{${[...e.kwargs].map(([k, v]) => `${k}: ${jsExprText(v)}`).join(', ')}}`] : [];
      return `${e.callee}(${[...e.args.map(jsExprText), ...config].join(', ')})`;
    }
    case 'unknown':
      return e.text;
  }
}
