/** Binding a call's arguments to a spec: positional by the spec's order, then keywords, then defaults. */
import { ShapeError } from '../model/errors';
import type { PyValue } from '../model/values';
import { LayerConfig, type DefaultValue, type LayerSpec } from './spec';

/** Arguments every Keras layer accepts; the evaluator reads them, specs need not list them. */
export const COMMON_ARGS: ReadonlySet<string> = new Set([
  'name', 'trainable', 'dtype', 'autocast', 'input_shape', 'batch_input_shape', 'batch_size', 'input_dim',
  'activity_regularizer', 'weights', 'input_length',
]);

export function fromDefault(d: DefaultValue, float = false): PyValue {
  if (d === null) return { kind: 'none' };
  if (typeof d === 'string') return { kind: 'str', value: d };
  if (typeof d === 'boolean') return { kind: 'bool', value: d };
  if (typeof d === 'number') return float || !Number.isInteger(d) ? { kind: 'float', value: d } : { kind: 'int', value: d };
  return { kind: 'tuple', items: d.map((x) => fromDefault(x)) };
}

/** A plain JS value as the Python value it stands for (tests and defaults): arrays become tuples. */
export function fromJs(v: unknown): PyValue {
  if (v === null || v === undefined) return { kind: 'none' };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'int', value: v } : { kind: 'float', value: v };
  if (typeof v === 'string') return { kind: 'str', value: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (Array.isArray(v)) return { kind: 'tuple', items: v.map(fromJs) };
  if (typeof v === 'object' && 'kind' in v) return v as PyValue;
  throw new Error(`cannot convert ${String(v)} to a Python value`);
}

export interface BoundArgs {
  readonly config: LayerConfig;
  /** Values of the common arguments (name, input_shape, ...), when given. */
  readonly common: ReadonlyMap<string, PyValue>;
}

/**
 * Throws ShapeError for what Python itself would reject: too many positional arguments, an unexpected
 * keyword, a required argument missing.
 */
interface SpecFacts {
  readonly positionalCount: number;
  readonly known: ReadonlySet<string>;
  /** Default values are immutable (tuples, never lists), so one copy serves every layer. */
  readonly defaults: ReadonlyMap<string, PyValue>;
}

// Binding runs for every layer on every keystroke: work out each spec's facts once.
const factsCache = new WeakMap<LayerSpec, SpecFacts>();

function specFacts(spec: LayerSpec): SpecFacts {
  let facts = factsCache.get(spec);
  if (!facts) {
    const defaults = new Map<string, PyValue>();
    for (const a of spec.args) if (a.default !== undefined) defaults.set(a.name, fromDefault(a.default, a.float));
    facts = { positionalCount: spec.args.filter((a) => !a.keywordOnly).length, known: new Set(spec.args.map((a) => a.name)), defaults };
    factsCache.set(spec, facts);
  }
  return facts;
}

export function bindArgs(spec: LayerSpec, positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): BoundArgs {
  const values = new Map<string, PyValue>();
  const given = new Set<string>();
  const common = new Map<string, PyValue>();
  const { positionalCount, known, defaults } = specFacts(spec);
  if (positional.length > positionalCount) {
    throw new ShapeError(`${spec.className}() takes ${positionalCount} positional arguments but ${positional.length} were given`);
  }
  positional.forEach((v, i) => {
    values.set(spec.args[i].name, v);
    given.add(spec.args[i].name);
  });
  for (const [k, v] of keywords) {
    if (known.has(k)) {
      if (given.has(k)) throw new ShapeError(`${spec.className}() got multiple values for argument '${k}'`);
      values.set(k, v);
      given.add(k);
    } else if (COMMON_ARGS.has(k)) {
      common.set(k, v);
    } else {
      throw new ShapeError(`Unrecognized keyword arguments passed to ${spec.className}: {'${k}': ...}`);
    }
  }
  for (const a of spec.args) {
    if (values.has(a.name)) continue;
    if (a.default === undefined) {
      throw new ShapeError(`${spec.className}.__init__() missing 1 required positional argument: '${a.name}'`);
    }
    values.set(a.name, defaults.get(a.name)!);
  }
  return { config: new LayerConfig(spec.className, values, given), common };
}

/** For tests and tools: a spec's config from plain JS keyword values. */
export function configFrom(spec: LayerSpec, kwargs: Record<string, unknown> = {}, positional: unknown[] = []): LayerConfig {
  const kw = new Map(Object.entries(kwargs).map(([k, v]) => [k, fromJs(v)] as const));
  return bindArgs(spec, positional.map(fromJs), kw).config;
}
