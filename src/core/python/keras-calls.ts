/**
 * Calls into Keras (and the NumPy array makers models are called on): layers, Inputs, Sequential and
 * functional models, `keras.ops`, operators on tensors. Arguments arrive evaluated; this turns them into
 * calls of the model-graph builder.
 */
import { ShapeError } from '../model/errors';
import type { CallArguments, FunctionalModel, LayerInstance, SourceRange, SubclassModel, TensorValue } from '../model/graph';
import type { applyLayer } from '../model/infer';
import { kerasSubpath, resolveKerasSymbol, type KerasSymbol } from './keras-symbols';
import { bindArgs } from '../layers/bind';
import { findLayerSpec, tfjsSpellingInKeras } from '../layers/catalogue';
import type { LayerSpec } from '../layers/spec';
import { named, rangeOf, type SyntaxNode } from './parser';
import type { Dim, Shape } from '../model/shape';
import { argumentSpans } from './arguments';
import { broadcast as broadcast2, opOutputShape } from '../model/keras-ops';
import { loadDataResult, padSequences } from './datasets';
import { snakeCase } from '../model/naming';
import { TFKERAS2 } from '../model/dialects/tfkeras2';
import { callBuiltin, toDims } from './python-ops';
import { describe, NONE, unknown, type ClassValue, type FunctionValue, type PyValue } from '../model/values';
import { callLabel, PythonCalls } from './calls';
import { newArgumentParser } from './argparse';
import { configCall } from './config-calls';
import { isInitializerFactory, shapeHelper, shapeHelperName, tfOpName } from './tf-ops';
import { elementwiseTensorflowFunction, isTensorflowFunction, KERAS_TENSOR_IN_TF_FUNCTION } from './tf-functions';

const NOWHERE: SourceRange = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

export class Evaluator extends PythonCalls {
  /** Argument spans per constructor call: a call run in a loop makes many layers from the same text. */
  private readonly spans = new Map<number, CallArguments | undefined>();

  private spansOf(node: SyntaxNode): CallArguments | undefined {
    if (!this.spans.has(node.id)) this.spans.set(node.id, argumentSpans(node));
    return this.spans.get(node.id);
  }

  /**
   * `keras.Model.__init__` on a subclass instance, from `super().__init__(...)` or for a subclass that has no
   * `__init__` of its own: it names the model (`name=` or snake_case of the class), and given inputs and
   * outputs the instance is that functional model (Keras reports it so; keras.io's custom `train_step` pattern).
   */
  protected initKerasModel(model: SubclassModel, positional: PyValue[], keywords: Map<string, PyValue>): void {
    if (model.name !== '') return;
    const nameArg = keywords.get('name');
    const inputs = positional[0] ?? keywords.get('inputs');
    const outputs = positional[1] ?? keywords.get('outputs');
    if (inputs && outputs) {
      const functional = this.constructFunctional([inputs, outputs], new Map(nameArg ? [['name', nameArg]] : []), model.range, snakeCase(model.className));
      this.graph.forgetModel(model);
      model.functional = functional;
      functional.className = model.className;
      model.name = functional.name;
    } else {
      model.name = nameArg?.kind === 'str' ? nameArg.value : this.graph.uniqueName(snakeCase(model.className));
    }
  }

  /** A layer Keras has, made for a class of the file extending it: named and typed as that class. */
  protected layerOfSubclass(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    return this.constructLayer(cls.kerasLayer!, positional, keywords, range, undefined, cls.name);
  }

  protected callRef(path: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange, node: SyntaxNode, fnNode: SyntaxNode): PyValue {
    if (path === 'builtins.super') return { kind: 'ref', path: 'builtins.super()' };
    if (path === 'builtins.super().__init__') {
      const self = this.selfStack[this.selfStack.length - 1];
      if (self?.kind === 'model' && self.model.kind === 'subclass') this.initKerasModel(self.model, args.positional, args.keywords);
      const custom = this.customLayers.of(self);
      if (custom) this.customLayers.init(custom, args.positional, args.keywords);
      return NONE;
    }
    if (path.startsWith('builtins.')) return callBuiltin(path.slice(9), args.positional, args.keywords, this.limits.maxLoop);
    if (path === 'argparse.ArgumentParser') return newArgumentParser();
    if (path === 'numpy.expand_dims' || path === 'numpy.reshape') return numpyShapeCall(path, args.positional, args.keywords);
    if (path.endsWith('.pad_sequences') && /^(keras|tensorflow|tf_keras)\./.test(path)) return padSequences(args.positional, args.keywords);
    const opName = kerasOpName(path);
    const helper = shapeHelperName(path, opName);
    if (helper && (opName || this.inLayerCall())) return shapeHelper(helper, args.positional, args.keywords);
    if (opName) return this.kerasOp(opName, args, range);
    const variable = path === 'tensorflow.Variable' ? 'tf' : kerasSubpath(path)?.join('.') === 'Variable' || kerasSubpath(path)?.join('.') === 'backend.Variable' ? 'keras' : undefined;
    if (variable) return this.customLayers.variable(this.selfStack[this.selfStack.length - 1], args.positional, args.keywords, variable === 'keras') ?? unknown('a variable made outside a layer is not followed');
    if (isInitializerFactory(path)) return { kind: 'call', path, positional: args.positional, keywords: args.keywords };
    const tfOp = tfOpName(path);
    if (tfOp && this.inLayerCall()) return this.kerasOp(tfOp, args, range);
    if (isTensorflowFunction(path) && this.shadow === 0 && this.selfStack.length === 0) {
      const onSymbolic = this.tensorflowOnSymbolic(path, args.positional[0] ?? args.keywords.get('x') ?? args.keywords.get('features'), range);
      if (onSymbolic) return onSymbolic;
    }
    const maker = ARRAY_MAKERS[path];
    if (maker) {
      const shapeArg = maker === 'varargs' ? { kind: 'tuple' as const, items: args.positional } : args.positional[0] ?? args.keywords.get('shape') ?? args.keywords.get('size');
      const dims = shapeArg ? toDims(shapeArg) : undefined;
      // Inside a call(), `keras.random.normal(shape=(batch, dim))` with the batch unknown is a tensor of that shape.
      if (dims && this.inLayerCall() && dims.some((d) => d === null) && dims.every((d) => d === null || d >= 0)) return { kind: 'tensor', tensor: this.graph.concreteInput(dims as number[], range) };
      return dims && dims.every((d) => d !== null && d >= 0) ? { kind: 'array', shape: dims as number[], dtype: 'float32' } : unknown(`${path}() with a shape that is not known`);
    }
    if (kerasSubpath(path)?.join('.') === 'models.clone_model') {
      const original = args.positional[0] ?? args.keywords.get('model');
      if (original?.kind !== 'model') return unknown(`clone_model() of ${original ? describe(original) : 'nothing'}`);
      const copy = this.graph.cloneModel(original.model, range);
      return copy ? { kind: 'model', model: copy } : unknown('clone_model() of a subclassed model (Keras needs a clone_function for it)');
    }
    const fromConfig = configCall(this.graph, path, args.positional, args.keywords, range);
    if (fromConfig) return fromConfig;
    const sym: KerasSymbol = resolveKerasSymbol(path);
    switch (sym.kind) {
      case 'dataset':
        this.facts.datasetLoad(sym.name, range);
        return path.endsWith('.load_data') ? loadDataResult(sym.name, args.keywords) ?? unknown(`the arrays of ${sym.name} have no fixed shape`) : unknown(`${path} is not followed`);
      case 'config':
        if (sym.name === 'image_data_format') return { kind: 'str', value: this.imageDataFormat };
        if (args.positional[0]?.kind === 'str' && ['channels_first', 'channels_last'].includes(args.positional[0].value)) this.imageDataFormat = args.positional[0].value;
        return NONE;
      case 'layer': {
        const made = this.constructLayer(sym.className, args.positional, args.keywords, range, fnNode);
        if (made.kind === 'layer') (made.layer as { args?: CallArguments }).args = this.spansOf(node);
        return made;
      }
      case 'mergeFunction': {
        // concatenate(inputs, axis=-1, **kwargs): the first argument is what the new layer is called on.
        const [inputs, ...rest] = args.positional;
        const kw = new Map(args.keywords);
        const tensors = inputs ?? kw.get('inputs');
        kw.delete('inputs');
        const made = this.constructLayer(sym.className, rest, kw, range, fnNode);
        if (made.kind !== 'layer' || !tensors) return unknown(`${sym.className.toLowerCase()}() needs its inputs`);
        return this.callLayer(made.layer, [tensors], new Map(), range);
      }
      case 'sequential':
        return this.constructSequential(args.positional, args.keywords, range, node);
      case 'model':
        return { kind: 'model', model: this.constructFunctional(args.positional, args.keywords, range) };
      case 'input':
        return this.constructInput(args.positional, args.keywords, range);
      case 'inputLayer':
        return this.constructInputLayer(args.keywords, range);
      case 'activation':
        return unknown('an activation applied to a tensor directly is not followed');
      case 'weightSetting':
      case 'optimizer':
      case 'loss':
      case 'metric':
        // Kept with its arguments: training reads `Adam(learning_rate=3e-4)` from here.
        return { kind: 'call', path, positional: args.positional, keywords: args.keywords };
      default:
        return unknown(`\`${fnNode.text.slice(0, 60)}\` is not a Keras call Model Lens follows`);
    }
  }

  /** A `keras.ops` function on tensors: an operation in the graph, as `x + y` is. */
  protected kerasOp(name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange): PyValue {
    const first = args.positional[0] ?? args.keywords.get('x');
    const tensorArgs = first && (first.kind === 'list' || first.kind === 'tuple') ? [...first.items, ...args.positional.slice(1, 2)] : args.positional.slice(0, 2);
    const tensors = tensorArgs.filter((v): v is Extract<PyValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    if (tensors.length === 0) return unknown(`keras.ops.${name}() on values that are not tensors is not followed`);
    const shapes = tensorArgs.map((v) => (v.kind === 'tensor' ? v.tensor.shape : v.kind === 'int' || v.kind === 'float' ? [] : undefined));
    if (shapes.some((s) => s === undefined)) return unknown(`keras.ops.${name}() with arguments that are not known`);
    const known = shapes.every((s) => s !== null) ? opOutputShape(name, shapes as Shape[], args) : null;
    if (known === undefined) return unknown(`keras.ops.${name}() is not followed`);
    const className = name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    return this.graph.applyOperation(className, tensors, known, range, { detached: this.shadow > 0, namePrefix: name });
  }

  /**
   * A TensorFlow function given a symbolic tensor while a functional model is built (not inside a layer's call):
   * Keras 3 raises; tf.keras 2 makes a TFOpLambda, whose shape is known for element-wise functions.
   */
  private tensorflowOnSymbolic(path: string, x: PyValue | undefined, range: SourceRange): PyValue | undefined {
    if (x?.kind !== 'tensor' || !fromKerasInput(x.tensor)) return undefined;
    const how = this.graph.dialect.tensorflowOnSymbolic;
    if (how === 'raises') {
      this.graph.error(range, KERAS_TENSOR_IN_TF_FUNCTION);
      return unknown(`Keras 3 raises here: ${path.replace(/^tensorflow\./, 'tf.')}() is given a KerasTensor`);
    }
    const canonical = elementwiseTensorflowFunction(path);
    if (how !== 'wraps' || !canonical) return undefined;
    return this.graph.applyOperation('TFOpLambda', [x.tensor], x.tensor.shape, range, { detached: false, namePrefix: canonical });
  }

  protected tensorOp(op: string, a: PyValue, b: PyValue, range: SourceRange): PyValue {
    const className = TENSOR_OPS[op];
    if (!className) return unknown(`the operator ${op} on tensors is not followed`);
    const shapeOf = (v: PyValue): Shape | null | undefined =>
      v.kind === 'tensor' ? v.tensor.shape : v.kind === 'int' || v.kind === 'float' || v.kind === 'bool' ? [] : undefined;
    const sa = shapeOf(a);
    const sb = shapeOf(b);
    if (sa === undefined || sb === undefined) return unknown(a.kind === 'unknown' ? a.reason : b.kind === 'unknown' ? b.reason : `${describe(a)} ${op} ${describe(b)} is not followed`);
    const inputs = [a, b].filter((v): v is Extract<PyValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    const result = sa !== null && sb !== null ? broadcast2(sa, sb) : null;
    return this.graph.applyOperation(className, inputs, result, range, { detached: this.shadow > 0 });
  }

  /**
   * A Lambda with no `output_shape`: Keras finds its shape by running the function on symbolic tensors. So
   * do we, for functions made of what the evaluator follows (arithmetic, keras.ops it knows), without naming
   * anything or reporting anything from inside.
   */
  protected lambdaShapes(fn: FunctionValue, inputs: readonly Shape[]): ReturnType<typeof applyLayer> {
    this.shadow++;
    try {
      return this.graph.withoutDiagnostics(() => {
        const tensors = inputs.map((shape): PyValue => ({ kind: 'tensor', tensor: this.graph.concreteInput(shape as number[], NOWHERE) }));
        const arg: PyValue = tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors };
        const out = this.callFunction(fn, [arg], new Map());
        const outs = out.kind === 'tensor' ? [out] : out.kind === 'tuple' || out.kind === 'list' ? out.items : [out];
        if (outs.every((o) => o.kind === 'tensor' && o.tensor.shape)) return { outputs: outs.map((o) => (o as { tensor: TensorValue }).tensor.shape!), weights: [] };
        return { outputs: null, weights: [], unresolved: `the Lambda's function is not something Model Lens can follow (${out.kind === 'unknown' ? out.reason : describe(out)}); give it output_shape=` };
      });
    } finally {
      this.shadow--;
    }
  }

  /** A Lambda's `output_shape` function: Keras 3 calls it on the input shape(s) and takes what it returns as the shape. */
  protected lambdaOutputShape(fn: FunctionValue, inputs: readonly Shape[]): ReturnType<typeof applyLayer> {
    const asTuple = (shape: Shape): PyValue => ({ kind: 'tuple', items: shape.map((d): PyValue => (d === null ? NONE : { kind: 'int', value: d })) });
    this.shadow++;
    try {
      const out = this.graph.withoutDiagnostics(() => this.callFunction(fn, [inputs.length === 1 ? asTuple(inputs[0]) : { kind: 'list', items: inputs.map(asTuple) }], new Map()));
      const dims = toDims(out);
      if (dims) return { outputs: [dims], weights: [] };
      return { outputs: null, weights: [], unresolved: `the Lambda's output_shape function gives ${out.kind === 'unknown' ? `a value that is not known (${out.reason})` : describe(out)}` };
    } finally {
      this.shadow--;
    }
  }

  protected constructLayer(className: string, positional: PyValue[], givenKeywords: Map<string, PyValue>, range: SourceRange, fnNode: SyntaxNode | undefined, asClass?: string): PyValue {
    let keywords = givenKeywords;
    this.graph.flagAbsurd([...positional, ...keywords.values()], range, className);
    const spec = findLayerSpec(className);
    const nameArg = keywords.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : undefined;
    const trainableArg = keywords.get('trainable');
    const trainable = trainableArg?.kind === 'bool' ? trainableArg.value : true;
    if (!spec) {
      // `layers.dense(2)`: a TF.js spelling Keras does not have. Keras raises AttributeError there: say so on the line.
      const misspelt = tfjsSpellingInKeras(className);
      if (misspelt) this.graph.error(range, `AttributeError: ${misspelt}`);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, misspelt ?? `${fnNode?.text ?? className} is not a layer Model Lens knows yet`, { name, trainable }) };
    }
    if (spec.tfKeras2Only && this.graph.dialect !== TFKERAS2) {
      this.graph.error(range, spec.tfKeras2Only);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, spec.tfKeras2Only, { name, trainable }) };
    }
    if (this.imageDataFormat !== 'channels_last' && spec.args.some((a) => a.name === 'data_format') && !keywords.has('data_format')) {
      const at = spec.args.findIndex((a) => a.name === 'data_format');
      if (at >= positional.length) keywords = new Map([...keywords, ['data_format', { kind: 'str', value: this.imageDataFormat }]]);
    }
    try {
      const bound = bindArgs(spec, positional, keywords);
      const fromArgs = this.graph.dialect.layerInput?.(className, bound.common) ?? {};
      if (fromArgs.note) this.graph.report(range, 'info', fromArgs.note);
      const declaredInput = declaredInputShape(spec, bound.common) ?? fromArgs.shape ?? null;
      const layer = this.graph.newLayer(asClass ?? className, spec, range, { name, trainable, declaredInput, config: bound.config });
      const fn = bound.config.raw('function');
      if (className === 'Lambda' && fn?.kind === 'function' && !bound.config.has('output_shape')) layer.shapeFunction = (inputs) => this.lambdaShapes(fn.fn, inputs);
      const outputShape = bound.config.raw('output_shape');
      if (className === 'Lambda' && outputShape?.kind === 'function') layer.shapeFunction = (inputs) => this.lambdaOutputShape(outputShape.fn, inputs);
      return { kind: 'layer', layer };
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      this.graph.error(range, e.message);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, e.message, { name, trainable }) };
    }
  }

  protected constructInput(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    this.graph.flagAbsurd([...positional, ...keywords.values()], range, 'Input');
    const shapeArg = positional[0] ?? keywords.get('shape');
    const batchShape = keywords.get('batch_shape') ?? keywords.get('batch_input_shape');
    const batchSize = positional[1] ?? keywords.get('batch_size');
    const nameArg = keywords.get('name');
    let shape: Shape | null = null;
    let reason = 'Input() needs shape= or batch_shape=';
    if (batchShape) {
      shape = toDims(batchShape) ?? null;
      if (!shape) reason = `batch_shape is ${describe(batchShape)}`;
    } else if (shapeArg) {
      const dims = toDims(shapeArg);
      if (dims) shape = [batchSize?.kind === 'int' ? batchSize.value : null, ...dims];
      else reason = shapeArg.kind === 'unknown' ? `shape: ${shapeArg.reason}` : `shape is ${describe(shapeArg)}`;
    }
    return { kind: 'tensor', tensor: this.graph.input(shape, reason, nameArg?.kind === 'str' ? nameArg.value : undefined, range) };
  }

  protected constructInputLayer(keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const shape = keywords.get('shape') ?? keywords.get('input_shape');
    const t = this.constructInput(shape ? [shape] : [], keywords, range);
    return t.kind === 'tensor' ? { kind: 'layer', layer: t.tensor.producer.layer } : t;
  }

  protected constructSequential(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange, node: SyntaxNode): PyValue {
    const nameArg = keywords.get('name') ?? positional[1];
    const model = this.graph.sequential(nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    const list = positional[0] ?? keywords.get('layers');
    const argsNode = node.childForFieldName('arguments');
    const listNode = argsNode ? named(argsNode)[0] : undefined;
    const itemNodes = listNode && (listNode.type === 'list' || listNode.type === 'tuple') ? named(listNode).filter((c) => c.type !== 'comment') : [];
    if (list && (list.kind === 'list' || list.kind === 'tuple')) {
      this.graph.fillSequential(model, list.items.map((value, i) => ({ value, range: itemNodes[i] ? rangeOf(itemNodes[i]) : range, label: callLabel(itemNodes[i]) })));
    } else if (list && list.kind !== 'none') {
      model.incomplete = list.kind === 'unknown' ? `its layer list is not known (${list.reason})` : 'its layer list is not a list';
    }
    return { kind: 'model', model };
  }

  protected constructFunctional(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange, namePrefix?: string): FunctionalModel {
    const inputs = positional[0] ?? keywords.get('inputs');
    const outputs = positional[1] ?? keywords.get('outputs');
    const nameArg = keywords.get('name');
    const tensors = (v: PyValue | undefined): (TensorValue | null)[] => {
      if (!v) return [];
      if (v.kind === 'tensor') return [v.tensor];
      if (v.kind === 'list' || v.kind === 'tuple') return v.items.map((x) => (x.kind === 'tensor' ? x.tensor : null));
      if (v.kind === 'dict') return [...v.entries.values()].map((x) => (x.kind === 'tensor' ? x.tensor : null));
      return [null];
    };
    const ins = tensors(inputs);
    const outs = tensors(outputs);
    let incomplete: string | undefined;
    if (!inputs || !outputs) incomplete = 'Model() needs inputs and outputs';
    else if (outs.some((t) => t === null) || ins.some((t) => t === null)) incomplete = `some of its inputs or outputs are not known (${notTensorReason(outs.some((t) => t === null) ? outputs : inputs)})`;
    const model = this.graph.functional({ name: nameArg?.kind === 'str' ? nameArg.value : undefined, namePrefix, range, inputs: ins, outputs: outs, incomplete });
    // The layers behind a lost tensor are not listed: say why on the line, not only in the totals' `?`.
    if (incomplete && this.shadow === 0) this.graph.report(range, 'info', `Model "${model.name}": ${incomplete}, so the layers that lead to them are not listed and its totals are ?.`);
    return model;
  }

  protected callLayer(layer: LayerInstance, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const custom = this.customLayers.ofLayer(layer);
    if (custom) return this.customLayers.call(layer, custom, positional, keywords, range);
    const mode = layer.spec?.call ?? 'single';
    let inputs: PyValue[];
    if (mode === 'attention') {
      inputs = [positional[0] ?? keywords.get('query'), positional[1] ?? keywords.get('value'), positional[2] ?? keywords.get('key')].filter((x): x is PyValue => x !== undefined && x.kind !== 'none');
    } else {
      const first = positional[0] ?? keywords.get('inputs');
      if (!first) return unknown(`${layer.name} is called without inputs`);
      // A layer we do not know may well take a list (a custom merge), and so may a Lambda.
      const listOk = mode === 'list' || !layer.spec || layer.className === 'Lambda';
      inputs = listOk && (first.kind === 'list' || first.kind === 'tuple') ? [...first.items] : [first];
    }
    // An RNN's initial_state (and constants) feed the call: they connect the graph, not the shapes.
    const extras: TensorValue[] = [];
    for (const key of ['initial_state', 'constants']) {
      const v = keywords.get(key);
      const items = v?.kind === 'tensor' ? [v] : v?.kind === 'list' || v?.kind === 'tuple' ? v.items : [];
      for (const item of items) if (item.kind === 'tensor') extras.push(item.tensor);
    }
    // Called on real data (an array of known shape) the layer is built eagerly for that shape.
    return this.graph.callLayer(layer, inputs, range, keywords, extras);
  }
}


/** Why a model's inputs or outputs (a tensor, or a list or dict of them) hold something that is not a tensor. */
function notTensorReason(v: PyValue): string {
  const items = v.kind === 'list' || v.kind === 'tuple' ? v.items : v.kind === 'dict' ? [...v.entries.values()] : [v];
  const bad = items.find((x) => x.kind !== 'tensor') ?? v;
  return bad.kind === 'unknown' ? bad.reason : `${describe(bad)} is not a tensor`;
}

/** Whether a tensor comes from a `keras.Input` (a symbolic KerasTensor), not only from arrays of real data. */
function fromKerasInput(tensor: TensorValue): boolean {
  const seen = new Set<TensorValue['producer']>();
  const stack = [tensor.producer];
  while (stack.length && seen.size < 10_000) {
    const call = stack.pop()!;
    if (seen.has(call)) continue;
    seen.add(call);
    if (call.layer.className === 'InputLayer' && !call.layer.isOperation) return true;
    for (const t of call.inputs) stack.push(t.producer);
  }
  return false;
}

/** The batch shape a layer's `input_shape=` / `batch_input_shape=` / `input_dim=` declares, if any. */
function declaredInputShape(spec: LayerSpec, common: ReadonlyMap<string, PyValue>): Shape | null {
  const batchInput = common.get('batch_input_shape');
  if (batchInput) return toDims(batchInput) ?? null;
  const inputShape = common.get('input_shape');
  const batchSize = common.get('batch_size');
  const batch: Dim = batchSize?.kind === 'int' ? batchSize.value : null;
  if (inputShape) {
    const dims = toDims(inputShape);
    return dims ? [batch, ...dims] : null;
  }
  const inputDim = common.get('input_dim');
  if (inputDim && !spec.args.some((a) => a.name === 'input_dim')) {
    return inputDim.kind === 'int' ? [batch, inputDim.value] : null;
  }
  return null;
}

/** numpy.expand_dims / numpy.reshape on arrays of known shape (preparing MNIST for a Conv2D, say). */
function numpyShapeCall(path: string, positional: PyValue[], keywords: Map<string, PyValue>): PyValue {
  const a = positional[0] ?? keywords.get('a');
  if (a?.kind !== 'array') return unknown(`${path}() of an array whose shape is not known`);
  if (path === 'numpy.expand_dims') {
    const axis = positional[1] ?? keywords.get('axis');
    if (axis?.kind !== 'int') return unknown('expand_dims with an axis that is not known');
    const at = axis.value < 0 ? a.shape.length + 1 + axis.value : axis.value;
    if (at < 0 || at > a.shape.length) return unknown('expand_dims axis out of range');
    return { kind: 'array', shape: [...a.shape.slice(0, at), 1, ...a.shape.slice(at)], dtype: a.dtype };
  }
  const dims = toDims(positional[1] ?? keywords.get('newshape') ?? keywords.get('shape') ?? { kind: 'none' });
  if (!dims || dims.some((d) => d === null)) return unknown('reshape to a shape that is not known');
  const size = a.shape.reduce((x, d) => x * d, 1);
  const fixed = (dims as number[]).filter((d) => d !== -1).reduce((x, d) => x * d, 1);
  const shape = (dims as number[]).map((d) => (d === -1 ? size / fixed : d));
  return shape.every((d) => Number.isInteger(d)) && shape.reduce((x, d) => x * d, 1) === size ? { kind: 'array', shape, dtype: a.dtype } : unknown('a reshape that does not keep the size');
}

/** Python operators on symbolic tensors and the Keras operations they become. */
const TENSOR_OPS: Readonly<Record<string, string>> = {
  '+': 'Add',
  '-': 'Subtract',
  '*': 'Multiply',
  '/': 'TrueDivide',
  '//': 'FloorDivide',
  '**': 'Power',
  '@': 'Matmul',
};

/** Functions that make concrete arrays of a given shape, as models are often called on to build them. */
const ARRAY_MAKERS: Readonly<Record<string, 'shape' | 'varargs'>> = {
  'numpy.zeros': 'shape',
  'numpy.ones': 'shape',
  'numpy.empty': 'shape',
  'numpy.random.random': 'shape',
  'numpy.random.normal': 'shape',
  'numpy.random.uniform': 'shape',
  'numpy.random.rand': 'varargs',
  'numpy.random.randn': 'varargs',
  'tensorflow.zeros': 'shape',
  'tensorflow.ones': 'shape',
  'tensorflow.random.normal': 'shape',
  'tensorflow.random.uniform': 'shape',
  'keras.ops.zeros': 'shape',
  'keras.ops.ones': 'shape',
  'keras.random.normal': 'shape',
  'keras.random.uniform': 'shape',
  'keras.backend.random_normal': 'shape',
  'keras.backend.random_uniform': 'shape',
  'tensorflow.keras.backend.random_normal': 'shape',
  'tensorflow.keras.backend.random_uniform': 'shape',
};

/** `keras.ops.square` (also `keras.src.ops.numpy.square`, `tf.keras.ops.square`) → `square`. */
function kerasOpName(path: string): string | undefined {
  const parts = path.split('.');
  const at = parts.indexOf('ops');
  if (at < 1 || !parts.slice(0, at).includes('keras')) return undefined;
  return parts[parts.length - 1];
}
