/**
 * Beginner mistakes Keras does not report while building, told before training: softmax followed by a loss given
 * `from_logits=True`, a last layer whose units are not the number of classes of the Keras dataset the file loads,
 * labels that do not fit the loss (class ids vs one-hot, when the data's shape is known), and Dense applied to
 * images without a Flatten. Each is a warning with the real layers, lines and numbers, and a fix when one is safe.
 */
import { insertLayerFix, tupleText, type InsertFix } from '../designer/quick-fixes';
import type { CompileCall, FitCall } from '../model/result';
import type { PyValue } from '../model/values';
import type { Diagnostic, LayerReport, ModelReport, Report } from './report';

/** The classes of each Keras classification dataset (keras.datasets.*.load_data()). */
const DATASET_CLASSES: Readonly<Record<string, number>> = { mnist: 10, fashion_mnist: 10, cifar10: 10, cifar100: 100, reuters: 46 };

export interface Advice extends Diagnostic {
  readonly fix?: InsertFix;
}

/** `'sparse_categorical_crossentropy'`, `keras.losses.SparseCategoricalCrossentropy(...)` → sparse / categorical. */
function crossentropyOf(loss: PyValue | undefined): { kind: 'sparse' | 'categorical'; fromLogits: boolean } | undefined {
  if (!loss) return undefined;
  const name = loss.kind === 'str' ? loss.value : loss.kind === 'call' || loss.kind === 'ref' ? loss.path.split('.').pop() ?? '' : '';
  const flat = name.replace(/_/g, '').toLowerCase();
  const kind = flat === 'sparsecategoricalcrossentropy' ? 'sparse' : flat === 'categoricalcrossentropy' ? 'categorical' : undefined;
  if (!kind) return undefined;
  const fl = loss.kind === 'call' ? loss.keywords.get('from_logits') : undefined;
  return { kind, fromLogits: fl?.kind === 'bool' && fl.value };
}

function activationOf(layer: LayerReport): string | undefined {
  if (layer.className === 'Softmax') return 'softmax';
  if (!layer.layer.spec?.args.some((a) => a.name === 'activation')) return undefined;
  try {
    return layer.layer.config.activation();
  } catch {
    return undefined;
  }
}

const line = (l: LayerReport | { range: { startLine: number } }): number => l.range.startLine + 1;

function softmaxThenLogits(model: ModelReport, last: LayerReport, compile: CompileCall): Advice | undefined {
  const loss = crossentropyOf(compile.keywords.get('loss'));
  if (!loss?.fromLogits || activationOf(last) !== 'softmax') return undefined;
  return {
    range: compile.range,
    severity: 'warning',
    code: 'softmax-from-logits',
    message:
      `The last layer, ${last.className} on line ${line(last)}, already applies softmax, so "${model.variable ?? model.name}" outputs probabilities; ` +
      'from_logits=True makes the loss apply softmax again, and training learns slowly. Remove from_logits=True, or drop the softmax from the last layer.',
  };
}

function unitsVsClasses(report: Report, model: ModelReport, last: LayerReport): Advice | undefined {
  const datasets = [...new Set(report.facts.datasetLoads.map((d) => d.dataset))].filter((d) => DATASET_CLASSES[d] !== undefined);
  if (datasets.length !== 1) return undefined;
  const classes = DATASET_CLASSES[datasets[0]];
  const out = last.outputShapes?.length === 1 ? last.outputShapes[0] : undefined;
  const units = out?.[out.length - 1];
  if (!out || out.length !== 2 || typeof units !== 'number' || units === classes) return undefined;
  return {
    range: last.anchor,
    severity: 'warning',
    code: 'units-vs-classes',
    message: `${datasets[0]} has ${classes} classes, but the last layer, ${last.className} on line ${line(last)}, outputs ${units} number${units === 1 ? '' : 's'} per sample: give it ${classes} units, one score per class.`,
  };
}

function labelsVsLoss(model: ModelReport, compile: CompileCall, fit: FitCall): Advice | undefined {
  const loss = crossentropyOf(compile.keywords.get('loss'));
  const y = fit.keywords.get('y');
  if (!loss || y?.kind !== 'array') return undefined;
  const labels = tupleText(y.shape.slice(1));
  const ids = y.shape.length === 1 || (y.shape.length === 2 && y.shape[1] === 1);
  const oneHot = y.shape.length === 2 && y.shape[1] > 1;
  if (loss.kind === 'categorical' && ids) {
    return {
      range: fit.range,
      severity: 'warning',
      code: 'labels-vs-loss',
      message: `The labels given to fit are class ids (each sample's label has shape ${labels}), but categorical_crossentropy expects one-hot labels: use sparse_categorical_crossentropy, or turn the labels into one-hot vectors with keras.utils.to_categorical.`,
    };
  }
  if (loss.kind === 'sparse' && oneHot) {
    return {
      range: fit.range,
      severity: 'warning',
      code: 'labels-vs-loss',
      message: `The labels given to fit are one-hot vectors of ${y.shape[1]} numbers, but sparse_categorical_crossentropy expects one class id per sample: use categorical_crossentropy, or give the class ids.`,
    };
  }
  return undefined;
}

/** Dense on images: Keras applies it to the last axis only, so the model outputs a grid of scores, not one per class. */
function denseOnImages(model: ModelReport, text: string, imports: ReadonlyMap<string, string>): Advice | undefined {
  const last = model.layers[model.layers.length - 1];
  const out = last?.outputShapes?.length === 1 ? last.outputShapes[0] : undefined;
  if (!out || out.length < 3 || model.layers.some((l) => l.className === 'Flatten' || l.className.startsWith('Global'))) return undefined;
  const dense = model.layers.find((l) => l.className === 'Dense' && (l.inputShapes?.[0]?.length ?? 0) >= 3);
  const input = dense?.inputShapes?.[0];
  if (!dense || !input) return undefined;
  return {
    range: dense.anchor,
    severity: 'warning',
    code: 'dense-on-images',
    message:
      `Dense on line ${line(dense)} gets each sample as ${tupleText(input.slice(1))} and works on its last axis only, so the model outputs ${tupleText(out.slice(1))} per sample ` +
      `instead of ${out[out.length - 1]} numbers: put a Flatten() before the first Dense.`,
    fix: insertLayerFix(model, dense, text, imports, 'Flatten', '', 'Insert Flatten() before Dense'),
  };
}

/** The advice for every model of `report` (made from `text`). */
export function beginnerAdvice(report: Report, text: string): Advice[] {
  const out: Advice[] = [];
  for (const model of report.models) {
    const last = model.layers[model.layers.length - 1];
    if (!last) continue;
    const compile = report.compiles.find((c) => c.model === model.model);
    const fit = report.fits.find((f) => f.model === model.model);
    const images = denseOnImages(model, text, report.imports);
    if (images) out.push(images);
    if (!compile || !crossentropyOf(compile.keywords.get('loss'))) continue;
    for (const advice of [softmaxThenLogits(model, last, compile), images ? undefined : unitsVsClasses(report, model, last), fit && labelsVsLoss(model, compile, fit)]) {
      if (advice) out.push(advice);
    }
  }
  return out;
}
