/**
 * What an unbuilt Sequential will weigh once `fit` builds it, when that does not depend on the data's shape:
 * Keras 3 shows such a model as "0 (unbuilt)" until it sees data, yet Embedding → LSTM → Dense has the same
 * weights for sequences of any length. Shown beside Keras's view, labelled, never instead of it.
 */
import type { SequentialModel } from './graph';
import { runSequential } from './infer';
import type { Shape } from './shape';
import type { Weight } from '../layers/spec';

export interface OnceBuilt {
  /** The input the claim assumes, batch first (`(None, None)`: batches of token sequences of any length). */
  readonly input: Shape;
  /** Each layer's weights once built, in the model's order. */
  readonly weights: readonly (readonly Weight[])[];
}

/**
 * Only a model that starts with an Embedding: its input is a batch of token-index sequences (rank 2), whatever
 * their length, so the rest is built from known feature sizes. Undefined when any weight would still depend on
 * the length (a Flatten before a Dense, say) or the model is not known in full.
 */
export function weightsOnceBuilt(model: SequentialModel): OnceBuilt | undefined {
  if (model.incomplete || model.layers[0]?.layer.className !== 'Embedding') return undefined;
  // A nested model records the shape it is first called on: probing must not touch it.
  if (model.layers.some((e) => e.layer.model || !e.layer.spec)) return undefined;
  const input: Shape = [null, null];
  const run = runSequential({ ...model, buildShape: input }, input);
  if (run.steps.some((s) => s.app.weights === null || s.app.weights.some((w) => w.shape.includes(null)))) return undefined;
  return { input, weights: run.steps.map((s) => s.app.weights!) };
}
