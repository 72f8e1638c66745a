/** Keras 3's names and Sequential rules (keras/src/models/sequential.py, keras/src/utils/naming.py). */
import { sequentialInput } from '../infer';
import { snakeCase } from '../naming';
import { inputLayerSpec, type DialectGraph, type ModelDialect } from './dialect';
import type { SequentialModel } from '../graph';

/**
 * Keras rebuilds a Sequential after every change once it starts with an InputLayer and has another layer;
 * each build makes an internal functional model, which takes a name (`functional`, `functional_1`, ...).
 */
function rebuild(graph: DialectGraph, model: SequentialModel): void {
  if (!graph.hasInput(model)) {
    // A built model as the first layer has an input shape: Keras builds, prepending an InputLayer.
    const first = model.layers[0]?.layer;
    if (!first?.model || model.layers.length < 2 || sequentialInput(model) === null) return;
    graph.uniqueName('input_layer');
    graph.markInput(model);
  }
  if (model.layers.length >= 1) graph.uniqueName('functional');
}

export const KERAS3: ModelDialect = {
  formatName: (prefix, n) => (n === 1 ? prefix : `${prefix}_${n - 1}`),
  layerPrefix: snakeCase,
  inputPrefix: 'input_layer',
  sequentialPrefix: 'sequential',
  functionalPrefix: 'functional',
  functionalClassName: 'Functional',
  inputLayerSpec: inputLayerSpec('None'),
  outputsKind: 'tuple',
  reservesBuildNames: true,
  inputItems: true,
  notATensor: (layer) => `${layer.name} is called on something that is not a tensor`,
  placeFirst(graph, model, layer) {
    // Keras 3 turns the first layer's legacy `input_shape=` into an InputLayer (which takes a name).
    if (layer.declaredInput) {
      graph.uniqueName('input_layer');
      graph.markInput(model);
    }
  },
  sequentialChanged: rebuild,
  buildSequential(graph, model, shape) {
    if (!graph.hasInput(model)) {
      model.buildShape = shape;
      graph.uniqueName('input_layer');
      graph.markInput(model);
    }
    if (model.layers.length > 0) graph.uniqueName('functional');
  },
  layerInput(className, common) {
    const length = common.get('input_length');
    if (className !== 'Embedding' || !length || length.kind === 'none') return {};
    return { note: 'Keras 3 ignores `input_length` ("Argument `input_length` is deprecated. Just remove it."): the layer declares no input; tf.keras 2 read it as the input length' };
  },
  beforeModelCall(graph, model) {
    if (sequentialInput(model) === null && model.layers.length > 0) {
      // Calling an unbuilt Sequential builds it: Keras makes an InputLayer and a functional model, which take names.
      graph.uniqueName('input_layer');
      graph.uniqueName('functional');
    }
  },
};
