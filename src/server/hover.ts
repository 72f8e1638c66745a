/**
 * Hover: on a layer, its input → output shapes, how its params are made and what it (and its activation)
 * does; on Keras names (Sequential, Adam, relu, loss and metric strings), what they mean. In a TF.js source the
 * layer is told with TF.js's names (`tf.layers.dense`, its camelCase config keys), and activations, optimizers,
 * losses and metrics by TF.js's identifiers with TF.js's defaults.
 */
import type { DocumentKind } from '../core/documents';
import { activationDoc, lossDoc, metricDoc, modelApiDoc, optimizerDoc, type SymbolDoc } from '../core/python/docs';
import { layerHoverMarkdown, modelHoverMarkdown, symbolHoverMarkdown } from '../core/report/explain';
import { activationInYourModel, lossInYourModel } from '../core/report/in-your-model';
import type { LayerReport, ModelReport, Report } from '../core/report/report';
import { symbolAt, type SymbolAt } from '../core/python/symbol-at';
import { tfjsLossDoc, tfjsMetricDoc, tfjsOptimizerDoc } from '../core/tfjs/compile-docs';
import { tfjsActivationDoc, tfjsActivationName, tfjsLayerText } from '../core/tfjs/docs';
import { tfjsSymbolAt, type JsSymbolAt } from '../core/tfjs/symbol-at';

/** The words for each kind of name the cursor can be on, in Keras (Python) and in TF.js sources. */
const KERAS_DOCS: Readonly<Record<SymbolAt['kind'], (name: string) => SymbolDoc | undefined>> = {
  activation: activationDoc,
  optimizer: optimizerDoc,
  loss: lossDoc,
  metric: metricDoc,
  modelApi: modelApiDoc,
};
const TFJS_DOCS: Readonly<Record<JsSymbolAt['kind'], (name: string) => SymbolDoc | undefined>> = {
  activation: tfjsActivationDoc,
  optimizer: tfjsOptimizerDoc,
  loss: tfjsLossDoc,
  metric: tfjsMetricDoc,
  // A layer has the layer hover.
  layer: () => undefined,
};

/** A hover's Markdown and the span of source it is about (offsets into the text). */
export interface HoverContent {
  readonly markdown: string;
  readonly span?: { readonly startIndex: number; readonly endIndex: number };
}

function contains(r: { startIndex: number; endIndex: number }, offset: number): boolean {
  return r.startIndex <= offset && offset <= r.endIndex;
}

function smallest<T extends { range: { startIndex: number; endIndex: number } }>(items: readonly T[], offset: number): T | undefined {
  let best: T | undefined;
  for (const item of items) {
    if (!contains(item.range, offset)) continue;
    if (!best || item.range.endIndex - item.range.startIndex < best.range.endIndex - best.range.startIndex) best = item;
  }
  return best;
}

function activationOf(layer: LayerReport, tfjs: boolean): { name: string; doc?: SymbolDoc } | undefined {
  const cfg = layer.layer.config;
  if (!layer.layer.spec?.args.some((a) => a.name === 'activation')) return undefined;
  try {
    const name = cfg.activation();
    if (!tfjs) return { name, doc: activationDoc(name) };
    const tfjsName = tfjsActivationName(name);
    return { name: `'${tfjsName}'`, doc: tfjsActivationDoc(tfjsName) };
  } catch {
    return undefined;
  }
}

/** What the name under the cursor does in this model: an activation on its layer, a loss on the model's last layer. */
function inYourModel(report: Report, sym: SymbolAt, layer: LayerReport | undefined, offset: number): string | undefined {
  if (sym.kind === 'activation' && layer) return activationInYourModel(report, layer, activationOf(layer, false)?.name ?? sym.name);
  const compile = sym.kind === 'loss' ? report.compiles.find((c) => contains(c.range, offset)) : undefined;
  return compile && lossInYourModel(report, compile);
}

/** The hover at `offset` of `text` (the document's text the report's positions refer to), or undefined. */
export function hoverAt(report: Report, text: string, offset: number, kind: DocumentKind): HoverContent | undefined {
  // Names (relu, Adam, Sequential) are found in Python syntax; in TF.js syntax, activations and tf.layers calls.
  const sym = kind.kind === 'python' || kind.kind === 'notebook' ? symbolAt(text, offset, report.imports) : undefined;
  const jsSym = kind.kind === 'tfjs' ? tfjsSymbolAt(text, offset, kind.dialect) : undefined;
  const layer = smallest(report.layers, offset);
  const model = smallest<ModelReport>(report.models, offset);
  const parts: string[] = [];
  let span: { startIndex: number; endIndex: number } | undefined;
  const doc = sym && KERAS_DOCS[sym.kind](sym.name);
  const jsDoc = jsSym && TFJS_DOCS[jsSym.kind](jsSym.name);
  if (sym && doc && sym.kind !== 'modelApi') {
    parts.push(symbolHoverMarkdown(doc));
    const own = inYourModel(report, sym, layer, offset);
    if (own) parts.push(own);
    span = sym;
  } else if (jsSym && jsDoc) {
    parts.push(symbolHoverMarkdown(jsDoc));
    span = jsSym;
  } else if (layer) {
    const tfjsText = jsSym?.kind === 'layer' ? tfjsLayerText(jsSym.name) : undefined;
    parts.push(layerHoverMarkdown(layer, activationOf(layer, kind.kind === 'tfjs'), tfjsText));
    span = layer.range;
  } else {
    if (doc && sym) {
      parts.push(symbolHoverMarkdown(doc));
      span = sym;
    }
    if (model && (!sym || sym.kind === 'modelApi')) parts.push(modelHoverMarkdown(model));
  }
  if (parts.length === 0) return undefined;
  return { markdown: parts.join('\n\n---\n\n'), span: span && { startIndex: span.startIndex, endIndex: span.endIndex } };
}
