/**
 * Layers that `keras.applications` models define for themselves (not in `keras.layers`): met only in configs
 * (an application's, or a saved model built on one), so they are indexed apart from the Keras layers Python
 * code names.
 */
import { ShapeError } from '../model/errors';
import { formatShape } from '../model/shape';
import { perOutputElement } from './macs-rules';
import type { LayerSpec } from './spec';

/** keras/src/applications/convnext.py: `x * gamma`, gamma of shape (projection_dim,), trainable. */
export const LayerScale: LayerSpec = {
  className: 'LayerScale',
  args: [{ name: 'init_values' }, { name: 'projection_dim' }],
  outputShape([input], cfg) {
    const dim = cfg.positiveInt('projection_dim');
    const last = input[input.length - 1];
    if (last === 1) return [...input.slice(0, -1), dim];
    if (last !== null && last !== dim) throw new ShapeError(`Cannot broadcast ${formatShape(input)} with (${dim},) in LayerScale`);
    return input;
  },
  weights(_inputs, cfg) {
    return [{ name: 'gamma', shape: [cfg.positiveInt('projection_dim')], trainable: true }];
  },
  doc: "ConvNeXt's layer scale (keras.applications.convnext): multiplies each channel by a learned factor.",
  macs: perOutputElement,
};

export const APPLICATION_LAYERS: readonly LayerSpec[] = [LayerScale];
