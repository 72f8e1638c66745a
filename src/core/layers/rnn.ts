/**
 * Recurrent layers (keras/src/layers/rnn): SimpleRNN, LSTM, GRU and ConvLSTM, each an `RNN` over one cell.
 * The cell's weights are the layer's weights; `return_sequences` keeps the time axis, `return_state` adds the
 * states.
 */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { recurrentMacs } from './macs-rules';
import { expectRank, type ArgDef, type LayerConfig, type LayerSpec, type TfjsLayerSpec, type TfjsTraining, type Weight } from './spec';
import { CONV_KEYS, HANDLED, ndim, RNN_KEYS } from './tfjs-keys';
import { arg, convOutputShape, convPadding, dataFormat, known, pyTuple, rnnUnits, splitChannels, tupleArg } from './util';
import { describe } from '../model/values';

/** `RNN.compute_output_shape`: the output, then one shape per state when `return_state`. */
export function rnnOutputs(input: Shape, cfg: LayerConfig, output: Dim[], states: Dim[][]): Shape | Shape[] {
  const batch = input[0];
  const main: Dim[] = cfg.bool('return_sequences') ? [batch, input[1], ...output] : [batch, ...output];
  return cfg.bool('return_state') ? [main, ...states.map((s) => [batch, ...s])] : main;
}

/** `RNN.build`: a stateful RNN keeps its state per sample, so it needs a fixed batch size. */
export function checkStateful(input: Shape, cfg: LayerConfig): void {
  if (cfg.bool('stateful') && input[0] === null) {
    throw new ShapeError(
      `When using \`stateful=True\` in a RNN, the batch size must be static. Found dynamic batch size: sequence.shape=${pyTuple(input)}`,
    );
  }
}

const init = (prefix: string): ArgDef[] => [
  { name: `${prefix}kernel_initializer`, default: 'glorot_uniform' },
  { name: `${prefix}recurrent_initializer`, default: 'orthogonal' },
  { name: `${prefix}bias_initializer`, default: 'zeros' },
];
const REGULARIZERS: ArgDef[] = [
  { name: 'kernel_regularizer', default: null },
  { name: 'recurrent_regularizer', default: null },
  { name: 'bias_regularizer', default: null },
  { name: 'activity_regularizer', default: null },
  { name: 'kernel_constraint', default: null },
  { name: 'recurrent_constraint', default: null },
  { name: 'bias_constraint', default: null },
  { name: 'dropout', default: 0, float: true },
  { name: 'recurrent_dropout', default: 0, float: true },
];
const RNN_FLAGS: ArgDef[] = [
  { name: 'return_sequences', default: false },
  { name: 'return_state', default: false },
  { name: 'go_backwards', default: false },
  { name: 'stateful', default: false },
  { name: 'unroll', default: false },
];

/** Training: TF.js has no seed, and no cuDNN selection (which does not change what is trained). */
const RNN_TRAIN: TfjsTraining = { ignore: ['use_cudnn', 'implementation'], without: { seed: null } };

interface Gates {
  readonly className: string;
  readonly args: ArgDef[];
  /** How many blocks of `units` the kernels hold: 1 (SimpleRNN), 4 (LSTM), 3 (GRU). */
  readonly gates: number;
  /** Number of states returned with `return_state`: h for SimpleRNN/GRU, h and c for LSTM. */
  readonly states: number;
  readonly bias: (units: number, cfg: LayerConfig) => Dim[];
  readonly doc: string;
  readonly docsPath: string;
  readonly tfjs: TfjsLayerSpec;
}

/** The weights of one cell (the layer's weights are its cell's) for steps of `inputDim` features. */
function cellWeights(g: Gates, inputDim: Dim, units: number, cfg: LayerConfig): Weight[] {
  const features = known(inputDim, `the feature size of the input to ${g.className}`);
  const w: Weight[] = [
    { name: 'kernel', shape: [features, g.gates * units], trainable: true },
    { name: 'recurrent_kernel', shape: [units, g.gates * units], trainable: true },
  ];
  if (cfg.bool('use_bias')) w.push({ name: 'bias', shape: g.bias(units, cfg), trainable: true });
  return w;
}

/** The cells the built-in recurrent layers run, by class name (`LSTMCell`), with their gates. */
const CELLS = new Map<string, Gates>();
/** The gates of each built-in recurrent layer (`LSTM`), for its cell. */
const LAYER_GATES = new Map<string, Gates>();

/** What a cell takes: its layer's arguments without those of the RNN around it. */
const RNN_ONLY = new Set([...RNN_FLAGS.map((a) => a.name), 'activity_regularizer', 'use_cudnn']);

/**
 * SimpleRNNCell / LSTMCell / GRUCell: one step of the recurrence, run over the sequence by `keras.layers.RNN(cell)`
 * (keras.io's working_with_rnns builds `RNN(LSTMCell(units))` to avoid cuDNN). The RNN has the cell's weights.
 */
function cell(g: Gates): LayerSpec {
  const className = `${g.className}Cell`;
  CELLS.set(className, g);
  return {
    className,
    args: g.args.filter((a) => !RNN_ONLY.has(a.name)),
    outputShape() {
      throw new Unresolved(`a ${className} called on its own runs one step with its states; Model Lens follows it inside keras.layers.RNN(cell)`);
    },
    doc: `One step of ${g.className}: the layer \`keras.layers.RNN(cell)\` runs it over a sequence, with the same weights as ${g.className}.`,
    docsPath: `recurrent_layers/${g.className === 'SimpleRNN' ? 'simple_rnn' : g.className.toLowerCase()}_cell`,
  };
}

/** The cell given to `RNN(cell)`, with its gates; a list of cells (stacked) or a custom cell is not followed. */
function rnnCell(cfg: LayerConfig): { g: Gates; cfg: LayerConfig; trainable: boolean } {
  const v = arg(cfg, 'cell');
  if (v.kind === 'list' || v.kind === 'tuple') throw new Unresolved('RNN over a list of cells (StackedRNNCells) is not followed yet');
  if (v.kind !== 'layer') throw new ShapeError(`Argument \`cell\` should have a \`call\` method. Received: cell=${describe(v)}`);
  const g = CELLS.get(v.layer.className);
  if (!g) throw new Unresolved(v.layer.unknownReason ?? `RNN over a ${v.layer.className} is not followed (only the built-in cells are)`);
  return { g, cfg: v.layer.config, trainable: v.layer.trainable };
}

/** `keras.layers.RNN(cell)`: the recurrence of a built-in cell, shaped like the layer made of that cell. */
export const RNN: LayerSpec = {
  className: 'RNN',
  args: [{ name: 'cell' }, ...RNN_FLAGS, { name: 'zero_output_for_mask', default: false }],
  outputShape([input], cfg) {
    const { g, cfg: cellCfg } = rnnCell(cfg);
    const units = rnnUnits(cellCfg);
    expectRank(input, 3, 'rnn');
    checkStateful(input, cfg);
    return rnnOutputs(input, cfg, [units], Array.from({ length: g.states }, () => [units]));
  },
  weights([input], cfg) {
    const { g, cfg: cellCfg, trainable } = rnnCell(cfg);
    return cellWeights(g, input[2], rnnUnits(cellCfg), cellCfg).map((w) => ({ ...w, trainable: w.trainable && trainable }));
  },
  doc: 'Runs a recurrent cell (LSTMCell, GRUCell, SimpleRNNCell) over the sequence; returns the last output (or all of them with `return_sequences=True`).',
  docsPath: 'recurrent_layers/rnn',
  notInTfjs: 'Model Lens does not rebuild keras.layers.RNN(cell) for TensorFlow.js training yet',
};

function recurrent(g: Gates): LayerSpec {
  LAYER_GATES.set(g.className, g);
  const layer = g.className === 'SimpleRNN' ? 'simple_rnn' : g.className.toLowerCase();
  const check = (input: Shape, cfg: LayerConfig): number => {
    const units = rnnUnits(cfg);
    expectRank(input, 3, layer);
    checkStateful(input, cfg);
    return units;
  };
  return {
    className: g.className,
    args: g.args,
    outputShape([input], cfg) {
      const units = check(input, cfg);
      return rnnOutputs(input, cfg, [units], Array.from({ length: g.states }, () => [units]));
    },
    weights([input], cfg) {
      const units = check(input, cfg);
      return cellWeights(g, input[2], units, cfg);
    },
    doc: g.doc,
    docsPath: g.docsPath,
    tfjs: g.tfjs,
    macs: recurrentMacs,
  };
}

export const SimpleRNN = recurrent({
  className: 'SimpleRNN',
  args: [
    { name: 'units' },
    { name: 'activation', default: 'tanh' },
    { name: 'use_bias', default: true },
    ...init(''),
    ...REGULARIZERS,
    ...RNN_FLAGS,
    { name: 'seed', default: null },
  ],
  gates: 1,
  states: 1,
  bias: (units) => [units],
  doc: 'A plain recurrent layer: reads the sequence step by step, mixing each step with its previous output; returns the last output (or all of them with `return_sequences=True`).',
  docsPath: 'recurrent_layers/simple_rnn',
  tfjs: { factories: ['simpleRNN'], keys: { ...RNN_KEYS }, check: ndim(3), train: RNN_TRAIN },
});

export const LSTM = recurrent({
  className: 'LSTM',
  args: [
    { name: 'units' },
    { name: 'activation', default: 'tanh' },
    { name: 'recurrent_activation', default: 'sigmoid' },
    { name: 'use_bias', default: true },
    ...init(''),
    { name: 'unit_forget_bias', default: true },
    ...REGULARIZERS,
    { name: 'seed', default: null },
    ...RNN_FLAGS,
    { name: 'use_cudnn', default: 'auto' },
    { name: 'implementation', default: 2, keywordOnly: true },
  ],
  gates: 4,
  states: 2,
  bias: (units) => [4 * units],
  doc: 'Long short-term memory: a recurrent layer with input, forget and output gates and a cell state, so it can remember over long sequences; returns the last output (or all with `return_sequences=True`).',
  docsPath: 'recurrent_layers/lstm',
  tfjs: {
    factories: ['lstm'],
    keys: { ...RNN_KEYS, recurrentActivation: 'recurrent_activation', unitForgetBias: 'unit_forget_bias', implementation: HANDLED },
    check: ndim(3),
    train: RNN_TRAIN,
  },
});

export const GRU = recurrent({
  className: 'GRU',
  args: [
    { name: 'units' },
    { name: 'activation', default: 'tanh' },
    { name: 'recurrent_activation', default: 'sigmoid' },
    { name: 'use_bias', default: true },
    ...init(''),
    ...REGULARIZERS,
    { name: 'seed', default: null },
    ...RNN_FLAGS,
    { name: 'reset_after', default: true },
    { name: 'use_cudnn', default: 'auto' },
    { name: 'implementation', default: 2, keywordOnly: true },
  ],
  gates: 3,
  states: 1,
  // reset_after=True (the Keras 3 default) keeps separate input and recurrent biases.
  bias: (units, cfg) => (cfg.bool('reset_after') ? [2, 3 * units] : [3 * units]),
  doc: 'Gated recurrent unit: a lighter LSTM with update and reset gates and no separate cell state; returns the last output (or all with `return_sequences=True`).',
  docsPath: 'recurrent_layers/gru',
  tfjs: {
    factories: ['gru'],
    keys: {
      ...RNN_KEYS, recurrentActivation: 'recurrent_activation', implementation: HANDLED,
      resetAfter: (v) => (v.kind === 'bool' && v.value ? { error: 'GRUCell does not support reset_after parameter set to true.' } : HANDLED()),
    },
    // TF.js's GRU has no reset_after: one bias of 3×units, like Keras 2's reset_after=False.
    defaults: { reset_after: { kind: 'bool', value: false } },
    check: ndim(3),
    train: { ...RNN_TRAIN, without: { seed: null, reset_after: false } },
  },
});

const TFJS_CONV_LSTM2D: TfjsLayerSpec = {
  factories: ['convLstm2d'],
  keys: {
    filters: 'filters', ...CONV_KEYS, recurrentActivation: 'recurrent_activation', unitForgetBias: 'unit_forget_bias', dropout: 'dropout', recurrentDropout: 'recurrent_dropout',
    returnSequences: 'return_sequences', returnState: 'return_state', goBackwards: 'go_backwards', stateful: 'stateful', implementation: HANDLED,
  },
  check: ndim(5),
};

/** ConvLSTM1D / ConvLSTM2D / ConvLSTM3D: an LSTM whose gates are convolutions over each time step's image. */
function convLstm(rank: 1 | 2 | 3): LayerSpec {
  const className = `ConvLSTM${rank}D`;
  const layer = `conv_lstm${rank}d`;
  const parse = (input: Shape, cfg: LayerConfig) => {
    const kernel = tupleArg(cfg, 'kernel_size', rank);
    const strides = tupleArg(cfg, 'strides', rank, true);
    const padding = convPadding(cfg, false);
    const format = dataFormat(cfg);
    const dilation = tupleArg(cfg, 'dilation_rate', rank);
    if (Math.max(...strides) > 1 && Math.max(...dilation) > 1) {
      throw new ShapeError(
        `Specifying \`strides > 1\` is not compatible with \`dilation_rate > 1\`. Please provide \`strides=1\` or \`dilation_rate=1\`. Received: strides=${pyTuple(strides)} and dilation_rate=${pyTuple(dilation)}`,
      );
    }
    const filters = cfg.int('filters');
    expectRank(input, rank + 3, layer);
    checkStateful(input, cfg);
    const step = [input[0], ...input.slice(2)];
    const { spatial, channels } = splitChannels(step, format);
    if (spatial.includes(null)) throw new Unresolved(`${className} needs static spatial dimensions, and these are not known`);
    const out = convOutputShape(step, filters, kernel, strides, padding, format, dilation);
    return { kernel, filters, channels, state: out.slice(1) };
  };
  return {
    className,
    args: [
      { name: 'filters' },
      { name: 'kernel_size' },
      { name: 'strides', default: 1 },
      { name: 'padding', default: 'valid' },
      { name: 'data_format', default: null },
      { name: 'dilation_rate', default: 1 },
      { name: 'activation', default: 'tanh' },
      { name: 'recurrent_activation', default: 'sigmoid' },
      { name: 'use_bias', default: true },
      ...init(''),
      { name: 'unit_forget_bias', default: true },
      ...REGULARIZERS,
      { name: 'seed', default: null },
      { name: 'return_sequences', default: false },
      { name: 'return_state', default: false },
      { name: 'go_backwards', default: false },
      { name: 'stateful', default: false },
    ],
    outputShape([input], cfg) {
      const { state } = parse(input, cfg);
      return rnnOutputs(input, cfg, state, [state, state]);
    },
    weights([input], cfg) {
      const p = parse(input, cfg);
      const channels = known(p.channels, `the number of channels of the input to ${className}`);
      const w: Weight[] = [
        { name: 'kernel', shape: [...p.kernel, channels, 4 * p.filters], trainable: true },
        { name: 'recurrent_kernel', shape: [...p.kernel, p.filters, 4 * p.filters], trainable: true },
      ];
      if (cfg.bool('use_bias')) w.push({ name: 'bias', shape: [4 * p.filters], trainable: true });
      return w;
    },
    doc: `An LSTM over a sequence of ${rank === 1 ? '1D signals' : rank === 2 ? 'images' : 'volumes'} whose gates are convolutions, so each step keeps its spatial layout; input (batch, time, ${rank === 1 ? 'length' : rank === 2 ? 'rows, cols' : 'depth, rows, cols'}, channels).`,
    docsPath: `recurrent_layers/conv_lstm${rank}d`,
    tfjs: rank === 2 ? TFJS_CONV_LSTM2D : undefined,
    notInTfjs: rank === 2 ? 'Model Lens does not rebuild ConvLSTM2D for TensorFlow.js training yet' : undefined,
  };
}

export const ConvLSTM1D = convLstm(1);
export const ConvLSTM2D = convLstm(2);
export const ConvLSTM3D = convLstm(3);

/** This family, in the order the catalogue lists it. */
export const RECURRENT_LAYERS: readonly LayerSpec[] = [SimpleRNN, LSTM, GRU, ConvLSTM1D, ConvLSTM2D, ConvLSTM3D, ...['SimpleRNN', 'LSTM', 'GRU'].map((name) => cell(LAYER_GATES.get(name)!)), RNN];
