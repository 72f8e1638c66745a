/**
 * Keras trains a softmax (or sigmoid) output layer with cross-entropy on the layer's logits, not on its
 * probabilities: the activation keeps its input (`_keras_logits`) and the loss uses the fused, numerically
 * stable softmax cross-entropy. TF.js's named losses take probabilities, and computing through the softmax,
 * its clipping and its gradient cost a tenth of a training step. So, as Keras does, the output layer's
 * activation is set aside while the model trains and is tested (the loss is taken from logits, predictions go
 * through the activation), then put back, so the saved model outputs probabilities as the Keras model does.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { LossSpec } from '../host/compile-fit';

/** Which activation each loss fuses with, as Keras's backend does. */
const FUSED: Partial<Record<LossSpec['name'], string>> = {
  sparse_categorical_crossentropy: 'softmax',
  categorical_crossentropy: 'softmax',
  binary_crossentropy: 'sigmoid',
};

interface ActivationHolder {
  activation: { getClassName(): string };
}

export interface LogitsTraining {
  /** The loss as training takes it: the same loss, from logits. */
  readonly loss: LossSpec;
  /** Puts the output activation back. */
  restore(): void;
}

/**
 * When the model's single output comes from a Dense or Activation layer with the activation `loss` fuses with,
 * switches that layer to a linear output and says how to undo it; otherwise undefined (train as declared).
 */
export function trainOnLogits(tf: { layers: typeof tfl.layers }, model: tfl.LayersModel, loss: LossSpec): LogitsTraining | undefined {
  const fused = FUSED[loss.name];
  if (loss.fromLogits || !fused || model.outputs.length !== 1) return undefined;
  const layer = model.outputs[0].sourceLayer as unknown as tfl.layers.Layer & Partial<ActivationHolder>;
  const className = layer.getClassName();
  if ((className !== 'Dense' && className !== 'Activation') || layer.activation?.getClassName() !== fused) return undefined;
  const original = layer.activation;
  // TF.js has no public way to name an activation object; a linear layer's own is one.
  layer.activation = (tf.layers.activation({ activation: 'linear' }) as unknown as ActivationHolder).activation;
  return {
    loss: { name: loss.name, fromLogits: true },
    restore: () => {
      layer.activation = original;
    },
  };
}
