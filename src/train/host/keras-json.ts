/**
 * Rebuilds the analyzer's model for TensorFlow.js: the Keras model config (the JSON `model.to_json()` writes
 * and `tf.models.modelFromJSON` reads), from the analyzer's graph and each layer's bound arguments. Argument
 * values the analyzer could not evaluate (`kernel_regularizer=regularizers.l2(0.01)`) are read from the source.
 * Everything TF.js cannot rebuild faithfully is a problem with its line, and then there is no model.
 */
import type { FunctionalModel, LayerCall, LayerInstance, ModelValue, SequentialModel, SourceRange, TensorValue } from '../../core/model/graph';
import { sequentialInput } from '../../core/model/infer';
import type { DefaultValue } from '../../core/layers/spec';
import type { SyntaxNode } from '../../core/python/parser';
import { functionalLayerOrder, type ModelReport } from '../../core/report/report';
import type { Shape } from '../../core/model/shape';
import { describe, type PyValue } from '../../core/model/values';
import type { Problem } from './compile-fit';
import { exprText, lastSegment, readExpr, type Constants, type Expr } from './python-expr';
import { TFJS_ACTIVATIONS, TFJS_CONSTRAINTS, TFJS_INITIALIZERS, tfjsTraining } from '../worker/tfjs-layers';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface RebuiltLayer {
  readonly name: string;
  readonly className: string;
  readonly line: number;
  readonly outputShape: Shape | null;
  readonly params: bigint | null;
}

export interface RebuiltModel {
  /** `{class_name: 'Sequential' | 'Model', config: {...}}`, as `tf.models.modelFromJSON` reads it. */
  readonly json: JsonObject;
  readonly name: string;
  /** The analyzer's counts, which the TF.js model must match. */
  readonly params: bigint;
  readonly trainableParams: bigint;
  readonly inputShape: Shape;
  readonly outputShape: Shape;
  readonly layers: readonly RebuiltLayer[];
  /** The layer that makes the output (for messages about classes vs units). */
  readonly outputLayer: { readonly name: string; readonly line: number; readonly className: string };
}

const line = (r: SourceRange) => r.startLine + 1;

/** Reads again from the source what the analyzer's layer configs leave out, in the source's own language. */
export interface ArgumentSource {
  /** The expression written for argument `arg` (Keras's name) of `layer`, when the analyzer could not evaluate it. */
  argument(layer: LayerInstance, arg: string, positional: readonly string[]): Expr | undefined;
  /** Arguments written in the source that the analyzer does not keep (TF.js's initializers), by Keras name. */
  written?(layer: LayerInstance): ReadonlyMap<string, Expr>;
}

/** A Keras file: an argument is found by its keyword or position in the layer's call. */
export function pythonArguments(root: SyntaxNode, consts: Constants): ArgumentSource {
  return {
    argument(layer, arg, positional) {
      const span = layer.args?.items.find((it) => it.keyword === arg || (it.keyword === undefined && positional[it.position] === arg));
      if (!span) return undefined;
      let node: SyntaxNode | null = root.descendantForIndex(span.valueRange.startIndex, Math.max(span.valueRange.startIndex, span.valueRange.endIndex - 1));
      while (node && node.parent && node.parent.startIndex === span.valueRange.startIndex && node.parent.endIndex === span.valueRange.endIndex) node = node.parent;
      if (!node) return undefined;
      return readExpr(node, consts);
    },
  };
}

class Rebuilder {
  readonly problems: Problem[] = [];

  constructor(
    private readonly source: ArgumentSource,
    /** Output shapes the analyzer worked out, per layer. */
    private readonly shapes: ReadonlyMap<LayerInstance, Shape>,
  ) {}

  private problem(layer: LayerInstance, message: string): void {
    this.problems.push({ message: `${layer.className} "${layer.name}" (line ${line(layer.range)}): ${message}`, line: line(layer.range) });
  }

  // ------------------------------------------------------------ models

  model(model: ModelValue): JsonObject | undefined {
    if (model.kind === 'sequential') return this.sequential(model);
    if (model.kind === 'functional') return this.functional(model);
    this.problems.push({
      message: `Model "${(model as { name: string }).name}" (line ${line((model as { range: SourceRange }).range)}) is a subclassed model; TensorFlow.js can only rebuild Sequential and functional models. Write it with Sequential or the functional API to train it here.`,
      line: line((model as { range: SourceRange }).range),
    });
    return undefined;
  }

  private sequential(model: SequentialModel): JsonObject | undefined {
    const input = sequentialInput(model);
    const layers: Json[] = [];
    let first = true;
    for (const entry of model.layers) {
      const layer = entry.layer;
      if (layer.className === 'InputLayer') continue;
      const conf = this.layer(layer);
      if (!conf) continue;
      if (first && input) (conf.config as JsonObject).batch_input_shape = [...input];
      first = false;
      layers.push(conf);
    }
    return { class_name: 'Sequential', config: { name: model.name, layers } };
  }

  private functional(model: FunctionalModel): JsonObject | undefined {
    // Only the calls inside this model count, numbered per layer in call order (Keras's node indices).
    const inModel = new Set<LayerCall>();
    const stack = model.outputs.filter((t): t is TensorValue => t !== null).map((t) => t.producer);
    while (stack.length) {
      const call = stack.pop()!;
      if (inModel.has(call)) continue;
      inModel.add(call);
      for (const t of call.inputs) stack.push(t.producer);
    }
    // TF.js reads node indices as positions in the layer's inbound nodes, and a nested model that knows its
    // input already has one (its own construction) before it is called here.
    const nodeOffset = (l: LayerInstance) => (l.model && (l.model.kind !== 'sequential' || sequentialInput(l.model) !== null) ? 1 : 0);
    const nodeIndex = (call: LayerCall) => call.layer.calls.filter((c) => inModel.has(c)).indexOf(call) + nodeOffset(call.layer);
    const ref = (t: TensorValue): Json => [t.producer.layer.name, nodeIndex(t.producer), t.index];
    const layers: Json[] = [];
    for (const layer of functionalLayerOrder(model)) {
      const calls = layer.calls.filter((c) => inModel.has(c));
      if (layer.className === 'InputLayer') {
        const shape = calls[0]?.outputShapes?.[0] ?? null;
        if (!shape) {
          this.problem(layer, 'its shape is not known.');
          continue;
        }
        layers.push({
          class_name: 'InputLayer',
          name: layer.name,
          config: { batch_input_shape: [...shape], dtype: 'float32', sparse: false, name: layer.name },
          inbound_nodes: [],
        });
        continue;
      }
      const conf = this.layer(layer);
      if (!conf) continue;
      layers.push({
        ...conf,
        name: layer.name,
        inbound_nodes: calls.map((c) => c.inputs.map((t) => [t.producer.layer.name, nodeIndex(t.producer), t.index, {}])),
      });
    }
    if (model.inputs.some((t) => t === null) || model.outputs.some((t) => t === null)) {
      this.problems.push({ message: `Model "${model.name}" (line ${line(model.range)}): its inputs or outputs are not known from the source.`, line: line(model.range) });
      return undefined;
    }
    return {
      class_name: 'Model',
      config: {
        name: model.name,
        layers,
        input_layers: model.inputs.map((t) => ref(t!)),
        output_layers: model.outputs.map((t) => ref(t!)),
      },
    };
  }

  // ------------------------------------------------------------ layers

  /** `{class_name, config}` for one layer, or undefined (with a problem) when TF.js cannot rebuild it. */
  layer(layer: LayerInstance): JsonObject | undefined {
    if (layer.model) {
      const nested = this.model(layer.model);
      return nested ? { ...nested } : undefined;
    }
    const rebuild = tfjsTraining(layer.className);
    if (!('train' in rebuild)) {
      const why =
        rebuild.why ??
        (layer.unknownReason
          ? `${layer.unknownReason}; TensorFlow.js cannot rebuild a layer it does not know`
          : 'custom layer classes cannot be rebuilt for TensorFlow.js');
      this.problem(layer, `${why}.`);
      return undefined;
    }
    const table = rebuild.train;
    const config: JsonObject = { name: layer.name, trainable: layer.trainable, dtype: 'float32' };
    let ok = true;
    const positional = layer.spec?.args.filter((a) => !a.keywordOnly).map((a) => a.name) ?? [];
    const written = this.source.written?.(layer);
    const tfjsName = (arg: string) => table.rename?.[arg] ?? arg;
    const aliased = new Set(Object.values(table.keywordAliases ?? {}).map(tfjsName));
    for (const [arg, value] of layer.config.entries()) {
      if (table.ignore?.includes(arg)) continue;
      const source = written?.get(arg);
      if (source) {
        const converted = this.fromExpr(layer, arg, source);
        if (converted === undefined) ok = false;
        else config[tfjsName(arg)] = converted;
        continue;
      }
      if (arg === 'activity_regularizer' && value.kind !== 'none') {
        this.problem(layer, 'TensorFlow.js cannot train a layer with an activity_regularizer; remove it to train here.');
        ok = false;
        continue;
      }
      if (arg === 'data_format' && table.channelsLastOnly) {
        if (value.kind === 'str' && value.value === 'channels_first') {
          this.problem(layer, `TensorFlow.js has only data_format='channels_last' for ${layer.className}.`);
          ok = false;
        }
        continue;
      }
      if (table.without && arg in table.without) {
        const wanted = table.without[arg];
        if (!sameAsDefault(value, wanted)) {
          this.problem(layer, `${arg}=${describe(value)} has no TensorFlow.js counterpart (it needs ${arg}=${showDefault(wanted)}).`);
          ok = false;
        }
        continue;
      }
      const aliasOf = table.keywordAliases?.[arg];
      if (aliasOf !== undefined) {
        if (value.kind !== 'none') config[tfjsName(aliasOf)] = this.value(layer, arg, value, positional) ?? null;
        continue;
      }
      const key = tfjsName(arg);
      // The alias was given and has won already.
      if (key in config && aliased.has(key)) continue;
      const converted = this.value(layer, arg, value, positional);
      if (converted === undefined) {
        ok = false;
        continue;
      }
      config[key] = converted;
    }
    if (!ok) return undefined;
    if (table.fromOutputShape) {
      const out = this.shapes.get(layer) ?? layer.calls[0]?.outputShapes?.[0];
      if (out && out.slice(1).every((d) => d !== null)) config[table.fromOutputShape] = out.slice(1) as number[];
    }
    return { class_name: rebuild.tfjsClass, config };
  }

  /** One argument's value as JSON, or undefined (with a problem). */
  private value(layer: LayerInstance, arg: string, v: PyValue, positional: readonly string[]): Json | undefined {
    if (v.kind === 'unknown') {
      const expr = this.source.argument(layer, arg, positional);
      if (!expr) {
        this.problem(layer, `${arg} is not known from the source (${v.reason}).`);
        return undefined;
      }
      return this.fromExpr(layer, arg, expr);
    }
    if (arg === 'activation' || arg === 'recurrent_activation') return this.activation(layer, arg, v);
    if (arg.endsWith('_initializer')) return this.initializer(layer, arg, v.kind === 'str' ? { kind: 'str', value: v.value } : v.kind === 'ref' ? { kind: 'name', path: v.path } : undefined, v);
    if (arg.endsWith('_regularizer')) return v.kind === 'none' ? null : this.regularizer(layer, arg, v.kind === 'str' ? { kind: 'str', value: v.value } : undefined, v);
    if (arg.endsWith('_constraint')) return v.kind === 'none' ? null : this.constraint(layer, arg, v.kind === 'str' ? { kind: 'str', value: v.value } : undefined, v);
    if (v.kind === 'layer') {
      // Bidirectional(LSTM(...)), TimeDistributed(Dense(...)): the wrapped layer's config.
      return this.layer(v.layer) ?? undefined;
    }
    const json = plain(v);
    if (json === undefined) {
      this.problem(layer, `${arg}=${describe(v)} cannot be passed to TensorFlow.js.`);
      return undefined;
    }
    return json;
  }

  private activation(layer: LayerInstance, arg: string, v: PyValue): Json | undefined {
    const name = v.kind === 'none' ? 'linear' : v.kind === 'str' ? v.value : v.kind === 'ref' ? lastSegment(v.path) : undefined;
    const mapped = name === undefined ? undefined : TFJS_ACTIVATIONS[name];
    if (!mapped) {
      this.problem(layer, `${arg}=${describe(v)} is not an activation TensorFlow.js has (it has ${Object.keys(TFJS_ACTIVATIONS).join(', ')}).`);
      return undefined;
    }
    return mapped;
  }

  private initializer(layer: LayerInstance, arg: string, e: Expr | undefined, v?: PyValue): Json | undefined {
    const bad = () => {
      this.problem(layer, `${arg}=${e ? exprText(e) : v ? describe(v) : '?'} is not an initializer TensorFlow.js has.`);
      return undefined;
    };
    if (!e) return bad();
    if (e.kind === 'str' || e.kind === 'name') {
      const cls = TFJS_INITIALIZERS[e.kind === 'str' ? e.value : lastSegment(e.path)];
      return cls ? { class_name: cls, config: {} } : bad();
    }
    if (e.kind === 'call') {
      const cls = TFJS_INITIALIZERS[lastSegment(e.callee)];
      if (!cls) return bad();
      const order: Record<string, string[]> = {
        RandomNormal: ['mean', 'stddev', 'seed'],
        RandomUniform: ['minval', 'maxval', 'seed'],
        TruncatedNormal: ['mean', 'stddev', 'seed'],
        Constant: ['value'],
        VarianceScaling: ['scale', 'mode', 'distribution', 'seed'],
        Orthogonal: ['gain', 'seed'],
        Identity: ['gain'],
      };
      const config = this.callConfig(layer, arg, e, order[cls] ?? ['seed']);
      return config ? { class_name: cls, config } : undefined;
    }
    return bad();
  }

  private regularizer(layer: LayerInstance, arg: string, e: Expr | undefined, v?: PyValue): Json | undefined {
    const bad = () => {
      this.problem(layer, `${arg}=${e ? exprText(e) : v ? describe(v) : '?'} is not a regularizer TensorFlow.js has (l1, l2, l1_l2).`);
      return undefined;
    };
    if (!e) return bad();
    if (e.kind === 'none') return null;
    const name = e.kind === 'str' ? e.value : e.kind === 'name' ? lastSegment(e.path) : e.kind === 'call' ? lastSegment(e.callee) : '';
    const key = name.toLowerCase().replace(/_/g, '');
    if (!['l1', 'l2', 'l1l2'].includes(key)) return bad();
    // Keras 3 defaults: L1(0.01), L2(0.01), L1L2(l1=0.0, l2=0.0).
    let l1 = key === 'l1' ? 0.01 : 0;
    let l2 = key === 'l2' ? 0.01 : 0;
    if (e.kind === 'call') {
      const config = this.callConfig(layer, arg, e, key === 'l1l2' ? ['l1', 'l2'] : [key]);
      if (!config) return undefined;
      if (typeof config.l1 === 'number') l1 = config.l1;
      if (typeof config.l2 === 'number') l2 = config.l2;
    }
    return { class_name: 'L1L2', config: { l1, l2 } };
  }

  private constraint(layer: LayerInstance, arg: string, e: Expr | undefined, v?: PyValue): Json | undefined {
    const bad = () => {
      this.problem(layer, `${arg}=${e ? exprText(e) : v ? describe(v) : '?'} is not a constraint TensorFlow.js has (MaxNorm, MinMaxNorm, NonNeg, UnitNorm).`);
      return undefined;
    };
    if (!e) return bad();
    if (e.kind === 'none') return null;
    const name = e.kind === 'str' ? e.value : e.kind === 'name' ? lastSegment(e.path) : e.kind === 'call' ? lastSegment(e.callee) : '';
    const cls = TFJS_CONSTRAINTS[name];
    if (!cls) return bad();
    if (e.kind !== 'call') return { class_name: cls, config: {} };
    const order: Record<string, string[]> = { MaxNorm: ['max_value', 'axis'], UnitNorm: ['axis'], MinMaxNorm: ['min_value', 'max_value', 'rate', 'axis'], NonNeg: [] };
    const config = this.callConfig(layer, arg, e, order[cls]);
    return config ? { class_name: cls, config } : undefined;
  }

  /** A call's arguments as a config dict (positional ones named by `order`); undefined (with a problem) if any is not a plain value. */
  private callConfig(layer: LayerInstance, arg: string, e: Extract<Expr, { kind: 'call' }>, order: readonly string[]): JsonObject | undefined {
    const config: JsonObject = {};
    const entries: [string, Expr][] = [...e.args.map((a, i): [string, Expr] => [order[i] ?? `#${i}`, a]), ...e.kwargs];
    for (const [k, x] of entries) {
      const json = exprJson(x);
      if (json === undefined || k.startsWith('#')) {
        this.problem(layer, `${arg}=${exprText(e)}: ${k.startsWith('#') ? 'too many positional arguments' : `${k}=${exprText(x)} is not known from the source`}.`);
        return undefined;
      }
      config[k] = json;
    }
    return config;
  }

  private fromExpr(layer: LayerInstance, arg: string, e: Expr): Json | undefined {
    if (arg.endsWith('_initializer')) return this.initializer(layer, arg, e);
    if (arg.endsWith('_regularizer')) return this.regularizer(layer, arg, e);
    if (arg.endsWith('_constraint')) return this.constraint(layer, arg, e);
    if (arg === 'activation' || arg === 'recurrent_activation') {
      const name = e.kind === 'str' ? e.value : e.kind === 'name' ? lastSegment(e.path) : undefined;
      const mapped = name ? TFJS_ACTIVATIONS[name] : undefined;
      if (mapped) return mapped;
      this.problem(layer, `${arg}=${exprText(e)} is not an activation TensorFlow.js has.`);
      return undefined;
    }
    const json = exprJson(e);
    if (json === undefined) this.problem(layer, `${arg}=${exprText(e)} is not known from the source.`);
    return json;
  }
}

function plain(v: PyValue): Json | undefined {
  switch (v.kind) {
    case 'int':
    case 'float':
      return v.value;
    case 'str':
      return v.value;
    case 'bool':
      return v.value;
    case 'none':
      return null;
    case 'tuple':
    case 'list': {
      const items = v.items.map(plain);
      return items.every((x) => x !== undefined) ? (items as Json[]) : undefined;
    }
    case 'ref':
      return lastSegment(v.path);
    default:
      return undefined;
  }
}

function exprJson(e: Expr): Json | undefined {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'str':
      return e.value;
    case 'bool':
      return e.value;
    case 'none':
      return null;
    case 'seq': {
      const items = e.items.map(exprJson);
      return items.every((x) => x !== undefined) ? (items as Json[]) : undefined;
    }
    default:
      return undefined;
  }
}

function sameAsDefault(v: PyValue, d: DefaultValue): boolean {
  const json = plain(v);
  return JSON.stringify(json === undefined ? '?' : json) === JSON.stringify(d);
}

function showDefault(d: DefaultValue): string {
  if (d === null) return 'None';
  if (typeof d === 'boolean') return d ? 'True' : 'False';
  if (typeof d === 'string') return `'${d}'`;
  return JSON.stringify(d);
}

/**
 * The TF.js model for `report`, or the problems that stop it being rebuilt (each with its line). The shape
 * checks the analyzer reports (errors, unknown shapes) come first: a model Keras could not build cannot train.
 */
export function rebuildModel(report: ModelReport, root: SyntaxNode, consts: Constants): { model?: RebuiltModel; problems: Problem[] } {
  return rebuildFromSource(report, pythonArguments(root, consts));
}

/** `rebuildModel` for a source in any language, read through `source`. */
export function rebuildFromSource(report: ModelReport, source: ArgumentSource): { model?: RebuiltModel; problems: Problem[] } {
  const problems: Problem[] = [];
  const modelLine = line(report.range);
  if (report.incomplete) problems.push({ message: `Model "${report.name}" (line ${modelLine}) is not fully known from the source: ${report.incomplete}.`, line: modelLine });
  if (!report.built) problems.push({ message: `Model "${report.name}" (line ${modelLine}) has no input shape. Start it with keras.Input(shape=...) or give the first layer input_shape=... so it can be built.`, line: modelLine });
  for (const l of report.layers) {
    if (l.error) problems.push({ message: `${l.className} "${l.name}" (line ${line(l.range)}): ${l.error}`, line: line(l.range) });
  }
  const shapes = new Map<LayerInstance, Shape>();
  for (const l of report.layers) if (l.outputShapes?.length === 1) shapes.set(l.layer, l.outputShapes[0]);
  const rebuilder = new Rebuilder(source, shapes);
  const json = rebuilder.model(report.model);
  problems.push(...rebuilder.problems);
  if (problems.length) return { problems: dedupe(problems) };
  for (const l of report.layers) {
    if (l.unresolved && l.className !== 'InputLayer') problems.push({ message: `${l.className} "${l.name}" (line ${line(l.range)}): its shape is not known (${l.unresolved}).`, line: line(l.range) });
  }
  if (report.totalParams === null || report.trainableParams === null) problems.push({ message: `Model "${report.name}" (line ${modelLine}): its parameter count is not known, so the rebuilt model cannot be checked against it.`, line: modelLine });
  const io = modelIO(report);
  if (typeof io === 'string') problems.push({ message: io, line: modelLine });
  else if (io.input.slice(1).some((d) => d === null)) {
    const shape = `(${io.input.map((d) => (d === null ? 'None' : d)).join(', ')})`;
    problems.push({ message: `Model "${report.name}" (line ${modelLine}) takes inputs of shape ${shape}; training here needs every dimension but the batch known (the data has a fixed shape). Give the input its full shape.`, line: modelLine });
  }
  if (problems.length || !json || typeof io === 'string') return { problems: dedupe(problems) };
  return {
    model: {
      json,
      name: report.name,
      params: report.totalParams!,
      trainableParams: report.trainableParams!,
      inputShape: io.input,
      outputShape: io.output,
      outputLayer: { name: io.outputLayer.name, line: line(io.outputLayer.range), className: io.outputLayer.className },
      layers: report.layers.map((l) => ({ name: l.name, className: l.className, line: line(l.range), outputShape: l.outputShapes?.length === 1 ? l.outputShapes[0] : null, params: l.params })),
    },
    problems: [],
  };
}

function modelIO(report: ModelReport): { input: Shape; output: Shape; outputLayer: LayerInstance } | string {
  const model = report.model;
  const where = `Model "${report.name}" (line ${line(report.range)})`;
  if (model.kind === 'sequential') {
    const input = sequentialInput(model);
    const last = [...report.layers].reverse().find((l) => l.className !== 'InputLayer');
    const output = last?.outputShapes?.length === 1 ? last.outputShapes[0] : null;
    if (!input || !output || !last) return `${where}: its input or output shape is not known.`;
    return { input, output, outputLayer: last.layer };
  }
  if (model.kind === 'functional') {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      return `${where} has ${model.inputs.length} inputs and ${model.outputs.length} outputs; training here needs one input and one output.`;
    }
    const input = model.inputs[0]?.shape ?? null;
    const output = model.outputs[0]?.shape ?? null;
    if (!input || !output) return `${where}: its input or output shape is not known.`;
    return { input, output, outputLayer: model.outputs[0]!.producer.layer };
  }
  return `${where} cannot be rebuilt for TensorFlow.js.`;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
