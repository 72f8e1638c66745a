/**
 * Builds the analyzer's graph from a Keras model config, the JSON Keras itself writes: Sequential and Functional
 * (Keras 3's `inbound_nodes` of `{args, kwargs}` and Keras 2's / TF.js's lists of `[layer, node, tensor, kwargs]`),
 * models nested as layers. Each layer comes from the registry by its class name, its config keys bound to the
 * spec's arguments; a class the registry does not know, or a key it cannot place, makes that layer `?` with why.
 */
import { bindArgs, COMMON_ARGS } from '../layers/bind';
import { findConfigLayerSpec } from '../layers/catalogue';
import type { LayerSpec } from '../layers/spec';
import type { ModelGraphBuilder } from '../model/builder';
import { ShapeError } from '../model/errors';
import type { LayerInstance, ModelValue, SourceRange, TensorValue } from '../model/graph';
import type { Shape } from '../model/shape';
import { unknown, type PyValue } from '../model/values';
import { classOf, configOf, isObject, toPyValue, toShape, type JsonObject } from './config-values';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);

/**
 * Config keys that change neither shapes nor weights and that some Keras versions write while the registry's
 * Keras 3 specs do not list them (Keras 2's `implementation`, TF.js's `sparse`): read past, not reported.
 */
const NEUTRAL_KEYS = new Set(['name', 'trainable', 'dtype', 'batch_shape', 'batch_input_shape', 'input_shape', 'sparse', 'ragged', 'optional', 'implementation', 'autocast', 'synchronized', 'build_config']);

export interface ConfigBuildOptions {
  /** Where the models and layers are said to be made (the `from_config` call; the start of a saved file). */
  readonly range: SourceRange;
  /**
   * InputLayers take automatic names from the file's counters rather than the config's (a `keras.applications`
   * function makes its Input with `layers.Input(shape)`, so it is `input_layer_2` after two other Inputs).
   */
  readonly autoInputNames?: boolean;
  /** Replaces the batch shape of the config's InputLayers (an applications model's `input_shape=`). */
  readonly inputShape?: Shape;
  /**
   * tf.keras 2 numbers the nodes of a nested model that has its own Input from 1 (node 0 is the one its Input made,
   * `_should_skip_first_node`); tfjs-layers numbers them from 0. Keras 3's format numbers every layer from 0.
   */
  readonly legacyNestedFrom1?: boolean;
  /** Rewrites a layer's config node from the shapes it is first called on (an application's `correct_pad`). */
  readonly adjustLayer?: (node: JsonObject, inputs: readonly (Shape | null)[]) => JsonObject | undefined;
  /** Whether models nested in the config are reported as models of their own (a saved file's are; in code they are internal). */
  readonly reportNested?: boolean;
  /** Config names of operations Keras named from its counters: here they take the file's next automatic names. */
  readonly autoNamed?: ReadonlySet<string>;
  /** Layers' names in the file (config name → name): those Keras named from its counters, renumbered after the file's. */
  readonly rename?: ReadonlyMap<string, string>;
}

export type ConfigModel = { readonly model: ModelValue } | { readonly reason: string };

/** A model from its config: `{"class_name": "Sequential" | "Functional" | "Model", "config": {...}}`. */
export function modelFromConfig(graph: ModelGraphBuilder, config: unknown, options: ConfigBuildOptions): ConfigModel {
  return new ConfigReader(graph, options).model(config, 0);
}

/** Layer name → the outputs of each of its calls so far, in the order the config numbers them. */
type CallOutputs = Map<string, PyValue[]>;

/** A tensor reference of a node: `[layer, node index, tensor index]`. */
type TensorRef = readonly [string, number, number];

class ConfigReader {
  constructor(
    private readonly graph: ModelGraphBuilder,
    private readonly options: ConfigBuildOptions,
  ) {}

  private get range(): SourceRange {
    return this.options.range;
  }

  model(node: unknown, depth: number): ConfigModel {
    if (depth > 16) return { reason: 'models nest too deeply in the config' };
    const cls = classOf(node);
    if (!isObject(node) || cls === undefined) return { reason: 'the config is not a Keras model config (no class_name)' };
    if (cls === 'Sequential') return { model: this.sequential(node, depth) };
    if (cls === 'Functional' || cls === 'Model') return this.functional(node, depth);
    return { reason: `the config's model class is ${cls}, a subclassed model: Keras itself needs the class to rebuild it` };
  }

  private trainable(config: JsonObject): boolean {
    return config.trainable !== false;
  }

  /** An InputLayer; `inputShape` replaces only the outermost model's (a nested model keeps the input it was built on). */
  private input(config: JsonObject, fallbackName: string, depth: number): TensorValue {
    const written = toShape(config.batch_shape ?? config.batch_input_shape);
    const shape = (depth === 0 ? this.options.inputShape : undefined) ?? written;
    const name = this.options.autoInputNames ? undefined : typeof config.name === 'string' ? config.name : fallbackName;
    return this.graph.input(shape, 'the config gives the InputLayer no batch_shape', name, this.range);
  }

  private sequential(node: JsonObject, depth: number): ModelValue {
    const config = node.config;
    // Keras 2.0 wrote a Sequential's config as the bare layer list.
    const layerNodes = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : [];
    const own = isObject(config) ? config : {};
    const model = this.graph.sequential(typeof own.name === 'string' ? own.name : undefined, this.range);
    const items = layerNodes.map((layerNode, i) => {
      const layerConfig = isObject(layerNode) ? configOf(layerNode) : {};
      const value: PyValue = classOf(layerNode) === 'InputLayer' ? { kind: 'tensor', tensor: this.input(layerConfig, `input_layer_${i}`, depth) } : this.layer(layerNode, depth);
      return { value, range: this.range, label: classOf(layerNode) ?? 'Unknown' };
    });
    this.graph.fillSequential(model, items);
    const buildShape = toShape(own.build_input_shape);
    if (buildShape && !this.graph.hasInput(model)) this.graph.buildSequential(model, buildShape);
    if (!this.trainable(own)) this.graph.setTrainable({ kind: 'model', model }, false);
    return model;
  }

  private functional(node: JsonObject, depth: number): ConfigModel {
    const config = configOf(node);
    const layerNodes = Array.isArray(config.layers) ? config.layers.filter(isObject) : [];
    const outputs: CallOutputs = new Map();
    const pending: { name: string; node: JsonObject; value?: PyValue; nodes: unknown[]; next: number }[] = [];
    for (const layerNode of layerNodes) {
      const layerConfig = configOf(layerNode);
      const name = typeof layerNode.name === 'string' ? layerNode.name : typeof layerConfig.name === 'string' ? layerConfig.name : '';
      if (classOf(layerNode) === 'InputLayer') {
        outputs.set(name, [{ kind: 'tensor', tensor: this.input(layerConfig, name, depth) }]);
        continue;
      }
      const nodes = Array.isArray(layerNode.inbound_nodes) ? layerNode.inbound_nodes : [];
      const legacy = nodes.some(Array.isArray);
      outputs.set(name, legacy && this.options.legacyNestedFrom1 !== false && hasOwnInput(layerNode) ? [unknown(`the first node of ${name} is its own`)] : []);
      pending.push({ name, node: layerNode, nodes, next: 0 });
    }
    // Keras replays the nodes layer by layer and defers a node whose inputs are not made yet (a shared layer
    // called again further down): the same here, until a pass makes no progress. A layer is made at its first
    // call, when its input shapes are known (an application's padding follows them).
    let progress = true;
    while (progress) {
      progress = false;
      for (const entry of pending) {
        while (entry.next < entry.nodes.length) {
          const out = this.callNode(entry, entry.nodes[entry.next], outputs, depth);
          if (out === undefined) break;
          outputs.get(entry.name)!.push(out);
          entry.next++;
          progress = true;
        }
      }
    }
    for (const entry of pending) entry.value ??= this.layer(entry.node, depth);
    const stuck = pending.find((e) => e.next < e.nodes.length);
    const ins = refsOf(config.input_layers).map((ref) => tensorAt(outputs, ref));
    const outs = refsOf(config.output_layers).map((ref) => tensorAt(outputs, ref));
    let incomplete: string | undefined;
    if (stuck) incomplete = `the config calls ${stuck.name} on tensors it never makes`;
    else if (ins.some((t) => t === null) || outs.some((t) => t === null)) incomplete = 'the config names inputs or outputs it does not make';
    const model = this.graph.functional({ name: typeof config.name === 'string' ? config.name : undefined, range: this.range, inputs: ins, outputs: outs, incomplete });
    if (!this.trainable(config)) this.graph.setTrainable({ kind: 'model', model }, false);
    return { model };
  }

  /** A layer (or a nested model) from its config node. */
  layer(node: unknown, depth: number): PyValue {
    const cls = classOf(node) ?? 'Unknown';
    if (!isObject(node) || depth > 32) return { kind: 'layer', layer: this.graph.unknownLayer(cls, this.range, isObject(node) ? 'layers nest too deeply in the config' : 'the config of this layer is not an object', { name: cls }) };
    if (MODEL_CLASSES.has(cls)) {
      const made = this.model(node, depth + 1);
      if (!('model' in made)) return unknown(made.reason);
      if (!this.options.reportNested) this.graph.forgetModel(made.model);
      return { kind: 'model', model: made.model };
    }
    const config = configOf(node);
    const written = typeof config.name === 'string' ? config.name : typeof node.name === 'string' ? node.name : undefined;
    const name = written === undefined ? undefined : this.options.rename?.get(written) ?? written;
    const trainable = this.trainable(config);
    const spec = findConfigLayerSpec(cls);
    if (!spec) {
      const where = typeof node.module === 'string' && !node.module.startsWith('keras') ? ` (from ${node.module})` : '';
      return { kind: 'layer', layer: this.graph.unknownLayer(cls, this.range, `${cls}${where} is not a layer Model Lens knows: a custom class, or one it has no spec for yet`, { name, trainable }) };
    }
    const keywords = new Map<string, PyValue>();
    const known = new Set(spec.args.map((a) => a.name));
    for (const [key, value] of Object.entries(config)) {
      if (known.has(key)) keywords.set(key, isObject(value) && findConfigLayerSpec(classOf(value) ?? '') ? this.layer(value, depth + 1) : asWritten(spec, key, toPyValue(value)));
      else if (COMMON_ARGS.has(key) && key !== 'name' && key !== 'trainable' && key !== 'dtype') keywords.set(key, toPyValue(value));
      else if (!NEUTRAL_KEYS.has(key) && value !== null && value !== false) {
        const reason = `its config has \`${key}\`, which Model Lens's ${cls} does not take (another Keras version's argument?)`;
        return { kind: 'layer', layer: this.graph.unknownLayer(cls, this.range, reason, { name, trainable }) };
      }
    }
    try {
      const bound = bindArgs(spec, [], keywords);
      const declaredInput = toShape(config.batch_input_shape ?? config.batch_shape);
      return { kind: 'layer', layer: this.graph.newLayer(cls, spec, this.range, { name, trainable, declaredInput, config: bound.config }) };
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      return { kind: 'layer', layer: this.graph.unknownLayer(cls, this.range, e.message, { name, trainable }) };
    }
  }

  /**
   * An operation on tensors Keras 3 records in a functional config (`inputs + x` is `keras.src.ops.numpy.Add`): in
   * the graph like the Python front end's `x + y`, not one of the model's layers. Only broadcasting arithmetic.
   */
  private operation(node: JsonObject, operands: readonly PyValue[]): PyValue {
    const cls = classOf(node) ?? 'Operation';
    const tensors = operands.filter((v): v is Extract<PyValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    const config = configOf(node);
    const name = typeof config.name === 'string' ? config.name : cls;
    const namePrefix = this.options.autoNamed?.has(name) ? autoPrefix(name) : undefined;
    // A number operand (`x + 3.0` in MobileNetV3's hard sigmoid) broadcasts as a scalar.
    const scalars = operands.filter((v) => v.kind === 'int' || v.kind === 'float').length;
    const elementwise = ELEMENTWISE_OPS.has(cls) && tensors.length + scalars === operands.length && tensors.length > 0;
    const shapes = tensors.map((t) => t.shape);
    const result = !elementwise ? null : shapes.some((s) => s === null) ? null : broadcastAll(shapes as Shape[]);
    const made = this.graph.applyOperation(cls, tensors, result, this.range, { detached: false, namePrefix: namePrefix ?? name });
    return elementwise ? made : unknown(`the operation ${cls} in the config is not one Model Lens follows`);
  }

  /** One call of a layer from its inbound node; undefined while an input is not made yet. */
  private callNode(entry: { node: JsonObject; value?: PyValue }, node: unknown, outputs: CallOutputs, depth: number): PyValue | undefined {
    const call = normalizeNode(node);
    const resolve = (v: unknown, depth = 0): PyValue | undefined => {
      if (depth > 8) return unknown('the node nests too deeply');
      const ref = tensorRef(v);
      if (ref) return outputAt(outputs, ref);
      if (Array.isArray(v)) {
        const items = v.map((x) => resolve(x, depth + 1));
        return items.every((x) => x !== undefined) ? { kind: 'list', items: items as PyValue[] } : undefined;
      }
      return toPyValue(v);
    };
    const positional = call.args.map((a) => resolve(a));
    const keywords = new Map<string, PyValue>();
    for (const [k, v] of Object.entries(call.kwargs)) {
      const r = resolve(v);
      if (r === undefined) return undefined;
      keywords.set(k, r);
    }
    if (positional.some((p) => p === undefined)) return undefined;
    if (isOperation(entry.node)) return this.operation(entry.node, positional as PyValue[]);
    const value = (entry.value ??= this.layer(this.options.adjustLayer?.(entry.node, inputShapes(positional as PyValue[])) ?? entry.node, depth));
    let layer: LayerInstance;
    if (value.kind === 'layer') layer = value.layer;
    else if (value.kind === 'model' && value.model.kind !== 'subclass') layer = this.graph.modelCalled(value.model);
    else return unknown(value.kind === 'unknown' ? value.reason : 'the config calls something that is not a layer');
    return this.graph.callLayer(layer, layerInputs(layer, positional as PyValue[], keywords), this.range, keywords, extraTensors(keywords));
  }
}

/**
 * tf.keras 2 writes BatchNormalization's `axis` as a one-item list (`[3]`) where Keras 3's spec takes an int, as
 * Keras 3 does when it loads such a file: a one-item tuple for an argument whose default is an int is that int.
 */
function asWritten(spec: LayerSpec, key: string, value: PyValue): PyValue {
  const def = spec.args.find((a) => a.name === key)?.default;
  return typeof def === 'number' && value.kind === 'tuple' && value.items.length === 1 && value.items[0].kind === 'int' ? value.items[0] : value;
}

/** Keras 3's element-wise operations on tensors (keras.src.ops.numpy) that a config may hold. */
const ELEMENTWISE_OPS = new Set(['Add', 'Subtract', 'Multiply', 'Divide', 'TrueDivide', 'Maximum', 'Minimum']);

export function isOperation(node: JsonObject): boolean {
  return typeof node.module === 'string' && node.module.includes('.ops.');
}

/** The counter an automatic name came from: `re_lu_3` → `re_lu`. */
export function autoPrefix(name: string): string {
  return name.replace(/_\d+$/, '');
}

function inputShapes(positional: readonly PyValue[]): (Shape | null)[] {
  const first = positional[0];
  const items = first?.kind === 'list' || first?.kind === 'tuple' ? first.items : positional;
  return items.map((v) => (v.kind === 'tensor' ? v.tensor.shape : null));
}

/** Numpy broadcasting of known shapes; null when they do not broadcast or a dimension is not known. */
function broadcastAll(shapes: readonly Shape[]): Shape | null {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: (number | null)[] = [];
  for (let i = 0; i < rank; i++) {
    const dims = shapes.map((s) => (i < rank - s.length ? 1 : s[i - (rank - s.length)]));
    const big = dims.filter((d) => d !== 1);
    if (big.some((d) => d === null)) {
      out.push(null);
      continue;
    }
    const set = new Set(big);
    if (set.size > 1) return null;
    out.push(big.length ? (big[0] as number) : 1);
  }
  return out;
}

/** A nested model made on an Input of its own (a Functional, a Sequential with an input shape). */
function hasOwnInput(node: JsonObject): boolean {
  const cls = classOf(node);
  if (cls === 'Functional' || cls === 'Model') return true;
  const config = node.config;
  const layers = isObject(config) && Array.isArray(config.layers) ? config.layers : Array.isArray(config) ? config : [];
  if (cls !== 'Sequential') return false;
  // TF.js (and Keras 2.0) write no InputLayer: a first layer with a batch input shape built the model on its own Input.
  const first = layers[0];
  return classOf(first) === 'InputLayer' || (isObject(first) && isObject(first.config) && (first.config.batch_input_shape !== undefined || first.config.batch_shape !== undefined));
}

/** Which values a layer is called on, as the Python front end reads a call: a merge layer's list, attention's three. */
function layerInputs(layer: LayerInstance, positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): PyValue[] {
  if (layer.spec?.call === 'attention') {
    return [positional[0] ?? keywords.get('query'), positional[1] ?? keywords.get('value'), positional[2] ?? keywords.get('key')].filter((x): x is PyValue => x !== undefined && x.kind !== 'none');
  }
  const first = positional[0] ?? keywords.get('inputs');
  if (!first) return [];
  return first.kind === 'list' || first.kind === 'tuple' ? [...first.items] : [first];
}

/** An RNN's `initial_state` and `constants`: they connect the graph without feeding shapes. */
function extraTensors(keywords: ReadonlyMap<string, PyValue>): TensorValue[] {
  const extras: TensorValue[] = [];
  for (const key of ['initial_state', 'constants']) {
    const v = keywords.get(key);
    const items = v?.kind === 'tensor' ? [v] : v?.kind === 'list' || v?.kind === 'tuple' ? v.items : [];
    for (const item of items) if (item.kind === 'tensor') extras.push(item.tensor);
  }
  return extras;
}

/** A node as Keras 3 writes it: positional args and kwargs, tensors given by reference. */
interface NodeCall {
  readonly args: readonly unknown[];
  readonly kwargs: JsonObject;
}

function normalizeNode(node: unknown): NodeCall {
  if (isObject(node)) return { args: Array.isArray(node.args) ? node.args : [], kwargs: isObject(node.kwargs) ? node.kwargs : {} };
  // Keras 2 and TF.js: a list of `[layer, node, tensor, kwargs]`, one per input tensor; several make a list.
  const entries = Array.isArray(node) ? node.filter(Array.isArray) : [];
  const refs = entries.map((e) => [e[0], e[1], e[2]]);
  const kwargs = isObject(entries[0]?.[3]) ? entries[0][3] : {};
  return { args: [refs.length === 1 ? refs[0] : refs], kwargs };
}

/** A reference to a tensor: Keras 3's `__keras_tensor__` with its `keras_history`, or a bare `[layer, node, tensor]`. */
function tensorRef(v: unknown): TensorRef | undefined {
  const history = classOf(v) === '__keras_tensor__' && isObject((v as JsonObject).config) ? ((v as JsonObject).config as JsonObject).keras_history : v;
  if (Array.isArray(history) && history.length >= 3 && typeof history[0] === 'string' && Number.isInteger(history[1]) && Number.isInteger(history[2])) {
    return [history[0], history[1] as number, history[2] as number];
  }
  return undefined;
}

/** `input_layers` / `output_layers`: a list of references, or one bare reference. */
function refsOf(v: unknown): TensorRef[] {
  const one = tensorRef(v);
  if (one) return [one];
  return Array.isArray(v) ? v.map(tensorRef).filter((r): r is TensorRef => r !== undefined) : [];
}

function outputAt(outputs: CallOutputs, [name, node, index]: TensorRef): PyValue | undefined {
  const made = outputs.get(name)?.[node];
  if (made === undefined) return undefined;
  if (made.kind === 'tuple' || made.kind === 'list') return made.items[index] ?? unknown(`${name} has no output ${index}`);
  return index === 0 ? made : unknown(`${name} has no output ${index}`);
}

function tensorAt(outputs: CallOutputs, ref: TensorRef): TensorValue | null {
  const v = outputAt(outputs, ref);
  return v?.kind === 'tensor' ? v.tensor : null;
}
