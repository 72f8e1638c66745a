/**
 * `keras.applications` models (`VGG19()`, `ResNet50(include_top=False, pooling='avg')`, ...) built from the configs
 * real Keras generated (scripts/gen-applications.py → media/keras-applications.json.gz): the include_top=False
 * architecture plus, as generated, what include_top / pooling add after it; `classes` set where Keras puts it;
 * `input_shape` given to the Input and every shape re-inferred by the layer specs. Arguments that build another
 * architecture (MobileNet's `alpha`, an `input_tensor`) give `?` with the reason.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ModelGraphBuilder } from '../model/builder';
import type { SourceRange } from '../model/graph';
import type { Shape } from '../model/shape';
import { describe, unknown, type PyValue } from '../model/values';
import { isObject, type JsonObject } from './config-values';
import { autoPrefix, isOperation, modelFromConfig } from './from-config';

interface Tail {
  readonly layers: readonly unknown[];
  readonly output_layers: unknown;
}

/** One application as the generator stored it. */
interface ApplicationEntry {
  /** Public submodules that export it (`resnet50`, `resnet`). */
  readonly modules: readonly string[];
  readonly minSize: number;
  /** The input shape include_top=True uses when none is given (without the batch). */
  readonly defaultShape: readonly (number | null)[];
  readonly base: JsonObject;
  readonly tails: Readonly<Record<string, Tail>>;
  readonly whole: Readonly<Record<string, JsonObject>>;
  readonly autoNamed: readonly string[];
  /** Paths (layer name, then keys) of the values that are `classes` in the include_top config. */
  readonly classesPaths: readonly (readonly (string | number)[])[];
  readonly classesSupported: boolean;
  /** The function's parameters in order, with their defaults. */
  readonly params: readonly (readonly [string, unknown])[];
}

interface ApplicationsFile {
  readonly keras_version: string;
  readonly apps: Readonly<Record<string, ApplicationEntry>>;
}

const DATA_FILE = 'keras-applications.json.gz';

let loaded: ApplicationsFile | null | undefined;

/** The generated configs, read once; null when the data file is missing (a build without media/). */
function applications(): ApplicationsFile | null {
  if (loaded !== undefined) return loaded;
  loaded = null;
  // From src/core/config (tests, tsx) or from dist/ (the bundles).
  for (const dir of [join(__dirname, '..', '..', '..', 'media'), join(__dirname, '..', 'media')]) {
    const file = join(dir, DATA_FILE);
    if (!existsSync(file)) continue;
    try {
      loaded = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as ApplicationsFile;
    } catch {
      loaded = null;
    }
    break;
  }
  return loaded;
}

/**
 * The application a `keras.applications` path names (`applications.ResNet50`, `applications.resnet50.ResNet50`;
 * the path after `keras.`), if it is one of the generated ones.
 */
export function applicationNamed(subpath: readonly string[]): string | undefined {
  if (subpath[0] !== 'applications' || (subpath.length !== 2 && subpath.length !== 3)) return undefined;
  const name = subpath[subpath.length - 1];
  const entry = applications()?.apps[name];
  if (!entry || !Object.hasOwn(applications()!.apps, name)) return undefined;
  return subpath.length === 2 || entry.modules.includes(subpath[1]) ? name : undefined;
}

/** Arguments that change nothing Model Lens shows (the weights loaded, the classifier's activation, the model's name is read). */
const FOLLOWED = new Set(['include_top', 'weights', 'input_shape', 'pooling', 'classes', 'classifier_activation', 'name']);

/** Modules whose ZeroPadding2D layers Keras sizes by the input's parity (`imagenet_utils.correct_pad`). */
const PARITY_PADDED = new Set(['efficientnet', 'mobilenet_v2', 'mobilenet_v3', 'nasnet']);

/** Builds an application called with these arguments: the model, or `?` with why, or the error Keras raises. */
export function buildApplication(graph: ModelGraphBuilder, app: string, positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>, range: SourceRange): PyValue {
  const entry = applications()?.apps[app];
  if (!entry) return unknown(`the architecture of ${app} is not available (media/${DATA_FILE} is missing)`);
  const args = new Map<string, PyValue>();
  for (const [i, v] of positional.entries()) {
    const param = entry.params[i];
    if (!param) return unknown(`${app}() takes ${entry.params.length} arguments; ${positional.length} given`);
    args.set(param[0], v);
  }
  for (const [k, v] of keywords) {
    if (!entry.params.some(([p]) => p === k)) return raise(graph, range, `TypeError: ${app}() got an unexpected keyword argument '${k}'`);
    args.set(k, v);
  }
  for (const [k, v] of args) {
    if (FOLLOWED.has(k)) continue;
    const def = entry.params.find(([p]) => p === k)?.[1];
    if (!isDefault(v, def)) return unknown(`${app}(${k}=${describe(v)}) builds an architecture Model Lens has no config for (only the defaults are generated)`);
  }
  const includeTop = flag(args.get('include_top'), true);
  const pooling = args.get('pooling') ?? { kind: 'none' };
  const classes = args.get('classes') ?? { kind: 'int', value: 1000 };
  const weights = args.get('weights') ?? { kind: 'str', value: 'imagenet' };
  const shapeArg = args.get('input_shape') ?? { kind: 'none' };
  if (includeTop === undefined) return unknown(`include_top is ${describe(args.get('include_top')!)}`);
  if (pooling.kind !== 'none' && !(pooling.kind === 'str' && (pooling.value === 'avg' || pooling.value === 'max'))) {
    return pooling.kind === 'unknown' ? unknown(`pooling: ${pooling.reason}`) : unknown(`pooling=${describe(pooling)} (Keras adds no pooling for it)`);
  }
  if (classes.kind !== 'int') return unknown(`classes is ${classes.kind === 'unknown' ? classes.reason : describe(classes)}`);
  if (weights.kind === 'unknown') return unknown(`weights: ${weights.reason}`);
  const imagenet = weights.kind === 'str' && weights.value === 'imagenet';
  if (imagenet && includeTop && classes.value !== 1000) {
    return raise(graph, range, `ValueError: If using \`weights="imagenet"\` with \`include_top=True\`, \`classes\` should be 1000. Received classes=${classes.value}`);
  }
  const shape = inputShape(entry, shapeArg, includeTop, imagenet);
  if (typeof shape === 'string') return shape.startsWith('ValueError') ? raise(graph, range, shape) : unknown(shape);
  const variant = includeTop ? 'top' : pooling.kind === 'str' ? pooling.value : 'base';
  let config = variant === 'base' ? entry.base : entry.whole[variant] ?? withTail(entry.base, entry.tails[variant]);
  if (!config) return unknown(`the ${variant} variant of ${app} was not generated`);
  if (includeTop && classes.value !== 1000) {
    if (!entry.classesSupported) return unknown(`${app}(classes=${classes.value}) changes more than the classifier's size; only classes=1000 is generated`);
    config = withClasses(config, entry.classesPaths, classes.value);
  }
  const nameArg = args.get('name');
  if (nameArg?.kind === 'str') config = { ...config, config: { ...(config.config as JsonObject), name: nameArg.value } };
  const parity = entry.modules.some((m) => PARITY_PADDED.has(m));
  const made = modelFromConfig(graph, config, {
    range,
    // `layers.Input(shape=input_shape)`: named from the file's counter, unless the application names it.
    autoInputNames: /^input_layer(_\d+)?$/.test(String(((entry.base.config as JsonObject).layers as JsonObject[])[0]?.name)),
    inputShape: [null, ...shape],
    autoNamed: new Set(entry.autoNamed),
    rename: fileNames(graph, config, new Set(entry.autoNamed)),
    adjustLayer: parity ? correctPad : undefined,
  });
  return 'model' in made ? { kind: 'model', model: made.model } : unknown(made.reason);
}

/**
 * Layers Keras named from its counters (`activation_3`) take the file's next names for that counter, in the
 * order Keras numbered them (not the config's order, which NASNet shuffles): the fresh build's `activation_k` is
 * the k-th name the file's counter gives from here.
 */
function fileNames(graph: ModelGraphBuilder, config: JsonObject, auto: ReadonlySet<string>): Map<string, string> {
  const byPrefix = new Map<string, { name: string; k: number }[]>();
  for (const layer of ((config.config as JsonObject).layers as unknown[]).filter(isObject)) {
    const name = layer.name;
    if (typeof name !== 'string' || !auto.has(name) || isOperation(layer)) continue;
    const prefix = autoPrefix(name);
    const k = name === prefix ? 0 : Number(name.slice(prefix.length + 1));
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), { name, k }]);
  }
  const names = new Map<string, string>();
  for (const [prefix, layers] of byPrefix) for (const { name } of layers.sort((a, b) => a.k - b.k)) names.set(name, graph.uniqueName(prefix));
  return names;
}

function raise(graph: ModelGraphBuilder, range: SourceRange, message: string): PyValue {
  graph.error(range, message);
  return unknown(message);
}

function flag(v: PyValue | undefined, def: boolean): boolean | undefined {
  if (v === undefined) return def;
  if (v.kind === 'bool') return v.value;
  if (v.kind === 'int') return v.value !== 0;
  return undefined;
}

function isDefault(v: PyValue, def: unknown): boolean {
  if (def === null) return v.kind === 'none';
  if (typeof def === 'boolean') return v.kind === 'bool' && v.value === def;
  if (typeof def === 'number') return (v.kind === 'int' || v.kind === 'float') && v.value === def;
  if (typeof def === 'string') return v.kind === 'str' && v.value === def;
  return false;
}

/**
 * Keras's `imagenet_utils.obtain_input_shape`: the given shape (3 dims, at least `minSize` where known), else the
 * default size with include_top, else (None, None, 3). A string is why not: a ValueError Keras raises, or `?`.
 */
function inputShape(entry: ApplicationEntry, arg: PyValue, includeTop: boolean, imagenet: boolean): (number | null)[] | string {
  const defaultShape = [...entry.defaultShape];
  if (arg.kind === 'none') return includeTop ? defaultShape : [null, null, 3];
  if (arg.kind === 'unknown') return `input_shape: ${arg.reason}`;
  if (arg.kind !== 'tuple' && arg.kind !== 'list') return `input_shape is ${describe(arg)}`;
  const dims: (number | null)[] = [];
  for (const item of arg.items) {
    if (item.kind === 'unknown') return `input_shape: ${item.reason}`;
    if (item.kind === 'none') dims.push(null);
    else if (item.kind === 'int') dims.push(item.value);
    else return `input_shape is ${describe(arg)}`;
  }
  if (imagenet && includeTop && dims.join() !== defaultShape.join()) {
    return `ValueError: When setting \`include_top=True\` and loading \`imagenet\` weights, \`input_shape\` should be (${defaultShape.join(', ')}).  Received: input_shape=(${dims.map((d) => (d === null ? 'None' : d)).join(', ')})`;
  }
  if (dims.length !== 3) return `ValueError: \`input_shape\` must be a tuple of three integers.`;
  if (imagenet && dims[2] !== 3) return `ValueError: The input must have 3 channels; Received \`input_shape=(${dims.map((d) => (d === null ? 'None' : d)).join(', ')})\``;
  if ((dims[0] !== null && dims[0] < entry.minSize) || (dims[1] !== null && dims[1] < entry.minSize)) {
    return `ValueError: Input size must be at least ${entry.minSize}x${entry.minSize}; Received: input_shape=(${dims.map((d) => (d === null ? 'None' : d)).join(', ')})`;
  }
  if (includeTop && dims.some((d) => d === null)) return `ValueError: If \`include_top\` is True, you should specify a static \`input_shape\`.`;
  return dims;
}

/** The base config with a tail's layers after it and the tail's outputs. */
function withTail(base: JsonObject, tail: Tail | undefined): JsonObject | undefined {
  if (!tail) return undefined;
  const config = base.config as JsonObject;
  return { ...base, config: { ...config, layers: [...(config.layers as unknown[]), ...tail.layers], output_layers: tail.output_layers } };
}

/** The config with `classes` written where Keras writes it (the predictions' units, MobileNet's logits' filters). */
function withClasses(config: JsonObject, paths: ApplicationEntry['classesPaths'], classes: number): JsonObject {
  const own = config.config as JsonObject;
  const layers = (own.layers as unknown[]).map((layer) => {
    const mine = paths.filter((p) => isObject(layer) && p[0] === layer.name);
    if (!mine.length) return layer;
    const copy = structuredClone(layer) as Record<string, unknown>;
    for (const path of mine) {
      let at: Record<string, unknown> = copy;
      for (const key of path.slice(1, -1)) at = at[key] as Record<string, unknown>;
      at[path[path.length - 1]] = classes;
    }
    return copy;
  });
  return { ...config, config: { ...own, layers } };
}

/**
 * `imagenet_utils.correct_pad`: Keras pads before a strided convolution by the parity of the input it sees, and the
 * config stored was built on (None, None, 3), where it takes the even case. Rewritten from the shape seen here.
 */
function correctPad(node: JsonObject, inputs: readonly (Shape | null)[]): JsonObject | undefined {
  if (node.class_name !== 'ZeroPadding2D' || !isObject(node.config)) return undefined;
  const name = node.config.name;
  // An automatically named ZeroPadding2D is a fixed one (NASNet's ((0, 1), (0, 1)) before a crop).
  if (typeof name !== 'string' || autoPrefix(name) === 'zero_padding2d') return undefined;
  const padding = node.config.padding;
  const shape = inputs[0];
  if (!shape || shape.length !== 4 || !Array.isArray(padding) || padding.length !== 2 || !padding.every((p) => Array.isArray(p) && p.length === 2)) return undefined;
  const [h, w] = [shape[1], shape[2]];
  const adjust = h === null ? [1, 1] : [1 - (h % 2), w === null ? 1 : 1 - (w % 2)];
  const correct = (padding as number[][]).map((p) => p[1]);
  return { ...node, config: { ...node.config, padding: [[correct[0] - adjust[0], correct[0]], [correct[1] - adjust[1], correct[1]]] } };
}
