/**
 * tf.keras 2's names and Sequential rules (tf-keras 2.x: tf_keras/src/engine/{input_layer,sequential,functional}.py,
 * tf_keras/src/backend.py `unique_object_name`), checked against the tf-keras package (conformance/golden-tfkeras2).
 */
import { snakeCase } from '../naming';
import { KERAS3 } from './keras3';
import type { ModelDialect } from './dialect';
import type { LayerInstance } from '../graph';
import { applyLayer } from '../infer';
import type { Shape } from '../shape';

/**
 * tf.keras 2 takes an EinsumDense's output shape from the einsum it traces, so a `None` written in `output_shape`
 * for an axis the input has is the input's size (`abc,cd->abd` with `output_shape=(None, 64)` on `(None, 16, 32)`
 * gives `(None, 16, 64)`); Keras 3 keeps the `None`. Equations with `...` are left as Keras 3 computes them.
 */
function einsumAsTfKeras2(layer: LayerInstance): void {
  if (layer.className !== 'EinsumDense') return;
  layer.shapeFunction = (inputs) => {
    const app = applyLayer({ ...layer, shapeFunction: undefined }, inputs);
    const equation = layer.config.raw('equation');
    const m = equation?.kind === 'str' ? /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$/.exec(equation.value.replace(/\s/g, '')) : null;
    const [input, output] = [inputs[0], app.outputs?.[0]];
    if (!m || !output || !input || input.length !== m[1].length || output.length !== m[3].length) return app;
    const filled: Shape = output.map((d, i) => (i > 0 && d === null && m[1].includes(m[3][i]) ? input[m[1].indexOf(m[3][i])] : d));
    return { ...app, outputs: [filled] };
  };
}

/** The TensorFlow function behind each Python operator on a Keras tensor, as tf.keras 2 names its TFOpLambda. */
const TF_OPERATORS: Readonly<Record<string, string>> = {
  Add: 'tf.__operators__.add',
  Subtract: 'tf.math.subtract',
  Multiply: 'tf.math.multiply',
  TrueDivide: 'tf.math.truediv',
  FloorDivide: 'tf.compat.v1.floor_div',
  Power: 'tf.math.pow',
  Matmul: 'tf.linalg.matmul',
};

export const TFKERAS2: ModelDialect = {
  ...KERAS3,
  // `Input()` names count from 1 (`input_1`, `input_2`: `unique_object_name(prefix, zero_based=False)`);
  // layers and models from 0 (`dense`, `dense_1`; `model`, `model_1`).
  formatName: (prefix, n) => (prefix === 'input' ? `input_${n}` : n === 1 ? prefix : `${prefix}_${n - 1}`),
  layerPrefix: snakeCase,
  inputPrefix: 'input',
  sequentialPrefix: 'sequential',
  functionalPrefix: 'model',
  // A tf.keras 2 Sequential names its own InputLayer (`dense_input`) and builds no inner model, so changing it
  // takes no automatic names; MultiHeadAttention's inner Dropout is named without the global counter.
  reservesBuildNames: false,
  // tf.keras 2 warns ("Model was constructed with shape ... but it was called on an input with incompatible
  // shape ...") and runs the layers on the inputs it is given.
  refusedModelInput: undefined,
  placeFirst(graph, model, layer) {
    if (layer.declaredInput) graph.markInput(model);
  },
  sequentialChanged() {},
  buildSequential(graph, model, shape) {
    if (!graph.hasInput(model)) {
      model.buildShape = shape;
      graph.markInput(model);
    }
  },
  beforeModelCall() {},
  tensorflowOnSymbolic: 'wraps',
  layerCreated: einsumAsTfKeras2,
  operationLayer(className, namePrefix) {
    // A TensorFlow function (`tf.nn.relu`) is named by itself; an operator by the function behind it.
    const fn = namePrefix?.startsWith('tf.') ? namePrefix : Object.hasOwn(TF_OPERATORS, className) ? TF_OPERATORS[className] : undefined;
    return fn ? { className: 'TFOpLambda', namePrefix: fn } : undefined;
  },
  // tf_keras/src/layers/core/embedding.py: without `input_shape=`, an Embedding declares `(input_length,)` as its
  // input, `(None,)` when no length is given, so a Sequential starting with one is built at once.
  layerInput(className, common) {
    if (className !== 'Embedding' || common.has('input_shape') || common.has('batch_input_shape')) return {};
    const length = common.get('input_length');
    const batch = common.get('batch_size');
    const batchDim = batch?.kind === 'int' ? batch.value : null;
    if (!length || length.kind === 'none') return { shape: [batchDim, null] };
    return length.kind === 'int' ? { shape: [batchDim, length.value] } : {};
  },
};
