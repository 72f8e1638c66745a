/**
 * Keras calls that make a model from a config: `keras.applications.*` (generated configs), `model_from_json(s)`,
 * `model_from_config(cfg)`, `Model.from_config(cfg)` / `Sequential.from_config(cfg)`. A config is a literal
 * (a JSON string, a dict) or `m.get_config()` / `m.to_json()` of a model in the file, which Keras rebuilds layer
 * by layer from its config, names included: a clone.
 */
import { applicationNamed, buildApplication } from '../config/applications';
import { modelFromConfig } from '../config/from-config';
import type { ModelGraphBuilder } from '../model/builder';
import type { ModelValue, SourceRange } from '../model/graph';
import { describe, unknown, type PyValue } from '../model/values';
import { kerasSubpath } from './keras-symbols';

const FROM_CONFIG = new Set(['Model.from_config', 'Functional.from_config', 'Sequential.from_config', 'models.Model.from_config', 'models.Sequential.from_config', 'models.model_from_json']);

/** What `m.get_config()` / `m.to_json()` give: the model's config, kept as the model it describes. */
export function modelConfigValue(model: ModelValue, method: 'get_config' | 'to_json'): PyValue {
  return { kind: 'call', path: `model.${method}`, positional: [{ kind: 'model', model }], keywords: new Map() };
}

/** The model a config call makes, or undefined when `path` is not one of these calls. */
export function configCall(graph: ModelGraphBuilder, path: string, positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>, range: SourceRange): PyValue | undefined {
  const sub = kerasSubpath(path);
  if (!sub) return undefined;
  const app = applicationNamed(sub);
  if (app) return buildApplication(graph, app, positional, keywords, range);
  const called = sub.join('.');
  if (!FROM_CONFIG.has(called)) return undefined;
  const arg = positional[0] ?? keywords.get(called.endsWith('json') ? 'json_string' : 'config');
  if (!arg) return unknown(`${called}() needs a config`);
  if (arg.kind === 'call' && (arg.path === 'model.get_config' || arg.path === 'model.to_json')) {
    const original = arg.positional[0];
    if (original?.kind !== 'model') return unknown('the config of something that is not a model');
    const sequentialTarget = called.includes('Sequential');
    if (!called.endsWith('json') && sequentialTarget !== (original.model.kind === 'sequential')) {
      // Keras 3 reads a Sequential's config ({"name", "layers"}) as a functional one's arguments, and back.
      return sequentialTarget ? unknown("Sequential.from_config() of a functional model's config is not followed") : raise(graph, range, `ValueError: Unrecognized keyword arguments passed to Model: {'layers': ...} (${called}() takes a functional model's config; this is a Sequential's: use keras.Sequential.from_config)`);
    }
    const copy = graph.cloneModel(original.model, range);
    return copy ? { kind: 'model', model: copy } : unknown('from_config() of a subclassed model (Keras needs its class)');
  }
  let json: unknown;
  if (arg.kind === 'str') {
    try {
      json = JSON.parse(arg.value);
    } catch (e) {
      return unknown(`the JSON string is not valid JSON (${(e as Error).message})`);
    }
  } else {
    json = toJson(arg, 0);
    if (json === undefined) return unknown(arg.kind === 'unknown' ? arg.reason : `the config is ${describe(arg)}, not one Model Lens can read`);
  }
  // Keras 3 finds a model class by its module: a config without one (as tf.keras 2 wrote) does not load.
  if (called.endsWith('json') && typeof json === 'object' && json !== null && !('module' in json) && 'class_name' in json) {
    return raise(graph, range, `TypeError: Could not locate class '${String((json as { class_name: unknown }).class_name)}' (Keras 3 needs the "module" that its own to_json() writes)`);
  }
  // Model.from_config takes the inner config ({"name", "layers", ...}); model_from_json and model_from_config the
  // serialized model ({"class_name", "config"}).
  const wrapped = isBareConfig(json) ? { class_name: called.includes('Sequential') ? 'Sequential' : 'Functional', config: json } : json;
  const made = modelFromConfig(graph, wrapped, { range });
  return 'model' in made ? { kind: 'model', model: made.model } : unknown(made.reason);
}

function raise(graph: ModelGraphBuilder, range: SourceRange, message: string): PyValue {
  graph.error(range, message);
  return unknown(message);
}

function isBareConfig(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && !('class_name' in json) && 'layers' in json;
}

/** A Python literal as JSON: dicts, lists, tuples, strings, numbers, booleans, None; undefined for anything else. */
function toJson(v: PyValue, depth: number): unknown {
  if (depth > 64) return undefined;
  switch (v.kind) {
    case 'none':
      return null;
    case 'int':
    case 'float':
    case 'str':
    case 'bool':
      return v.value;
    case 'tuple':
    case 'list': {
      const items = v.items.map((x) => toJson(x, depth + 1));
      return items.includes(undefined) ? undefined : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of v.entries) {
        const j = toJson(x, depth + 1);
        if (j === undefined) return undefined;
        out[k] = j;
      }
      return out;
    }
    default:
      return undefined;
  }
}
