/**
 * What tf.keras 2's summary shows differently from Keras 3 for the same graph (tf_keras/src/utils/layer_utils.py
 * `print_summary`): a layer whose output shape is not one shape prints `multiple`, never the last call's shape.
 * That is every layer of a subclassed model (called inside `call()`, it keeps no Keras history) and a layer
 * shared between calls whose outputs differ in shape.
 */
import type { LayerInstance } from '../model/graph';
import { formatShapes } from '../model/shape';
import type { LayerReport, ModelReport, Report } from './report';

const SUBCLASS = 'tf.keras 2\'s summary shows "multiple" here: a layer called inside a subclassed model\'s call() keeps no output shape';
const SHARED = 'tf.keras 2\'s summary shows "multiple" here: the layer is called on inputs that give different output shapes';

/** Whether a layer's calls give more than one output shape (tf.keras 2's `layer.output_shape` raises then). */
function hasSeveralShapes(layer: LayerInstance): boolean {
  const shapes = new Set(layer.calls.filter((c) => c.outputShapes !== null).map((c) => formatShapes(c.outputShapes)));
  return shapes.size > 1;
}

function viewLayer(l: LayerReport, inSubclass: boolean): LayerReport {
  if (l.kerasHidesShape || l.outputShapes === null) return l;
  // A model used as a layer is a graph network of its own, with its own output shape.
  if (inSubclass && !l.layer.model) return { ...l, kerasHidesShape: SUBCLASS };
  return hasSeveralShapes(l.layer) ? { ...l, kerasHidesShape: SHARED } : l;
}

/**
 * tf.keras 2 takes a Sequential's input from its first layer's `_batch_input_shape`, which a Sequential given its
 * input by an `Input` item or by `build()` does not have: `Sequential([encoder, decoder])` stays unbuilt (its
 * summary raises), where Keras 3 builds it from the encoder's input. Checked with tf-keras 2.21.
 */
function unbuiltInTfKeras2(m: ModelReport): boolean {
  const model = m.model;
  if (model.kind !== 'sequential' || model.buildShape !== null || model.calledWith) return false;
  const inner = model.layers[0]?.layer.model;
  return inner?.kind === 'sequential' && inner.buildShape !== null && !inner.layers[0]?.layer.declaredInput;
}

const UNBUILT = 'tf.keras 2 does not build this Sequential: its first model was given its input by an Input, which tf.keras 2 does not take as the outer model\'s input';

function viewModel(m: ModelReport): ModelReport {
  if (unbuiltInTfKeras2(m)) {
    const layers = m.layers.map((l) => (l.layer.model ? l : { ...l, outputShapes: null, weights: null, params: null, trainableParams: null, nonTrainableParams: null, unresolved: UNBUILT }));
    return { ...m, layers, built: false, totalParams: null, trainableParams: null, nonTrainableParams: null };
  }
  return { ...m, layers: m.layers.map((l) => viewLayer(l, m.kind === 'subclass')) };
}

/** The report as tf.keras 2 presents it. */
export function tfKeras2View(report: Report): Report {
  return { ...report, models: report.models.map(viewModel), layers: report.layers.map((l) => viewLayer(l, false)) };
}
