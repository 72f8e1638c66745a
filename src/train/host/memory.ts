/**
 * A rough upper estimate of the memory a run needs, before it starts: weights, their gradients and the
 * optimizer's slots, the activations of one batch kept for the backward pass, and the data as float32.
 */
import type { OptimizerSpec } from './compile-fit';
import type { RebuiltModel } from './keras-json';

export interface MemoryEstimate {
  readonly bytes: number;
  readonly parts: { readonly weights: number; readonly optimizer: number; readonly activations: number; readonly data: number };
}

function slots(o: OptimizerSpec): number {
  switch (o.name) {
    case 'adam':
    case 'adamax':
    case 'adadelta':
      return 2;
    case 'rmsprop':
      return 1 + (o.options.momentum ? 1 : 0) + (o.options.centered ? 1 : 0);
    case 'sgd':
      return o.options.momentum ? 1 : 0;
    case 'adagrad':
      return 1;
  }
}

export function estimateMemory(model: RebuiltModel, optimizer: OptimizerSpec, batchSize: number, samples: number): MemoryEstimate {
  const F = 4;
  const params = Number(model.params);
  const weights = params * F * 2; // values + gradients
  const opt = params * F * slots(optimizer);
  let perSample = 0;
  for (const l of model.layers) if (l.outputShape) perSample += l.outputShape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  const activations = perSample * batchSize * F * 2; // forward values + their gradients
  const inputSize = model.inputShape.slice(1).reduce<number>((a, d) => a * (d ?? 1), 1);
  const data = samples * inputSize * F;
  return { bytes: weights + opt + activations + data, parts: { weights, optimizer: opt, activations, data } };
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(0)} MB`;
  return `${Math.ceil(n / 1024)} KB`;
}
