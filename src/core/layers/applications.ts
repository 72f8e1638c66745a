/**
 * Layers that `keras.applications` models define for themselves (not in `keras.layers`): met only in configs
 * (an application's, or a saved model built on one), so they are indexed apart from the Keras layers Python
 * code names.
 */
import { ShapeError, Unresolved } from '../model/errors';
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

/** keras/src/applications/inception_resnet_v2.py: `inputs[0] + inputs[1] * scale`, no weights. */
export const CustomScaleLayer: LayerSpec = {
  className: 'CustomScaleLayer',
  args: [{ name: 'scale' }],
  call: 'list',
  outputShape(inputs) {
    const [a, b] = inputs;
    if (inputs.length !== 2 || !a || !b) throw new ShapeError(`CustomScaleLayer takes two inputs, got ${inputs.length}`);
    if (a.length !== b.length || a.some((d, i) => d !== null && b[i] !== null && d !== b[i])) throw new ShapeError(`CustomScaleLayer: ${formatShape(a)} and ${formatShape(b)} differ`);
    if (a.some((d, i) => d === null && b[i] !== null)) throw new Unresolved('the shapes CustomScaleLayer adds are not all known');
    return a;
  },
  doc: "Inception-ResNet-V2's residual scaling (keras.applications.inception_resnet_v2): the shortcut plus the scaled residual.",
  macs: perOutputElement,
};

export const APPLICATION_LAYERS: readonly LayerSpec[] = [LayerScale, CustomScaleLayer];
