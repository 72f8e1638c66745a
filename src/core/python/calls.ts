/** Python calls: functions the file defines, methods of lists, arrays and models, classes and their instances. */
import { bindByName, KERAS_COMPILE_PARAMS, KERAS_FIT_PARAMS } from '../model/result';
import type { CallArguments, LayerInstance, ModelValue, SequentialModel, SourceRange, SubclassModel, TensorValue } from '../model/graph';
import { sequentialInput } from '../model/infer';
import { named, rangeOf, type SyntaxNode } from './parser';
import { argumentSpans } from './arguments';
import { snakeCase } from '../model/naming';
import { extendList, inheritedMethod, toDims } from './python-ops';
import { describe, dictKey, keyValue, NONE, unknown, type ClassValue, type FunctionValue, type ObjectValue, type PyValue } from '../model/values';
import { BreakSignal, ContinueSignal, ReturnSignal } from '../interp/signals';
import type { Scope } from '../interp/scope';
import { PythonExpressions } from './expressions';
import { argumentParserMethod, isArgumentParser } from './argparse';
import { CustomLayers } from './custom-layers';
import { modelConfigValue } from './config-calls';
import { atCallSite } from '../interp/call-site';
import { initializerCall, isInitializerFactory } from './tf-ops';
import { runUncalledBuilders } from './uncalled';

/** Builtins that run code or reach names chosen at run time. */
const DYNAMIC_CODE = new Set(['builtins.exec', 'builtins.eval', 'builtins.globals', 'builtins.locals', 'builtins.vars']);

export abstract class PythonCalls extends PythonExpressions {
  // Defined by the parts that follow: keras-calls.ts.
  protected abstract callLayer(layer: LayerInstance, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue;
  protected abstract callRef(path: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange, node: SyntaxNode, fnNode: SyntaxNode): PyValue;
  protected abstract initKerasModel(model: SubclassModel, positional: PyValue[], keywords: Map<string, PyValue>): void;
  protected abstract layerOfSubclass(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue;

  /** Instances of the file's own `Layer` classes, built as Keras builds them. */
  protected readonly customLayers = new CustomLayers({
    graph: this.graph,
    findMethod: (cls, name) => this.findMethod(cls, name),
    knownLayer: (cls, positional, keywords, range) => this.layerOfSubclass(cls, positional, keywords, range),
    runMethod: (fn, self, positional, keywords) => this.withSelf(self, () => this.callFunction(fn, [self, ...positional], keywords)),
    shadowed: (f) => {
      this.shadow++;
      try {
        return this.graph.withoutDiagnostics(f);
      } finally {
        this.shadow--;
      }
    },
  });

  /** Inside a layer's or model's `call()`, where Keras 3 runs TensorFlow functions on backend tensors. */
  protected inLayerCall(): boolean {
    return this.shadow > 0 || this.selfStack.some((s) => s.kind === 'model' || this.customLayers.of(s) !== undefined);
  }

  // ---------------------------------------------------------------- calls

  protected evalArgs(argsNode: SyntaxNode | null, scope: Scope): { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[] } {
    const positional: PyValue[] = [];
    const keywords = new Map<string, PyValue>();
    const nodes: SyntaxNode[] = [];
    if (!argsNode) return { positional, keywords, nodes };
    if (argsNode.type === 'generator_expression') {
      positional.push(this.eval(argsNode, scope));
      nodes.push(argsNode);
      return { positional, keywords, nodes };
    }
    for (const arg of named(argsNode)) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name, this.eval(value, scope));
      } else if (arg.type === 'list_splat') {
        const items = this.iterate(this.eval(named(arg)[0], scope));
        if (items) for (const item of items) positional.push(item);
        else positional.push(unknown('*args that are not known'));
      } else if (arg.type === 'dictionary_splat') {
        const d = this.eval(named(arg)[0], scope);
        if (d.kind === 'dict') for (const [k, v] of d.entries) keywords.set(k, v);
        else keywords.set('**', unknown('**kwargs that are not known'));
      } else if (arg.type !== 'comment') {
        positional.push(this.eval(arg, scope));
        nodes.push(arg);
      }
    }
    return { positional, keywords, nodes };
  }

  /**
   * `exec(...)`, `eval(...)`, `globals()`, `locals()`, `vars()`: code or names chosen at run time may change any
   * variable and add layers to any model. From here on every value the file's names hold is unknown (imports,
   * functions and classes stay: they name code, not numbers) and every model made so far is partial, with why.
   */
  private dynamicCode(name: string, scope: Scope, range: SourceRange): PyValue {
    const reason = `${name}() on line ${range.startLine + 1} may change it`;
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      for (const [key, value] of s.vars) {
        if (value.kind === 'ref' || value.kind === 'function' || value.kind === 'class') continue;
        if (value.kind === 'model') value.model.incomplete ??= reason;
        else s.vars.set(key, unknown(reason));
      }
    }
    for (const { model } of this.graph.modelsSoFar()) model.incomplete ??= reason;
    return unknown(`${name}() runs code or names chosen when the script runs`);
  }

  protected evalCall(node: SyntaxNode, scope: Scope): PyValue {
    // What another file's code makes when this call runs it is shown at this call.
    return this.homeTree && this.importedCode ? atCallSite(this.homeTree, rangeOf(node), () => this.evalCallHere(node, scope)) : this.evalCallHere(node, scope);
  }

  private evalCallHere(node: SyntaxNode, scope: Scope): PyValue {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return unknown('incomplete call');
    const callee = this.eval(fnNode, scope);
    const args = this.evalArgs(node.childForFieldName('arguments'), scope);
    const range = rangeOf(node);
    switch (callee.kind) {
      case 'ref':
        if (DYNAMIC_CODE.has(callee.path)) return this.dynamicCode(callee.path.slice('builtins.'.length), scope, range);
        return this.callRef(callee.path, args, range, node, fnNode);
      case 'layer':
        return this.callLayer(callee.layer, args.positional, args.keywords, range);
      case 'model':
        if (callee.model.kind === 'subclass') return this.callSubclass(callee.model, args.positional, args.keywords, range);
        return this.callLayer(this.graph.modelCalled(callee.model), args.positional, args.keywords, range);
      case 'function':
        return this.callFunction(callee.fn, args.positional, args.keywords);
      case 'class':
        return this.instantiate(callee.cls, args.positional, args.keywords, range);
      case 'object': {
        const call = this.findMethod(callee.obj.cls, '__call__');
        return call ? this.callFunction(call, [callee, ...args.positional], args.keywords) : unknown(`${callee.obj.cls.name} objects are not callable`);
      }
      case 'method':
        // compile() and fit() are recorded with where each argument sits (their notes and problems name lines).
        return this.callMethod(callee.self, callee.name, callee.self.kind === 'model' ? { ...args, spans: argumentSpans(node) } : args, range);
      case 'call':
        // An initializer object called with a shape (`tf.random_normal_initializer()(shape=(3, 4))`).
        return isInitializerFactory(callee.path) ? initializerCall(args.positional, args.keywords) : unknown(`${callee.path}(...) objects are not callable here`);
      case 'unknown':
        return unknown(callee.reason);
      default:
        return unknown(`${describe(callee)} is not callable`);
    }
  }

  protected runUncalledBuilders(): void {
    runUncalledBuilders({ graph: this.graph, defined: this.defined, called: this.called, module: this.module, call: (fn, keywords) => this.callFunction(fn, [], keywords) });
  }

  protected callFunction(fn: FunctionValue, positional: PyValue[], givenKeywords: Map<string, PyValue>): PyValue {
    this.called.add((fn.node as SyntaxNode).id);
    if (this.callDepth >= this.limits.maxCallDepth) return unknown(`${fn.name} calls itself too deeply`);
    const keywords = new Map(givenKeywords);
    const node = fn.node as SyntaxNode;
    const defScope = fn.scope as Scope;
    const local: Scope = { vars: new Map(), parent: defScope };
    const params = (node.childForFieldName('parameters') ? named(node.childForFieldName('parameters')!) : undefined) ?? [];
    let pi = 0;
    for (const p of params) {
      if (p.type === 'identifier') {
        local.vars.set(p.text, pi < positional.length ? positional[pi++] : keywords.get(p.text) ?? unknown(`argument ${p.text} is missing`));
        keywords.delete(p.text);
      } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const name = p.childForFieldName('name')?.text;
        if (!name) continue;
        const v = pi < positional.length ? positional[pi++] : keywords.get(name);
        keywords.delete(name);
        local.vars.set(name, v ?? this.eval(p.childForFieldName('value')!, defScope));
      } else if (p.type === 'typed_parameter') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, pi < positional.length ? positional[pi++] : keywords.get(name) ?? unknown(`argument ${name} is missing`));
      } else if (p.type === 'list_splat_pattern') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, { kind: 'tuple', items: positional.slice(pi) });
        pi = positional.length;
      } else if (p.type === 'dictionary_splat_pattern') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, { kind: 'dict', entries: new Map(keywords) });
      }
    }
    const body = node.childForFieldName('body');
    if (!body) return NONE;
    this.callDepth++;
    try {
      if (node.type === 'lambda') return this.eval(body, local);
      this.execBlock(named(body), local);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return unknown('break outside a loop');
      throw e;
    } finally {
      this.callDepth--;
    }
  }

  protected callMethod(self: PyValue, name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[]; spans?: CallArguments }, range: SourceRange): PyValue {
    if (isArgumentParser(self)) {
      const { value, parsed } = argumentParserMethod(self.obj, name, args.positional, args.keywords);
      if (parsed && parsed.size > 0) {
        const shown = [...parsed].map(([dest, v]) => `${dest}=${describe(v)}`).join(', ');
        this.graph.report(range, 'info', `Command-line options are read as a run with no arguments gives them (argparse's defaults): ${shown}.`);
      }
      return value;
    }
    const own = self.kind === 'object' ? self.obj.cls : self.kind === 'model' && self.model.kind === 'subclass' ? self.model.self.cls : undefined;
    const method = own && this.findMethod(own, name);
    if (method) return this.withSelf(self, () => this.callFunction(method, [self, ...args.positional], args.keywords));
    const custom = this.customLayers.of(self);
    const layerMethod = custom && this.customLayers.layerMethod(custom, name, args.positional, args.keywords);
    if (layerMethod) return layerMethod;
    if (self.kind === 'class') {
      const fn = self.cls.methods.get(name);
      if (fn) return this.callFunction(fn, args.positional, args.keywords);
    }
    if (self.kind === 'list') {
      const [a, b] = args.positional;
      switch (name) {
        case 'append':
          self.items.push(a ?? unknown('missing argument'));
          return NONE;
        case 'extend':
          extendList(self, a ? this.iterate(a) : undefined, 'extended with an unknown sequence');
          return NONE;
        case 'insert':
          if (a?.kind === 'int' && b) self.items.splice(a.value, 0, b);
          else self.items.push(unknown('insert at an unknown position'));
          return NONE;
        case 'pop': {
          // list.pop(i) takes item i (negative from the end); pop() the last.
          if (a && a.kind !== 'int') return unknown('pop at an index that is not known');
          const at = a ? (a.value < 0 ? self.items.length + a.value : a.value) : self.items.length - 1;
          return at >= 0 && at < self.items.length ? self.items.splice(at, 1)[0] : unknown('pop index out of range');
        }
        default:
          return unknown(`list.${name} is not followed`);
      }
    }
    if (self.kind === 'model') return this.callModelMethod(self.model, name, args, range);
    if (self.kind === 'array') {
      if (name === 'astype') return { ...self, dtype: args.positional[0]?.kind === 'str' ? args.positional[0].value : 'float32' };
      if (name === 'reshape') {
        const dims = args.positional.length === 1 ? toDims(args.positional[0]) : toDims({ kind: 'tuple', items: args.positional });
        const size = self.shape.reduce((a, d) => a * d, 1);
        if (!dims || dims.some((d) => d === null)) return unknown('reshape to a shape that is not known');
        const fixed = (dims as number[]).filter((d) => d !== -1).reduce((a, d) => a * d, 1);
        const shape = (dims as number[]).map((d) => (d === -1 ? size / fixed : d));
        return shape.every((d) => Number.isInteger(d)) && shape.reduce((a, d) => a * d, 1) === size ? { kind: 'array', shape, dtype: self.dtype } : unknown('a reshape that does not keep the size');
      }
      return unknown(`array.${name}() is not followed`);
    }
    if (self.kind === 'dict') return dictMethod(self, name, args.positional);
    return unknown(`${describe(self)}.${name}() is not followed`);
  }

  protected callModelMethod(model: ModelValue, name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[]; spans?: CallArguments }, range: SourceRange): PyValue {
    switch (name) {
      case 'add': {
        if (model.kind !== 'sequential') return unknown('add() is only for Sequential models');
        const v = args.positional[0] ?? args.keywords.get('layer');
        if (v) this.graph.addToSequential(model, { value: v, range, label: callLabel(args.nodes[0]) }, 'add');
        return NONE;
      }
      case 'pop':
        if (model.kind === 'sequential') this.graph.popSequential(model);
        return NONE;
      case 'build': {
        if (model.kind === 'subclass') {
          // Keras's default Model.build() does not run call(): the model is marked built, its layers stay
          // unbuilt ("0 (unbuilt)" in its summary). Only calling it on a tensor builds them.
          model.buildCalledWithoutCall = !model.built;
          return NONE;
        }
        if (model.kind !== 'sequential') return NONE;
        const shape = args.positional[0] ?? args.keywords.get('input_shape');
        const dims = shape ? toDims(shape) : undefined;
        if (dims) this.graph.buildSequential(model, dims);
        return NONE;
      }
      case 'compile':
        this.graph.recordCompile(model, range, bindByName(KERAS_COMPILE_PARAMS, args.positional, args.keywords), { args: args.spans });
        return NONE;
      case 'fit': {
        const fitArgs = bindByName(KERAS_FIT_PARAMS, args.positional, args.keywords);
        if (model.kind === 'sequential') this.buildAtFit(model, fitArgs);
        this.graph.recordFit(model, range, fitArgs, { args: args.spans });
        return unknown('the History that fit() returns is not followed');
      }
      case 'get_layer':
        return this.symbolic.getLayer(model, args.positional[0] ?? args.keywords.get('name'), args.positional[1] ?? args.keywords.get('index'));
      case 'get_config':
      case 'to_json':
        return modelConfigValue(model, name);
      case 'summary':
      case 'save':
      case 'save_weights':
      case 'load_weights':
        return NONE;
      default:
        return unknown(`model.${name}() is not followed`);
    }
  }

  /**
   * Keras builds a Sequential that has no input shape on its first `fit`, from the data: arrays of known shape
   * (a Keras dataset, `x_train.reshape(...)`, `pad_sequences(..., maxlen=...)`) build it here the same way.
   * Keras 3 (TensorFlow backend) builds it for the first batch: its batch dimension is `batch_size` when every
   * training batch is full, else None (checked in the venv: 64 samples → 32; 70, or 10, or 64 with
   * validation_split=0.2 → None). Anything that decides the batches and is not known leaves the model unbuilt.
   */
  private buildAtFit(model: SequentialModel, fit: ReadonlyMap<string, PyValue>): void {
    const x = fit.get('x');
    if (x?.kind !== 'array' || x.dtype === 'object' || x.shape.length === 0) return;
    if (model.incomplete || model.layers.length === 0 || sequentialInput(model) !== null) return;
    const given = fit.get('batch_size');
    const batch = given === undefined || given.kind === 'none' ? 32 : given.kind === 'int' && given.value > 0 ? given.value : undefined;
    const split = fit.get('validation_split') ?? { kind: 'float', value: 0 };
    const steps = fit.get('steps_per_epoch');
    if (batch === undefined || (split.kind !== 'float' && split.kind !== 'int') || (steps && steps.kind !== 'none')) return;
    // The first floor(n × (1 − split)) samples train (venv: 65 with split 0.5 → batches of 32, 63 → None).
    const train = split.value > 0 ? Math.floor(x.shape[0] * (1 - split.value)) : x.shape[0];
    this.graph.buildSequential(model, [train % batch === 0 ? batch : null, ...x.shape.slice(1)]);
  }

  // ---------------------------------------------------------------- Keras objects

  protected findMethod(cls: ClassValue, name: string): FunctionValue | undefined {
    return inheritedMethod(cls, name);
  }

  protected withSelf<T>(self: PyValue, run: () => T): T {
    this.selfStack.push(self);
    try {
      return run();
    } finally {
      this.selfStack.pop();
    }
  }

  /** Keras tracks layers assigned to a model's attributes, also inside lists, in assignment order. */
  protected trackLayers(model: SubclassModel, value: PyValue): void {
    if (value.kind === 'layer' && !model.layers.includes(value.layer)) model.layers.push(value.layer);
    else if (value.kind === 'model') {
      const layer = this.graph.modelAsLayer(value.model);
      if (!model.layers.includes(layer)) model.layers.push(layer);
    } else if (value.kind === 'list' || value.kind === 'tuple') for (const item of value.items) this.trackLayers(model, item);
  }

  protected instantiate(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    if (cls.base === 'layer') return this.customLayers.instantiate(cls, positional, keywords, range);
    const obj: ObjectValue = { cls, attrs: new Map() };
    let self: PyValue = { kind: 'object', obj };
    let model: SubclassModel | undefined;
    if (cls.base === 'model') {
      model = this.graph.subclassModel(cls.name, range, obj);
      self = { kind: 'model', model };
    }
    const init = this.findMethod(cls, '__init__');
    if (init) this.withSelf(self, () => this.callFunction(init, [self, ...positional], keywords));
    // No __init__ of its own: keras.Model.__init__ gets the arguments (`CustomModel(inputs, outputs)`).
    else if (model) this.initKerasModel(model, positional, keywords);
    if (model && model.name === '') model.name = this.graph.uniqueName(snakeCase(cls.name));
    if (model?.functional) return { kind: 'model', model: model.functional };
    return self;
  }

  /** Calling a subclassed model runs its `call` on the tensors; outside, it is one layer with all its weights. */
  protected callSubclass(model: SubclassModel, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const self: PyValue = { kind: 'model', model };
    const call = this.findMethod(model.self.cls, 'call');
    if (!call) return unknown(`${model.className} has no call() method`);
    const args = positional.map((v): PyValue => (v.kind === 'array' ? { kind: 'tensor', tensor: this.graph.concreteInput(v.shape, range) } : v));
    const result = this.withSelf(self, () => this.callFunction(call, [self, ...args], keywords));
    const inputs = args.map((v) => (v.kind === 'tensor' ? v.tensor : null));
    const outs = result.kind === 'tensor' ? [result] : result.kind === 'tuple' || result.kind === 'list' ? result.items : [result];
    const outputs = outs.map((v) => (v.kind === 'tensor' ? v.tensor : null));
    if (!model.built) {
      model.built = true;
      model.inputs = inputs;
      model.outputs = outputs;
      if (outputs.some((t) => t === null || t.shape === null)) model.incomplete ??= 'its call() output is not known';
    }
    if (inputs.some((t) => t === null)) return result;
    // Seen from outside, the model is one layer: its output tensors come from one call of it.
    return this.graph.callSubclass(model, inputs as TensorValue[], outputs, range);
  }
}

/** `d.get(key, default)`, `d.keys()`, `d.values()`, `d.items()` of a dict whose entries are known. */
function dictMethod(self: Extract<PyValue, { kind: 'dict' }>, name: string, positional: readonly PyValue[]): PyValue {
  switch (name) {
    case 'get': {
      const key = positional[0] && dictKey(positional[0]);
      return key !== undefined ? self.entries.get(key) ?? positional[1] ?? NONE : unknown('dict.get with a key that is not known');
    }
    case 'keys':
      return { kind: 'list', items: [...self.entries.keys()].map(keyValue) };
    case 'values':
      return { kind: 'list', items: [...self.entries.values()] };
    case 'items':
      return { kind: 'list', items: [...self.entries].map(([k, v]): PyValue => ({ kind: 'tuple', items: [keyValue(k), v] })) };
    default:
      return unknown(`dict.${name}() is not followed`);
  }
}

/** What an item written as a call calls (`Dense` of `layers.Dense(...)`), to name an item that is not a layer. */
export function callLabel(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'call' ? node.childForFieldName('function')?.text.split('.').pop() : undefined;
}
