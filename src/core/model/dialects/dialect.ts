/**
 * What differs between the libraries a model is written for, and nothing else: how automatic names are
 * made, which class names models have as layers, and the rules a Sequential enforces. The graph builder
 * does everything else the same way for every dialect.
 *
 * Keras 3 (`keras`, `tf.keras` with Keras 3), tf.keras 2 (`input_1`, `model`, Embedding's declared input) and
 * TensorFlow.js (`tf.layers`).
 */
import type { LayerSpec } from '../../layers/spec';
import type { LayerInstance, ModelValue, SequentialModel, SourceRange } from '../graph';
import type { Shape } from '../shape';
import type { PyValue } from '../values';

/** What a dialect's rules may read and change of the graph being built. */
export interface DialectGraph {
  /** The next automatic name from a prefix's counter (the dialect formats it). */
  uniqueName(prefix: string): string;
  /** Whether the Sequential has an input layer of its own (given, built, or made from a first layer's input shape). */
  hasInput(model: SequentialModel): boolean;
  markInput(model: SequentialModel): void;
  /** Whether the layer was already placed in a Sequential (so connected to an input). */
  isConnected(layer: LayerInstance): boolean;
  /** Why a layer's written input shape has no value here; undefined when none is written or it is known. */
  unknownInputReason(layer: LayerInstance): string | undefined;
  error(range: SourceRange, message: string): void;
}

export interface ModelDialect {
  /** The automatic name for the n-th use (from 1) of a prefix: Keras 3's `dense`, `dense_1`; TF.js's `input1`. */
  formatName(prefix: string, n: number): string;
  /** The counter prefix of a layer class's automatic names: `dense`, `dense_Dense`. */
  layerPrefix(className: string): string;
  readonly inputPrefix: string;
  readonly sequentialPrefix: string;
  readonly functionalPrefix: string;
  /** The class a functional model has when it is used as a layer: `Functional`, TF.js's `Model`. */
  readonly functionalClassName: string;
  /** The spec of the InputLayer an Input makes (its doc speaks the language). */
  readonly inputLayerSpec: LayerSpec;
  /** A call with several outputs gives a tuple (Python) or an array (JavaScript). */
  readonly outputsKind: 'tuple' | 'list';
  /** A layer's first call builds sublayers that take names (Keras's `buildNames`). */
  readonly reservesBuildNames: boolean;
  /** Whether an Input tensor or an InputLayer listed in a Sequential gives the model its input (instead of being an item). */
  readonly inputItems: boolean;
  /** Why a layer called on something that is not a tensor has no output. */
  notATensor(layer: LayerInstance): string;
  /** The rules for the first layer placed in a Sequential without an input: before it is placed. */
  placeFirst(graph: DialectGraph, model: SequentialModel, layer: LayerInstance, item: PyValue, range: SourceRange): void;
  /** After a Sequential's layer list changed: filled from the constructor's list, one layer added, or popped. */
  sequentialChanged(graph: DialectGraph, model: SequentialModel, how: 'list' | 'add' | 'pop'): void;
  /** `model.build(shape)` on a Sequential. */
  buildSequential(graph: DialectGraph, model: SequentialModel, shape: Shape): void;
  /** Before a model is called on tensors as a layer. */
  beforeModelCall(graph: DialectGraph, model: SequentialModel): void;
  /**
   * What a layer's arguments mean for its input beyond `input_shape=` (tf.keras 2's `Embedding(input_length=…)`
   * declares it; Keras 3 ignores the argument with a warning). Absent: nothing.
   */
  layerInput?(className: string, common: ReadonlyMap<string, PyValue>): LayerInput;
  /**
   * The layer an operation on symbolic tensors (`x + y`: class `Add`) is in the model, when it is one: tf.keras 2
   * wraps it in a `TFOpLambda` named after the TensorFlow function (`tf.__operators__.add`). Absent or undefined:
   * an operation, not listed among the model's layers (Keras 3).
   */
  operationLayer?(className: string, namePrefix?: string): { readonly className: string; readonly namePrefix: string } | undefined;
  /**
   * A TensorFlow function (`tf.nn.relu`) given a symbolic tensor while a functional model is built: Keras 3
   * raises, tf.keras 2 wraps it in a TFOpLambda layer. Absent: not a Keras library (TF.js).
   */
  readonly tensorflowOnSymbolic?: 'raises' | 'wraps';
  /** A layer just made: where the library computes its shapes differently from the spec (Keras 3's), it says so here. */
  layerCreated?(layer: LayerInstance): void;
  /** The error the library raises when a built model is called on inputs of shapes it does not accept; undefined: none. */
  refusedModelInput?(model: ModelValue, inputs: readonly Shape[]): string | undefined;
}

/** The input a layer's arguments declare, and a note when the library ignores what is written. */
export interface LayerInput {
  readonly shape?: Shape;
  readonly note?: string;
}

/** The spec of the InputLayer an Input makes; `none` is how the language writes the unknown batch dimension. */
export function inputLayerSpec(none: string): LayerSpec {
  return {
    className: 'InputLayer',
    args: [],
    outputShape: (inputs) => inputs[0],
    doc: `The entry point of a model: a symbolic tensor with the given shape (the batch dimension is ${none}).`,
    docsPath: 'core_layers/input',
  };
}
