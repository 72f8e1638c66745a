/**
 * Argument values the designer can write and the rules a value must satisfy. Imports nothing: the webview
 * bundles this file to refuse bad input in the form, and the host checks every value again with the same rules
 * before it touches the source (src/core/designer/edits/python-text.ts spells the value in Python).
 */

/** How a form field reads and writes an argument. */
export type ArgKind =
  /** A whole number (units, filters, seed). */
  | 'int'
  /** A number (rate, momentum, epsilon). */
  | 'float'
  | 'bool'
  /** Free text written as a Python string (initializer names, layer name). */
  | 'str'
  /** One of `options` (padding, data_format), written as a string; `None` as an option means None. */
  | 'choice'
  /** A Keras activation by name; written in the file's own style (`'relu'` or `tf.nn.relu`). */
  | 'activation'
  /** An int or a tuple of ints (kernel_size, strides, pool_size; target_shape with `tupleOnly`). */
  | 'ints';

export interface ArgRule {
  readonly name: string;
  readonly kind: ArgKind;
  /** Inclusive lower bound for numbers (and for each int of `ints`). */
  readonly min?: number;
  /** Upper bound for numbers; exclusive when `maxExclusive`. */
  readonly max?: number;
  readonly maxExclusive?: boolean;
  /** `ints`: how many ints a tuple holds (2 for Conv2D's kernel_size); undefined: any number. */
  readonly length?: number;
  /** `ints`: always a tuple, never a bare int (target_shape, input_shape). */
  readonly tupleOnly?: boolean;
  /** `choice` / `activation`: the values offered. */
  readonly options?: readonly string[];
  /** Empty input means `None`. */
  readonly nullable?: boolean;
  /** `str`: the empty string is refused. */
  readonly nonEmpty?: boolean;
}

/** A value to write, typed; the host turns it into Python text. */
export type ArgValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'tuple'; readonly items: readonly number[] }
  | { readonly kind: 'activation'; readonly name: string };

export type Parsed = { readonly ok: true; readonly value: ArgValue } | { readonly ok: false; readonly error: string };

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function bounds(rule: ArgRule, n: number, what: string): string | undefined {
  const { min, max } = rule;
  if (min !== undefined && n < min) {
    if (min === 1 && what === 'a whole number') return `${rule.name} must be a positive whole number (1 or more); got ${n}.`;
    return `${rule.name} must be ${min} or more; got ${n}.`;
  }
  if (max !== undefined && (rule.maxExclusive ? n >= max : n > max)) {
    return `${rule.name} must be ${rule.maxExclusive ? 'below' : 'at most'} ${max}; got ${n}.`;
  }
  return undefined;
}

/** Reads what a person typed (or ticked) into a field. */
export function parseArgInput(rule: ArgRule, input: string | boolean): Parsed {
  const fail = (error: string): Parsed => ({ ok: false, error });
  if (rule.kind === 'bool') {
    if (typeof input === 'boolean') return { ok: true, value: { kind: 'bool', value: input } };
    if (input === 'True' || input === 'true') return { ok: true, value: { kind: 'bool', value: true } };
    if (input === 'False' || input === 'false') return { ok: true, value: { kind: 'bool', value: false } };
    return fail(`${rule.name} must be True or False.`);
  }
  const text = String(input).trim();
  if (rule.kind !== 'str' && (text === '' || text === 'None')) {
    return rule.nullable ? { ok: true, value: { kind: 'none' } } : fail(`${rule.name} needs a value.`);
  }
  switch (rule.kind) {
    case 'int': {
      if (!INT.test(text)) return fail(`${rule.name} must be a whole number; “${text}” is not one.`);
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return fail(`${rule.name} is too large.`);
      const bad = bounds(rule, n, 'a whole number');
      return bad ? fail(bad) : { ok: true, value: { kind: 'int', value: n } };
    }
    case 'float': {
      if (!FLOAT.test(text)) return fail(`${rule.name} must be a number; “${text}” is not one.`);
      const n = Number(text);
      if (!Number.isFinite(n)) return fail(`${rule.name} must be a finite number.`);
      const bad = bounds(rule, n, 'a number');
      return bad ? fail(bad) : { ok: true, value: { kind: 'float', value: n } };
    }
    case 'str':
      if (rule.nullable && text === '') return { ok: true, value: { kind: 'none' } };
      if (rule.nonEmpty && text === '') return fail(`${rule.name} cannot be empty.`);
      return { ok: true, value: { kind: 'str', value: String(input) } };
    case 'choice':
      if (!rule.options?.includes(text)) return fail(`${rule.name} must be one of ${(rule.options ?? []).join(', ')}.`);
      return { ok: true, value: { kind: 'str', value: text } };
    case 'activation':
      if (!rule.options?.includes(text)) return fail(`${text} is not a Keras activation.`);
      return { ok: true, value: { kind: 'activation', name: text } };
    case 'ints': {
      const inner = text.replace(/^[([]\s*/, '').replace(/\s*[)\]]$/, '');
      const parts = inner.split(',').map((p) => p.trim());
      if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
      const bracketed = /^[([]/.test(text);
      if (parts.length === 0 || parts.some((p) => !INT.test(p))) {
        return fail(`${rule.name} must be ${rule.tupleOnly ? 'whole numbers separated by commas' : 'a whole number or whole numbers separated by commas'}, like ${example(rule)}.`);
      }
      const items = parts.map(Number);
      for (const n of items) {
        const bad = bounds(rule, n, 'a whole number');
        if (bad) return fail(bad);
      }
      if (rule.length !== undefined && items.length !== 1 && items.length !== rule.length) {
        return fail(`${rule.name} takes ${rule.length} numbers (or one for all); got ${items.length}.`);
      }
      if (rule.length !== undefined && items.length === 1 && rule.length !== 1 && bracketed) {
        return fail(`${rule.name} takes ${rule.length} numbers (or one for all, without brackets).`);
      }
      if (!rule.tupleOnly && items.length === 1 && !bracketed) return { ok: true, value: { kind: 'int', value: items[0] } };
      return { ok: true, value: { kind: 'tuple', items } };
    }
  }
}

function example(rule: ArgRule): string {
  if (rule.tupleOnly) return '7, 7, 64';
  return rule.length && rule.length > 1 ? `3 or ${Array<string>(rule.length).fill('3').join(', ')}` : '3';
}

/** Checks a typed value against a rule (the host's second look at what the webview sent); undefined if fine. */
export function checkArgValue(rule: ArgRule, value: ArgValue): string | undefined {
  switch (value.kind) {
    case 'none':
      return rule.nullable ? undefined : `${rule.name} cannot be None.`;
    case 'bool':
      return rule.kind === 'bool' ? undefined : `${rule.name} does not take True/False.`;
    case 'int':
      if (rule.kind === 'float') return checkNumber(rule, value.value, 'float');
      if (rule.kind === 'ints' && rule.tupleOnly) return `${rule.name} must be a tuple.`;
      if (rule.kind !== 'int' && rule.kind !== 'ints') return `${rule.name} does not take a whole number.`;
      return checkNumber(rule, value.value, 'int');
    case 'float':
      return rule.kind === 'float' ? checkNumber(rule, value.value, 'float') : `${rule.name} does not take a decimal number.`;
    case 'str':
      if (rule.kind === 'str') return rule.nonEmpty && value.value.trim() === '' ? `${rule.name} cannot be empty.` : undefined;
      if (rule.kind === 'choice') return rule.options?.includes(value.value) ? undefined : `${rule.name} must be one of ${(rule.options ?? []).join(', ')}.`;
      return `${rule.name} does not take text.`;
    case 'activation':
      return rule.kind === 'activation' && rule.options?.includes(value.name) ? undefined : `${value.name} is not a Keras activation.`;
    case 'tuple': {
      if (rule.kind !== 'ints') return `${rule.name} does not take a tuple.`;
      if (value.items.length === 0) return `${rule.name} needs at least one number.`;
      if (rule.length !== undefined && value.items.length !== rule.length) return `${rule.name} takes ${rule.length} numbers.`;
      for (const n of value.items) {
        const bad = checkNumber(rule, n, 'int');
        if (bad) return bad;
      }
      return undefined;
    }
  }
}

function checkNumber(rule: ArgRule, n: number, type: 'int' | 'float'): string | undefined {
  if (typeof n !== 'number' || !Number.isFinite(n)) return `${rule.name} must be a finite number.`;
  if (type === 'int' && !Number.isSafeInteger(n)) return `${rule.name} must be a whole number.`;
  return bounds(rule, n, type === 'int' ? 'a whole number' : 'a number');
}

/** Python's repr of a float: always a decimal point or an exponent, exponents with two digits. */
export function pythonFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** The text a field shows for a value. */
export function inputText(value: ArgValue): string {
  switch (value.kind) {
    case 'int':
      return String(value.value);
    case 'float':
      return pythonFloat(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'none':
      return '';
    case 'str':
      return value.value;
    case 'tuple':
      return value.items.length === 1 ? `(${value.items[0]},)` : value.items.join(', ');
    case 'activation':
      return value.name;
  }
}

export function sameValue(a: ArgValue, b: ArgValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
