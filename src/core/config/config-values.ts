/**
 * The values of a Keras config (the JSON `model.to_json()`, a `.keras` file's config.json, an `.h5` file's
 * `model_config`, TF.js's `modelTopology`) as the analyzer's values: lists as tuples, Keras 3's serialized
 * objects (`{"class_name": "DTypePolicy", "config": {...}}`) as what a layer's spec reads of them.
 */
import type { Shape } from '../model/shape';
import type { PyValue } from '../model/values';

/** A JSON object: the shape every config node has. */
export type JsonObject = { readonly [key: string]: unknown };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A serialized Keras object's class (`Dense`, `GlorotUniform`), if the node is one. */
export function classOf(v: unknown): string | undefined {
  return isObject(v) && typeof v.class_name === 'string' ? v.class_name : undefined;
}

/** A serialized object's own config: an object, or an empty one when absent or malformed. */
export function configOf(v: JsonObject): JsonObject {
  return isObject(v.config) ? v.config : {};
}

/**
 * A JSON value as the Python value Keras would have passed to the constructor. `nested` makes the value of a key
 * that holds a layer (a wrapper's `layer`); every other serialized object becomes a call record, which specs
 * only read for its class (an initializer, a regularizer).
 */
export function toPyValue(v: unknown, depth = 0): PyValue {
  if (depth > 64) return { kind: 'unknown', reason: 'the config nests too deeply' };
  if (v === null || v === undefined) return { kind: 'none' };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map((x) => toPyValue(x, depth + 1)) };
  if (!isObject(v)) return { kind: 'unknown', reason: 'a value the config cannot hold' };
  const cls = classOf(v);
  const config = v.config;
  if (cls === '__tuple__' && isObject(config)) return toPyValue(config.value, depth + 1);
  // Keras 3 writes a dtype as a DTypePolicy; its name is what Keras 2 wrote.
  if ((cls === 'DTypePolicy' || cls === 'Policy') && isObject(config)) return toPyValue(config.name, depth + 1);
  // A function (an activation Keras 3 could not name as a string) is serialized with its name as the config.
  if (cls === 'function' && typeof config === 'string') return { kind: 'str', value: config };
  if (cls !== undefined) {
    const keywords = new Map(Object.entries(isObject(config) ? config : {}).map(([k, x]) => [k, toPyValue(x, depth + 1)] as const));
    return { kind: 'call', path: cls, positional: [], keywords };
  }
  return { kind: 'dict', entries: new Map(Object.entries(v).map(([k, x]) => [k, toPyValue(x, depth + 1)] as const)) };
}

/** A shape as written in a config (`[null, 28, 28, 1]`), or null when it is not one. */
export function toShape(v: unknown): Shape | null {
  const value = isObject(v) && classOf(v) === '__tuple__' && isObject(v.config) ? v.config.value : v;
  if (!Array.isArray(value)) return null;
  const dims = value.map((d) => (d === null ? null : Number.isInteger(d) && (d as number) >= 0 ? (d as number) : undefined));
  return dims.every((d) => d !== undefined) ? (dims as Shape) : null;
}
