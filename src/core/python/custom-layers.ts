/**
 * Custom `Layer` classes defined in the file (`class Antirectifier(layers.Layer)`), as Keras builds them: on the
 * first call, `build(input_shape)` runs and its `add_weight(...)` calls make the layer's own weights; the output
 * shape is `compute_output_shape(input_shape)` when the class defines it, else what `call()` gives when run on the
 * inputs. The layer's params are its own weights plus those of the sublayers it holds in attributes, as
 * `count_params()` (and so Keras's summary row) counts them. Anything not followed leaves the row `?`, never 0.
 */
import type { LayerInstance, SourceRange, TensorValue } from '../model/graph';
import type { ModelGraphBuilder } from '../model/builder';
import type { Application } from '../model/infer';
import type { Weight } from '../layers/spec';
import type { Shape } from '../model/shape';
import { describe, NONE, unknown, type ClassValue, type FunctionValue, type ObjectValue, type PyValue } from '../model/values';
import { toDims } from './python-ops';

/** What the evaluator lends this module: running methods with `self`, and running code only to learn shapes. */
export interface CustomLayerHost {
  readonly graph: ModelGraphBuilder;
  findMethod(cls: ClassValue, name: string): FunctionValue | undefined;
  /** The Keras layer a class extends (`cls.kerasLayer`), made with these arguments under the class's name. */
  knownLayer(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue;
  runMethod(fn: FunctionValue, self: PyValue, positional: PyValue[], keywords: Map<string, PyValue>): PyValue;
  /** Runs `f` as code run only to learn a shape: nothing named, no diagnostics kept. */
  shadowed<T>(f: () => T): T;
}

/** One instance of a custom layer class. */
interface CustomLayer {
  readonly obj: ObjectValue;
  readonly range: SourceRange;
  layer?: LayerInstance;
  /** Weights its `add_weight(...)` calls made, in order. */
  readonly own: Weight[];
  /** Why one of its own weights is not known (a shape or `trainable` that is not known). */
  unknownWeight?: string;
  built: boolean;
  /** Keras builds once; each distinct set of input shapes gives its outputs. */
  readonly results: Map<string, Application>;
}

/** Methods of Keras's `Layer` a custom layer calls on itself that change nothing shown (losses, metrics). */
const QUIET_METHODS = new Set(['add_loss', 'add_metric', 'add_update', 'get_config', 'from_config', 'compute_mask']);

/** Keras layers without a compute_output_shape of their own: their symbolic output comes from running call(). */
const RNN_CELLS = new Set(['SimpleRNNCell', 'GRUCell', 'LSTMCell', 'StackedRNNCells']);

/** The methods of Keras's `Layer` the evaluator answers on the file's own layer classes. */
export const KERAS_LAYER_METHODS: ReadonlySet<string> = new Set(['add_weight', 'build', ...QUIET_METHODS]);

export class CustomLayers {
  private readonly byObject = new Map<ObjectValue, CustomLayer>();
  private readonly byLayer = new Map<LayerInstance, CustomLayer>();

  constructor(private readonly host: CustomLayerHost) {}

  /**
   * A new instance of a layer class of the file: `__init__` runs, and the instance is a layer named as Keras names
   * it. A class extending a layer Keras has is that layer, unless it changes how shapes or weights come about.
   */
  instantiate(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const init = this.host.findMethod(cls, '__init__');
    if (cls.kerasLayer) {
      // Keras 3 takes a symbolic call's output from compute_output_shape, which every Keras layer but the RNN cells
      // defines (checked in Keras 3.15.1): overriding call() changes neither shapes nor weights there.
      const shaping = RNN_CELLS.has(cls.kerasLayer) ? ['build', 'call', 'compute_output_shape'] : ['build', 'compute_output_shape'];
      const overrides = shaping.filter((m) => this.host.findMethod(cls, m));
      if (overrides.length > 0) {
        const reason = `${cls.name} extends ${cls.kerasLayer} and overrides ${overrides.map((m) => `${m}()`).join(', ')}; its shapes are not inferred`;
        return { kind: 'layer', layer: this.host.graph.unknownLayer(cls.name, range, reason) };
      }
      if (!init) return this.host.knownLayer(cls, positional, keywords, range);
    }
    const obj: ObjectValue = { cls, attrs: new Map() };
    const state: CustomLayer = { obj, range, own: [], built: false, results: new Map() };
    this.byObject.set(obj, state);
    const self: PyValue = { kind: 'object', obj };
    if (init) this.host.runMethod(init, self, positional, keywords);
    if (cls.kerasLayer && !state.layer) {
      return { kind: 'layer', layer: this.host.graph.unknownLayer(cls.name, range, `${cls.name}.__init__() does not call super().__init__() in a way Model Lens follows`) };
    }
    // No `__init__` of its own (or one that never called `super().__init__`): Layer.__init__ gets the keywords.
    return { kind: 'layer', layer: this.init(state, [], init ? new Map() : keywords) };
  }

  /** The custom layer `self` is, if it is one. */
  of(self: PyValue | undefined): CustomLayer | undefined {
    return self?.kind === 'object' ? this.byObject.get(self.obj) : undefined;
  }

  /** The custom layer behind a layer value, if it is one. */
  ofLayer(layer: LayerInstance): CustomLayer | undefined {
    return this.byLayer.get(layer);
  }

  /**
   * `super().__init__(...)`: `Layer.__init__(name=..., trainable=...)` names the layer (Keras names it here, from
   * its class); for a class extending a layer Keras has, that layer's `__init__` makes it from the arguments.
   */
  init(state: CustomLayer, positional: PyValue[], keywords: Map<string, PyValue>): LayerInstance {
    if (state.layer) return state.layer;
    if (state.obj.cls.kerasLayer) {
      const made = this.host.knownLayer(state.obj.cls, positional, keywords, state.range);
      state.layer = made.kind === 'layer' ? made.layer : this.host.graph.unknownLayer(state.obj.cls.name, state.range, made.kind === 'unknown' ? made.reason : `${state.obj.cls.name} could not be made`);
      return state.layer;
    }
    const nameArg = keywords.get('name');
    const trainableArg = keywords.get('trainable');
    // `input_shape=` reaches Layer.__init__ too: a Sequential starting with the layer builds from it.
    const inputShape = keywords.get('input_shape');
    const inputDims = inputShape ? toDims(inputShape) : undefined;
    const layer = this.host.graph.newLayer(state.obj.cls.name, undefined, state.range, {
      name: nameArg?.kind === 'str' ? nameArg.value : undefined,
      trainable: trainableArg?.kind === 'bool' ? trainableArg.value : true,
      declaredInput: inputDims ? [null, ...inputDims] : null,
    });
    // In a Sequential the layer is applied to shapes alone: give it tensors of those shapes.
    layer.shapeFunction = (inputs) => {
      const tensors = inputs.map((shape): PyValue => ({ kind: 'tensor', tensor: this.host.graph.concreteInput(shape as number[], state.range) }));
      return this.apply(state, [tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors }], new Map());
    };
    state.layer = layer;
    this.byLayer.set(layer, state);
    return layer;
  }

  /** A method of Keras's `Layer` called on a custom layer (`self.add_weight(...)`); undefined: not one it knows. */
  layerMethod(state: CustomLayer, name: string, positional: PyValue[], keywords: Map<string, PyValue>): PyValue | undefined {
    if (name === 'add_weight') return this.addWeight(state, positional, keywords);
    if (name === 'build') return NONE;
    if (QUIET_METHODS.has(name)) return unknown(`${name}() is not followed`);
    return undefined;
  }

  /** The layer called on tensors (or arrays): one call in the graph whose outputs its own `call()` gave. */
  call(layer: LayerInstance, state: CustomLayer, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const inputs: TensorValue[] = [];
    const graph = this.host.graph;
    // Every tensor among the arguments feeds the call; each is replaced by a fresh one of its shape to run call().
    let unknownInput: string | undefined;
    const fresh = (v: PyValue): PyValue => {
      if (v.kind === 'array') v = { kind: 'tensor', tensor: graph.concreteInput(v.shape, range) };
      if (v.kind === 'tensor') {
        inputs.push(v.tensor);
        if (!v.tensor.shape) {
          unknownInput ??= 'its input shape is not known';
          return v;
        }
        return { kind: 'tensor', tensor: graph.concreteInput(v.tensor.shape as number[], range) };
      }
      if (v.kind === 'list' || v.kind === 'tuple') return { kind: v.kind, items: v.items.map(fresh) };
      if (v.kind === 'dict') return { kind: 'dict', entries: new Map([...v.entries].map(([k, x]) => [k, fresh(x)])) };
      return v;
    };
    const args = positional.map(fresh);
    const kwargs = new Map([...keywords].map(([k, v]) => [k, fresh(v)]));
    if (inputs.length === 0) return unknown(positional[0]?.kind === 'unknown' ? positional[0].reason : `${layer.name} is not called on tensors`);
    const app: Application = unknownInput ? { outputs: null, weights: null, unresolved: unknownInput } : this.apply(state, args, kwargs);
    return graph.recordCall(layer, inputs, app, range);
  }

  /** Builds the layer on its first call and works out the outputs of this one, each set of shapes once. */
  private apply(state: CustomLayer, args: PyValue[], keywords: Map<string, PyValue>): Application {
    const key = `${args.map(shapeKey).join('|')}|${[...keywords].map(([k, v]) => `${k}=${shapeKey(v)}`).join(',')}`;
    const cached = state.results.get(key);
    if (cached) return cached;
    const app = this.host.shadowed(() => this.run(state, args, keywords));
    state.results.set(key, app);
    return app;
  }

  private run(state: CustomLayer, args: PyValue[], keywords: Map<string, PyValue>): Application {
    const { cls } = state.obj;
    const self: PyValue = { kind: 'object', obj: state.obj };
    const inputShape = shapeValue(args[0] ?? NONE);
    if (!state.built) {
      state.built = true;
      const build = this.host.findMethod(cls, 'build');
      if (build) this.host.runMethod(build, self, [inputShape], new Map());
    }
    const computeOutputShape = this.host.findMethod(cls, 'compute_output_shape');
    let outputs: Shape[] | string;
    if (computeOutputShape) {
      outputs = shapesFromValue(this.host.runMethod(computeOutputShape, self, [inputShape], new Map()), `${cls.name}.compute_output_shape()`);
    } else {
      const call = this.host.findMethod(cls, 'call');
      if (!call) return { outputs: null, weights: null, unresolved: `${cls.name} has no call() method Model Lens can see` };
      outputs = shapesFromTensors(this.host.runMethod(call, self, args, keywords), `${cls.name}.call()`);
    }
    if (typeof outputs === 'string') return { outputs: null, weights: null, unresolved: outputs };
    const weights = this.weights(state);
    if (typeof weights === 'string') return { outputs, weights: null, unresolved: weights };
    return { outputs, weights };
  }

  /** Its own weights and those of every sublayer it holds (each once), as Keras's `count_params()` counts them. */
  private weights(state: CustomLayer): Weight[] | string {
    if (state.unknownWeight) return state.unknownWeight;
    const weights = [...state.own];
    const seen = new Set<LayerInstance>();
    for (const sub of sublayers(state.obj.attrs.values(), this.host.graph)) {
      if (seen.has(sub) || sub === state.layer) continue;
      seen.add(sub);
      if (sub.weights === null) return `its sublayer ${sub.name} is not built by ${state.obj.cls.name}.call() as Model Lens follows it`;
      weights.push(...sub.weights);
    }
    if (state.layer && !state.layer.trainable) return weights.map((w) => ({ ...w, trainable: false }));
    return weights;
  }

  /**
   * A variable a custom layer makes (`self.w = keras.Variable(w_init(shape=...))`): a tensor of the initial value's
   * shape for `call()`. Keras 3 tracks `keras.Variable` as a weight of the layer; a raw `tf.Variable` it does not
   * track (Keras 3.15.1 prints 0 params for a layer whose only weights are tf.Variables), so `tracked` is false for
   * those. Undefined outside a custom layer's methods.
   */
  variable(self: PyValue | undefined, positional: PyValue[], keywords: Map<string, PyValue>, tracked: boolean): PyValue | undefined {
    const state = this.of(self);
    if (!state) return undefined;
    const initial = positional[0] ?? keywords.get('initial_value') ?? keywords.get('initializer');
    const declared = keywords.get('shape');
    const shape = initial?.kind === 'array' ? initial.shape : initial?.kind === 'tensor' ? initial.tensor.shape : initial?.kind === 'int' || initial?.kind === 'float' ? [] : declared ? toDims(declared) ?? null : null;
    const trainableArg = keywords.get('trainable') ?? positional[1];
    const trainable = trainableArg === undefined || trainableArg.kind === 'none' ? true : trainableArg.kind === 'bool' ? trainableArg.value : undefined;
    if (!shape || shape.some((d) => d === null) || trainable === undefined) {
      state.unknownWeight ??= `the ${trainable === undefined ? 'trainable flag' : 'shape'} of a tf.Variable it makes is not known`;
      return unknown('a variable whose shape is not known');
    }
    const nameArg = keywords.get('name');
    if (tracked) state.own.push({ name: nameArg?.kind === 'str' ? nameArg.value : `variable_${state.own.length}`, shape, trainable });
    return { kind: 'tensor', tensor: this.host.graph.concreteInput(shape as number[], state.range) };
  }

  /**
   * `self.add_weight(shape=..., initializer=..., trainable=..., name=...)` (Keras 3 takes `shape` first, Keras 2
   * `name`): records the weight and returns a tensor of its shape for `call()` to compute with.
   */
  private addWeight(state: CustomLayer, positional: PyValue[], keywords: Map<string, PyValue>): PyValue {
    const keras2 = positional[0]?.kind === 'str';
    const nameArg = keywords.get('name') ?? (keras2 ? positional[0] : undefined);
    const shapeArg = keywords.get('shape') ?? (keras2 ? positional[1] : positional[0]);
    const trainableArg = keywords.get('trainable');
    const dims = shapeArg === undefined || shapeArg.kind === 'none' ? [] : toDims(shapeArg);
    const trainable = trainableArg === undefined || trainableArg.kind === 'none' ? true : trainableArg.kind === 'bool' ? trainableArg.value : undefined;
    if (!dims || dims.some((d) => d === null) || trainable === undefined) {
      state.unknownWeight ??= `the ${!dims || dims.some((d) => d === null) ? 'shape' : 'trainable flag'} of a weight made by add_weight() is not known${shapeArg?.kind === 'unknown' ? ` (${shapeArg.reason})` : ''}`;
      return unknown('a weight whose shape is not known');
    }
    const name = nameArg?.kind === 'str' ? nameArg.value : `variable_${state.own.length}`;
    state.own.push({ name, shape: dims, trainable });
    return { kind: 'tensor', tensor: this.host.graph.concreteInput(dims as number[], state.range) };
  }
}

/** The layers (and models, as layers) held in attributes, also inside lists, tuples and dicts, in order. */
function* sublayers(values: Iterable<PyValue>, graph: ModelGraphBuilder, depth = 0): Generator<LayerInstance> {
  if (depth > 8) return;
  for (const v of values) {
    if (v.kind === 'layer') yield v.layer;
    else if (v.kind === 'model') yield graph.modelAsLayer(v.model);
    else if (v.kind === 'list' || v.kind === 'tuple') yield* sublayers(v.items, graph, depth + 1);
    else if (v.kind === 'dict') yield* sublayers(v.entries.values(), graph, depth + 1);
  }
}

/** What `build(input_shape)` receives: a shape tuple (None for unknown dims), or a list / dict of them. */
function shapeValue(v: PyValue): PyValue {
  if (v.kind === 'tensor' && v.tensor.shape) return { kind: 'tuple', items: v.tensor.shape.map((d): PyValue => (d === null ? NONE : { kind: 'int', value: d })) };
  if (v.kind === 'list' || v.kind === 'tuple') return { kind: 'list', items: v.items.map(shapeValue) };
  if (v.kind === 'dict') return { kind: 'dict', entries: new Map([...v.entries].map(([k, x]) => [k, shapeValue(x)])) };
  return v.kind === 'none' ? v : unknown('the shape of an input that is not a tensor');
}

function shapeKey(v: PyValue): string {
  if (v.kind === 'tensor') return `(${(v.tensor.shape ?? []).map((d) => d ?? 'None').join(',')})`;
  if (v.kind === 'list' || v.kind === 'tuple') return `[${v.items.map(shapeKey).join(',')}]`;
  if (v.kind === 'dict') return `{${[...v.entries].map(([k, x]) => `${k}:${shapeKey(x)}`).join(',')}}`;
  return describe(v);
}

/** The output shapes of what `call()` returned: a tensor or a tuple / list of them; else why not. */
function shapesFromTensors(v: PyValue, what: string): Shape[] | string {
  const items = v.kind === 'tuple' || v.kind === 'list' ? v.items : [v];
  const shapes: Shape[] = [];
  for (const item of items) {
    if (item.kind !== 'tensor') return `${what} is not something Model Lens can follow (${item.kind === 'unknown' ? item.reason : `it returns ${describe(item)}`})`;
    if (!item.tensor.shape) return `${what} gives a shape that is not known`;
    shapes.push(item.tensor.shape);
  }
  return shapes.length > 0 ? shapes : `${what} returns nothing`;
}

/** The shapes `compute_output_shape` returned: one shape tuple or a list of them; else why not. */
function shapesFromValue(v: PyValue, what: string): Shape[] | string {
  const one = toDims(v);
  if (one) return [one];
  if ((v.kind === 'list' || v.kind === 'tuple') && v.items.length > 0) {
    const many = v.items.map(toDims);
    if (many.every((s) => s !== undefined)) return many as Shape[];
  }
  return `${what} gives ${v.kind === 'unknown' ? `a value that is not known (${v.reason})` : describe(v)}`;
}
