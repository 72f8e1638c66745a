/**
 * The model graph the evaluator builds: layer instances (one per constructor call executed), the calls
 * that connect them through symbolic tensors, and models (Sequential layer lists or functional graphs).
 */
import type { LayerConfig, LayerSpec, Weight } from '../layers/spec';
import type { Shape } from './shape';

/** A span of source text; lines and columns 0-based, offsets in UTF-16 code units like VS Code's. */
export interface SourceRange {
  readonly startLine: number;
  readonly startCol: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly startIndex: number;
  readonly endIndex: number;
}

export interface LayerInstance {
  readonly id: number;
  /** Keras's class name (canonical) or, for a layer we do not know, the name as written. */
  readonly className: string;
  readonly spec: LayerSpec | undefined;
  readonly name: string;
  readonly config: LayerConfig;
  /** The constructor call `Dense(256, ...)`. */
  readonly range: SourceRange;
  /** `trainable=False` (or a later `layer.trainable = False`) makes every weight non-trainable. */
  trainable: boolean;
  /** A shape from `input_shape=` / `batch_input_shape=` / `input_dim=` (batch dim included). */
  readonly declaredInput: Shape | null;
  /** For a model used as a layer (a Sequential inside another model). */
  readonly model?: ModelValue;
  /** Why the layer cannot be analyzed at all (an unknown class, say). */
  readonly unknownReason?: string;
  /**
   * An operation on tensors (`x + y`, `x * 2`): part of the graph, named from the same counters as layers,
   * but not one of a model's layers and without weights.
   */
  readonly isOperation?: boolean;
  /** Shapes the evaluator works out itself (a Lambda's function run on symbolic tensors); undefined: use the spec. */
  shapeFunction?: (inputs: readonly Shape[]) => import('./infer').Application | undefined;
  /** The constructor's arguments as written, for editing them in place (the designer). */
  readonly args?: CallArguments;
  /** Weights as built by the first call; later calls share them (a reused layer shares weights). */
  weights: Weight[] | null;
  readonly calls: LayerCall[];
}

/** Where each argument of a call sits in the source. */
export interface CallArguments {
  /** The parenthesised argument list, `(256, activation=tf.nn.relu)`. */
  readonly range: SourceRange;
  readonly items: readonly ArgumentSpan[];
}

export interface ArgumentSpan {
  /** The keyword, or undefined for a positional argument. */
  readonly keyword?: string;
  /** Position among the positional arguments (0-based); -1 for keywords. */
  readonly position: number;
  /** The whole argument (`activation=tf.nn.relu`). */
  readonly range: SourceRange;
  /** Just the value (`tf.nn.relu`). */
  readonly valueRange: SourceRange;
  readonly valueText: string;
  /** True when the value is a literal (number, string, bool, None, tuple/list of literals) that can be rewritten safely. */
  readonly literal: boolean;
}

/** One application of a layer to tensors (a node in Keras's terms). */
export interface LayerCall {
  readonly layer: LayerInstance;
  /** Every tensor the call takes: the layer's inputs first, then extras such as an RNN's `initial_state`. */
  readonly inputs: readonly TensorValue[];
  /** How many of `inputs` are the layer's own inputs (the rest only connect the graph); all when absent. */
  readonly shapeInputs?: number;
  /** Null when unknown; see `unresolved` and `error`. */
  readonly outputShapes: readonly Shape[] | null;
  /** Keras would raise this (a diagnostic). */
  readonly error?: string;
  /** Why the output is `?`. */
  readonly unresolved?: string;
  /** Where the call happens, e.g. `Dense(10)(x)`; for a Sequential, where the layer was added. */
  readonly range: SourceRange;
}

/** A symbolic tensor: output `index` of a call, or a model input. */
export interface TensorValue {
  readonly shape: Shape | null;
  readonly producer: LayerCall;
  readonly index: number;
}

export interface SequentialModel {
  readonly kind: 'sequential';
  readonly id: number;
  readonly name: string;
  readonly range: SourceRange;
  readonly layers: SequentialEntry[];
  /** From `model.build(shape)` or `Input` as the first entry; otherwise the first layer's declared input. */
  buildShape: Shape | null;
  /** Set when the evaluator lost track of the layer list (an add inside an unknown branch, say). */
  incomplete?: string;
  /** With no input shape of its own, the shape it was first called on inside another model (which builds it). */
  calledWith?: Shape;
  /** The `keras.Input` it starts with: Keras 3 calls its layers on it (`model.inputs`, `layer.output`). */
  inputTensor?: TensorValue;
}

/** A layer in a Sequential, with where it was placed (the list item or the `model.add(...)` call). */
export interface SequentialEntry {
  readonly layer: LayerInstance;
  readonly range: SourceRange;
  /** How it got there: an item of the list passed to `Sequential([...])`, or a `model.add(...)` call. */
  readonly via: 'list' | 'add';
}

export interface FunctionalModel {
  readonly kind: 'functional';
  readonly id: number;
  readonly name: string;
  readonly range: SourceRange;
  readonly inputs: readonly (TensorValue | null)[];
  readonly outputs: readonly (TensorValue | null)[];
  incomplete?: string;
  /** A `Model` subclass built the functional way (`CustomModel(inputs, outputs)`) keeps its class name as a layer. */
  className?: string;
}

/**
 * A subclass of `keras.Model` with layers set as attributes in `__init__` and used in `call`. Keras tracks
 * its layers in assignment order; shapes exist once it is built (`model.build(shape)` or called on a tensor).
 */
export interface SubclassModel {
  readonly kind: 'subclass';
  readonly id: number;
  name: string;
  readonly className: string;
  readonly range: SourceRange;
  /** Layers (and models) assigned to attributes, in order. */
  readonly layers: LayerInstance[];
  /** The instance's attributes. */
  readonly self: import('./values').ObjectValue;
  /** Inputs and outputs of the first build, once built. */
  inputs: readonly (TensorValue | null)[];
  outputs: readonly (TensorValue | null)[];
  built: boolean;
  /** Set when `__init__` called `Model.__init__(inputs, outputs)`: the instance is this functional model. */
  functional?: FunctionalModel;
  /** `model.build(shape)` ran before any call: Keras marks it built without building its layers. */
  buildCalledWithoutCall?: boolean;
  incomplete?: string;
}

export type ModelValue = SequentialModel | FunctionalModel | SubclassModel;
