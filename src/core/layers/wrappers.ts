/**
 * Wrapper layers that take another layer as their argument: Bidirectional runs a recurrent layer forwards
 * and backwards (two copies, so twice the weights); TimeDistributed applies a layer to every time step.
 */
import { ShapeError, Unresolved } from '../model/errors';
import type { LayerInstance } from '../model/graph';
import type { Shape } from '../model/shape';
import { describe } from '../model/values';
import type { LayerConfig, LayerSpec, Weight } from './spec';
import { ndim } from './tfjs-keys';
import { arg, pyTuple } from './util';

interface Inner {
  readonly layer: LayerInstance;
  readonly spec: LayerSpec;
}

/** The wrapped layer, in Keras's words when it is not a layer. */
function innerLayer(cfg: LayerConfig, name: string, wrapper: string): Inner {
  const v = arg(cfg, name);
  if (v.kind !== 'layer') {
    if (name === 'backward_layer') throw new ShapeError(`\`backward_layer\` need to be a \`keras.layers.Layer\` instance. Received: ${describe(v)}`);
    throw new ShapeError(`Please initialize \`${wrapper}\` layer with a \`keras.layers.Layer\` instance. Received: ${describe(v)}`);
  }
  const layer = v.layer;
  if (layer.model) throw new Unresolved(`a model wrapped in ${wrapper} is not analyzed`);
  if (!layer.spec) throw new Unresolved(layer.unknownReason ?? `${layer.className} is not a layer Model Lens knows`);
  return { layer, spec: layer.spec };
}

const toList = (out: Shape | Shape[]): Shape[] => (out.length > 0 && Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape]);

/** The inner layer's weights, renamed under the wrapper's copy and frozen with it. */
function innerWeights(inner: Inner, inputs: readonly Shape[], prefix: string): Weight[] {
  const weights = inner.spec.weights?.(inputs, inner.layer.config) ?? [];
  return weights.map((w) => ({ ...w, name: `${prefix}/${w.name}`, trainable: w.trainable && inner.layer.trainable }));
}

const flag = (inner: Inner, name: string): boolean => (inner.layer.config.raw(name) === undefined ? false : inner.layer.config.bool(name));

function bidirectional(input: Shape, cfg: LayerConfig) {
  const forward = innerLayer(cfg, 'layer', 'Bidirectional');
  const backwardGiven = !cfg.isNone('backward_layer');
  const backward = backwardGiven ? innerLayer(cfg, 'backward_layer', 'Bidirectional') : forward;
  const modeValue = arg(cfg, 'merge_mode');
  const mode = modeValue.kind === 'none' ? null : modeValue.kind === 'str' ? modeValue.value : undefined;
  if (mode === undefined || (mode !== null && !['sum', 'mul', 'ave', 'concat'].includes(mode))) {
    throw new ShapeError(
      `Invalid merge mode. Received: ${modeValue.kind === 'str' ? modeValue.value : describe(modeValue)}. Merge mode should be one of {"sum", "mul", "ave", "concat", None}`,
    );
  }
  // Without backward_layer, Keras rebuilds the layer from its config with go_backwards=True.
  if (!backwardGiven && !forward.spec.args.some((a) => a.name === 'go_backwards')) {
    throw new ShapeError(
      `<class '${forward.spec.className}'> could not be deserialized properly: Bidirectional rebuilds the layer with \`go_backwards=True\`, which ${forward.spec.className} does not take.`,
    );
  }
  const fwdBackwards = flag(forward, 'go_backwards');
  const bwdBackwards = backwardGiven ? flag(backward, 'go_backwards') : true;
  if (fwdBackwards === bwdBackwards) {
    throw new ShapeError(
      `Forward layer and backward layer should have different \`go_backwards\` value. Received: forward_layer.go_backwards ${fwdBackwards ? 'True' : 'False'}, backward_layer.go_backwards=${bwdBackwards ? 'True' : 'False'}`,
    );
  }
  for (const a of ['stateful', 'return_sequences', 'return_state']) {
    const f = flag(forward, a);
    const b = flag(backward, a);
    if (f !== b) {
      throw new ShapeError(
        `Forward layer and backward layer are expected to have the same value for attribute "${a}", got "${f ? 'True' : 'False'}" for forward layer and "${b ? 'True' : 'False'}" for backward layer`,
      );
    }
  }
  const out = toList(forward.spec.outputShape([input], forward.layer.config));
  const returnState = flag(forward, 'return_state');
  let output: Shape = out[0];
  const states = returnState ? out.slice(1) : [];
  if (mode === 'concat') {
    const last = output[output.length - 1];
    output = [...output.slice(0, -1), last === null ? null : 2 * last];
  }
  const outputs = mode === null ? [output, output] : [output];
  const shapes = [...outputs, ...states, ...states];
  return { forward, backward, backwardGiven, shapes };
}

export const Bidirectional: LayerSpec = {
  className: 'Bidirectional',
  args: [
    { name: 'layer' },
    { name: 'merge_mode', default: 'concat' },
    { name: 'weights', default: null },
    { name: 'backward_layer', default: null },
  ],
  outputShape([input], cfg) {
    const { shapes } = bidirectional(input, cfg);
    return shapes.length === 1 ? shapes[0] : shapes;
  },
  weights([input], cfg) {
    const { forward, backward, backwardGiven } = bidirectional(input, cfg);
    const name = (prefix: string, l: LayerInstance) => `${prefix}_${l.name.replace(new RegExp(`^${prefix}_`), '')}`;
    return [
      ...innerWeights(forward, [input], name('forward', forward.layer)),
      ...innerWeights(backward, [input], backwardGiven ? backward.layer.name : name('backward', forward.layer)),
    ];
  },
  doc: 'Runs the wrapped recurrent layer over the sequence forwards and a copy of it backwards, then merges the two outputs (concatenated by default, doubling the last dimension); twice the weights of the inner layer.',
  docsPath: 'recurrent_layers/bidirectional',
  // TF.js's Bidirectional takes its recurrent layer's input spec: rank 3.
  tfjs: { factories: ['bidirectional'], keys: { layer: 'layer', mergeMode: 'merge_mode' }, check: ndim(3), train: {} },
};

function timeDistributed(input: Shape, cfg: LayerConfig) {
  const inner = innerLayer(cfg, 'layer', 'TimeDistributed');
  if (input.length < 3) {
    throw new ShapeError(`\`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions, received: ${pyTuple(input)}`);
  }
  const child: Shape = [input[0], ...input.slice(2)];
  const out = toList(inner.spec.outputShape([child], inner.layer.config));
  if (out.length !== 1) throw new Unresolved(`${inner.spec.className} has several outputs inside TimeDistributed`);
  return { inner, child, output: [out[0][0], input[1], ...out[0].slice(1)] };
}

export const TimeDistributed: LayerSpec = {
  className: 'TimeDistributed',
  args: [{ name: 'layer' }],
  outputShape([input], cfg) {
    return timeDistributed(input, cfg).output;
  },
  weights([input], cfg) {
    const { inner, child } = timeDistributed(input, cfg);
    return innerWeights(inner, [child], inner.layer.name);
  },
  doc: 'Applies the wrapped layer to every time step (axis 1) of the input separately, with the same weights for all steps.',
  docsPath: 'recurrent_layers/time_distributed',
  tfjs: { factories: ['timeDistributed'], keys: { layer: 'layer' }, check: ndim(3, true), train: {} },
};

/** SpectralNormalization's wrapped layer and the weight it normalizes (`kernel`, else `embeddings`). */
function spectralNormalization(inputs: readonly Shape[], cfg: LayerConfig) {
  const v = arg(cfg, 'layer');
  if (v.kind !== 'layer') {
    throw new ShapeError(`Layer ${describe(v)} supplied to Wrapper isn't a supported layer type. Please ensure wrapped layer is a valid Keras layer.`);
  }
  const powerIterations = cfg.int('power_iterations');
  if (powerIterations <= 0) {
    throw new ShapeError(`\`power_iterations\` should be greater than zero. Received: \`power_iterations=${powerIterations}\``);
  }
  const inner = innerLayer(cfg, 'layer', 'SpectralNormalization');
  const output = inner.spec.outputShape(inputs, inner.layer.config);
  const weights = inner.spec.weights?.(inputs, inner.layer.config) ?? [];
  const kernel = weights.find((w) => w.name === 'kernel') ?? weights.find((w) => w.name === 'embeddings');
  if (!kernel) throw new ShapeError(`${inner.spec.className} object has no attribute 'kernel' nor 'embeddings'`);
  return { inner, output, kernel };
}

export const SpectralNormalization: LayerSpec = {
  className: 'SpectralNormalization',
  args: [{ name: 'layer' }, { name: 'power_iterations', default: 1 }],
  outputShape(inputs, cfg) {
    return spectralNormalization(inputs, cfg).output;
  },
  weights(inputs, cfg) {
    const { inner, kernel } = spectralNormalization(inputs, cfg);
    // Keras keeps a running estimate of the kernel's largest singular vector, one value per output column.
    const vectorU: Weight = { name: 'vector_u', shape: [1, kernel.shape[kernel.shape.length - 1]], trainable: false };
    return [...innerWeights(inner, inputs, inner.layer.name), vectorU];
  },
  doc: "Wraps a layer that has a kernel (Dense, Conv2D, Embedding, ...) and divides that kernel by its largest singular value while training, which steadies GAN discriminators; the output is the wrapped layer's.",
  docsPath: 'normalization_layers/spectral_normalization',
};

/** This family, in the order the catalogue lists it. */
export const WRAPPER_LAYERS: readonly LayerSpec[] = [Bidirectional, TimeDistributed, SpectralNormalization];
