/**
 * TensorBoard's smoothing of a noisy per-batch curve (its scalar dashboard's smoothing slider): an exponential
 * moving average, debiased so the first points are not pulled towards zero. Weight 0 is the raw curve; a
 * constant curve and non-finite values are left as they are.
 */
export function smoothed(values: readonly number[], weight: number): number[] {
  if (weight <= 0 || values.length === 0) return [...values];
  const constant = values.every((v) => v === values[0]);
  let last = 0;
  let count = 0;
  return values.map((v) => {
    if (constant || !Number.isFinite(v)) return v;
    last = last * weight + (1 - weight) * v;
    count++;
    return weight === 1 ? last : last / (1 - weight ** count);
  });
}

/** TensorBoard's default smoothing weight. */
export const DEFAULT_SMOOTHING = 0.6;
