/**
 * Reads the Python expressions that configure training — `Adam(learning_rate=1e-3)`, `epochs=EPOCHS`,
 * `regularizers.l2(0.01)` — from the syntax tree, without running anything. Names bound once at module level
 * to a constant are followed; simple arithmetic is folded; anything else stays `unknown` with its text.
 */
import { named, type SyntaxNode } from '../../core/python/parser';

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly float: boolean }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'seq'; readonly items: readonly Expr[] }
  /** A dotted name that is not a module constant: `tf.nn.relu`, `x_test`. */
  | { readonly kind: 'name'; readonly path: string }
  | { readonly kind: 'call'; readonly callee: string; readonly args: readonly Expr[]; readonly kwargs: ReadonlyMap<string, Expr> }
  | { readonly kind: 'unknown'; readonly text: string };

/** Module-level `NAME = value` assignments, every one kept so a use sees the last one before it. */
export type Constants = ReadonlyMap<string, readonly SyntaxNode[]>;

export function moduleConstants(root: SyntaxNode): Constants {
  const out = new Map<string, SyntaxNode[]>();
  for (const stmt of named(root)) {
    if (stmt.type !== 'expression_statement') continue;
    const assign = named(stmt)[0];
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type === 'identifier' && right) {
      const list = out.get(left.text) ?? [];
      list.push(right);
      out.set(left.text, list);
    }
  }
  return out;
}

/** The last callee segment, as Keras resolves it: `tf.keras.optimizers.Adam` → `Adam`. */
export function lastSegment(path: string): string {
  return path.split('.').pop() ?? path;
}

function parseStringNode(node: SyntaxNode): string | undefined {
  if (named(node).some((c) => c.type === 'interpolation')) return undefined;
  const content = named(node).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence');
  if (content.length === 0) return '';
  return content.map((c) => (c.type === 'escape_sequence' ? JSON.parse(`"${c.text.replace(/"/g, '\\"')}"`) : c.text)).join('');
}

export function readExpr(node: SyntaxNode, consts: Constants, depth = 0): Expr {
  const unknown: Expr = { kind: 'unknown', text: node.text.slice(0, 80) };
  if (depth > 20) return unknown;
  switch (node.type) {
    case 'integer': {
      const v = Number(node.text.replace(/_/g, '').replace(/[lL]$/, ''));
      return Number.isFinite(v) ? { kind: 'num', value: v, float: false } : unknown;
    }
    case 'float': {
      const v = Number(node.text.replace(/_/g, ''));
      return Number.isFinite(v) ? { kind: 'num', value: v, float: true } : unknown;
    }
    case 'string': {
      const s = parseStringNode(node);
      return s === undefined ? unknown : { kind: 'str', value: s };
    }
    case 'concatenated_string': {
      const parts = named(node).map(parseStringNode);
      return parts.every((p) => p !== undefined) ? { kind: 'str', value: parts.join('') } : unknown;
    }
    case 'true':
      return { kind: 'bool', value: true };
    case 'false':
      return { kind: 'bool', value: false };
    case 'none':
      return { kind: 'none' };
    case 'parenthesized_expression': {
      const inner = named(node).filter((c) => c.type !== 'comment');
      return inner.length === 1 ? readExpr(inner[0], consts, depth + 1) : unknown;
    }
    case 'tuple':
    case 'list':
      return { kind: 'seq', items: named(node).filter((c) => c.type !== 'comment').map((c) => readExpr(c, consts, depth + 1)) };
    case 'unary_operator': {
      const operand = node.childForFieldName('argument');
      const op = node.child(0)?.text;
      const v = operand ? readExpr(operand, consts, depth + 1) : unknown;
      if (v.kind !== 'num') return unknown;
      if (op === '-') return { ...v, value: -v.value };
      if (op === '+') return v;
      return unknown;
    }
    case 'binary_operator': {
      const l = node.childForFieldName('left');
      const r = node.childForFieldName('right');
      const op = node.childForFieldName('operator')?.text;
      if (!l || !r || !op) return unknown;
      const a = readExpr(l, consts, depth + 1);
      const b = readExpr(r, consts, depth + 1);
      if (a.kind !== 'num' || b.kind !== 'num') return unknown;
      const float = a.float || b.float || op === '/';
      const value = arith(op, a.value, b.value);
      return value === undefined || !Number.isFinite(value) ? unknown : { kind: 'num', value, float };
    }
    case 'identifier': {
      const bound = consts.get(node.text);
      if (bound) {
        // The last assignment before this use; an assignment later in the file does not count.
        const before = bound.filter((v) => v.startIndex < node.startIndex);
        const value = before[before.length - 1];
        if (value && bound.length >= 1) return readExpr(value, consts, depth + 1);
      }
      return { kind: 'name', path: node.text };
    }
    case 'attribute': {
      const path = dotted(node);
      return path ? { kind: 'name', path } : unknown;
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const path = fn ? dotted(fn) : undefined;
      const list = node.childForFieldName('arguments');
      if (!path || !list || list.type !== 'argument_list') return unknown;
      const args: Expr[] = [];
      const kwargs = new Map<string, Expr>();
      for (const arg of named(list)) {
        if (arg.type === 'comment') continue;
        if (arg.type === 'keyword_argument') {
          const k = arg.childForFieldName('name')?.text;
          const v = arg.childForFieldName('value');
          if (k && v) kwargs.set(k, readExpr(v, consts, depth + 1));
        } else if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') {
          return unknown;
        } else {
          args.push(readExpr(arg, consts, depth + 1));
        }
      }
      return { kind: 'call', callee: path, args, kwargs };
    }
    default:
      return unknown;
  }
}

/** Python's arithmetic on numbers (`//` floors, `%` takes the divisor's sign); undefined for a zero divisor or another operator. */
export function arith(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a - b * Math.floor(a / b);
    case '**':
      return a ** b;
    default:
      return undefined;
  }
}

/** `tf.keras.optimizers.Adam` from an attribute chain of plain names; undefined for anything else. */
export function dotted(node: SyntaxNode): string | undefined {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const base = obj ? dotted(obj) : undefined;
    return base && attr ? `${base}.${attr.text}` : undefined;
  }
  return undefined;
}

/** Python's repr of an expression, for messages. */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'num':
      return e.float && Number.isInteger(e.value) ? `${e.value}.0` : String(e.value);
    case 'str':
      return `'${e.value}'`;
    case 'bool':
      return e.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'seq':
      return `(${e.items.map(exprText).join(', ')})`;
    case 'name':
      return e.path;
    case 'call':
      return `${e.callee}(${[...e.args.map(exprText), ...[...e.kwargs].map(([k, v]) => `${k}=${exprText(v)}`)].join(', ')})`;
    case 'unknown':
      return e.text;
  }
}

/** Every node of the tree, depth first, without recursion. */
export function* walk(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    const kids = named(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
}
