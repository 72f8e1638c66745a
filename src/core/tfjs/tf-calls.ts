/**
 * Calls into TensorFlow.js's layers API: `tf.sequential`, `tf.model`, `tf.input`, `tf.layers.*` with their
 * camelCase configs, `layer.apply`, model methods. Arguments arrive evaluated; this turns them into calls of
 * the model-graph builder.
 */
import { ShapeError } from '../model/errors';
import type { FunctionalModel, LayerInstance, ModelValue, SourceRange, TensorValue } from '../model/graph';
import { bindArgs } from '../layers/bind';
import { named, rangeOf, type SyntaxNode } from '../interp/syntax';
import { layersOf } from '../model/layer-order';
import type { Dim, Shape } from '../model/shape';
import { describe, unknown, type PyValue } from '../model/values';
import { isNumber, isUndefined, UNDEFINED } from './js-values';
import { camelKey, TFJS_LAYERS, tfjsSpec, translateConfig, type TfjsLayerDef } from './layers';
import { TF, TFJS_MODULES } from './statements';
import { TfjsCalls } from './calls';

export class TfjsEvaluator extends TfjsCalls {

  /** Calls on imported names: the TF.js API, and a few JavaScript built-ins. */
  protected callRef(path: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange, node: SyntaxNode): PyValue {
    const a = args.values;
    if (path === 'js.require') {
      const spec = a[0]?.kind === 'str' ? a[0].value : undefined;
      const own = spec?.startsWith('.') ? this.modules?.load(spec) : undefined;
      if (own) {
        this.importedCode = true;
        return own;
      }
      return spec !== undefined && TFJS_MODULES.has(spec) ? { kind: 'ref', path: TF } : unknown(`require(${a[0] ? describe(a[0]) : ''}) is not a TF.js module`);
    }
    if (path.startsWith('js.')) return this.callBuiltin(path.slice(3), a);
    if (!path.startsWith(`${TF}.`)) return unknown(`\`${path.replace(/^module:/, '')}\` is not something Model Lens follows`);
    const name = path.slice(TF.length + 1);
    switch (name) {
      case 'sequential':
        return this.constructSequential(a[0], range, args.nodes[0]);
      case 'model':
        return { kind: 'model', model: this.constructFunctional(a[0], range) };
      case 'input':
      case 'layers.input':
        return this.constructInput(a[0], range);
      case 'tidy': {
        const fn = a.find((v) => v.kind === 'function');
        return fn?.kind === 'function' ? this.callFunction(fn.fn, []) : unknown('tf.tidy without a function');
      }
      case 'layers.inputLayer':
        return this.constructInputLayer(a[0], range);
      default:
        break;
    }
    if (name.startsWith('layers.')) {
      const factory = name.slice('layers.'.length);
      const def = TFJS_LAYERS.get(factory);
      if (!def) return unknown(`tf.layers.${factory} is not a TF.js layer Model Lens knows`);
      return this.constructLayer(factory, def, a[0], range, args.nodes[0]);
    }
    if (/^(train|losses|metrics|initializers|regularizers|constraints)\.\w+$/.test(name)) {
      // Kept with its arguments: training reads `tf.train.adam(3e-4)` and a layer's `tf.regularizers.l2({l2: 0.01})` from here.
      return { kind: 'call', path: `tf.${name}`, positional: a, keywords: new Map() };
    }
    if (name === 'loadLayersModel' || name === 'loadGraphModel' || name === 'models.modelFromJSON') {
      return unknown(`the model is loaded at run time (tf.${name}), so Model Lens cannot see its layers`);
    }
    return unknown(`tf.${name} is not something Model Lens follows`);
  }

  protected callModelMethod(model: ModelValue, name: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange): PyValue {
    const a = args.values;
    switch (name) {
      case 'add': {
        if (model.kind !== 'sequential') return unknown('add() is only for Sequential models');
        if (a[0]) this.graph.addToSequential(model, { value: a[0], range, label: callLabel(args.nodes[0]) }, 'add');
        return UNDEFINED;
      }
      case 'pop':
        if (model.kind === 'sequential') {
          const entry = this.graph.popSequential(model);
          return entry ? { kind: 'layer', layer: entry.layer } : UNDEFINED;
        }
        return UNDEFINED;
      case 'apply':
        return this.callLayer(this.graph.modelCalled(model), a[0], range);
      case 'compile': {
        const config = a[0];
        const keywords = new Map(config?.kind === 'dict' ? config.entries : []);
        this.graph.recordCompile(model, range, keywords, { keyRanges: configKeyRanges(args.nodes[0]) });
        return UNDEFINED;
      }
      case 'fit': {
        // model.fit(x, y, {epochs, batchSize, ...}): the tensors by Keras's names, then the config's keys.
        const [x, y, config] = a;
        const keywords = new Map<string, PyValue>([...(x ? [['x', x] as const] : []), ...(y ? [['y', y] as const] : []), ...(config?.kind === 'dict' ? config.entries : [])]);
        this.graph.recordFit(model, range, keywords, { keyRanges: configKeyRanges(args.nodes[2]) });
        return unknown('the History that fit() resolves to is not followed');
      }
      case 'getLayer': {
        const key = a[0];
        const list = layersOf(model);
        const found = key?.kind === 'str' ? list.find((l) => l.name === key.value) : key && isNumber(key) ? list[key.value] : undefined;
        if (!found) return unknown('getLayer() of a layer Model Lens cannot find');
        return found.model ? { kind: 'model', model: found.model } : { kind: 'layer', layer: found };
      }
      case 'summary':
      case 'build':
      case 'fitDataset':
      case 'evaluate':
      case 'predict':
      case 'save':
      case 'dispose':
        // TF.js's Sequential.build() ignores its shape argument: it cannot give a model an input shape.
        return UNDEFINED;
      case 'countParams':
        return unknown('countParams() is not evaluated (see the model lens)');
      default:
        return unknown(`\`${name}\` is not a model method Model Lens follows`);
    }
  }

  // ---------------------------------------------------------------- the TF.js graph

  /** The node of a config key's value, for a diagnostic on it; the call when the config is not a literal. */
  protected keyRange(configNode: SyntaxNode | undefined, key: string, fallback: SourceRange): SourceRange {
    if (configNode?.type !== 'object') return fallback;
    for (const prop of named(configNode)) {
      if (prop.type === 'pair' && prop.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') === key) return rangeOf(prop);
      if (prop.type === 'shorthand_property_identifier' && prop.text === key) return rangeOf(prop);
    }
    return fallback;
  }

  protected constructLayer(factory: string, def: TfjsLayerDef, configValue: PyValue | undefined, range: SourceRange, configNode: SyntaxNode | undefined): PyValue {
    // Unlike Keras's `concatenate([a, b])`, `tf.layers.concatenate([a, b])` only makes a layer (the array is
    // read as its config and ignored): it has to be applied with `.apply([a, b])`.
    if (configValue && (configValue.kind === 'list' || configValue.kind === 'tuple')) {
      this.graph.warn(configNode ? rangeOf(configNode) : range, `tf.layers.${factory} takes a config object, not an array: this makes a layer with the default config and applies it to nothing. Write tf.layers.${factory}().apply([...]).`);
      configValue = undefined;
    }
    if (def.warning) this.graph.warn(range, def.warning);
    if (def.note) this.graph.report(range, 'info', def.note);
    const config = configValue === undefined || isUndefined(configValue) ? new Map<string, PyValue>() : configValue.kind === 'dict' ? configValue.entries : undefined;
    const className = def.keras ?? def.tfClass;
    if (!config) {
      const why = configValue?.kind === 'unknown' ? `its config is not known (${configValue.reason})` : `tf.layers.${factory} takes a config object, not ${describe(configValue!)}`;
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, why, { namingClass: def.tfClass }) };
    }
    this.graph.flagAbsurd(config.values(), range, className);
    const nameArg = config.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : undefined;
    const trainableArg = config.get('trainable');
    const trainable = trainableArg?.kind === 'bool' ? trainableArg.value : true;
    const base = { name, trainable, namingClass: def.tfClass };
    const spec = tfjsSpec(def);
    if (!spec) {
      const declaredInput = this.declaredInput(factory, config, range, configNode);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, `tf.layers.${factory} is not a layer Model Lens knows yet`, { ...base, declaredInput }) };
    }
    const translated = translateConfig(def, config, isUndefined);
    for (const { key, why } of translated.ignored) this.graph.warn(this.keyRange(configNode, key, range), why);
    // Kept even when the layer cannot be made: the model still gets its input shape, the layer shows why it is `?`.
    const declaredInput = this.declaredInput(factory, config, range, configNode);
    if (translated.error) {
      this.graph.error(range, translated.error);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, translated.error, { ...base, declaredInput }) };
    }
    try {
      const bound = bindArgs(spec, [], translated.keywords);
      const unknownInputReason = declaredInput === null ? this.unknownInputReason(config) : undefined;
      return { kind: 'layer', layer: this.graph.newLayer(className, spec, range, { ...base, declaredInput, config: bound.config, unknownInputReason }) };
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      const message = e.message.replace(/\.__init__\(\) missing 1 required positional argument: '(\w+)'/, (_m, arg: string) => ` needs \`${camelKey(arg)}\` in its config`);
      this.graph.error(range, message);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, message, { ...base, declaredInput }) };
    }
  }

  /**
   * The batch input shape a TF.js layer declares (tfjs-layers' Layer constructor): `batchInputShape`, else
   * `[batchSize, ...inputShape]`; Dense also takes `inputDim`; Embedding always has one (`[batch, inputLength]`).
   */
  protected declaredInput(factory: string, config: ReadonlyMap<string, PyValue>, range: SourceRange, configNode: SyntaxNode | undefined): Shape | null {
    const given = givenIn(config);
    const batchSize = given('batchSize');
    const batch: Dim = batchSize && isNumber(batchSize) ? batchSize.value : null;
    const batchInput = given('batchInputShape');
    if (batchInput) return this.dims(batchInput, 'batchInputShape', this.keyRange(configNode, 'batchInputShape', range));
    const inputShape = given('inputShape');
    if (inputShape) {
      const dims = this.dims(inputShape, 'inputShape', this.keyRange(configNode, 'inputShape', range));
      return dims ? [batch, ...dims] : null;
    }
    if (factory === 'dense') {
      const inputDim = given('inputDim');
      if (inputDim) return isNumber(inputDim) ? [batch, inputDim.value] : null;
    }
    if (factory === 'embedding') {
      const length = given('inputLength');
      if (!length) return [batch, null];
      const dims = this.dims(length, 'inputLength', range);
      return dims ? [batch, ...dims] : null;
    }
    return null;
  }

  /** Why a layer's written `inputShape` / `batchInputShape` has no value here; undefined when none is written. */
  protected unknownInputReason(config: ReadonlyMap<string, PyValue>): string | undefined {
    for (const key of ['batchInputShape', 'inputShape', 'inputDim']) {
      const v = config.get(key);
      if (v === undefined || v.kind === 'none') continue;
      const bad = v.kind === 'unknown' ? v : v.kind === 'list' ? v.items.find((x) => x.kind === 'unknown') : undefined;
      return `its ${key} is not known${bad?.kind === 'unknown' ? ` (${bad.reason})` : ''}`;
    }
    return undefined;
  }

  /** A shape array (`[28, 28, 1]`, nulls allowed), or null when not known. */
  protected dims(v: PyValue, what: string, range: SourceRange): Dim[] | null {
    if (isNumber(v)) return [v.value];
    if (v.kind !== 'list' && v.kind !== 'tuple') return null;
    const out: Dim[] = [];
    for (const item of v.items) {
      if (item.kind === 'none') out.push(null);
      else if (item.kind === 'int' && item.value >= 0) out.push(item.value);
      else {
        if (item.kind !== 'unknown') this.graph.error(range, `${what} must be an array of non-negative integers (or null); got ${describe(item)}`);
        return null;
      }
    }
    return out;
  }

  /** `tf.input({shape: [28, 28]})` / `tf.input({batchShape: [null, 28, 28]})`. */
  protected constructInput(configValue: PyValue | undefined, range: SourceRange): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const get = givenIn(config);
    const nameArg = get('name');
    const shapeArg = get('shape');
    const batchShape = get('batchShape');
    let shape: Shape | null = null;
    let reason = 'tf.input() needs shape or batchShape';
    if (configValue?.kind === 'unknown') reason = `its config is not known (${configValue.reason})`;
    this.graph.flagAbsurd(config.values(), range, 'Input');
    if (shapeArg && batchShape) this.graph.error(range, 'Please provide either a `shape` or `batchShape` argument to Input, but not both.');
    else if (batchShape) {
      shape = this.dims(batchShape, 'batchShape', range);
      if (!shape) reason = `batchShape is ${describe(batchShape)}`;
    } else if (shapeArg) {
      const dims = this.dims(shapeArg, 'shape', range);
      if (dims) shape = [null, ...dims];
      else reason = shapeArg.kind === 'unknown' ? `shape: ${shapeArg.reason}` : `shape is ${describe(shapeArg)}`;
    } else if (configValue?.kind !== 'unknown') {
      this.graph.error(range, 'Please provide to Input either a `shape` or a `batchShape` argument. Note that `shape` does not include the batch dimension.');
    }
    return { kind: 'tensor', tensor: this.graph.input(shape, reason, nameArg?.kind === 'str' ? nameArg.value : undefined, range) };
  }

  /** `tf.layers.inputLayer({inputShape: [784]})`: a layer, usable as the first layer of a Sequential. */
  protected constructInputLayer(configValue: PyValue | undefined, range: SourceRange): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const get = givenIn(config);
    const batchSize = get('batchSize');
    const batchInput = get('batchInputShape');
    const inputShape = get('inputShape');
    let shape: Shape | null = null;
    if (batchInput) shape = this.dims(batchInput, 'batchInputShape', range);
    else if (inputShape) {
      const dims = this.dims(inputShape, 'inputShape', range);
      shape = dims ? [batchSize && isNumber(batchSize) ? batchSize.value : null, ...dims] : null;
    } else if (configValue?.kind !== 'unknown') this.graph.error(range, 'An InputLayer should be passed either a `batchInputShape` or an `inputShape`.');
    const nameArg = get('name');
    const t = this.graph.input(shape, 'its input shape is not known', nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    return { kind: 'layer', layer: t.producer.layer };
  }

  /** `tf.sequential({layers: [...], name})`. */
  protected constructSequential(configValue: PyValue | undefined, range: SourceRange, configNode: SyntaxNode | undefined): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const nameArg = config.get('name');
    // tfjs-layers models.ts: `getUid('sequential_')`, so sequential_1, sequential_2, ...
    const model = this.graph.sequential(nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    if (configValue?.kind === 'unknown') {
      model.incomplete = `its config is not known (${configValue.reason})`;
      return { kind: 'model', model };
    }
    const list = config.get('layers');
    let itemNodes: SyntaxNode[] = [];
    if (configNode?.type === 'object') {
      const pair = named(configNode).find((p) => p.type === 'pair' && p.childForFieldName('key')?.text === 'layers');
      const value = pair?.childForFieldName('value');
      if (value?.type === 'array') itemNodes = named(value).filter((c) => c.type !== 'comment');
    }
    if (list && list.kind === 'list') {
      const spread = itemNodes.some((n) => n.type === 'spread_element');
      const items = list.items.map((value, i) => {
        const itemNode = spread ? undefined : itemNodes[i];
        return { value, range: itemNode ? rangeOf(itemNode) : value.kind === 'layer' ? value.layer.range : range, label: callLabel(itemNode) };
      });
      this.graph.fillSequential(model, items);
    } else if (list && !isUndefined(list) && list.kind !== 'none') {
      model.incomplete = list.kind === 'unknown' ? `its layer list is not known (${list.reason})` : 'its layers are not an array';
    }
    return { kind: 'model', model };
  }

  /** `tf.model({inputs, outputs, name})`. */
  protected constructFunctional(configValue: PyValue | undefined, range: SourceRange): FunctionalModel {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const inputs = config.get('inputs');
    const outputs = config.get('outputs');
    const nameArg = config.get('name');
    const tensors = (v: PyValue | undefined): (TensorValue | null)[] => {
      if (!v || isUndefined(v)) return [];
      if (v.kind === 'tensor') return [v.tensor];
      if (v.kind === 'list' || v.kind === 'tuple') return v.items.map((x) => (x.kind === 'tensor' ? x.tensor : null));
      return [null];
    };
    const ins = tensors(inputs);
    const outs = tensors(outputs);
    const reasonOf = (v: PyValue | undefined): string | undefined =>
      v?.kind === 'unknown' ? v.reason : v?.kind === 'list' ? v.items.find((x): x is { kind: 'unknown'; reason: string } => x.kind === 'unknown')?.reason : undefined;
    let incomplete: string | undefined;
    if (configValue?.kind === 'unknown') incomplete = `its config is not known (${configValue.reason})`;
    else if (!inputs || !outputs || isUndefined(inputs) || isUndefined(outputs)) incomplete = 'tf.model() needs inputs and outputs';
    else if (outs.some((t) => t === null) || ins.some((t) => t === null)) incomplete = reasonOf(inputs) ?? reasonOf(outputs) ?? 'some of its inputs or outputs are not known';
    // tfjs-layers container.ts: an unnamed LayersModel takes `getUid('model')`: model1, model2, ...
    return this.graph.functional({ name: nameArg?.kind === 'str' ? nameArg.value : undefined, range, inputs: ins, outputs: outs, incomplete });
  }

  /** `layer.apply(x)` / `layer.apply([a, b])`. */
  protected callLayer(layer: LayerInstance, input: PyValue | undefined, range: SourceRange): PyValue {
    if (!input) return unknown(`${layer.name}.apply() is called without inputs`);
    const listCall = layer.spec?.call === 'list' || !layer.spec;
    if ((input.kind === 'list' || input.kind === 'tuple') && !listCall && input.items.length !== 1) return unknown(`${layer.name} is applied to ${input.items.length} tensors; Model Lens follows one`);
    return this.graph.callLayer(layer, input.kind === 'list' || input.kind === 'tuple' ? input.items : [input], range);
  }
}

/** What an item written as a call calls (`dense` of `tf.layers.dense(...)`), to name an item that is not a layer. */
function callLabel(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'call_expression' ? node.childForFieldName('function')?.text.split('.').pop() : undefined;
}

/** Where each key of a config object literal sits: key → its `key: value` pair (or shorthand property). */
function configKeyRanges(node: SyntaxNode | undefined): ReadonlyMap<string, SourceRange> | undefined {
  if (node?.type !== 'object') return undefined;
  const ranges = new Map<string, SourceRange>();
  for (const prop of named(node)) {
    if (prop.type === 'pair') {
      const key = prop.childForFieldName('key');
      if (key) ranges.set(key.type === 'string' ? named(key).map((c) => c.text).join('') : key.text, rangeOf(prop));
    } else if (prop.type === 'shorthand_property_identifier') ranges.set(prop.text, rangeOf(prop));
  }
  return ranges;
}

/** A config object's values by key, where a key left out, `undefined` or `null` is not given. */
function givenIn(config: ReadonlyMap<string, PyValue>): (key: string) => PyValue | undefined {
  return (key) => {
    const v = config.get(key);
    return v === undefined || v.kind === 'none' ? undefined : v;
  };
}
