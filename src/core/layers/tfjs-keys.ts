/**
 * The building blocks of the layer specs' `tfjs` parts: how TF.js's camelCase config keys reach Keras
 * arguments where several layers read them alike (`dataFormat`, convolution `padding`, a dropout `rate`),
 * and TF.js's input-rank check. Pure data and functions; the TF.js analysis and training read the specs.
 */
import { ShapeError } from '../model/errors';
import type { Shape } from '../model/shape';
import type { PyValue } from '../model/values';
import type { LayerConfig, TfjsKey } from './spec';

export const int = (value: number): PyValue => ({ kind: 'int', value });

/** A key the evaluator reads itself (Dense's inputDim declares the input shape), or one with no effect on shapes. */
export const HANDLED = (): { ignored: string } => ({ ignored: '' });

/** A Keras argument name for a TF.js key: `dilationRate` → `dilation_rate`. */
export function snakeKey(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** TF.js spells Keras's enum strings in camelCase: `channelsLast` → `channels_last`, `hardSigmoid` → `hard_sigmoid`. */
export function snakeValue(v: PyValue): PyValue {
  if (v.kind !== 'str') return v;
  return { kind: 'str', value: v.value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() };
}

/** A readable shape for messages, as TF.js prints arrays: `[null,28,28]`. */
export function tfjsShape(shape: readonly (number | null)[]): string {
  return JSON.stringify(shape);
}

const DATA_FORMATS = new Set(['channelsFirst', 'channelsLast']);

/** `dataFormat`: TF.js accepts only its two camelCase spellings. */
export function dataFormatKey(v: PyValue): [string, PyValue] | { error: string } {
  if (v.kind === 'str' && !DATA_FORMATS.has(v.value)) return { error: `Invalid DataFormat: ${JSON.stringify(v.value)}. Valid values are ["channelsFirst","channelsLast"]` };
  return ['data_format', snakeValue(v)];
}

/** `padding` for convolutions: TF.js computes 'causal' like 'valid' and then fails when run. */
function convPadding(v: PyValue): [string, PyValue] | { unresolved: string } {
  if (v.kind === 'str' && v.value === 'causal') return { unresolved: "TF.js does not implement padding 'causal' for convolutions (the layer fails when it runs)" };
  return ['padding', v];
}

/** `padding` where TF.js allows only 'same' and 'valid'. */
export function sameOrValid(layer: string): TfjsKey {
  return (v: PyValue): [string, PyValue] | { error: string } => {
    if (v.kind === 'str' && v.value !== 'same' && v.value !== 'valid') {
      return { error: `${layer} currently supports only padding modes 'same' and 'valid', but received padding mode ${v.value}` };
    }
    return ['padding', v];
  };
}

/** An argument TF.js accepts but does not use for shapes: dilation of transposed and depthwise convolutions. */
export function ignoredUnlessOne(factory: string, key: string): TfjsKey {
  return (v: PyValue): [string, PyValue] | { ignored: string } => {
    const ones = (x: PyValue): boolean => (x.kind === 'int' && x.value === 1) || ((x.kind === 'list' || x.kind === 'tuple') && x.items.every(ones));
    if (ones(v)) return [snakeKey(key), v];
    return { ignored: `TF.js's ${factory} ignores \`${key}\` when it computes shapes and runs, so it has no effect here` };
  };
}

/** `rate` is clamped to [0, 1] by TF.js's Dropout instead of rejected. */
export function clampedRate(v: PyValue): [string, PyValue] {
  if (v.kind === 'int' || v.kind === 'float') {
    const r = Math.max(Math.min(v.value, 1), 0);
    return ['rate', Number.isInteger(r) ? int(r) : { kind: 'float', value: r }];
  }
  return ['rate', v];
}

export const ACTIVATION_KEY = { activation: 'activation' } as const;

/** The keys every TF.js convolution reads (tfjs-layers BaseConvLayerArgs). */
export const CONV_KEYS = {
  kernelSize: 'kernel_size', strides: 'strides', padding: convPadding, dataFormat: dataFormatKey, dilationRate: 'dilation_rate', useBias: 'use_bias', ...ACTIVATION_KEY,
} as const;

/** The keys every TF.js recurrent layer reads (tfjs-layers SimpleRNNLayerArgs). */
export const RNN_KEYS = {
  units: 'units', ...ACTIVATION_KEY, useBias: 'use_bias', dropout: 'dropout', recurrentDropout: 'recurrent_dropout', returnSequences: 'return_sequences',
  returnState: 'return_state', goBackwards: 'go_backwards', stateful: 'stateful', unroll: 'unroll',
} as const;

export const POOL1D_KEYS = { poolSize: 'pool_size', strides: 'strides', padding: 'padding' } as const;
export const POOL_KEYS = { ...POOL1D_KEYS, dataFormat: dataFormatKey } as const;

/**
 * TF.js's InputSpec rank check (tfjs-layers/src/engine/topology.ts assertInputCompatibility), worded like the
 * Keras specs' so that the layer's own name replaces `name` (see infer.ts).
 */
export function ndim(n: number, min = false) {
  return (inputs: readonly Shape[], _cfg: LayerConfig, name: string): void => {
    const rank = inputs[0].length;
    if (min ? rank < n : rank !== n) {
      throw new ShapeError(`Input 0 of layer '${name}' is incompatible with the layer: expected ${min ? 'min_ndim' : 'ndim'}=${n}, found ndim=${rank}. Full shape received: ${tfjsShape(inputs[0])}`);
    }
  };
}

/** Training: Keras 3's LoRA and quantization arguments, which TF.js lacks, at their no-op values. */
export const WITHOUT_LORA = { lora_rank: null, lora_alpha: null, quantization_config: null } as const;
