/**
 * The summary people see for a model: in the layout of the Keras the file follows (Keras 3's boxes, tf.keras 2's
 * ruled table), ending with the line that says which Keras that is and why.
 */
import { kerasLabel, type KerasChoice } from '../keras-version/detect';
import type { ModelReport } from './report';
import { formatSummary } from './summary';
import { formatSummaryTfKeras2 } from './summary-tfkeras2';

/** The footer naming the Keras a summary follows: ` Follows tf.keras 2 (tensorflow==2.12.0 in requirements.txt).` */
export function kerasFooter(keras: KerasChoice): string {
  return ` Follows ${kerasLabel(keras.version)} (${keras.reason}).`;
}

/** A model's summary as the file's Keras prints it, with the footer; without a choice (TF.js), Keras 3's layout alone. */
export function formatSummaryFor(model: ModelReport, keras: KerasChoice | undefined): string {
  if (!keras) return formatSummary(model);
  return `${keras.version === 2 ? formatSummaryTfKeras2(model) : formatSummary(model)}\n${kerasFooter(keras)}`;
}
