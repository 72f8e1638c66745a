/**
 * Python semantics for the values the evaluator tracks: literals, arithmetic, comparisons and the builtins
 * model code uses (range, len, min, zip, ...). Anything outside them is `unknown` with a reason.
 */
import type { SyntaxNode } from './parser';
import { kids, named } from './parser';
import type { Dim } from '../model/shape';
import { dictKey, NONE, tooLarge, truthy, unknown, describe, type ClassValue, type FunctionValue, type PyValue } from '../model/values';

/** A Python shape (tuple/list of ints and None, or a single int) as dims; undefined when not fully known. */
export function toDims(v: PyValue): Dim[] | undefined {
  if (v.kind === 'int') return [v.value];
  if (v.kind !== 'tuple' && v.kind !== 'list') return undefined;
  const dims: Dim[] = [];
  for (const item of v.items) {
    if (item.kind === 'int') dims.push(item.value);
    else if (item.kind === 'none') dims.push(null);
    else return undefined;
  }
  return dims;
}

export { TOO_LARGE } from '../model/values';

export function parseInteger(text: string): PyValue {
  const t = text.replace(/_/g, '').toLowerCase();
  if (t.endsWith('j')) return unknown('complex numbers are not supported');
  const big = t.startsWith('0x') || t.startsWith('0o') || t.startsWith('0b') ? BigInt(t) : BigInt(t.replace(/l$/, ''));
  const n = Number(big);
  if (!Number.isSafeInteger(n)) return tooLarge(text);
  return { kind: 'int', value: n };
}

/**
 * A string literal. f-strings are evaluated when every `{expression}` is known and has no format spec or
 * conversion beyond what str() gives (`f"block{i}_conv{j}"` is common in layer names).
 */
export function parseString(node: SyntaxNode, evalExpr?: (n: SyntaxNode) => PyValue): PyValue {
  if (node.type !== 'string') return unknown('not a string');
  const prefix = named(node).find((c) => c.type === 'string_start')?.text.toLowerCase() ?? '';
  const isF = prefix.includes('f');
  let out = '';
  for (const part of named(node)) {
    if (part.type === 'interpolation') {
      const expr = part.childForFieldName('expression') ?? named(part)[0];
      const plain = named(part).every((c) => c.id === expr?.id);
      if (!evalExpr || !expr || !plain) return unknown('an f-string with a format spec is not evaluated');
      const text = pyStr(evalExpr(expr));
      if (text === undefined) return unknown('an f-string with a value that is not known');
      out += text;
    } else if (part.type === 'string_content') {
      const text = stringContent(part);
      if (text === undefined) return unknown('a \\N{...} escape (a Unicode character by name) is not decoded');
      out += text;
    } else if (part.type === 'escape_sequence') {
      const text = unescape(part.text);
      if (text === undefined) return unknown('a \\N{...} escape (a Unicode character by name) is not decoded');
      out += text;
    }
  }
  return { kind: 'str', value: out };
}

/** Python's str() for the plain values an f-string may hold. */
export function pyStr(v: PyValue): string | undefined {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'int':
    case 'float':
    case 'bool':
    case 'none':
      return describe(v);
    default:
      return undefined;
  }
}

/**
 * A string's content as Python reads it: the grammar marks each escape (`\\'`, `\\x41`, `\\u00e9`, an f-string's
 * `{{`) as a child; the text between them is literal. Raw strings have no escape children, bytes no `\\u`.
 * Undefined for `\\N{name}`, which needs Unicode's name table.
 */
function stringContent(content: SyntaxNode): string | undefined {
  let out = '';
  let at = content.startIndex;
  for (const child of kids(content)) {
    out += content.text.slice(at - content.startIndex, child.startIndex - content.startIndex);
    const decoded = child.type === 'escape_interpolation' ? child.text[0] : child.type === 'escape_sequence' ? unescape(child.text) : child.text;
    if (decoded === undefined) return undefined;
    out += decoded;
    at = child.endIndex;
  }
  return out + content.text.slice(at - content.startIndex);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '', '\r\n': '' };

/** One escape sequence as Python decodes it (`\\x41` → `A`); an escape Python does not know stays as written. */
function unescape(seq: string): string | undefined {
  const body = seq.slice(1);
  if (Object.hasOwn(SIMPLE_ESCAPES, body)) return SIMPLE_ESCAPES[body];
  if (/^[0-7]{1,3}$/.test(body)) return String.fromCodePoint(parseInt(body, 8));
  if (/^(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})$/.test(body)) {
    const code = parseInt(body.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : seq;
  }
  if (body.startsWith('N{')) return undefined;
  return seq;
}

export function isNum(v: PyValue): v is { kind: 'int' | 'float'; value: number } {
  return v.kind === 'int' || v.kind === 'float';
}

function num(value: number, asInt: boolean): PyValue {
  if (!Number.isFinite(value)) return unknown('the arithmetic overflows');
  if (asInt) return Number.isSafeInteger(value) ? { kind: 'int', value } : tooLarge(value.toExponential(2));
  return { kind: 'float', value };
}

export function binaryOp(op: string, a: PyValue, b: PyValue): PyValue {
  // Element-wise arithmetic keeps an array's shape (x_train / 255.0); the dtype becomes float.
  if (a.kind === 'array' && (b.kind === 'int' || b.kind === 'float' || (b.kind === 'array' && b.shape.join() === a.shape.join()))) {
    return { kind: 'array', shape: a.shape, dtype: op === '/' || b.kind === 'float' ? 'float64' : a.dtype };
  }
  if (b.kind === 'array' && (a.kind === 'int' || a.kind === 'float')) return { kind: 'array', shape: b.shape, dtype: op === '/' || a.kind === 'float' ? 'float64' : b.dtype };
  if (a.kind === 'bool') a = { kind: 'int', value: a.value ? 1 : 0 };
  if (b.kind === 'bool') b = { kind: 'int', value: b.value ? 1 : 0 };
  if (isNum(a) && isNum(b)) {
    const ints = a.kind === 'int' && b.kind === 'int';
    switch (op) {
      case '+':
        return num(a.value + b.value, ints);
      case '-':
        return num(a.value - b.value, ints);
      case '*':
        return num(a.value * b.value, ints);
      case '/':
        return b.value === 0 ? unknown('division by zero') : num(a.value / b.value, false);
      case '//':
        return b.value === 0 ? unknown('division by zero') : num(Math.floor(a.value / b.value), ints);
      case '%':
        return b.value === 0 ? unknown('division by zero') : num(((a.value % b.value) + b.value) % b.value, ints);
      case '**':
        if (ints && b.value < 0) return num(a.value ** b.value, false);
        return num(a.value ** b.value, ints);
      default:
        if (ints) {
          const x = BigInt(a.value);
          const y = BigInt(b.value);
          const r = op === '<<' ? x << y : op === '>>' ? x >> y : op === '&' ? x & y : op === '|' ? x | y : op === '^' ? x ^ y : undefined;
          if (r !== undefined) return num(Number(r), true);
        }
        return unknown(`the operator ${op} is not followed`);
    }
  }
  const seq = (v: PyValue) => v.kind === 'tuple' || v.kind === 'list';
  if (op === '+' && a.kind === b.kind && (a.kind === 'tuple' || a.kind === 'list') && seq(b)) {
    const other = (b as { items: PyValue[] }).items;
    if (a.items.length + other.length > MAX_ITEMS) return unknown(TOO_LONG);
    const items = a.items.concat(other);
    return a.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'list', items };
  }
  if (op === '+' && a.kind === 'str' && b.kind === 'str') return a.value.length + b.value.length > MAX_CHARS ? unknown(TOO_LONG) : { kind: 'str', value: a.value + b.value };
  if (op === '*' && (seq(a) || a.kind === 'str') && b.kind === 'int') return repeat(a, b.value);
  if (op === '*' && (seq(b) || b.kind === 'str') && a.kind === 'int') return repeat(b, a.value);
  if (op === '%' && a.kind === 'str') return unknown('string formatting is not evaluated');
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (a.kind === 'tensor' || b.kind === 'tensor') return unknown('arithmetic on tensors is not followed');
  return unknown(`${describe(a)} ${op} ${describe(b)} is not evaluated`);
}

/**
 * One operator can double a value (`x = x + x` in a loop costs the evaluator one step), so results built in
 * one step are capped: beyond these sizes a value is unknown rather than a memory blow-up.
 */
export const MAX_ITEMS = 1_000_000;
const MAX_CHARS = 1_000_000;
const TOO_LONG = 'the sequence would be too long to follow';

function repeat(v: PyValue, n: number): PyValue {
  const count = Math.max(0, n);
  if (v.kind === 'str') return v.value.length * count > MAX_CHARS ? unknown(TOO_LONG) : { kind: 'str', value: v.value.repeat(count) };
  if (v.kind !== 'tuple' && v.kind !== 'list') return unknown('cannot repeat');
  if (v.items.length * count > MAX_ITEMS) return unknown(TOO_LONG);
  const items: PyValue[] = [];
  for (let i = 0; i < count; i++) for (const item of v.items) items.push(item);
  return v.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'list', items };
}

export function compare(op: string, a: PyValue | undefined, b: PyValue | undefined): boolean | undefined {
  if (!a || !b || a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  // Keras 3's KerasTensor keeps object equality for `==` (`x == 2` is False), while `!=` is an elementwise op.
  if ((op === '==' || op === 'is' || op === 'is not') && (a.kind === 'tensor' || b.kind === 'tensor')) {
    const same = a.kind === 'tensor' && b.kind === 'tensor' && a.tensor.producer === b.tensor.producer && a.tensor.index === b.tensor.index;
    return op === 'is not' ? !same : same;
  }
  if (op === 'in' || op === 'not in') {
    if (b.kind === 'tuple' || b.kind === 'list') {
      if (b.items.some((x) => x.kind === 'unknown')) return undefined;
      const found = b.items.some((x) => compare('==', a, x) === true);
      return op === 'in' ? found : !found;
    }
    if (b.kind === 'str' && a.kind === 'str') return op === 'in' ? b.value.includes(a.value) : !b.value.includes(a.value);
    const key = b.kind === 'dict' ? dictKey(a) : undefined;
    if (b.kind === 'dict' && key !== undefined) return op === 'in' ? b.entries.has(key) : !b.entries.has(key);
    return undefined;
  }
  if (op === 'is' || op === 'is not') {
    if (a.kind === 'none' || b.kind === 'none') {
      const same = a.kind === b.kind;
      return op === 'is' ? same : !same;
    }
    return undefined;
  }
  const scalar = (v: PyValue): number | string | undefined =>
    v.kind === 'int' || v.kind === 'float' ? v.value : v.kind === 'bool' ? (v.value ? 1 : 0) : v.kind === 'str' ? v.value : undefined;
  const x = scalar(a);
  const y = scalar(b);
  if (op === '==' || op === '!=') {
    let eq: boolean | undefined;
    if (x !== undefined && y !== undefined) eq = x === y;
    else if (a.kind === 'none' || b.kind === 'none') eq = a.kind === b.kind;
    else if ((a.kind === 'tuple' || a.kind === 'list') && (b.kind === 'tuple' || b.kind === 'list')) {
      eq = a.items.length === b.items.length && a.items.every((item, i) => compare('==', item, b.items[i]) === true);
    }
    if (eq === undefined) return undefined;
    return op === '==' ? eq : !eq;
  }
  if (x === undefined || y === undefined || typeof x !== typeof y) return undefined;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      return undefined;
  }
}

export function callBuiltin(name: string, args: PyValue[], kwargs: Map<string, PyValue>, maxLoop: number): PyValue {
  const ints = args.every((a) => a.kind === 'int');
  const seqOf = (v: PyValue | undefined): PyValue[] | undefined =>
    v && (v.kind === 'tuple' || v.kind === 'list') ? [...v.items] : undefined;
  switch (name) {
    case 'setattr':
    case 'getattr':
    case 'hasattr':
      return attributeBuiltin(name, args);
    case 'range': {
      if (!ints || args.length === 0 || args.length > 3) return unknown('range() over values that are not known');
      const [start, stop, step] = args.length === 1 ? [0, (args[0] as { value: number }).value, 1] : args.map((a) => (a as { value: number }).value).concat([1]).slice(0, 3);
      if (step === 0) return unknown('range() step is 0');
      const count = Math.max(0, Math.ceil((stop - start) / step));
      if (count > maxLoop) return unknown(`range() of ${count} items is too long to follow`);
      const items: PyValue[] = [];
      for (let i = 0; i < count; i++) items.push({ kind: 'int', value: start + i * step });
      return { kind: 'list', items };
    }
    case 'len': {
      const a = args[0];
      if (a && (a.kind === 'tuple' || a.kind === 'list')) return { kind: 'int', value: a.items.length };
      if (a?.kind === 'str') return { kind: 'int', value: a.value.length };
      if (a?.kind === 'dict') return { kind: 'int', value: a.entries.size };
      // len() of a NumPy array is its first dimension (len(x_train) of a Keras dataset).
      if (a?.kind === 'array' && a.shape.length > 0) return { kind: 'int', value: a.shape[0] };
      return unknown('len() of a value that is not known');
    }
    case 'int': {
      const a = args[0];
      if (a && isNum(a)) return { kind: 'int', value: Math.trunc(a.value) };
      if (a?.kind === 'str' && /^\s*-?\d+\s*$/.test(a.value)) return { kind: 'int', value: parseInt(a.value, 10) };
      return unknown('int() of a value that is not known');
    }
    case 'float': {
      const a = args[0];
      if (a && isNum(a)) return { kind: 'float', value: a.value };
      return unknown('float() of a value that is not known');
    }
    case 'bool': {
      const t = args[0] ? truthy(args[0]) : false;
      return t === undefined ? unknown('bool() of a value that is not known') : { kind: 'bool', value: t };
    }
    case 'tuple':
    case 'list': {
      const items = args.length === 0 ? [] : seqOf(args[0]);
      if (!items) return unknown(`${name}() of a value that is not known`);
      return name === 'tuple' ? { kind: 'tuple', items } : { kind: 'list', items };
    }
    case 'min':
    case 'max':
    case 'sum': {
      const items = args.length === 1 ? seqOf(args[0]) : args;
      if (!items || items.length === 0 || !items.every(isNum)) return unknown(`${name}() of values that are not known`);
      const values = items.map((v) => (v as { value: number }).value);
      const allInt = items.every((v) => v.kind === 'int');
      // reduce, not Math.min(...values): a long list would overflow the call stack as arguments.
      const r = name === 'min' ? values.reduce((a, b) => Math.min(a, b)) : name === 'max' ? values.reduce((a, b) => Math.max(a, b)) : values.reduce((a, b) => a + b, 0);
      return num(r, allInt);
    }
    case 'abs':
      return args[0] && isNum(args[0]) ? num(Math.abs(args[0].value), args[0].kind === 'int') : unknown('abs() of a value that is not known');
    case 'round': {
      const a = args[0];
      if (!a || !isNum(a)) return unknown('round() of a value that is not known');
      if (args.length > 1) return unknown('round() with digits is not evaluated');
      // Python rounds half to even.
      const f = Math.floor(a.value);
      const diff = a.value - f;
      const r = diff > 0.5 ? f + 1 : diff < 0.5 ? f : f % 2 === 0 ? f : f + 1;
      return { kind: 'int', value: r };
    }
    case 'pow':
      return args.length === 2 ? binaryOp('**', args[0], args[1]) : unknown('pow() with a modulus is not evaluated');
    case 'divmod':
      return args.length === 2 ? { kind: 'tuple', items: [binaryOp('//', args[0], args[1]), binaryOp('%', args[0], args[1])] } : unknown('divmod() needs two arguments');
    case 'enumerate': {
      const items = seqOf(args[0]);
      const start = args[1]?.kind === 'int' ? args[1].value : 0;
      return items ? { kind: 'list', items: items.map((v, i) => ({ kind: 'tuple', items: [{ kind: 'int', value: i + start }, v] })) } : unknown('enumerate() of a value that is not known');
    }
    case 'zip': {
      const seqs = args.map(seqOf);
      if (seqs.some((s) => !s)) return unknown('zip() of values that are not known');
      // zip() of nothing is empty (Math.min() of nothing would be Infinity).
      const n = seqs.length === 0 ? 0 : Math.min(...seqs.map((s) => s!.length));
      const items: PyValue[] = [];
      for (let i = 0; i < n; i++) items.push({ kind: 'tuple', items: seqs.map((s) => s![i]) });
      return { kind: 'list', items };
    }
    case 'reversed': {
      const items = seqOf(args[0]);
      return items ? { kind: 'list', items: items.reverse() } : unknown('reversed() of a value that is not known');
    }
    case 'dict':
      return { kind: 'dict', entries: new Map(kwargs) };
    case 'print':
      return NONE;
    default:
      return unknown(`${name}() is not evaluated`);
  }
}

/** list.extend / `+=` in place, within the same size cap (a loop of `x.extend(x)` doubles each step). */
export function extendList(list: { items: PyValue[] }, more: readonly PyValue[] | undefined, reason: string): void {
  if (!more) {
    list.items.push(unknown(reason));
    return;
  }
  if (list.items.length + more.length > MAX_ITEMS) {
    list.items.length = 0;
    list.items.push(unknown(TOO_LONG));
    return;
  }
  for (const item of more) list.items.push(item);
}

/** A method of a class of the file, its own or one it inherits from another class of the file. */
export function inheritedMethod(cls: ClassValue, name: string): FunctionValue | undefined {
  for (let c: ClassValue | undefined = cls, depth = 0; c && depth < 50; c = c.parent, depth++) {
    const method = c.methods.get(name);
    if (method) return method;
  }
  return undefined;
}

/** The attributes of an instance (a subclassed model's too), or undefined for any other value. */
function attributesOf(v: PyValue | undefined): Map<string, PyValue> | undefined {
  if (v?.kind === 'object') return v.obj.attrs;
  if (v?.kind === 'model' && v.model.kind === 'subclass') return v.model.self.attrs;
  return undefined;
}

/**
 * `setattr(obj, name, value)`, `getattr(obj, name[, default])`, `hasattr(obj, name)` on the file's own instances.
 * A `setattr` with a name that is not known could change any attribute: all of them become unknown.
 */
function attributeBuiltin(name: 'setattr' | 'getattr' | 'hasattr', args: PyValue[]): PyValue {
  const [obj, attr, value] = args;
  const attrs = attributesOf(obj);
  if (name === 'setattr') {
    if (!attrs) return obj?.kind === 'unknown' ? NONE : unknown('setattr() on a value whose attributes are not followed');
    if (attr?.kind === 'str') attrs.set(attr.value, value ?? unknown('setattr() without a value'));
    else for (const key of attrs.keys()) attrs.set(key, unknown('an attribute set by setattr() with a name that is not known'));
    return NONE;
  }
  if (!attrs || attr?.kind !== 'str') return unknown(`${name}() of an attribute that is not known`);
  if (name === 'hasattr') return attrs.has(attr.value) ? { kind: 'bool', value: true } : unknown('hasattr() of an attribute the file may set elsewhere');
  return attrs.get(attr.value) ?? value ?? unknown(`${attr.value} is not set on this object`);
}

