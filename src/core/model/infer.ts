/**
 * Shape inference for one layer application and for a Sequential stack. Never throws: a Keras error
 * becomes `error`, anything the analyzer cannot know becomes `unresolved` (shown as `?`).
 */
import { ShapeError, Unresolved } from './errors';
import { snakeCase } from './naming';
import type { LayerInstance, ModelValue, SequentialModel } from './graph';
import type { Weight } from '../layers/spec';
import { formatShape, type Shape } from './shape';
import type { PyValue } from './values';

export interface Application {
  readonly outputs: readonly Shape[] | null;
  readonly weights: readonly Weight[] | null;
  readonly error?: string;
  readonly unresolved?: string;
}

/** Dims must be whole, non-negative and exactly representable; anything else is a mistake, not a number to show. */
function checkDims(shapes: readonly Shape[], layer: LayerInstance): void {
  for (const shape of shapes) {
    for (const d of shape) {
      if (d === null) continue;
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new ShapeError(`Layer "${layer.name}" would produce an invalid shape ${formatShape(shape.map((x) => (x === d ? x : x)))}: every dimension must be a non-negative integer below 2^53.`);
      }
    }
  }
}

export function applyLayer(layer: LayerInstance, inputs: readonly (Shape | null)[], call?: ReadonlyMap<string, PyValue>): Application {
  if (layer.model) return applyModel(layer.model, inputs);
  if (layer.shapeFunction && inputs.every((s) => s !== null)) {
    const custom = layer.shapeFunction(inputs as Shape[]);
    if (custom) return custom;
  }
  const spec = layer.spec;
  if (!spec) {
    const reason = layer.unknownReason ?? `${layer.className} is not a layer Model Lens knows`;
    return { outputs: null, weights: null, unresolved: reason };
  }
  if (inputs.some((s) => s === null)) return { outputs: null, weights: null, unresolved: 'its input shape is not known' };
  const known = inputs as Shape[];
  try {
    const out = spec.outputShape(known, layer.config, call);
    const outputs: Shape[] = out.length > 0 && Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
    checkDims(outputs, layer);
    const built = layer.weights ?? spec.weights?.(known, layer.config) ?? [];
    for (const w of built) checkDims([w.shape], layer);
    const weights = layer.trainable ? built : built.map((w) => ({ ...w, trainable: false }));
    return { outputs, weights };
  } catch (e) {
    // Specs name the layer by its class (`'conv2d'`); the person knows it by its own name (`'conv2d_1'`).
    if (e instanceof ShapeError) return { outputs: null, weights: null, error: e.message.replace(`of layer '${snakeCase(layer.className)}'`, `of layer '${layer.name}'`) };
    if (e instanceof Unresolved) return { outputs: null, weights: null, unresolved: e.message };
    // A bug in a spec must not take the editor down; say so instead of guessing.
    return { outputs: null, weights: null, unresolved: `internal error in ${layer.className}: ${(e as Error).message}` };
  }
}

export interface SequentialStep {
  readonly layer: LayerInstance;
  readonly input: Shape | null;
  readonly app: Application;
}

export interface SequentialRun {
  readonly steps: readonly SequentialStep[];
  readonly output: Shape | null;
}

/** The input shape a Sequential builds with: `build()`/`Input` first, else the first layer's `input_shape`. */
export function sequentialInput(model: SequentialModel, depth = 0): Shape | null {
  const first = model.layers[0]?.layer;
  if (model.buildShape ?? first?.declaredInput) return model.buildShape ?? first?.declaredInput ?? null;
  if (model.calledWith) return model.calledWith;
  // Keras also builds when the first layer is a built model (it has an input_shape).
  const inner = first?.model;
  if (!inner || depth > 20) return null;
  if (inner.kind === 'sequential') return sequentialInput(inner, depth + 1);
  return inner.inputs.length === 1 ? inner.inputs[0]?.shape ?? null : null;
}

const NOT_BUILT = 'the model has no input shape, so Keras cannot build it yet';

export function runSequential(model: SequentialModel, input: Shape | null, depth = 0): SequentialRun {
  const steps: SequentialStep[] = [];
  let current = input;
  let blocked: string | undefined = input === null ? NOT_BUILT : undefined;
  if (model.incomplete) blocked = model.incomplete;
  for (const entry of model.layers) {
    if (blocked !== undefined) {
      // Unbuilt, a layer Keras builds when it is made (Dropout, pooling, Activation) still has its 0 weights.
      const weights = blocked === NOT_BUILT && entry.layer.spec?.builtAtInit ? [] : null;
      steps.push({ layer: entry.layer, input: current, app: { outputs: null, weights, unresolved: blocked } });
      continue;
    }
    const app = depth > 20
      ? { outputs: null, weights: null, unresolved: 'models nested too deeply' }
      : applyLayer(entry.layer, [current]);
    steps.push({ layer: entry.layer, input: current, app });
    if (app.outputs === null) {
      blocked = app.error ? `it follows layer "${entry.layer.name}", which has an error` : app.unresolved ?? 'unknown';
      current = null;
    } else {
      current = app.outputs.length === 1 ? app.outputs[0] : null;
      if (app.outputs.length !== 1) blocked = `layer "${entry.layer.name}" has several outputs`;
    }
  }
  return { steps, output: blocked === undefined ? current : null };
}

/** A model used as a layer: its weights are all of its layers' weights. */
function applyModel(model: ModelValue, inputs: readonly (Shape | null)[]): Application {
  if (model.kind === 'sequential') {
    if (inputs.length !== 1) return { outputs: null, weights: null, unresolved: 'a Sequential model takes one input' };
    // Being called builds a Sequential that had no input shape (Keras builds it on first call).
    if (inputs[0] && !model.calledWith && sequentialInput(model) === null) model.calledWith = inputs[0];
    const run = runSequential(model, inputs[0]);
    const failed = run.steps.find((s) => s.app.error);
    if (failed) return { outputs: null, weights: null, error: `inside ${model.name}: ${failed.app.error}` };
    if (run.output === null) return { outputs: null, weights: null, unresolved: run.steps.find((s) => s.app.unresolved)?.app.unresolved ?? 'unknown output' };
    const weights = run.steps.flatMap((s) => s.app.weights ?? []);
    return { outputs: [run.output], weights };
  }
  // A functional (or built subclassed) model called on new tensors keeps its shapes when the inputs match what it was built for.
  const own = model.inputs.map((t) => t?.shape ?? null);
  const same = own.length === inputs.length && own.every((s, i) => s !== null && inputs[i] !== null && formatShape(s) === formatShape(inputs[i]));
  if (!same) return { outputs: null, weights: null, unresolved: `${model.name} is called on inputs other than the ones it was built with` };
  const outputs = model.outputs.map((t) => t?.shape ?? null);
  if (outputs.some((s) => s === null)) return { outputs: null, weights: null, unresolved: `the outputs of ${model.name} are not known` };
  return { outputs: outputs as Shape[], weights: functionalWeights(model) };
}

/** Every weight of a functional model, each layer counted once however often it is called. */
export function functionalWeights(model: ModelValue): Weight[] | null {
  if (model.kind === 'sequential') {
    const run = runSequential(model, sequentialInput(model));
    return run.steps.every((s) => s.app.weights) ? run.steps.flatMap((s) => s.app.weights ?? []) : null;
  }
  const seen = new Set<LayerInstance>();
  const weights: Weight[] = [];
  const stack = model.outputs.filter((t) => t !== null).map((t) => t!.producer);
  while (stack.length) {
    const call = stack.pop()!;
    if (!seen.has(call.layer)) {
      seen.add(call.layer);
      if (call.layer.weights === null && call.outputShapes === null) return null;
      weights.push(...(call.layer.weights ?? []));
    }
    for (const t of call.inputs) stack.push(t.producer);
  }
  return weights;
}
