/**
 * Rebuilds the analyzer's model for TensorFlow.js: the Keras model config (the JSON `model.to_json()` writes
 * and `tf.models.modelFromJSON` reads), from the analyzer's graph and each layer's config as the analyzer
 * evaluated it (`kernel_regularizer=regularizers.l2(0.01)` is a call with its arguments). A value the analyzer
 * could not know, and everything TF.js cannot rebuild faithfully, is a problem with its line, and then there is
 * no model.
 */
import type { FunctionalModel, LayerCall, LayerInstance, ModelValue, SequentialModel, SourceRange, TensorValue } from '../../core/model/graph';
import { sequentialInput } from '../../core/model/infer';
import type { DefaultValue } from '../../core/layers/spec';
import { functionalLayerOrder, type ModelReport } from '../../core/report/report';
import type { Shape } from '../../core/model/shape';
import { describe, type PyValue } from '../../core/model/values';
import { lastSegment, type Problem } from './compile-fit';
import { fileLineWords, type LineWords } from './plan-notes';
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
  /** The first input's shape (the only one, but for a functional model with several inputs). */
  readonly inputShape: Shape;
  /** A functional model with several inputs: each Input's name and shape, in the model's order. */
  readonly inputs?: readonly { readonly name: string; readonly shape: Shape }[];
  /** The first output's shape (the only one, but for a functional model with several outputs). */
  readonly outputShape: Shape;
  /** A functional model with several outputs: each output layer's name (Keras's `output_names`, the labels' keys), shape and layer, in the model's order. */
  readonly outputs?: readonly RebuiltOutput[];
  readonly layers: readonly RebuiltLayer[];
  /** The layer that makes the output (for messages about classes vs units). */
  readonly outputLayer: { readonly name: string; readonly line: number; readonly className: string };
}

export interface RebuiltOutput {
  readonly name: string;
  readonly shape: Shape;
  readonly layer: { readonly name: string; readonly line: number; readonly className: string };
}

const line = (r: SourceRange) => r.startLine + 1;

/**
 * The names Keras gives a functional model's outputs (`model.output_names`: each output layer's name), which
 * `compile()`'s dicts and the data's label keys use; empty for a model with one output or other models.
 */
export function outputNamesOf(report: ModelReport): string[] {
  const model = report.model;
  if (model.kind !== 'functional' || model.outputs.length < 2) return [];
  return model.outputs.map((t, i) => t?.producer.layer.name ?? `output_${i}`);
}

class Rebuilder {
  readonly problems: Problem[] = [];

  constructor(
    /** Output shapes the analyzer worked out, per layer. */
    private readonly shapes: ReadonlyMap<LayerInstance, Shape>,
    private readonly words: LineWords,
  ) {}

  private problem(layer: LayerInstance, message: string): void {
    this.problems.push({ message: `${layer.className} "${layer.name}" (${this.words(line(layer.range))}): ${message}`, line: line(layer.range) });
  }

  // ------------------------------------------------------------ models

  model(model: ModelValue): JsonObject | undefined {
    if (model.kind === 'sequential') return this.sequential(model);
    if (model.kind === 'functional') return this.functional(model);
    this.problems.push({
      message: `Model "${(model as { name: string }).name}" (${this.words(line((model as { range: SourceRange }).range))}) is a subclassed model; TensorFlow.js can only rebuild Sequential and functional models. Write it with Sequential or the functional API to train it here.`,
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
      this.problems.push({ message: `Model "${model.name}" (${this.words(line(model.range))}): its inputs or outputs are not known from the source.`, line: line(model.range) });
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
    const tfjsName = (arg: string) => table.rename?.[arg] ?? arg;
    const aliased = new Set(Object.values(table.keywordAliases ?? {}).map(tfjsName));
    for (const [arg, value] of layer.config.entries()) {
      if (table.ignore?.includes(arg)) continue;
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
        if (value.kind !== 'none') config[tfjsName(aliasOf)] = this.value(layer, arg, value) ?? null;
        continue;
      }
      const key = tfjsName(arg);
      // The alias was given and has won already.
      if (key in config && aliased.has(key)) continue;
      const converted = this.value(layer, arg, value);
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
  private value(layer: LayerInstance, arg: string, v: PyValue): Json | undefined {
    if (v.kind === 'unknown') {
      this.problem(layer, `${arg} is not known from the source (${v.reason}).`);
      return undefined;
    }
    if (arg === 'activation' || arg === 'recurrent_activation') return this.activation(layer, arg, v);
    if (arg.endsWith('_initializer')) return this.initializer(layer, arg, v);
    if (arg.endsWith('_regularizer')) return v.kind === 'none' ? null : this.regularizer(layer, arg, v);
    if (arg.endsWith('_constraint')) return v.kind === 'none' ? null : this.constraint(layer, arg, v);
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

  /** `'he_normal'`, `initializers.HeNormal(seed=1)`, TF.js's `'heNormal'` and `tf.initializers.randomNormal({stddev: 0.05})`. */
  private initializer(layer: LayerInstance, arg: string, v: PyValue): Json | undefined {
    const cls = TFJS_INITIALIZERS[settingName(v) ?? ''];
    if (!cls) {
      this.problem(layer, `${arg}=${describe(v)} is not an initializer TensorFlow.js has.`);
      return undefined;
    }
    if (v.kind !== 'call') return { class_name: cls, config: {} };
    const order: Record<string, string[]> = {
      RandomNormal: ['mean', 'stddev', 'seed'],
      RandomUniform: ['minval', 'maxval', 'seed'],
      TruncatedNormal: ['mean', 'stddev', 'seed'],
      Constant: ['value'],
      VarianceScaling: ['scale', 'mode', 'distribution', 'seed'],
      Orthogonal: ['gain', 'seed'],
      Identity: ['gain'],
    };
    const config = this.callConfig(layer, arg, v, order[cls] ?? ['seed']);
    return config ? { class_name: cls, config } : undefined;
  }

  private regularizer(layer: LayerInstance, arg: string, v: PyValue): Json | undefined {
    const key = (settingName(v) ?? '').toLowerCase().replace(/_/g, '');
    if (!['l1', 'l2', 'l1l2'].includes(key)) {
      this.problem(layer, `${arg}=${describe(v)} is not a regularizer TensorFlow.js has (l1, l2, l1_l2).`);
      return undefined;
    }
    // Keras 3 defaults: L1(0.01), L2(0.01), L1L2(l1=0.0, l2=0.0).
    let l1 = key === 'l1' ? 0.01 : 0;
    let l2 = key === 'l2' ? 0.01 : 0;
    if (v.kind === 'call') {
      const config = this.callConfig(layer, arg, v, key === 'l1l2' ? ['l1', 'l2'] : [key]);
      if (!config) return undefined;
      if (typeof config.l1 === 'number') l1 = config.l1;
      if (typeof config.l2 === 'number') l2 = config.l2;
    }
    return { class_name: 'L1L2', config: { l1, l2 } };
  }

  private constraint(layer: LayerInstance, arg: string, v: PyValue): Json | undefined {
    const cls = TFJS_CONSTRAINTS[settingName(v) ?? ''];
    if (!cls) {
      this.problem(layer, `${arg}=${describe(v)} is not a constraint TensorFlow.js has (MaxNorm, MinMaxNorm, NonNeg, UnitNorm).`);
      return undefined;
    }
    if (v.kind !== 'call') return { class_name: cls, config: {} };
    const order: Record<string, string[]> = { MaxNorm: ['max_value', 'axis'], UnitNorm: ['axis'], MinMaxNorm: ['min_value', 'max_value', 'rate', 'axis'], NonNeg: [] };
    const config = this.callConfig(layer, arg, v, order[cls]);
    return config ? { class_name: cls, config } : undefined;
  }

  /**
   * A factory call's arguments as a config dict: positional ones named by `order` (Keras), or TF.js's one config
   * object as it is; undefined (with a problem) if any is not a plain value.
   */
  private callConfig(layer: LayerInstance, arg: string, v: Extract<PyValue, { kind: 'call' }>, order: readonly string[]): JsonObject | undefined {
    const config: JsonObject = {};
    const tfjsConfig = v.positional.length === 1 && v.positional[0].kind === 'dict' && v.keywords.size === 0 ? v.positional[0].entries : undefined;
    const entries: [string, PyValue][] = tfjsConfig ? [...tfjsConfig] : [...v.positional.map((a, i): [string, PyValue] => [order[i] ?? `#${i}`, a]), ...v.keywords];
    for (const [k, x] of entries) {
      const json = x.kind === 'ref' ? undefined : plain(x);
      if (json === undefined || k.startsWith('#')) {
        this.problem(layer, `${arg}=${describe(v)}: ${k.startsWith('#') ? 'too many positional arguments' : `${k}=${describe(x)} is not known from the source${x.kind === 'unknown' ? ` (${x.reason})` : ''}`}.`);
        return undefined;
      }
      config[k] = json;
    }
    return config;
  }
}

/** The name of an initializer, regularizer or constraint: a string, a reference or a factory call's last segment. */
function settingName(v: PyValue): string | undefined {
  return v.kind === 'str' ? v.value : v.kind === 'ref' || v.kind === 'call' ? lastSegment(v.path) : undefined;
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
 * The TF.js model for `report`, or the problems that stop it being rebuilt (each with its line, said by `words`).
 * The shape checks the analyzer reports (errors, unknown shapes) come first: a model Keras could not build
 * cannot train.
 */
export function rebuildModel(report: ModelReport, words: LineWords = fileLineWords): { model?: RebuiltModel; problems: Problem[] } {
  const problems: Problem[] = [];
  const modelLine = line(report.range);
  if (report.incomplete) problems.push({ message: `Model "${report.name}" (${words(modelLine)}) is not fully known from the source: ${report.incomplete}.`, line: modelLine });
  if (!report.built) problems.push({ message: `Model "${report.name}" (${words(modelLine)}) has no input shape. Start it with keras.Input(shape=...) or give the first layer input_shape=... so it can be built.`, line: modelLine });
  for (const l of report.layers) {
    if (l.error) problems.push({ message: `${l.className} "${l.name}" (${words(line(l.range))}): ${l.error}`, line: line(l.range) });
  }
  const shapes = new Map<LayerInstance, Shape>();
  for (const l of report.layers) if (l.outputShapes?.length === 1) shapes.set(l.layer, l.outputShapes[0]);
  const rebuilder = new Rebuilder(shapes, words);
  const json = rebuilder.model(report.model);
  problems.push(...rebuilder.problems);
  if (problems.length) return { problems: dedupe(problems) };
  for (const l of report.layers) {
    if (l.unresolved && l.className !== 'InputLayer') problems.push({ message: `${l.className} "${l.name}" (${words(line(l.range))}): its shape is not known (${l.unresolved}).`, line: line(l.range) });
  }
  if (report.totalParams === null || report.trainableParams === null) problems.push({ message: `Model "${report.name}" (${words(modelLine)}): its parameter count is not known, so the rebuilt model cannot be checked against it.`, line: modelLine });
  const io = modelIO(report, words);
  if (typeof io === 'string') problems.push({ message: io, line: modelLine });
  else if (io.input.slice(1).some((d) => d === null)) {
    const shape = `(${io.input.map((d) => (d === null ? 'None' : d)).join(', ')})`;
    problems.push({ message: `Model "${report.name}" (${words(modelLine)}) takes inputs of shape ${shape}; training here needs every dimension but the batch known (the data has a fixed shape). Give the input its full shape.`, line: modelLine });
  }
  if (problems.length || !json || typeof io === 'string') return { problems: dedupe(problems) };
  return {
    model: {
      json,
      name: report.name,
      params: report.totalParams!,
      trainableParams: report.trainableParams!,
      inputShape: io.input,
      ...(io.inputs.length > 1 ? { inputs: io.inputs } : {}),
      outputShape: io.output,
      ...(io.outputs.length > 1 ? { outputs: io.outputs.map((o) => ({ name: o.name, shape: o.shape, layer: { name: o.layer.name, line: line(o.layer.range), className: o.layer.className } })) } : {}),
      outputLayer: { name: io.outputLayer.name, line: line(io.outputLayer.range), className: io.outputLayer.className },
      layers: report.layers.map((l) => ({ name: l.name, className: l.className, line: line(l.range), outputShape: l.outputShapes?.length === 1 ? l.outputShapes[0] : null, params: l.params })),
    },
    problems: [],
  };
}

interface ModelIO {
  input: Shape;
  inputs: { name: string; shape: Shape }[];
  output: Shape;
  outputs: { name: string; shape: Shape; layer: LayerInstance }[];
  outputLayer: LayerInstance;
}

function modelIO(report: ModelReport, words: LineWords): ModelIO | string {
  const model = report.model;
  const where = `Model "${report.name}" (${words(line(report.range))})`;
  if (model.kind === 'sequential') {
    const input = sequentialInput(model);
    const last = [...report.layers].reverse().find((l) => l.className !== 'InputLayer');
    const output = last?.outputShapes?.length === 1 ? last.outputShapes[0] : null;
    if (!input || !output || !last) return `${where}: its input or output shape is not known.`;
    return { input, inputs: [], output, outputs: [], outputLayer: last.layer };
  }
  if (model.kind === 'functional') {
    // Several inputs and outputs train from data that names each one (npz keys after the Inputs' and output
    // layers' names); see data/model-inputs.ts and data/model-outputs.ts.
    const inputs = model.inputs.map((t) => (t?.shape ? { name: t.producer.layer.name, shape: t.shape } : undefined));
    const names = outputNamesOf(report);
    const outputs = model.outputs.map((t, i) => (t?.shape ? { name: names[i] ?? t.producer.layer.name, shape: t.shape, layer: t.producer.layer } : undefined));
    if (!inputs[0] || inputs.some((i) => !i) || !outputs[0] || outputs.some((o) => !o)) return `${where}: its input or output shape is not known.`;
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) return `${where}: two of its outputs come from the layer "${twice}", so their labels cannot be told apart by name. Make each output with a layer of its own.`;
    const known = outputs as ModelIO['outputs'];
    return { input: inputs[0].shape, inputs: inputs as { name: string; shape: Shape }[], output: known[0].shape, outputs: known, outputLayer: known[0].layer };
  }
  return `${where} cannot be rebuilt for TensorFlow.js.`;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => (seen.has(p.message) ? false : (seen.add(p.message), true)));
}
