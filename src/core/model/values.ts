/**
 * The values the static evaluator tracks while it walks a Python file. Anything it cannot know becomes
 * `unknown` with the reason, so a `?` in the editor can always say why.
 */
import type { LayerInstance, ModelValue, SourceRange, TensorValue } from './graph';

export type PyValue =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'none' }
  | { readonly kind: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly kind: 'list'; items: PyValue[] }
  | { readonly kind: 'dict'; readonly entries: Map<string, PyValue> }
  | { readonly kind: 'unknown'; readonly reason: string }
  /** A dotted name from an import, e.g. `tensorflow.keras.layers.Dense` or `tensorflow.nn.relu`. */
  | { readonly kind: 'ref'; readonly path: string }
  | { readonly kind: 'layer'; readonly layer: LayerInstance }
  | { readonly kind: 'tensor'; readonly tensor: TensorValue }
  | { readonly kind: 'model'; readonly model: ModelValue }
  | { readonly kind: 'function'; readonly fn: FunctionValue }
  /** A method looked up on a value, e.g. `model.add`, `layers.append`, waiting to be called. */
  | { readonly kind: 'method'; readonly self: PyValue; readonly name: string }
  /** A class defined in the file. Instances of Keras `Model` subclasses are `model` values. */
  | { readonly kind: 'class'; readonly cls: ClassValue }
  /** A NumPy-like array whose shape is known (the Keras datasets' arrays, and what arithmetic keeps of them). */
  | { readonly kind: 'array'; readonly shape: readonly number[]; readonly dtype: string }
  | { readonly kind: 'object'; readonly obj: ObjectValue }
  /**
   * What a library factory the analysis does not model further returned, with the arguments it was given:
   * `tf.keras.optimizers.Adam(learning_rate=3e-4)`, `tf.train.adam(0.001)`, a loss or metric object.
   */
  | { readonly kind: 'call'; readonly path: string; readonly positional: readonly PyValue[]; readonly keywords: ReadonlyMap<string, PyValue> };

export interface ClassValue {
  readonly name: string;
  /** What it extends: a Keras model, a Keras layer, or anything else. */
  readonly base: 'model' | 'layer' | 'plain';
  readonly methods: ReadonlyMap<string, FunctionValue>;
  readonly attrs: Map<string, PyValue>;
  readonly range: SourceRange;
  /** The class of the file it extends, whose methods it inherits. */
  readonly parent?: ClassValue;
  /** The Keras layer it extends when that is a layer the registry knows (`Conv2D` for `class C(layers.Conv2D)`). */
  readonly kerasLayer?: string;
}

/** An instance: its own attributes (`self.x = ...`) over its class's. */
export interface ObjectValue {
  readonly cls: ClassValue;
  readonly attrs: Map<string, PyValue>;
}

/** A `def` in the file; its body is evaluated again at each call with the arguments bound. */
export interface FunctionValue {
  readonly name: string;
  /** Opaque to everything but the evaluator (a syntax node and its defining scope). */
  readonly node: unknown;
  readonly scope: unknown;
}

export const NONE: PyValue = { kind: 'none' };
export const int = (value: number): PyValue => ({ kind: 'int', value });
export const str = (value: string): PyValue => ({ kind: 'str', value });
export const unknown = (reason: string): PyValue => ({ kind: 'unknown', reason });

/** The start of the reason for a number too large to be a real size; such values get a diagnostic (the builder's `flagAbsurd`). */
export const TOO_LARGE = 'too large for any tensor: ';

/** An integer beyond 2^53, in either language: not a size any tensor can have. */
export const tooLarge = (written: string): PyValue => unknown(`${TOO_LARGE}${written}`);

/**
 * A dict's key as stored: a string as itself, an integer (or a bool or integral float, equal to it in Python) marked
 * so it never meets a string's (`{50: [...], 101: [...]}` of layer counts). Undefined: a key the analysis does not keep.
 */
export function dictKey(v: PyValue): string | undefined {
  if (v.kind === 'str') return v.value;
  if ((v.kind === 'int' || v.kind === 'float') && Number.isInteger(v.value)) return `${INT_KEY}${v.value}`;
  if (v.kind === 'bool') return `${INT_KEY}${v.value ? 1 : 0}`;
  return undefined;
}

/** The Python value of a stored dict key (see `dictKey`). */
export function keyValue(key: string): PyValue {
  return key.startsWith(INT_KEY) ? { kind: 'int', value: Number(key.slice(INT_KEY.length)) } : { kind: 'str', value: key };
}

const INT_KEY = '\u0000int:';

/** Python's repr, for messages and hover text. */
export function describe(v: PyValue): string {
  switch (v.kind) {
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
    case 'str':
      return `'${v.value}'`;
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'tuple':
      return v.items.length === 1 ? `(${describe(v.items[0])},)` : `(${v.items.map(describe).join(', ')})`;
    case 'list':
      return `[${v.items.map(describe).join(', ')}]`;
    case 'dict':
      return `{${[...v.entries].map(([k, x]) => `${describe(keyValue(k))}: ${describe(x)}`).join(', ')}}`;
    case 'unknown':
      return '?';
    case 'ref':
      return v.path;
    case 'layer':
      return `<${v.layer.className} ${v.layer.name}>`;
    case 'tensor':
      return '<tensor>';
    case 'model':
      return `<${v.model.name}>`;
    case 'function':
      return `<function ${v.fn.name}>`;
    case 'method':
      return `<method ${v.name}>`;
    case 'class':
      return `<class ${v.cls.name}>`;
    case 'array':
      return `<array shape=(${v.shape.join(', ')}) dtype=${v.dtype}>`;
    case 'object':
      return `<${v.obj.cls.name} object>`;
    case 'call': {
      const args = [...v.positional.map(describe), ...[...v.keywords].map(([k, x]) => `${k}=${describe(x)}`)];
      return `${v.path}(${args.join(', ')})`;
    }
  }
}

/** Python truthiness, or undefined when the value is not known statically. */
export function truthy(v: PyValue): boolean | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return v.items.length > 0;
    case 'dict':
      return v.entries.size > 0;
    case 'unknown':
      return undefined;
    default:
      return true;
  }
}
