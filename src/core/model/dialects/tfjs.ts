/** TensorFlow.js's names and Sequential rules (tfjs-layers: models.ts, engine/topology.ts, engine/container.ts). */
import { tfjsSnakeCase } from '../naming';
import { inputLayerSpec, type ModelDialect } from './dialect';

const FIRST_LAYER_NEEDS_SHAPE = 'The first layer in a Sequential model must get an `inputShape` or `batchInputShape` argument.';

export const TFJS: ModelDialect = {
  // tfjs-layers' `getUid(prefix)`: `input1`, `model1`, `sequential_1` (its prefix is `sequential_`).
  formatName: (prefix, n) => `${prefix}${n}`,
  // TF.js names a layer after its class and a per-class counter: `dense_Dense1`, `conv2d_Conv2D3`.
  layerPrefix: (className) => `${tfjsSnakeCase(className)}_${className}`,
  inputPrefix: 'input',
  sequentialPrefix: 'sequential_',
  functionalPrefix: 'model',
  // TF.js's class names: `Sequential`, and `Model` for a functional LayersModel.
  functionalClassName: 'Model',
  inputLayerSpec: inputLayerSpec('null'),
  outputsKind: 'list',
  reservesBuildNames: false,
  inputItems: false,
  notATensor: (layer) => `${layer.name} is applied to something that is not a symbolic tensor (a concrete tensor runs the layer eagerly)`,
  /** TF.js's Sequential.add (tfjs-layers models.ts): the first layer must declare its input shape. */
  placeFirst(graph, model, layer, item, range) {
    if (model.incomplete) return;
    if (item.kind !== 'layer' && item.kind !== 'model') model.incomplete = `its first layer is not known (${layer.unknownReason})`;
    else if (layer.className === 'InputLayer') model.buildShape = layer.declaredInput;
    else if (layer.model) {
      // A model added first brings its own input (TF.js requires it to be built).
    } else if (graph.unknownInputReason(layer) !== undefined) {
      model.incomplete = graph.unknownInputReason(layer);
    } else if (layer.spec && !layer.declaredInput && !graph.isConnected(layer) && layer.calls.length === 0) {
      graph.error(range, FIRST_LAYER_NEEDS_SHAPE);
      model.incomplete = 'its first layer has no inputShape, which TF.js requires';
    } else if (layer.declaredInput) model.buildShape = layer.declaredInput;
  },
  sequentialChanged(_graph, model, how) {
    if (how === 'pop' && model.layers.length === 0) model.buildShape = null;
  },
  buildSequential() {
    // TF.js's Sequential.build() ignores its shape argument: it cannot give a model an input shape.
  },
  beforeModelCall() {},
};
