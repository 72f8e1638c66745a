/**
 * Inputs that look like raw pixels: whole numbers from 0 to 255 (some above 15), as IDX files and Keras's
 * `load_data()` give them. Fed to a model without a Rescaling layer they train poorly (a loss in the tens),
 * so the run says so and how to divide them by 255.
 */
import type { NdArray } from './array';

/** Values looked at: enough to tell pixels from features, bounded so a large file costs milliseconds. */
const SAMPLE = 1_000_000;

export function looksUnscaled(x: NdArray): boolean {
  const d = x.data;
  const n = Math.min(d.length, SAMPLE);
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = d[i];
    if (!(v >= 0 && v <= 255) || !Number.isInteger(v)) return false;
    if (v > max) max = v;
  }
  // 0/1 masks and small counts or class ids are not pixels.
  return max > 15;
}

export const UNSCALED_WARNING =
  'The inputs are whole numbers from 0 to 255 and the model has no Rescaling layer, so they go in unscaled, which trains poorly. Divide them by 255 (modelLens.train.inputScaling: divideBy255; --input-scaling divideBy255 on the command line), or add layers.Rescaling(1/255) as the first layer.';
