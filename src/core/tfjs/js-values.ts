/**
 * JavaScript semantics over the evaluator's value model: JS numbers, strings, truthiness, `String(x)` and the
 * operators model code uses. Values are the analysis's PyValue: arrays are lists, object literals dicts,
 * `null` is None and `undefined` one shared None object (TF.js tells them apart in a few places).
 */
import { tooLarge, unknown, type PyValue } from '../model/values';

/** JavaScript's `undefined`: compared by identity. */
export const UNDEFINED: PyValue = Object.freeze({ kind: 'none' });
export const NULL: PyValue = Object.freeze({ kind: 'none' });

export const isUndefined = (v: PyValue): boolean => v === UNDEFINED;

/**
 * A JS number as an int when it is one (JS has a single number type; shapes need ints). An integer beyond
 * 2^53 is no size at all: the same `too large` unknown as Python's, so the builder warns alike.
 */
export function num(n: number): PyValue {
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return tooLarge(n.toExponential(2));
  return Number.isSafeInteger(n) || Object.is(n, -0) ? { kind: 'int', value: n === 0 ? 0 : n } : { kind: 'float', value: n };
}

export const str = (value: string): PyValue => ({ kind: 'str', value });
export const bool = (value: boolean): PyValue => ({ kind: 'bool', value });

export function isNumber(v: PyValue): v is { kind: 'int' | 'float'; value: number } {
  return v.kind === 'int' || v.kind === 'float';
}

/** JS truthiness; undefined when the value is not known. Objects and arrays are truthy even when empty. */
export function jsTruthy(v: PyValue): boolean | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value !== 0 && !Number.isNaN(v.value);
    case 'str':
      return v.value.length > 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'unknown':
      return undefined;
    default:
      return true;
  }
}

/** `String(v)` for the primitive values a template literal or a `+` may hold; undefined for the rest. */
export function jsString(v: PyValue, depth = 0): string | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return String(v.value);
    case 'str':
      return v.value;
    case 'bool':
      return String(v.value);
    case 'none':
      return v === UNDEFINED ? 'undefined' : 'null';
    case 'list':
    case 'tuple': {
      if (depth > 5) return undefined;
      const parts = v.items.map((x) => (x.kind === 'none' ? '' : jsString(x, depth + 1)));
      return parts.some((p) => p === undefined) ? undefined : parts.join(',');
    }
    default:
      return undefined;
  }
}

/** `Number(v)` for primitives; undefined when it cannot be known. */
function toNumber(v: PyValue): number | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value;
    case 'bool':
      return v.value ? 1 : 0;
    case 'none':
      return v === UNDEFINED ? NaN : 0;
    case 'str':
      return v.value.trim() === '' ? 0 : Number(v.value);
    default:
      return undefined;
  }
}

const PRIMITIVE = new Set(['int', 'float', 'str', 'bool', 'none']);

/** A binary operator on two values; `unknown` when either side is not known or the operator is not modelled. */
export function jsBinary(op: string, a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'unknown') return a;
  if (b.kind === 'unknown') return b;
  if (op === '+' && (a.kind === 'str' || b.kind === 'str' || !PRIMITIVE.has(a.kind) || !PRIMITIVE.has(b.kind))) {
    const x = jsString(a);
    const y = jsString(b);
    return x === undefined || y === undefined ? unknown(`cannot add ${a.kind} and ${b.kind}`) : str(x + y);
  }
  if (op === '===' || op === '!==' || op === '==' || op === '!=') {
    const eq = jsEquals(a, b, op.length === 3);
    if (eq === undefined) return unknown('comparison of values that are not known');
    return bool(op.startsWith('!') ? !eq : eq);
  }
  if (op === '<' || op === '>' || op === '<=' || op === '>=') {
    if (a.kind === 'str' && b.kind === 'str') return bool(compareOp(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    const x = toNumber(a);
    const y = toNumber(b);
    if (x === undefined || y === undefined) return unknown('comparison of values that are not numbers');
    if (Number.isNaN(x) || Number.isNaN(y)) return bool(false);
    return bool(compareOp(op, x < y ? -1 : x > y ? 1 : 0));
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return unknown(`\`${op}\` on values that are not numbers`);
  switch (op) {
    case '+':
      return num(x + y);
    case '-':
      return num(x - y);
    case '*':
      return num(x * y);
    case '/':
      return num(x / y);
    case '%':
      return num(x % y);
    case '**':
      return num(x ** y);
    case '|':
      return num(x | y);
    case '&':
      return num(x & y);
    case '^':
      return num(x ^ y);
    case '<<':
      return num(x << y);
    case '>>':
      return num(x >> y);
    case '>>>':
      return num(x >>> y);
    default:
      return unknown(`the operator \`${op}\` is not evaluated`);
  }
}

function compareOp(op: string, c: number): boolean {
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

/** `===` (strict) or `==` for primitives; objects compare by identity. */
export function jsEquals(a: PyValue, b: PyValue, strict: boolean): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
  if (a.kind === 'none' || b.kind === 'none') {
    if (a.kind === 'none' && b.kind === 'none') return strict ? a === b : true;
    return false;
  }
  if (isNumber(a) && isNumber(b)) return a.value === b.value;
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'bool' && b.kind === 'bool') return a.value === b.value;
  if (PRIMITIVE.has(a.kind) && PRIMITIVE.has(b.kind)) {
    if (strict) return false;
    const x = toNumber(a);
    const y = toNumber(b);
    return x !== undefined && y !== undefined ? x === y : undefined;
  }
  return a === b;
}

/** `typeof v`. */
export function jsTypeof(v: PyValue): string | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return 'number';
    case 'str':
      return 'string';
    case 'bool':
      return 'boolean';
    case 'none':
      return v === UNDEFINED ? 'undefined' : 'object';
    case 'function':
    case 'class':
    case 'method':
      return 'function';
    case 'unknown':
      return undefined;
    case 'ref':
      return undefined;
    default:
      return 'object';
  }
}

/** The value of a JS string literal's escape sequence (`\n`, `\x41`, `\u{1F600}`, a line continuation). */
export function unescapeJs(seq: string): string {
  const c = seq[1];
  switch (c) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '0':
      return seq.length === 2 ? '\0' : seq.slice(1);
    case 'x':
      return String.fromCharCode(parseInt(seq.slice(2), 16));
    case 'u': {
      const hex = seq[2] === '{' ? seq.slice(3, -1) : seq.slice(2);
      const code = parseInt(hex, 16);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    case '\n':
    case '\r':
      return '';
    default:
      return seq.slice(1);
  }
}

/** A JS numeric literal (`1e3`, `0x10`, `1_000`); BigInt literals are not sizes Model Lens follows. */
export function parseJsNumber(text: string): PyValue {
  if (text.endsWith('n')) return unknown('BigInt values are not evaluated');
  const clean = text.replace(/_/g, '');
  const lower = clean.toLowerCase();
  let n: number;
  if (/^0[0-7]+$/.test(clean)) n = parseInt(clean, 8);
  else if (lower.startsWith('0x') || lower.startsWith('0o') || lower.startsWith('0b')) n = Number(lower);
  else n = Number(clean);
  return Number.isNaN(n) ? unknown(`\`${text}\` is not a number`) : num(n);
}
