/**
 * The order of a functional model's layers, a graph operation both the presenters and the front ends use
 * (TF.js's `model.layers`, `getLayer(i)`).
 */
import type { FunctionalModel, LayerCall, LayerInstance, ModelValue, TensorValue } from './graph';

/**
 * The layers of a functional model in the order Keras lists them: Keras's `map_graph` (keras/src/ops/
 * function.py) sorts layers by decreasing depth from the outputs, ties by discovery order of a depth-first
 * walk from the outputs.
 */
export function functionalLayerOrder(model: FunctionalModel): LayerInstance[] {
  return functionalGraph(model).layers;
}

/** Keras's print_summary test for a functional model that is really a chain. */
function isSequentialLike(calls: ReadonlyMap<LayerCall, number>): boolean {
  const perDepth = new Map<number, number>();
  const perLayer = new Map<LayerInstance, number>();
  for (const [call, depth] of calls) {
    perDepth.set(depth, (perDepth.get(depth) ?? 0) + 1);
    perLayer.set(call.layer, (perLayer.get(call.layer) ?? 0) + 1);
    if (call.inputs.length > 1) return false;
  }
  return [...perDepth.values()].every((n) => n === 1) && [...perLayer.values()].every((n) => n === 1);
}

export function functionalGraph(model: FunctionalModel): { layers: LayerInstance[]; sequentialLike: boolean } {
  const finished = new Set<LayerCall>();
  const inProgress = new Set<LayerCall>();
  const order: LayerCall[] = [];
  const layerIndex = new Map<LayerInstance, number>();
  const visit = (start: TensorValue) => {
    // Iterative DFS (post-order) so a 10,000-layer chain cannot overflow the stack.
    const stack: { call: LayerCall; next: number }[] = [];
    const enter = (call: LayerCall) => {
      if (finished.has(call) || inProgress.has(call)) return;
      if (!layerIndex.has(call.layer)) layerIndex.set(call.layer, layerIndex.size);
      inProgress.add(call);
      stack.push({ call, next: 0 });
    };
    enter(start.producer);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.next < top.call.inputs.length) {
        enter(top.call.inputs[top.next++].producer);
        continue;
      }
      stack.pop();
      inProgress.delete(top.call);
      finished.add(top.call);
      order.push(top.call);
    }
  };
  for (const out of model.outputs) if (out) visit(out);
  const callDepth = new Map<LayerCall, number>();
  const layerDepth = new Map<LayerInstance, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const call = order[i];
    let depth = callDepth.get(call) ?? 0;
    depth = Math.max(depth, layerDepth.get(call.layer) ?? 0);
    layerDepth.set(call.layer, depth);
    callDepth.set(call, depth);
    for (const t of call.inputs) callDepth.set(t.producer, Math.max(depth + 1, callDepth.get(t.producer) ?? 0));
  }
  for (const input of model.inputs) {
    if (input && !layerDepth.has(input.producer.layer)) {
      layerDepth.set(input.producer.layer, 0);
      layerIndex.set(input.producer.layer, -1);
    }
  }
  // Operations (x + y) take part in the depths but are not among a model's layers.
  const layers = [...layerDepth.keys()].filter((l) => !l.isOperation).sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || layerIndex.get(a)! - layerIndex.get(b)!);
  return { layers, sequentialLike: isSequentialLike(callDepth) };
}

/** A model's layers in its library's order (TF.js's `model.layers`): a Sequential's list, a functional model's graph order. */
export function layersOf(model: ModelValue): LayerInstance[] {
  return model.kind === 'sequential' ? model.layers.map((e) => e.layer) : model.kind === 'functional' ? functionalLayerOrder(model) : model.layers;
}
