/**
 * What an activation or a loss does in the person's own model, for the hover under the general text: the layer
 * it is on, its line and its numbers (never a tutorial's). Undefined when the model says nothing certain.
 */
import type { CompileCall } from '../model/result';
import type { PyValue } from '../model/values';
import type { LayerReport, ModelReport, Report } from './report';

function numbersPerSample(layer: LayerReport): number | undefined {
  const out = layer.outputShapes?.length === 1 ? layer.outputShapes[0] : undefined;
  if (!out || out.length !== 2 || out[1] === null) return undefined;
  return out[1];
}

function modelOf(report: Report, layer: LayerReport): ModelReport | undefined {
  return report.models.find((m) => m.layers.includes(layer));
}

function fromLogits(loss: PyValue | undefined): boolean | undefined {
  if (loss?.kind !== 'call') return loss ? false : undefined;
  const fl = loss.keywords.get('from_logits');
  return fl === undefined ? false : fl.kind === 'bool' ? fl.value : undefined;
}

const where = (layer: LayerReport): string => `${layer.className} on line ${layer.range.startLine + 1}`;

/** The activation `name` as the hovered `layer` uses it. */
export function activationInYourModel(report: Report, layer: LayerReport, name: string): string | undefined {
  const n = numbersPerSample(layer);
  const model = modelOf(report, layer);
  const last = model && model.layers[model.layers.length - 1] === layer;
  const count = n === undefined ? 'its outputs' : `its ${n} numbers per sample`;
  if (name === 'softmax') {
    if (!last) return `**In your model:** ${where(layer)} turns ${count} into probabilities that sum to 1.`;
    const compile = report.compiles.find((c) => c.model === model.model);
    const twice = compile && fromLogits(compile.keywords.get('loss')) === true;
    return (
      `**In your model:** the last layer, ${where(layer)}, turns ${count} into probabilities that sum to 1${n === undefined ? '' : `, one per class (${n} classes)`}.` +
      (twice ? ` Its loss is given \`from_logits=True\` on line ${compile.range.startLine + 1}, which applies softmax a second time: keep only one of the two.` : '')
    );
  }
  if (name === 'relu') return `**In your model:** ${where(layer)} sets the negative ones of ${count} to 0 and keeps the rest.`;
  if (name === 'linear' && last) return `**In your model:** the last layer, ${where(layer)}, outputs ${n === undefined ? 'raw scores' : `${n} raw scores`} (logits) per sample.`;
  return `**In your model:** ${name} is applied to ${count} from ${where(layer)}.`;
}

/** The loss of `compile` as the model's last layer meets it. */
export function lossInYourModel(report: Report, compile: CompileCall): string | undefined {
  const model = report.models.find((m) => m.model === compile.model);
  const last = model?.layers[model.layers.length - 1];
  if (!model || !last) return undefined;
  const n = numbersPerSample(last);
  let activation: string | undefined;
  try {
    activation = last.className === 'Softmax' ? 'softmax' : last.layer.spec?.args.some((a) => a.name === 'activation') ? last.layer.config.activation() : undefined;
  } catch {
    activation = undefined;
  }
  const logits = fromLogits(compile.keywords.get('loss'));
  const outputs = `${where(last)} outputs ${n === undefined ? 'its scores' : `${n} number${n === 1 ? '' : 's'} per sample`}`;
  if (activation === 'softmax') return `**In your model:** ${outputs} as probabilities (softmax)${logits ? ', so `from_logits=True` is wrong here: it applies softmax again' : ''}.`;
  if (activation === 'linear') return `**In your model:** ${outputs} as logits (no activation)${logits === false ? ', so the loss needs `from_logits=True`' : ''}.`;
  return `**In your model:** ${outputs}.`;
}
