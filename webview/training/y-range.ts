/**
 * The loss axis follows the data, not the first batches: the loss starts high (2.3 for ten classes) and falls
 * fast, so an axis fixed by the start leaves the useful part in its bottom fifth. The top is set from the values
 * after the first tenth of the per-batch points (at least 3 left out), with 10% headroom; the per-epoch values
 * always fit. Too few points to tell: undefined, Chart.js's own range.
 */
export function followingMax(batch: readonly number[], epochs: readonly number[]): number | undefined {
  if (batch.length < 10) return undefined;
  const skip = Math.max(3, Math.floor(batch.length / 10));
  let top = -Infinity;
  for (let i = skip; i < batch.length; i++) if (batch[i] > top) top = batch[i];
  for (const v of epochs) if (v > top) top = v;
  if (!Number.isFinite(top) || top <= 0) return undefined;
  return top * 1.1;
}
