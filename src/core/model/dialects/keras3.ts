/** Keras 3's names and Sequential rules (keras/src/models/sequential.py, keras/src/utils/naming.py). */
import { sequentialInput } from '../infer';
import { snakeCase } from '../naming';
import { inputLayerSpec, type DialectGraph, type ModelDialect } from './dialect';
import type { ModelValue, SequentialModel } from '../graph';
import { formatShape, type Shape } from '../shape';

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

/**
 * Keras 3's check when a built model is called (keras/src/layers/input_spec.py with `allow_last_axis_squeeze`, then
 * keras/src/models/functional.py `_adjust_input_rank`); a Sequential is checked by the functional model it builds.
 * tf.keras 2 only warned and ran the layers on such inputs (the ACGAN generator feeding `(None, 1, 100)` to a model
 * built for `(None, 100)`).
 */
const TF_KERAS_2_RAN_IT = 'Keras 3 raises this; tf.keras 2 only warned and ran the call';

function refusedModelInput(model: ModelValue, inputs: readonly Shape[]): string | undefined {
  if (model.kind === 'subclass') return undefined;
  const refs = model.kind === 'sequential' ? [sequentialInput(model)] : model.inputs.map((t) => t?.shape ?? null);
  // One input only: several may come from a dict or list whose order is not the model's own.
  if (refs.length !== 1 || inputs.length !== 1) return undefined;
  for (let i = 0; i < inputs.length; i++) {
    const ref = refs[i];
    if (!ref || ref.length === 0) continue;
    const spec: Shape = [null, ...ref.slice(1)];
    const name = model.kind === 'functional' ? ` with name '${model.inputs[i]?.producer.layer.name}'` : '';
    let shape = inputs[i];
    let expected = spec;
    if (shape.length && shape[shape.length - 1] === 1) shape = shape.slice(0, -1);
    if (expected.length && expected[expected.length - 1] === 1) expected = expected.slice(0, -1);
    for (let d = 0; d < Math.min(expected.length, shape.length); d++) {
      const [want, got] = [expected[d], shape[d]];
      if (want !== null && got !== null && want !== got) {
        return `Input ${i}${name} of layer '${model.name}' is incompatible with the layer: expected shape=${formatShape(spec)}, found shape=${formatShape(shape)} (${TF_KERAS_2_RAN_IT})`;
      }
    }
    const [rank, refRank, x] = [inputs[i].length, spec.length, inputs[i]];
    const adjustable = rank === refRank || (rank === refRank + 1 && x[rank - 1] === 1) || (rank === refRank - 1 && spec[refRank - 1] === 1);
    if (!adjustable) return `Invalid input shape for input ${i}${name} of '${model.name}': expected shape ${formatShape(spec)}, but input has incompatible shape ${formatShape(x)} (${TF_KERAS_2_RAN_IT})`;
  }
  return undefined;
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
  refusedModelInput,
  tensorflowOnSymbolic: 'raises',
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
