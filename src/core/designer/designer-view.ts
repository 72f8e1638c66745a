/**
 * What the Model designer panel shows, built from a report: layer cards with their numbers and forms, the
 * model's totals, the palette and the starters. Pure (the panel's host only sends it), so it is tested
 * without VS Code.
 */
import type { ArgValue } from '../../shared/arg-values';
import type { DesignerState, FieldView, LayerCard, LayerDiagnostic, ModelView, PaletteEntry } from '../../shared/designer-protocol';
import { argRule, argStates, defaultText, layerReadOnlyReason } from './edits/arg-fields';
import { modelFingerprint, paletteSpecs, structureCheck } from './edits/designer-edits';
import { STARTERS } from './edits/starters';
import { tfjsLayerForm, tfjsStructureCheck, withJsTree } from './edits/tfjs-edits';
import { tfjsPaletteEntry } from './edits/tfjs-args';
import type { LayerInstance } from '../model/graph';
import type { SyntaxNode } from '../interp/syntax';
import { dialectOf, type JsDialect } from '../tfjs/parser';
import { formatBytes, formatCount, paramBytes } from '../report/format';
import { findLayerSpec, LAYER_SPECS } from '../layers/catalogue';
import type { LayerSpec } from '../layers/spec';
import { layerMacs, modelMacs } from '../report/macs';
import { macsInput, modelGraph } from './graph';
import { reportLineText } from '../python/notebook';
import type { LayerReport, ModelReport, Report } from '../report/report';
import { formatShapes } from '../model/shape';

export interface DocumentInfo {
  readonly uri: string;
  readonly fileName: string;
  readonly version: number;
  /** A TensorFlow.js file (JavaScript or TypeScript, by `fileName`): edited in TF.js syntax. */
  readonly tfjs?: boolean;
  /** The grammar of a TF.js file, when the caller knows it (an untitled file has no extension to tell). */
  readonly dialect?: JsDialect;
}

/** Which model to show and where the cursor is. */
export interface Selection {
  readonly model?: number;
  readonly cursorOffset?: number;
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/**
 * The model whose line(s) or layers hold `offset` (the innermost when models nest), if any. A model's lines start
 * at the beginning of the line of its call, so the cursor on `model = keras.Sequential(` counts.
 */
export function modelContaining(models: readonly ModelReport[], offset: number): number | undefined {
  let best: number | undefined;
  let bestSize = Infinity;
  models.forEach((m, i) => {
    const from = m.range.startIndex - m.range.startCol;
    const inModel = from <= offset && offset <= m.range.endIndex;
    const inLayer = m.layers.some((l) => l.range.startIndex <= offset && offset <= l.range.endIndex);
    const size = m.range.endIndex - from;
    if ((inModel || inLayer) && size < bestSize) {
      best = i;
      bestSize = size;
    }
  });
  return best;
}

/** The model the cursor is in, else the nearest one above it, else the first. */
export function modelIndexAt(models: readonly ModelReport[], offset: number): number | undefined {
  const inside = modelContaining(models, offset);
  if (inside !== undefined) return inside;
  const above = models.map((m, i) => ({ m, i })).filter(({ m }) => m.range.startIndex - m.range.startCol <= offset);
  return above.length ? above[above.length - 1].i : models.length ? 0 : undefined;
}

/** Columns for a functional graph: a layer continues its first input's column unless another took it. */
function lanes(layers: readonly LayerReport[]): number[] {
  const inputName = (c: string) => c.replace(/\[\d+\]\[\d+\]$/, '');
  const remaining = new Map<string, number>();
  for (const l of layers) for (const c of l.connectedTo) remaining.set(inputName(c), (remaining.get(inputName(c)) ?? 0) + 1);
  const laneOf = new Map<string, number>();
  const tail: (string | undefined)[] = [];
  return layers.map((l) => {
    const inputs = [...new Set(l.connectedTo.map(inputName))];
    const continuing = inputs.map((i) => laneOf.get(i)).filter((lane): lane is number => lane !== undefined && tail[lane] !== undefined && inputs.includes(tail[lane]!));
    let lane = continuing.length ? Math.min(...continuing) : tail.findIndex((t) => t === undefined);
    if (lane < 0) lane = tail.length;
    for (const i of inputs) {
      const left = (remaining.get(i) ?? 1) - 1;
      remaining.set(i, left);
      const at = laneOf.get(i);
      if (left <= 0 && at !== undefined && tail[at] === i) tail[at] = undefined;
    }
    tail[lane] = l.name;
    laneOf.set(l.name, lane);
    return lane;
  });
}

function diagnosticsFor(report: Report, l: LayerReport): LayerDiagnostic[] {
  const out: LayerDiagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: LayerDiagnostic) => {
    if (!seen.has(d.message)) {
      seen.add(d.message);
      out.push(d);
    }
  };
  if (l.error) push({ severity: 'error', message: l.error });
  for (const d of report.diagnostics) {
    const inLayer = d.range.startIndex >= l.range.startIndex && d.range.endIndex <= l.range.endIndex;
    const atAnchor = d.range.startIndex === l.anchor.startIndex && d.range.endIndex === l.anchor.endIndex;
    if ((inLayer || atAnchor) && d.code !== 'no-input-shape') push({ severity: d.severity, message: d.message });
  }
  return out;
}

/** A layer's form in Keras code: its fields, or why it is read-only. */
function kerasLayerForm(layer: LayerInstance, text: string): { readOnly?: string; fields: FieldView[] } {
  const readOnly = layerReadOnlyReason(layer, text) ?? (layer.className === 'InputLayer' ? 'Change the Input in the code.' : undefined);
  const fields: FieldView[] = readOnly
    ? []
    : argStates(layer).map((s) => ({
        rule: s.rule,
        given: s.given,
        text: s.text,
        value: s.value,
        editable: s.editable,
        reason: s.reason,
        resettable: s.given && !s.positional && s.editable && (s.rule.name === 'name' || s.rule.name === 'trainable' || layer.spec?.args.find((a) => a.name === s.rule.name)?.default !== undefined),
      }));
  return { readOnly, fields };
}

const rangeKey = (l: LayerReport) => `${l.range.startIndex}:${l.range.endIndex}`;

/** How many layers each constructor call made (a call in a loop or a helper makes several), counted once per state. */
function constructorCounts(report: Report): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of report.layers) counts.set(rangeKey(l), (counts.get(rangeKey(l)) ?? 0) + 1);
  return counts;
}

interface CardContext {
  readonly report: Report;
  readonly text: string;
  readonly m: ModelReport;
  readonly doc: DocumentInfo;
  readonly modelIndex: number;
  readonly fingerprint: string;
  readonly largest: bigint;
  readonly twins: ReadonlyMap<string, number>;
  readonly jsRoot: SyntaxNode | undefined;
}

function layerCard({ report, text, m, doc, modelIndex, fingerprint, largest, twins, jsRoot }: CardContext, index: number, lane: number): LayerCard {
  const l = m.layers[index];
  const layer = l.layer;
  const { readOnly, fields } = jsRoot ? tfjsLayerForm(jsRoot, layer, text) : kerasLayerForm(layer, text);
  const keyArgs = (layer.args?.items ?? []).filter((a) => a.keyword !== 'name').map((a) => (a.keyword ? `${a.keyword}=${a.valueText}` : a.valueText));
  const macs = layerMacs(macsInput(l));
  return {
    ref: { uri: doc.uri, version: doc.version, model: modelIndex, layer: index, className: l.className, name: l.name, fingerprint },
    className: l.className,
    name: l.name,
    where: reportLineText(report, l.range.startLine),
    keyArgs: clip(keyArgs.join(', '), 80),
    outputShape: formatShapes(l.outputShapes),
    params: formatCount(l.params),
    trainable: formatCount(l.trainableParams),
    nonTrainable: formatCount(l.nonTrainableParams),
    share: l.params !== null && largest > 0n ? Number((l.params * 1000n) / largest) / 1000 : 0,
    macs: formatCount(macs),
    diagnostics: diagnosticsFor(report, l),
    unresolved: l.unresolved,
    fields,
    readOnly,
    sharedWith: (twins.get(rangeKey(l)) ?? 1) - 1,
    inputs: [...new Set(l.connectedTo.map((c) => c.replace(/\[\d+\]\[\d+\]$/, '')))],
    lane,
    doc: layer.spec?.doc,
  };
}

export function modelView(report: Report, text: string, doc: DocumentInfo, index: number): ModelView {
  if (!doc.tfjs) return modelViewIn(report, text, doc, index, undefined);
  // TF.js forms and structure read the JavaScript tree.
  return withJsTree(text, doc.dialect ?? dialectOf(doc.fileName), (root) => modelViewIn(report, text, doc, index, root));
}

function modelViewIn(report: Report, text: string, doc: DocumentInfo, index: number, jsRoot: SyntaxNode | undefined): ModelView {
  const m = report.models[index];
  const fingerprint = modelFingerprint(m);
  const largest = m.layers.reduce((max, l) => (l.params !== null && l.params > max ? l.params : max), 0n);
  const laneOf = m.kind === 'functional' ? lanes(m.layers) : m.layers.map(() => 0);
  const macs = modelMacs(m.layers.map(macsInput));
  const context: CardContext = { report, text, m, doc, modelIndex: index, fingerprint, largest, twins: constructorCounts(report), jsRoot };
  const graphEdits = m.kind === 'functional';
  const structure = graphEdits
    ? { editable: false as const, reason: 'Insert a layer on an edge of the graph (click its shape, or choose the edge under Position) or delete one (Delete on its node); moving layers works on Sequential models.' }
    : jsRoot
      ? tfjsStructureCheck(jsRoot, text, report, index)
      : structureCheck(text, report, index);
  return {
    ref: { uri: doc.uri, version: doc.version, model: index, fingerprint },
    name: m.name,
    variable: m.variable,
    kind: m.kind,
    where: reportLineText(report, m.range.startLine),
    layers: m.layers.map((_, i) => layerCard(context, i, laneOf[i])),
    totals: {
      params: formatCount(m.totalParams),
      trainable: formatCount(m.trainableParams),
      nonTrainable: formatCount(m.nonTrainableParams),
      size: formatBytes(paramBytes(m.totalParams)),
      macs: formatCount(macs.total),
      macsNote: macs.unknown.length ? `not known for ${macs.unknown.slice(0, 5).join(', ')}${macs.unknown.length > 5 ? ', …' : ''}` : undefined,
    },
    structure: structure.editable ? { editable: true } : { editable: false, reason: structure.reason },
    graphEdits: graphEdits || undefined,
    incomplete: m.incomplete ?? (!m.built && m.kind === 'sequential' && m.layers.length ? 'the model has no input shape, so Keras cannot build it yet' : undefined),
    graph: modelGraph(report, text, index, doc),
  };
}

/** Starting values for the palette's form: enough for a layer that works in most models. */
const SUGGESTED: Readonly<Record<string, ArgValue>> = {
  units: { kind: 'int', value: 64 },
  filters: { kind: 'int', value: 32 },
  kernel_size: { kind: 'int', value: 3 },
  rate: { kind: 'float', value: 0.2 },
  input_dim: { kind: 'int', value: 10000 },
  output_dim: { kind: 'int', value: 64 },
  activation: { kind: 'activation', name: 'relu' },
  num_heads: { kind: 'int', value: 2 },
  key_dim: { kind: 'int', value: 32 },
};

/** Optional arguments worth asking for when adding a layer. */
const PALETTE_OPTIONAL = new Set(['activation', 'padding', 'strides', 'pool_size', 'return_sequences']);

function paletteGroup(spec: LayerSpec): string {
  const area = spec.docsPath?.split('/')[0];
  if (!area) return 'Other';
  const word = area.replace(/_layers$/, '').replace(/_/g, ' ');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function palette(specs: readonly LayerSpec[] = LAYER_SPECS): PaletteEntry[] {
  return paletteSpecs(specs)
    .map((spec) => {
      const fields: FieldView[] = [];
      for (const arg of spec.args) {
        const required = arg.default === undefined;
        if (!required && !PALETTE_OPTIONAL.has(arg.name)) continue;
        const rule = argRule(spec, arg);
        if (!rule) continue;
        const suggested = required ? SUGGESTED[arg.name] : undefined;
        const fromDefault: ArgValue | undefined = required ? undefined : defaultValue(rule.kind, arg.default);
        fields.push({ rule, given: required, text: defaultText(arg.default, arg.float), value: suggested ?? fromDefault, editable: true, resettable: false });
      }
      return { className: spec.className, group: paletteGroup(spec), doc: spec.doc, fields };
    })
    .sort((a, b) => a.group.localeCompare(b.group) || a.className.localeCompare(b.className));
}

function defaultValue(kind: string, d: unknown): ArgValue | undefined {
  if (kind === 'activation') return { kind: 'activation', name: typeof d === 'string' ? d : 'linear' };
  if (d === null) return kind === 'choice' ? { kind: 'str', value: 'None' } : { kind: 'none' };
  if (typeof d === 'boolean') return { kind: 'bool', value: d };
  if (typeof d === 'string') return { kind: 'str', value: d };
  if (typeof d === 'number') return Number.isInteger(d) && kind !== 'float' ? { kind: 'int', value: d } : { kind: 'float', value: d };
  if (Array.isArray(d) && d.every((x) => typeof x === 'number')) return { kind: 'tuple', items: d as number[] };
  return undefined;
}

const PALETTE = new WeakMap<readonly LayerSpec[], PaletteEntry[]>();
const TFJS_PALETTE = new WeakMap<readonly PaletteEntry[], PaletteEntry[]>();

/** The palette in TF.js's terms (`kernelSize`, `hardSigmoid`), for TF.js files; made once per palette. */
function tfjsPalette(entries: readonly PaletteEntry[]): PaletteEntry[] {
  let out = TFJS_PALETTE.get(entries);
  if (!out) {
    out = entries.flatMap((e) => tfjsPaletteEntry(e) ?? []);
    TFJS_PALETTE.set(entries, out);
  }
  return out;
}

export function designerState(report: Report | undefined, text: string, doc: DocumentInfo | undefined, selection: Selection): DesignerState {
  let entries = PALETTE.get(LAYER_SPECS);
  if (!entries) {
    entries = palette();
    PALETTE.set(LAYER_SPECS, entries);
  }
  const starters = STARTERS.map(({ kind, title, detail }) => ({ kind, title, detail }));
  // A TF.js file is offered the layers TF.js has, with their config keys.
  if (doc?.tfjs) entries = tfjsPalette(entries);
  if (!doc || !report) {
    return { models: [], palette: entries, starters, empty: 'Open a Python file with a Keras model, or start one with New model.' };
  }
  const models = report.models.map((m, i) => ({ index: i, label: `${m.variable ?? m.name} (${m.kind === 'sequential' ? 'Sequential' : 'Functional'}, ${reportLineText(report, m.range.startLine)})` }));
  if (report.models.length === 0) {
    const empty = doc.tfjs ? `No TensorFlow.js model in ${doc.fileName}.` : `No Keras model in ${doc.fileName} yet. Start one with New model.`;
    return { document: doc, models, palette: entries, starters: doc.tfjs ? [] : starters, empty };
  }
  const fromCursor = selection.cursorOffset !== undefined ? modelIndexAt(report.models, selection.cursorOffset) : undefined;
  const index = selection.model !== undefined && selection.model < report.models.length ? selection.model : fromCursor ?? 0;
  const model = modelView(report, text, doc, index);
  let cursorLayer: number | undefined;
  if (selection.cursorOffset !== undefined) {
    const offset = selection.cursorOffset;
    const i = report.models[index].layers.findIndex((l) => l.range.startIndex <= offset && offset <= l.range.endIndex);
    if (i >= 0) cursorLayer = i;
  }
  return { document: doc, models, model, cursorLayer, palette: entries, starters };
}
