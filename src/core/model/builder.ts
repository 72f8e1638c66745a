/**
 * The model-graph builder both front ends share. The Python and TF.js interpreters turn syntax into values
 * and call it; it owns the graph being built (layers, models, their names, diagnostics) and every graph
 * operation: making layers and inputs, Sequential models (construction, `add`, `pop`, `build`), functional
 * models, calling layers and models on tensors, `trainable`, `compile()` / `fit()` records and absurd-size
 * flags. What really differs between libraries (names, Sequential rules) is the dialect's.
 * It never sees syntax nodes: callers pass ranges and values.
 */
import { LayerConfig, type LayerSpec } from '../layers/spec';
import type { DialectGraph, ModelDialect } from './dialects/dialect';
import type { FunctionalModel, LayerCall, LayerInstance, ModelValue, SequentialEntry, SequentialModel, SourceRange, SubclassModel, TensorValue } from './graph';
import { applyLayer, type Application } from './infer';
import type { CompileCall, EvalDiagnostic, EvalResult, FitCall, ModelMethodCall } from './result';
import type { Shape } from './shape';
import type { SourceFacts } from './source-facts';
import { describe, TOO_LARGE, unknown, type ObjectValue, type PyValue } from './values';

/** How a layer is made: its name (automatic when absent), flags, and what is known of its input. */
export interface LayerOptions {
  readonly name?: string;
  /** The class whose counter names the layer, when not its class name (TF.js's `Dense` for Keras's `Dense`, say). */
  readonly namingClass?: string;
  readonly trainable?: boolean;
  readonly declaredInput?: Shape | null;
  readonly model?: ModelValue;
  /** Why the layer cannot be analyzed at all; the layer's shapes are `?` with this reason. */
  readonly unknownReason?: string;
  readonly config?: LayerConfig;
  readonly isOperation?: boolean;
  /** Its input shape is written but not known, and why (a Sequential's first layer reports it). */
  readonly unknownInputReason?: string;
}

/** One item placed in a Sequential: its value, where it is written, and a label if it is not a layer. */
export interface SequentialItem {
  readonly value: PyValue;
  readonly range: SourceRange;
  /** What the item calls (`Dense` of `layers.Dense(...)`), to name an item that is not a layer. */
  readonly label?: string;
}

/** Where a model method's arguments sit: Python's argument list, or TF.js's config object keys. */
export type ArgumentPlaces = Pick<ModelMethodCall, 'args' | 'keyRanges'>;

export class ModelGraphBuilder implements DialectGraph {
  private nextId = 1;
  private readonly counters = new Map<string, number>();
  private readonly models: { model: ModelValue; variable?: string; context?: string }[] = [];
  private readonly layers: LayerInstance[] = [];
  private readonly diagnostics: EvalDiagnostic[] = [];
  private readonly compiles: CompileCall[] = [];
  private readonly fits: FitCall[] = [];
  private readonly modelLayers = new Map<ModelValue, LayerInstance>();
  /** Sequential models whose first layer is an InputLayer (given, or made from a legacy `input_shape=`). */
  private readonly sequentialInputs = new Set<SequentialModel>();
  /** Layers placed in a Sequential: they count as connected. */
  private readonly connected = new Set<LayerInstance>();
  /** Layers whose input shape is written but not known, and why. */
  private readonly unknownInputs = new Map<LayerInstance, string>();
  /** `model.trainable = ...` set before the model was used as a layer: its layer starts with that flag. */
  private readonly modelTrainable = new Map<ModelValue, boolean>();

  constructor(readonly dialect: ModelDialect) {}

  // ---------------------------------------------------------------- bookkeeping

  uniqueName(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return this.dialect.formatName(prefix, n);
  }

  report(range: SourceRange, severity: EvalDiagnostic['severity'], message: string): void {
    this.diagnostics.push({ range, severity, message });
  }

  error(range: SourceRange, message: string): void {
    this.report(range, 'error', message);
  }

  warn(range: SourceRange, message: string): void {
    this.report(range, 'warning', message);
  }

  /** Runs `f` keeping none of the diagnostics it reports (code run only to learn a shape). */
  withoutDiagnostics<T>(f: () => T): T {
    const kept = this.diagnostics.length;
    try {
      return f();
    } finally {
      this.diagnostics.length = kept;
    }
  }

  /** The models made so far, in order (code that may change any of them marks them partial). */
  modelsSoFar(): readonly { readonly model: ModelValue }[] {
    return this.models;
  }

  hasInput(model: SequentialModel): boolean {
    return this.sequentialInputs.has(model);
  }

  markInput(model: SequentialModel): void {
    this.sequentialInputs.add(model);
  }

  isConnected(layer: LayerInstance): boolean {
    return this.connected.has(layer);
  }

  unknownInputReason(layer: LayerInstance): string | undefined {
    return this.unknownInputs.get(layer);
  }

  /** Remembers the variable a model is known by: the first one it is assigned to, or (`replace`) the last. */
  nameModel(model: ModelValue, variable: string, replace: boolean): void {
    const entry = this.models.find((m) => m.model === model);
    if (entry && (replace || entry.variable === undefined)) entry.variable = variable;
  }

  /**
   * Says under which circumstance a model is made when the file does not make it as it runs: a builder function
   * nobody calls (`build_model() with its defaults`), a branch the analysis cannot decide (`when sys.argv[1] == 'cnn'`).
   */
  labelModel(model: ModelValue, context: string): void {
    const entry = this.models.find((m) => m.model === model);
    if (entry) entry.context ??= context;
  }

  private registerModel(model: ModelValue): void {
    this.models.push({ model });
  }

  /** A model that turned out to be another (a subclass whose `__init__` makes it functional). */
  forgetModel(model: ModelValue): void {
    this.models.splice(this.models.findIndex((m) => m.model === model), 1);
  }

  /** What the front end hands on: the graph, with the imports and source facts the front end recorded. */
  result(imports: ReadonlyMap<string, string>, facts: SourceFacts, truncated: string | undefined): EvalResult {
    return { models: this.models, layers: this.layers, diagnostics: this.diagnostics, imports, compiles: this.compiles, fits: this.fits, facts, truncated };
  }

  // ---------------------------------------------------------------- layers

  newLayer(className: string, spec: LayerSpec | undefined, range: SourceRange, options: LayerOptions = {}): LayerInstance {
    const layer: LayerInstance = {
      id: this.nextId++,
      className,
      spec,
      name: options.name ?? this.uniqueName(this.dialect.layerPrefix(options.namingClass ?? className)),
      config: options.config ?? new LayerConfig(className, new Map(), new Set()),
      range,
      trainable: options.trainable ?? true,
      declaredInput: options.declaredInput ?? null,
      model: options.model,
      unknownReason: options.unknownReason,
      isOperation: options.isOperation,
      weights: null,
      calls: [],
    };
    this.layers.push(layer);
    if (options.unknownInputReason) this.unknownInputs.set(layer, options.unknownInputReason);
    this.dialect.layerCreated?.(layer);
    return layer;
  }

  /** A layer the analysis cannot follow (a class it does not know, a config it cannot read), with why. */
  unknownLayer(className: string, range: SourceRange, reason: string, options: Omit<LayerOptions, 'unknownReason'> = {}): LayerInstance {
    return this.newLayer(className, undefined, range, { ...options, unknownReason: reason });
  }

  /**
   * An operation on tensors (`x + y`, `keras.ops.square(x)`) applied to its operands: part of the graph, named
   * from the same counters as layers (from `namePrefix`, else its class), without weights. `result` is its
   * output shape, the error Keras would raise, or null when an operand's shape is not known. A detached one
   * is made while code runs only to learn a shape: not in the graph, not named.
   */
  applyOperation(className: string, inputs: readonly TensorValue[], result: Shape | string | null, range: SourceRange, options: { detached: boolean; namePrefix?: string }): PyValue {
    const asLayer = options.detached ? undefined : this.dialect.operationLayer?.(className, options.namePrefix);
    const layer: LayerInstance = options.detached
      ? { id: this.nextId++, className, spec: undefined, name: 'op', config: new LayerConfig(className, new Map(), new Set()), range, trainable: true, declaredInput: null, isOperation: true, weights: null, calls: [] }
      : asLayer
        ? this.newLayer(asLayer.className, undefined, range, { name: this.uniqueName(asLayer.namePrefix) })
        : this.newLayer(className, undefined, range, { isOperation: true, name: options.namePrefix === undefined ? undefined : this.uniqueName(options.namePrefix) });
    layer.weights = [];
    const error = typeof result === 'string' ? result : undefined;
    const shape = typeof result === 'string' ? null : result;
    const call: LayerCall = shape
      ? { layer, inputs, outputShapes: [shape], range }
      : { layer, inputs, outputShapes: null, error, unresolved: error ? undefined : 'the shape of an operand is not known', range };
    layer.calls.push(call);
    if (error) this.error(range, error);
    return { kind: 'tensor', tensor: { shape, producer: call, index: 0 } };
  }

  /** A size beyond 2^53 is a mistake, not a `?`: say so on the call. */
  flagAbsurd(values: Iterable<PyValue>, range: SourceRange, what: string): void {
    const stack = [...values];
    while (stack.length) {
      const v = stack.pop()!;
      if (v.kind === 'unknown' && v.reason.startsWith(TOO_LARGE)) {
        this.warn(range, `${what}: a size beyond 2^53 (${v.reason.slice(TOO_LARGE.length)}); no tensor can be that large, so shapes and params here are not computed.`);
        return;
      }
      if (v.kind === 'tuple' || v.kind === 'list') for (const item of v.items) stack.push(item);
    }
  }

  // ---------------------------------------------------------------- inputs

  /** `Input(shape)`: an InputLayer and its tensor; `reason` says why the shape is `?` when it is null. */
  input(shape: Shape | null, reason: string, name: string | undefined, range: SourceRange): TensorValue {
    const layer = this.newLayer('InputLayer', this.dialect.inputLayerSpec, range, { name: name ?? this.uniqueName(this.dialect.inputPrefix), declaredInput: shape });
    const call: LayerCall = shape ? { layer, inputs: [], outputShapes: [shape], range } : { layer, inputs: [], outputShapes: null, unresolved: reason, range };
    layer.weights = [];
    layer.calls.push(call);
    return { shape, producer: call, index: 0 };
  }

  /** A tensor standing for concrete data of a known shape (its batch dimension is known too). */
  concreteInput(shape: readonly number[], range: SourceRange): TensorValue {
    const spec = this.dialect.inputLayerSpec;
    const layer: LayerInstance = { id: this.nextId++, className: 'InputLayer', spec, name: 'data', config: new LayerConfig('InputLayer', new Map(), new Set()), range, trainable: true, declaredInput: shape, weights: [], calls: [], isOperation: true };
    const call: LayerCall = { layer, inputs: [], outputShapes: [shape], range };
    layer.calls.push(call);
    return { shape, producer: call, index: 0 };
  }

  // ---------------------------------------------------------------- models

  modelAsLayer(model: ModelValue): LayerInstance {
    let layer = this.modelLayers.get(model);
    if (!layer) {
      const className = model.kind === 'sequential' ? 'Sequential' : model.kind === 'subclass' ? model.className : model.className ?? this.dialect.functionalClassName;
      layer = this.newLayer(className, undefined, model.range, { name: model.name, model, trainable: this.modelTrainable.get(model) });
      this.modelLayers.set(model, layer);
    }
    return layer;
  }

  /** An instance of a `Model` subclass, before its `__init__` runs (which names it and sets its layers). */
  subclassModel(className: string, range: SourceRange, self: ObjectValue): SubclassModel {
    const model: SubclassModel = { kind: 'subclass', id: this.nextId++, name: '', className, range, layers: [], self, inputs: [], outputs: [], built: false };
    this.registerModel(model);
    return model;
  }

  /** A new, empty Sequential; fill it with `fillSequential` or `addToSequential`. */
  sequential(name: string | undefined, range: SourceRange): SequentialModel {
    const model: SequentialModel = { kind: 'sequential', id: this.nextId++, name: name ?? this.uniqueName(this.dialect.sequentialPrefix), range, layers: [], buildShape: null };
    this.registerModel(model);
    return model;
  }

  /** The layer list given to a Sequential's constructor. */
  fillSequential(model: SequentialModel, items: readonly SequentialItem[]): void {
    for (const item of items) this.addToSequential(model, item, 'list');
    this.dialect.sequentialChanged(this, model, 'list');
  }

  addToSequential(model: SequentialModel, item: SequentialItem, via: 'list' | 'add'): void {
    const { value, range } = item;
    const first = model.layers.length === 0 && !this.sequentialInputs.has(model);
    const isInput = (value.kind === 'tensor' && value.tensor.producer.layer.className === 'InputLayer') || (value.kind === 'layer' && value.layer.className === 'InputLayer');
    if (this.dialect.inputItems && isInput) {
      if (!first) return;
      const shape = value.kind === 'tensor' ? value.tensor.shape : (value as { layer: LayerInstance }).layer.declaredInput;
      model.buildShape = shape;
      const inputCall = value.kind === 'layer' ? value.layer.calls[0] : undefined;
      model.inputTensor = value.kind === 'tensor' ? value.tensor : inputCall && { shape, producer: inputCall, index: 0 };
      if (!shape) model.incomplete = 'its input shape is not known';
      this.sequentialInputs.add(model);
      if (via === 'add') this.dialect.sequentialChanged(this, model, 'add');
      return;
    }
    let layer: LayerInstance;
    if (value.kind === 'layer') layer = value.layer;
    else if (value.kind === 'model') layer = this.modelAsLayer(value.model);
    else {
      const label = item.label ?? 'Unknown';
      layer = this.unknownLayer(label, range, value.kind === 'unknown' ? value.reason : `${describe(value)} is not a layer`, { name: label });
    }
    if (first) this.dialect.placeFirst(this, model, layer, value, range);
    this.connected.add(layer);
    model.layers.push({ layer, range, via });
    if (via === 'add') this.dialect.sequentialChanged(this, model, 'add');
  }

  popSequential(model: SequentialModel): SequentialEntry | undefined {
    const entry = model.layers.pop();
    this.dialect.sequentialChanged(this, model, 'pop');
    return entry;
  }

  buildSequential(model: SequentialModel, shape: Shape): void {
    this.dialect.buildSequential(this, model, shape);
  }

  /** A functional model from its input and output tensors (null: a value that is not a tensor). */
  /**
   * `keras.models.clone_model(model)`: a new model of the same architecture. Keras 3 rebuilds each layer from its
   * config, names included, so the clone reports what the original does; here it shares the original's layers.
   * A subclassed model has no config to clone from.
   */
  cloneModel(model: ModelValue, range: SourceRange): ModelValue | undefined {
    if (model.kind === 'sequential') {
      const copy = this.sequential(model.name, range);
      copy.layers.push(...model.layers);
      copy.buildShape = model.buildShape;
      if (model.incomplete) copy.incomplete = model.incomplete;
      if (this.hasInput(model)) this.markInput(copy);
      return copy;
    }
    if (model.kind === 'functional') return this.functional({ name: model.name, range, inputs: model.inputs, outputs: model.outputs, incomplete: model.incomplete });
    return model.functional ? this.cloneModel(model.functional, range) : undefined;
  }

  functional(spec: { name?: string; namePrefix?: string; range: SourceRange; inputs: readonly (TensorValue | null)[]; outputs: readonly (TensorValue | null)[]; incomplete?: string }): FunctionalModel {
    const model: FunctionalModel = {
      kind: 'functional',
      id: this.nextId++,
      name: spec.name ?? this.uniqueName(spec.namePrefix ?? this.dialect.functionalPrefix),
      range: spec.range,
      inputs: spec.inputs,
      outputs: spec.outputs,
    };
    if (spec.incomplete) model.incomplete = spec.incomplete;
    this.registerModel(model);
    return model;
  }

  // ---------------------------------------------------------------- calls

  /**
   * A layer called on its inputs: symbolic tensors, or arrays of known shape (called on real data the layer
   * is built eagerly for that shape). `extras` connect the graph without feeding shapes (an RNN's initial_state).
   */
  callLayer(layer: LayerInstance, inputs: readonly PyValue[], range: SourceRange, keywords?: ReadonlyMap<string, PyValue>, extras: readonly TensorValue[] = []): PyValue {
    const tensors = inputs.map((v) => (v.kind === 'tensor' ? v.tensor : v.kind === 'array' ? this.concreteInput(v.shape, range) : null));
    if (tensors.some((t) => t === null)) {
      const bad = inputs.find((v) => v.kind !== 'tensor' && v.kind !== 'array');
      return unknown(bad?.kind === 'unknown' ? bad.reason : this.dialect.notATensor(layer));
    }
    const known = tensors as TensorValue[];
    if (this.dialect.reservesBuildNames && layer.calls.length === 0) for (const name of layer.spec?.buildNames ?? []) this.uniqueName(name);
    const shapes = known.map((t) => t.shape);
    const refused = layer.model && shapes.every((s) => s !== null) ? this.dialect.refusedModelInput?.(layer.model, shapes as Shape[]) : undefined;
    const app = refused ? { outputs: null, weights: null, error: refused } : applyLayer(layer, shapes, keywords);
    if (layer.weights === null && app.weights) layer.weights = [...app.weights];
    const call: LayerCall = extras.length
      ? { layer, inputs: [...known, ...extras], shapeInputs: known.length, outputShapes: app.outputs, error: app.error, unresolved: app.unresolved, range }
      : { layer, inputs: known, outputShapes: app.outputs, error: app.error, unresolved: app.unresolved, range };
    layer.calls.push(call);
    return this.outputsOf(call);
  }

  /** A call whose outcome the front end worked out itself (a custom layer's `call()` run on its arguments). */
  recordCall(layer: LayerInstance, inputs: readonly TensorValue[], app: Application, range: SourceRange): PyValue {
    if (layer.weights === null && app.weights) layer.weights = [...app.weights];
    const call: LayerCall = { layer, inputs, outputShapes: app.outputs, error: app.error, unresolved: app.unresolved, range };
    layer.calls.push(call);
    return this.outputsOf(call);
  }

  /** The layer a model is when it is called on tensors (calling an unbuilt Sequential builds it first). */
  modelCalled(model: ModelValue): LayerInstance {
    if (model.kind === 'sequential' && model.layers.length > 0) this.dialect.beforeModelCall(this, model);
    return this.modelAsLayer(model);
  }

  /** The output tensors of a call: one tensor, or a tuple / array of them. */
  outputsOf(call: LayerCall): PyValue {
    const outputs = call.outputShapes;
    if (!outputs) return { kind: 'tensor', tensor: { shape: null, producer: call, index: 0 } };
    if (outputs.length === 1) return { kind: 'tensor', tensor: { shape: outputs[0], producer: call, index: 0 } };
    return { kind: this.dialect.outputsKind, items: outputs.map((shape, index): PyValue => ({ kind: 'tensor', tensor: { shape, producer: call, index } })) };
  }

  /**
   * A subclassed model called on tensors, seen from outside: one layer with all its layers' weights, whose
   * one call gives the outputs its `call()` computed.
   */
  callSubclass(model: SubclassModel, inputs: readonly TensorValue[], outputs: readonly (TensorValue | null)[], range: SourceRange): PyValue {
    const wrapper = this.modelAsLayer(model);
    const shapes = outputs.every((t) => t?.shape) ? outputs.map((t) => t!.shape!) : null;
    if (wrapper.weights === null) {
      const ws = model.layers.map((l) => l.weights);
      if (ws.every((w) => w !== null)) wrapper.weights = ws.flatMap((w) => w!);
    }
    const outer: LayerCall = shapes
      ? { layer: wrapper, inputs, outputShapes: shapes, range }
      : { layer: wrapper, inputs, outputShapes: null, unresolved: `the output of ${model.name} is not known`, range };
    wrapper.calls.push(outer);
    if (outputs.length === 1) return { kind: 'tensor', tensor: { shape: shapes?.[0] ?? null, producer: outer, index: 0 } };
    return { kind: this.dialect.outputsKind, items: outputs.map((_, index): PyValue => ({ kind: 'tensor', tensor: { shape: shapes?.[index] ?? null, producer: outer, index } })) };
  }

  /** Keras's `trainable` setter (and TF.js's) reaches every sublayer of a model. */
  setTrainable(target: PyValue, flag: boolean): void {
    const seen = new Set<LayerInstance>();
    const visitLayer = (layer: LayerInstance) => {
      if (seen.has(layer)) return;
      seen.add(layer);
      layer.trainable = flag;
      if (layer.model) visitModel(layer.model);
    };
    const visitModel = (model: ModelValue) => {
      this.modelTrainable.set(model, flag);
      const own = this.modelLayers.get(model);
      if (own) own.trainable = flag;
      if (model.kind === 'sequential') model.layers.forEach((e) => visitLayer(e.layer));
      else if (model.kind === 'subclass') model.layers.forEach(visitLayer);
      else {
        const stack = [...model.inputs, ...model.outputs].filter((t): t is TensorValue => t !== null).map((t) => t.producer);
        const calls = new Set<LayerCall>();
        while (stack.length) {
          const call = stack.pop()!;
          if (calls.has(call)) continue;
          calls.add(call);
          visitLayer(call.layer);
          for (const t of call.inputs) stack.push(t.producer);
        }
      }
    };
    if (target.kind === 'layer') visitLayer(target.layer);
    else if (target.kind === 'model') visitModel(target.model);
  }

  // ---------------------------------------------------------------- model methods

  recordCompile(model: ModelValue, range: SourceRange, keywords: ReadonlyMap<string, PyValue>, places: ArgumentPlaces): void {
    this.compiles.push({ model, method: 'compile', range, keywords, ...places });
  }

  recordFit(model: ModelValue, range: SourceRange, keywords: ReadonlyMap<string, PyValue>, places: ArgumentPlaces): void {
    this.fits.push({ model, method: 'fit', range, keywords, ...places });
  }
}
