/**
 * Multiply-accumulates per sample (MACs): how much arithmetic one forward pass of one example costs. Keras's
 * summary does not show it; torchinfo's "Mult-Adds" does, and people moving between the two ask for it.
 *
 * Counted from the weights the spec builds and the layer's input/output shapes, by the rule each layer spec
 * names (`macs`, from layers/macs-rules.ts):
 * - a layer that multiplies its input by a kernel costs one MAC per kernel entry per position the kernel is
 *   applied at (Dense: per leading position; Conv: per output pixel; Conv transposed: per input pixel; RNN: per
 *   timestep, for the input and the recurrent kernel);
 * - an element-wise affine layer (BatchNormalization, LayerNormalization, Rescaling) costs one per output
 *   element;
 * - layers that only move, compare, add or drop values (pooling, reshaping, dropout, activations, merges,
 *   inputs, lookups) cost 0.
 * Anything else, or an unknown dimension, is `null` (shown as `?`): never a guess. Biases are additions, not
 * multiply-accumulates, and are not counted (torchinfo and the MAC literature count the same way).
 */
import { findLayerSpec } from '../layers/catalogue';
import type { Weight } from '../layers/spec';
import type { Shape } from '../model/shape';

/** What the count needs to know about one layer; a LayerReport has all of it. */
export interface MacsInput {
  readonly className: string;
  readonly weights: readonly Weight[] | null;
  readonly inputShapes: readonly (Shape | null)[] | null;
  readonly outputShapes: readonly Shape[] | null;
  /** `channels_first` puts channels right after the batch; anything else is channels-last. */
  readonly dataFormat?: string | null;
}

/** MACs for one sample through one layer, or null when it cannot be known. Each spec says its own rule. */
export function layerMacs(layer: MacsInput): bigint | null {
  if (layer.className === 'InputLayer') return 0n;
  const rule = findLayerSpec(layer.className)?.macs;
  if (!rule) return null;
  return rule({
    weights: layer.weights,
    input: layer.inputShapes?.length === 1 ? layer.inputShapes[0] : null,
    output: layer.outputShapes?.length === 1 ? layer.outputShapes[0] : null,
    dataFormat: layer.dataFormat,
  });
}

export interface ModelMacs {
  /** The sum over all layers, or null if any layer's count is unknown. */
  readonly total: bigint | null;
  /** Layers whose count is unknown (by name), so the `?` can say why. */
  readonly unknown: readonly string[];
}

export function modelMacs(layers: readonly (MacsInput & { readonly name: string })[]): ModelMacs {
  let total = 0n;
  const unknown: string[] = [];
  for (const l of layers) {
    const n = layerMacs(l);
    if (n === null) unknown.push(l.name);
    else total += n;
  }
  return { total: unknown.length ? null : total, unknown };
}
