/**
 * What the editor and the CLI show: for each model its layers in Keras's order with shapes and parameter
 * counts, the totals, and the diagnostics. Built from the evaluator's graph.
 */
import type { KerasChoice } from '../keras-version/detect';
import type { EvalDiagnostic, EvalResult } from '../model/result';
import type { FunctionalModel, LayerCall, LayerInstance, ModelValue, SequentialModel, SourceRange, SubclassModel } from '../model/graph';
import { functionalWeights, runSequential, sequentialInput } from '../model/infer';
import { findLayerSpec } from '../layers/catalogue';
import type { Weight } from '../layers/spec';
import { shapeSize, type Shape } from '../model/shape';
import { functionalGraph } from '../model/layer-order';
import { weightsOnceBuilt } from '../model/once-built';

export { functionalLayerOrder } from '../model/layer-order';

export interface LayerReport {
  readonly layer: LayerInstance;
  readonly name: string;
  readonly className: string;
  /** Where the layer is constructed. */
  readonly range: SourceRange;
  /** Where a diagnostic for it belongs: the call `Dense(3)(x)` in functional code, the list item in a Sequential. */
  readonly anchor: SourceRange;
  readonly inputShapes: readonly (Shape | null)[] | null;
  readonly outputShapes: readonly Shape[] | null;
  readonly weights: readonly Weight[] | null;
  readonly params: bigint | null;
  readonly trainableParams: bigint | null;
  readonly nonTrainableParams: bigint | null;
  readonly error?: string;
  readonly unresolved?: string;
  /** For functional models: the layers feeding each call, as Keras's "Connected to" column names them. */
  readonly connectedTo: readonly string[];
  /**
   * Set when Keras's summary shows `?` for a shape we do know (a stateless layer inside a subclassed model):
   * the summary and JSON follow Keras, the editor shows the shape with this note.
   */
  readonly kerasHidesShape?: string;
}

export interface ModelReport {
  readonly model: ModelValue;
  readonly name: string;
  readonly kind: 'sequential' | 'functional' | 'subclass';
  readonly variable?: string;
  /** Where the model is constructed (`keras.Sequential(...)`, `keras.Model(inputs, outputs)`). */
  readonly range: SourceRange;
  /**
   * Where the editor shows the model (its lens): its constructor; in a notebook cell's report of a model made in
   * another cell, the first of its layers that this cell makes or adds.
   */
  readonly anchor: SourceRange;
  readonly layers: readonly LayerReport[];
  readonly totalParams: bigint | null;
  readonly trainableParams: bigint | null;
  readonly nonTrainableParams: bigint | null;
  /** False when Keras could not build it (no input shape). */
  readonly built: boolean;
  /** Why some of it is `?`. */
  readonly incomplete?: string;
  /** When the file does not make it as it runs: made by a builder nobody calls, or in a branch not decided. */
  readonly context?: string;
  /** Keras prints a plain chain (one call per depth, one input each, nothing shared) without "Connected to". */
  readonly sequentialLike: boolean;
  /**
   * An unbuilt Sequential whose weights do not depend on the data's shape: its params once `fit` builds it, per
   * layer and in total, on the input they assume. Keras's own view (unbuilt) stays in the fields above.
   */
  readonly onceBuilt?: { readonly input: Shape; readonly layers: readonly bigint[]; readonly total: bigint; readonly trainable: bigint; readonly nonTrainable: bigint };
}

export interface Diagnostic {
  readonly range: SourceRange;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  /** Stable code for quick fixes, e.g. `no-input-shape`. */
  readonly code?: string;
}

export interface Report {
  readonly models: readonly ModelReport[];
  /** Every layer with something to show, including ones not (yet) part of a model. Ordered by source position. */
  readonly layers: readonly LayerReport[];
  readonly diagnostics: readonly Diagnostic[];
  readonly imports: ReadonlyMap<string, string>;
  readonly compiles: EvalResult['compiles'];
  readonly fits: EvalResult['fits'];
  readonly facts: EvalResult['facts'];
  readonly truncated?: string;
  /** The Keras the analysis followed and why (set for Python and notebooks when it was decided; Keras 3 when absent). */
  readonly keras?: KerasChoice;
  /** A notebook cell's report: the code cells around it, so a position in another cell can be told by its cell. */
  readonly cells?: CellsAround;
}

/** The code cells of a notebook as one cell's report sees them. */
export interface CellsAround {
  /**
   * Each code cell in notebook order: the line it starts at, counted from this cell's start (cells above at
   * negative lines), and its number as people see it (every cell of the notebook counted from 1, markdown too).
   */
  readonly starts: readonly { readonly line: number; readonly number: number }[];
  /** This cell's position in `starts`. */
  readonly current: number;
}

/** Sum of weight sizes by trainability; null if any weight has an unknown dim. */
export function countParams(weights: readonly Weight[] | null): { total: bigint | null; trainable: bigint | null; nonTrainable: bigint | null } {
  if (weights === null) return { total: null, trainable: null, nonTrainable: null };
  let trainable = 0n;
  let nonTrainable = 0n;
  for (const w of weights) {
    const size = shapeSize(w.shape);
    if (size === null) return { total: null, trainable: null, nonTrainable: null };
    if (w.trainable) trainable += size;
    else nonTrainable += size;
  }
  return { total: trainable + nonTrainable, trainable, nonTrainable };
}

function layerReport(layer: LayerInstance, anchor: SourceRange, inputShapes: readonly (Shape | null)[] | null, outputShapes: readonly Shape[] | null, built: readonly Weight[] | null, extra: { error?: string; unresolved?: string; connectedTo?: string[] }): LayerReport {
  // Freezing may come after the call (`base.trainable = False` before compile): apply it as the file ends.
  const weights = built && !layer.trainable ? built.map((w) => ({ ...w, trainable: false })) : built;
  const counts = countParams(weights);
  return {
    layer,
    name: layer.name,
    className: layer.className,
    range: layer.range,
    anchor,
    inputShapes,
    outputShapes,
    weights,
    params: counts.total,
    trainableParams: counts.trainable,
    nonTrainableParams: counts.nonTrainable,
    error: extra.error,
    unresolved: extra.unresolved,
    connectedTo: extra.connectedTo ?? [],
  };
}

function sequentialReport(model: SequentialModel, variable: string | undefined): ModelReport {
  const input = sequentialInput(model);
  const run = runSequential(model, input);
  const layers = run.steps.map((step, i) =>
    layerReport(step.layer, model.layers[i].range, step.input === null && input === null ? null : [step.input], step.app.outputs, step.app.weights, {
      error: step.app.error,
      unresolved: step.app.unresolved,
    }),
  );
  const report = modelReport(model, variable, layers, input !== null, model.incomplete);
  const once = input === null ? weightsOnceBuilt(model) : undefined;
  if (!once) return report;
  const counts = once.weights.map((w, i) => countParams(model.layers[i].layer.trainable ? w : w.map((x) => ({ ...x, trainable: false }))));
  const sum = (pick: (c: ReturnType<typeof countParams>) => bigint | null) => counts.reduce((a, c) => a + pick(c)!, 0n);
  return { ...report, onceBuilt: { input: once.input, layers: counts.map((c) => c.total!), total: sum((c) => c.total), trainable: sum((c) => c.trainable), nonTrainable: sum((c) => c.nonTrainable) } };
}

function modelReport(model: ModelValue, variable: string | undefined, layers: LayerReport[], built: boolean, incomplete: string | undefined, sequentialLike = true): ModelReport {
  // An incomplete model has unknown totals even when no layer of it is known (outputs that are not known).
  let total: bigint | null = incomplete === undefined ? 0n : null;
  let trainable: bigint | null = total;
  let nonTrainable: bigint | null = total;
  for (const l of layers) {
    if (incomplete !== undefined || l.params === null || total === null) {
      total = trainable = nonTrainable = null;
      continue;
    }
    total += l.params;
    trainable! += l.trainableParams!;
    nonTrainable! += l.nonTrainableParams!;
  }
  return {
    model,
    name: model.name,
    kind: model.kind,
    variable,
    range: model.range,
    anchor: model.range,
    layers,
    totalParams: total,
    trainableParams: trainable,
    nonTrainableParams: nonTrainable,
    built,
    incomplete,
    sequentialLike,
  };
}

function connectedTo(call: LayerCall): string[] {
  return call.inputs.map((t) => `${t.producer.layer.name}[${t.producer.layer.calls.indexOf(t.producer)}][${t.index}]`);
}

function functionalReport(model: FunctionalModel, variable: string | undefined): ModelReport {
  const graph = functionalGraph(model);
  const layers = graph.layers.map((layer) => {
    const last = layer.calls[layer.calls.length - 1];
    const first = layer.calls.find((c) => c.outputShapes !== null) ?? layer.calls[0];
    const failed = layer.calls.find((c) => c.error);
    const isInput = layer.className === 'InputLayer';
    return layerReport(
      layer,
      (failed ?? first)?.range ?? layer.range,
      isInput ? (last?.outputShapes ?? null) : last ? last.inputs.slice(0, last.shapeInputs ?? last.inputs.length).map((t) => t.shape) : null,
      last?.outputShapes ?? null,
      layer.weights ?? (first?.outputShapes ? [] : null),
      { error: failed?.error, unresolved: last?.unresolved, connectedTo: layer.calls.flatMap(connectedTo) },
    );
  });
  const built = model.inputs.every((t) => t?.shape);
  return modelReport(model, variable, layers, built, model.incomplete, graph.sequentialLike);
}

function lowerDiagnostics(models: readonly ModelReport[], orphans: readonly LayerReport[], evalDiagnostics: readonly EvalDiagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = evalDiagnostics.map((d) => ({ ...d }));
  const seen = new Set<string>(out.map((d) => `${d.range.startIndex}:${d.message}`));
  const push = (d: Diagnostic) => {
    const key = `${d.range.startIndex}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };
  for (const m of models) {
    for (const l of m.layers) if (l.error) push({ range: l.anchor, severity: 'error', message: l.error });
    if (m.kind === 'sequential' && !m.built && m.layers.length > 0 && !m.incomplete) {
      push({
        range: m.range,
        severity: 'info',
        code: 'no-input-shape',
        message: `Model "${m.name}" has no input shape, so Keras cannot build it before it sees data and its summary shows "?". Start it with keras.Input(shape=...) or give the first layer input_shape=....`,
      });
    }
  }
  for (const l of orphans) if (l.error) push({ range: l.anchor, severity: 'error', message: l.error });
  return out;
}

/** A subclassed model lists the layers it tracks, each with the shapes of its calls during the build. */
function subclassReport(model: SubclassModel, variable: string | undefined): ModelReport {
  if (model.functional) return functionalReport(model.functional, variable);
  const layers = model.layers.map((layer) => {
    const last = layer.calls[layer.calls.length - 1];
    const failed = layer.calls.find((c) => c.error);
    if (!last && !model.built && layer.model) {
      // A model held by an unbuilt one (keras.io's trainer pattern, `Distiller(student, teacher)`): Keras's summary
      // shows it as it stands, built on its own or not.
      const own = ownView(layer.model);
      if (own) return own.outputs.length === 1
        ? layerReport(layer, layer.range, null, own.outputs, own.weights, {})
        : { ...layerReport(layer, layer.range, null, own.outputs, own.weights, {}), kerasHidesShape: `this model has ${own.outputs.length} outputs and has not been called, so Keras's output_shape for it is not one shape (its summary prints the ${own.outputs.length} shapes)` };
    }
    if (!last) {
      // Built, but call() was followed only in part: the layer may well have been used after that point.
      if (model.built && model.incomplete) return layerReport(layer, layer.range, null, null, null, { unresolved: `${model.name}'s call() was followed only in part (${model.incomplete}); this layer may be used after that point` });
      const why = model.built
        ? `${model.name}'s call() does not use it`
        : model.buildCalledWithoutCall
          ? `Keras's model.build(shape) does not run call() for a subclassed model, so its layers stay unbuilt ("0 (unbuilt)" in Keras's summary); call the model on keras.Input(shape=...) to build them`
          : `${model.name} is not built yet: call it on keras.Input(shape=...) (model.build(shape) alone does not build its layers)`;
      return layerReport(layer, layer.range, null, null, model.built ? [] : null, { unresolved: why });
    }
    const report = layerReport(layer, (failed ?? last).range, last.inputs.map((t) => t.shape), last.outputShapes, layer.weights ?? (last.outputShapes ? [] : null), {
      error: failed?.error,
      unresolved: last.unresolved,
    });
    return findLayerSpec(layer.className)?.builtAtInit
      ? { ...report, kerasHidesShape: `Keras's summary shows "?" here: a ${layer.className} is built when created, so inside a subclassed model's call() it records no shape` }
      : report;
  });
  const report = modelReport(model, variable, layers, model.built, model.built ? model.incomplete : undefined);
  // Not built, it has no weights of its own to total (Keras's `count_params()` raises).
  return model.built ? report : { ...report, totalParams: null, trainableParams: null, nonTrainableParams: null };
}

/** A model as it stands on its own, if it is built: its output shapes and weights. */
function ownView(model: ModelValue): { outputs: Shape[]; weights: Weight[] } | undefined {
  if (model.kind === 'subclass') return undefined;
  if (model.kind === 'sequential') {
    const run = runSequential(model, sequentialInput(model));
    if (run.output === null || run.steps.some((s) => s.app.weights === null)) return undefined;
    return { outputs: [run.output], weights: run.steps.flatMap((s) => s.app.weights ?? []) };
  }
  const outputs = model.outputs.map((t) => t?.shape ?? null);
  const weights = functionalWeights(model);
  if (model.incomplete || outputs.some((s) => s === null) || !weights) return undefined;
  return { outputs: outputs as Shape[], weights };
}

export function buildReport(result: EvalResult): Report {
  // Cut short by the budget, the analysis never saw the rest of the file, which may still add layers, pop them or
  // freeze them: no model's totals can be claimed.
  if (result.truncated) {
    for (const { model } of result.models) model.incomplete ??= `the analysis stopped before the end of the file (${result.truncated}), and code after that point may change it`;
  }
  const reportOf = ({ model, variable, context }: EvalResult['models'][number]): ModelReport => {
    const report = model.kind === 'sequential' ? sequentialReport(model, variable) : model.kind === 'subclass' ? subclassReport(model, variable) : functionalReport(model, variable);
    return context ? { ...report, context } : report;
  };
  let models = result.models.map(reportOf);
  // An inner Sequential with no input of its own is built by the model that calls it, which may be reported
  // after it: report it again once that call has given it a shape.
  models = models.map((m, i) => (m.model.kind === 'sequential' && !m.built && m.model.calledWith ? reportOf(result.models[i]) : m));
  // A layer shows what its innermost model says about it; layers outside any model show their own call.
  const byLayer = new Map<LayerInstance, LayerReport>();
  for (const m of models) for (const l of m.layers) if (!byLayer.has(l.layer)) byLayer.set(l.layer, l);
  const orphans: LayerReport[] = [];
  for (const layer of result.layers) {
    if (byLayer.has(layer) || layer.model || layer.isOperation || layer.calls.length === 0) continue;
    const call = layer.calls.find((c) => c.error) ?? layer.calls[0];
    const report = layerReport(
      layer,
      call.range,
      layer.className === 'InputLayer' ? call.outputShapes : call.inputs.map((t) => t.shape),
      call.outputShapes,
      layer.weights ?? (call.outputShapes ? [] : null),
      { error: call.error, unresolved: call.unresolved },
    );
    byLayer.set(layer, report);
    orphans.push(report);
  }
  // A model used as a layer is shown by its own model lens, not again as a layer.
  const layers = [...byLayer.values()].filter((l) => !l.layer.model).sort((a, b) => a.range.startIndex - b.range.startIndex || a.layer.id - b.layer.id);
  const diagnostics = lowerDiagnostics(models, orphans, result.diagnostics);
  if (result.truncated) {
    const start = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };
    diagnostics.push({ range: start, severity: 'info', message: `Model Lens analyzed only part of this file: ${result.truncated}. What comes later may show "?" or no lens.` });
  }
  return {
    models,
    layers,
    diagnostics,
    imports: result.imports,
    compiles: result.compiles,
    fits: result.fits,
    facts: result.facts,
    truncated: result.truncated,
  };
}
