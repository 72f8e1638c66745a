/**
 * The designer's edits as pure functions: source text + its report + a request in, text edits (or a refusal
 * with the reason) out. Nothing here knows VS Code; the extension applies the result as one WorkspaceEdit.
 *
 * Requests name layers by position (model i, layer j) and by what the panel showed there (class and name, and
 * for structure changes the whole model's fingerprint); when the text no longer matches, the edit is refused
 * instead of landing on the wrong layer.
 */
import type { LayerInstance } from '../../model/graph';
import { findLayerSpec } from '../../layers/catalogue';
import type { LayerSpec } from '../../layers/spec';
import { parsePython, type SyntaxNode } from '../../python/parser';
import type { LayerReport, ModelReport, Report } from '../../report/report';
import { argRule, argStates, findArgSpan, layerReadOnlyReason, ruleFor } from './arg-fields';
import { checkArgValue, type ArgValue } from '../../../shared/arg-values';
import { pythonText, type PythonStyle } from './python-text';
import { commaAfter, deleteLayer, insertLayer, moveLayer, nodeAt, sequenceLayout, type SequenceLayout } from './sequence';
import { activationPrefixOf, activationStyle, fileActivationPrefix, layerCallee, quoteStyle } from './spelling';
import type { EdgeRef, StarterKind } from '../../../shared/designer-protocol';
import { starterEdits, STARTERS } from './starters';
import { deleteFunctionalLayer, insertOnEdge } from './functional';
import { addOutput, mergeIntoEdge } from './functional-connect';
import { alignTo, endsLine, lineEnd, lineStart, refuse, startsLine, type EditResult, type TextEdit } from './text-edit';

/** A layer as the panel showed it. */
export interface LayerTarget {
  readonly model: number;
  readonly layer: number;
  readonly className: string;
  readonly name: string;
}

export interface ArgSetting {
  readonly name: string;
  readonly value: ArgValue;
}

export type DesignerEdit =
  | { readonly kind: 'setArgument'; readonly target: LayerTarget; readonly argument: string; readonly value: ArgValue }
  /** Removes a keyword argument, so the layer takes Keras's default. */
  | { readonly kind: 'resetArgument'; readonly target: LayerTarget; readonly argument: string }
  /**
   * Adds a layer so that it becomes layer `index` of the model; with `edge` (functional models), on the edge into
   * input `input` of layer `layer`: the new layer reads that tensor and the layer reads the new one.
   */
  | { readonly kind: 'addLayer'; readonly model: number; readonly fingerprint: string; readonly index: number; readonly className: string; readonly args: readonly ArgSetting[]; readonly edge?: EdgeRef }
  | { readonly kind: 'deleteLayer'; readonly target: LayerTarget; readonly fingerprint: string }
  | { readonly kind: 'moveLayer'; readonly target: LayerTarget; readonly fingerprint: string; readonly to: number }
  | { readonly kind: 'newModel'; readonly offset: number; readonly starter: StarterKind }
  /** Functional models: the layer's output becomes one more output of the model. */
  | { readonly kind: 'addOutput'; readonly target: LayerTarget; readonly fingerprint: string }
  /** Functional models: layer `other`'s output joined into `edge` through merge layer `className`. */
  | { readonly kind: 'mergeInto'; readonly other: LayerTarget; readonly fingerprint: string; readonly edge: EdgeRef; readonly className: string };

/**
 * What a model looked like when the panel showed it: every layer's class and name, in order, as a short digest
 * (every card and node carries it, so the whole list in each would make the panel's state grow with the square
 * of the model's size: 28 MB at 1,000 layers).
 */
export function modelFingerprint(m: ModelReport): string {
  return `${m.layers.length}-${digest(m.layers.map((l) => `${l.className}:${l.name}`).join('|'))}`;
}

/** cyrb53 (a public-domain 53-bit string hash): the same text gives the same digest on every side. */
function digest(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export const CHANGED = 'The model changed since the panel showed it; the panel now shows it as it is. Try again.';

export function findTarget(report: Report, t: LayerTarget): { model: ModelReport; layer: LayerReport } | string {
  const model = report.models[t.model];
  const layer = model?.layers[t.layer];
  if (!layer || layer.className !== t.className || layer.name !== t.name) return CHANGED;
  return { model, layer };
}

/** Layers can be added, deleted and moved in this model; else why not. */
export function structureLayout(text: string, root: SyntaxNode, m: ModelReport): SequenceLayout | string {
  if (m.model.kind !== 'sequential') {
    return 'Adding, deleting and moving layers works on Sequential models for now; for this model, change the arguments here and the structure in the code.';
  }
  return sequenceLayout(text, root, m.model, m.variable);
}

/** Whether the layers of model `index` can be added, deleted and moved (parses `text`). */
export function structureCheck(text: string, report: Report, index: number): { editable: true } | { editable: false; reason: string } {
  const m = report.models[index];
  if (!m) return { editable: false, reason: 'No such model.' };
  return withTree(text, (root) => {
    const layout = structureLayout(text, root, m);
    return typeof layout === 'string' ? { editable: false as const, reason: layout } : { editable: true as const };
  });
}

function withTree<T>(text: string, fn: (root: SyntaxNode) => T): T {
  const tree = parsePython(text);
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}

export function computeDesignerEdit(text: string, report: Report, edit: DesignerEdit): EditResult {
  return withTree(text, (root) => {
    switch (edit.kind) {
      case 'setArgument':
        return setArgument(text, root, report, edit.target, edit.argument, edit.value);
      case 'resetArgument':
        return resetArgument(text, root, report, edit.target, edit.argument);
      case 'addLayer':
        return addLayer(text, report, edit, pythonSyntax(text, root, report));
      case 'deleteLayer':
      case 'moveLayer':
        return changeStructure(text, report, edit, pythonSyntax(text, root, report));
      case 'newModel': {
        if (!STARTERS.some((s) => s.kind === edit.starter)) return refuse(`There is no starter "${edit.starter}".`);
        if (edit.offset < 0 || edit.offset > text.length) return refuse('The cursor is outside the file.');
        const starter = STARTERS.find((s) => s.kind === edit.starter)!;
        return { ok: true, edits: starterEdits(text, root, report.imports, quoteStyle(report.layers, text), edit.offset, edit.starter), description: `Inserted a new model: ${starter.title}.` };
      }
      case 'addOutput':
      case 'mergeInto': {
        const found = findTarget(report, edit.kind === 'addOutput' ? edit.target : edit.other);
        if (typeof found === 'string' || modelFingerprint(found.model) !== edit.fingerprint) return refuse(CHANGED);
        return edit.kind === 'addOutput'
          ? addOutput(text, root, report, found.model, found.layer)
          : mergeIntoEdge(text, root, report, found.model, edit.edge, found.layer, edit.className);
      }
    }
  });
}

// ------------------------------------------------------------------ arguments

/** How a value for `argument` is spelled, matching what it replaces or else the rest of the model. */
function styleFor(text: string, report: Report, model: ModelReport, existing: string | undefined, value: ArgValue): PythonStyle {
  const quoteOfExisting = existing && /^[rRbBuU]?(['"])/.exec(existing)?.[1];
  const quote = (quoteOfExisting as '"' | "'" | undefined) ?? quoteStyle(model.layers.length ? model.layers : report.layers, text);
  if (value.kind === 'activation') {
    const prefix = existing !== undefined ? activationPrefixOf(existing) : fileActivationPrefix(model.layers);
    return activationStyle(quote, prefix, value.name);
  }
  return { quote, listBrackets: existing?.trimStart().startsWith('[') };
}

/** The argument list of a layer's call as a list layout (for adding or removing a keyword). */
function argumentList(root: SyntaxNode, layer: LayerInstance): SyntaxNode | undefined {
  const args = layer.args!;
  return nodeAt(root, { start: args.range.startIndex, end: args.range.endIndex }, ['argument_list']);
}

function setArgument(text: string, root: SyntaxNode, report: Report, target: LayerTarget, argument: string, value: ArgValue): EditResult {
  const found = findTarget(report, target);
  if (typeof found === 'string') return refuse(found);
  const { model, layer: lr } = found;
  const layer = lr.layer;
  const readOnly = layerReadOnlyReason(layer, text);
  if (readOnly) return refuse(readOnly);
  if (layer.className === 'InputLayer' || !layer.args) return refuse('The designer does not edit Input arguments yet; change them in the code.');
  const rule = ruleFor(layer, argument);
  if (!rule) return refuse(`${argument} is not an argument the designer edits for ${layer.className}; change it in the code.`);
  const bad = checkArgValue(rule, value);
  if (bad) return refuse(bad);
  const state = argStates(layer).find((s) => s.rule.name === argument);
  if (state && !state.editable) return refuse(`${argument} is read-only here: ${state.reason ?? 'it is not a plain value'}`);
  const span = findArgSpan(layer, argument);
  const newText = pythonText(value, styleFor(text, report, model, span?.valueText, value));
  const description = `Set ${argument}=${newText} on ${layer.name}.`;
  if (span) {
    if (span.valueText === newText) return { ok: true, edits: [], description: `${argument} is already ${newText}.` };
    return { ok: true, edits: [{ start: span.valueRange.startIndex, end: span.valueRange.endIndex, text: newText }], description };
  }
  const list = argumentList(root, layer);
  if (!list) return refuse('The layer call was not found in the source.');
  return { ok: true, edits: appendArgument(text, list, `${argument}=${newText}`), description };
}

/** Adds `code` as the last argument of a call, keeping a one-per-line layout and a trailing comma. */
export function appendArgument(text: string, list: SyntaxNode, code: string): TextEdit[] {
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const open = list.startIndex + 1;
  const close = list.endIndex - 1;
  if (items.length === 0) return [{ start: open, end: open, text: code }];
  const last = items[items.length - 1];
  const lineOf = (o: number) => text.slice(0, o).split('\n').length;
  const previousEnd = items.length > 1 ? items[items.length - 2].endIndex : open;
  const multiline = lineOf(last.startIndex) !== lineOf(previousEnd);
  const comma = commaAfter(text, last.endIndex, close);
  if (!multiline) {
    return comma >= 0 ? [{ start: comma + 1, end: comma + 1, text: ` ${code},` }] : [{ start: last.endIndex, end: last.endIndex, text: `, ${code}` }];
  }
  const indent = alignTo(text, last.startIndex);
  if (comma >= 0) {
    const eol = lineEnd(text, comma + 1);
    const at = close < eol ? comma + 1 : eol;
    return [{ start: at, end: at, text: `\n${indent}${code},` }];
  }
  const eol = lineEnd(text, last.endIndex);
  if (close <= eol) return [{ start: last.endIndex, end: last.endIndex, text: `,\n${indent}${code}` }];
  return [
    { start: last.endIndex, end: last.endIndex, text: ',' },
    { start: eol, end: eol, text: `\n${indent}${code}` },
  ];
}

function resetArgument(text: string, root: SyntaxNode, report: Report, target: LayerTarget, argument: string): EditResult {
  const found = findTarget(report, target);
  if (typeof found === 'string') return refuse(found);
  const layer = found.layer.layer;
  const readOnly = layerReadOnlyReason(layer, text);
  if (readOnly) return refuse(readOnly);
  const span = findArgSpan(layer, argument);
  if (!span) return { ok: true, edits: [], description: `${argument} already takes its default.` };
  if (span.keyword === undefined) return refuse(`${argument} is given by position; removing it would shift the arguments after it. Change it in the code.`);
  const spec = layer.spec;
  if (argument !== 'name' && argument !== 'trainable' && spec?.args.find((a) => a.name === argument)?.default === undefined) {
    return refuse(`${layer.className} needs ${argument}; it has no default.`);
  }
  const list = argumentList(root, layer);
  if (!list) return refuse('The layer call was not found in the source.');
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const p = items.findIndex((i) => i.startIndex === span.range.startIndex);
  if (p < 0) return refuse('The argument was not found in the source.');
  return { ok: true, edits: removeItem(text, list, p), description: `Removed ${argument} from ${layer.name}; it takes Keras's default.` };
}

/** Removes item `p` of a bracketed list (arguments, an object's members) with its comma, keeping the layout. */
export function removeItem(text: string, list: SyntaxNode, p: number): TextEdit[] {
  const items = list.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
  const close = list.endIndex - 1;
  const item = items[p];
  const comma = commaAfter(text, item.endIndex, close);
  const itemEnd = comma >= 0 ? comma + 1 : item.endIndex;
  let edits: TextEdit[];
  if (startsLine(text, item.startIndex) && endsLine(text, itemEnd) && p > 0) {
    edits = [{ start: lineStart(text, item.startIndex), end: Math.min(text.length, lineEnd(text, itemEnd) + 1), text: '' }];
    if (p === items.length - 1 && comma < 0) {
      const previousComma = commaAfter(text, items[p - 1].endIndex, item.startIndex);
      if (previousComma >= 0) edits.push({ start: previousComma, end: previousComma + 1, text: '' });
    }
  } else if (p < items.length - 1) {
    edits = [{ start: item.startIndex, end: itemEnd + /^\s*/.exec(text.slice(itemEnd))![0].length, text: '' }];
  } else if (p > 0) {
    edits = [{ start: items[p - 1].endIndex, end: item.endIndex, text: '' }];
  } else {
    edits = [{ start: item.startIndex, end: itemEnd, text: '' }];
  }
  return edits;
}

// ------------------------------------------------------------------ layers

/**
 * Layers the palette offers for a Sequential model (merge layers take several inputs, so not those; a layer only
 * tf.keras 2 has is not `keras.layers.<name>` anywhere, so not those either).
 */
export function paletteSpecs(specs: readonly LayerSpec[]): LayerSpec[] {
  return specs.filter((s) => (s.call ?? 'single') === 'single' && !s.tfKeras2Only);
}

function layerCode(spec: LayerSpec, callee: string, args: readonly ArgSetting[], style: { quote: '"' | "'"; activationPrefix?: string }): string {
  const parts: string[] = [];
  let positional = true;
  for (const arg of spec.args) {
    const setting = args.find((a) => a.name === arg.name);
    if (!setting) {
      positional = false;
      continue;
    }
    const vStyle = setting.value.kind === 'activation' ? activationStyle(style.quote, style.activationPrefix, setting.value.name) : { quote: style.quote };
    const text = pythonText(setting.value, vStyle);
    // Required arguments that lead the spec go by position, as people write them (`Dense(64)`, `Dropout(0.2)`).
    if (positional && arg.default === undefined && !arg.keywordOnly) parts.push(text);
    else {
      positional = false;
      parts.push(`${arg.name}=${text}`);
    }
  }
  const name = args.find((a) => a.name === 'name');
  if (name) parts.push(`name=${pythonText(name.value, { quote: style.quote })}`);
  return `${callee}(${parts.join(', ')})`;
}

/** The spec of a palette layer whose arguments check out (every required one given); else why not. */
export function paletteSpec(className: string, args: readonly ArgSetting[], merge = false): LayerSpec | string {
  const spec = paletteLayer(className, merge);
  if (typeof spec === 'string') return spec;
  for (const a of args) {
    const def = spec.args.find((x) => x.name === a.name);
    const rule = a.name === 'name' ? { name: 'name', kind: 'str' as const, nonEmpty: true } : def && argRule(spec, def);
    if (!rule) return `${spec.className} has no argument ${a.name} the palette sets.`;
    const bad = checkArgValue(rule, a.value);
    if (bad) return bad;
  }
  const missing = spec.args.filter((a) => a.default === undefined && !args.some((s) => s.name === a.name));
  if (missing.length) return `${spec.className} needs ${missing.map((a) => a.name).join(' and ')}.`;
  return spec;
}

/** The spec of a layer the palette (or, with `merge`, the merge form) adds, or why there is none. */
export function paletteLayer(className: string, merge = false): LayerSpec | string {
  const spec = findLayerSpec(className);
  const fits = merge ? spec?.call === 'list' : spec && paletteSpecs([spec]).length > 0;
  return !spec || spec.className !== className || !fits ? `${className} is not a ${merge ? 'merge layer' : 'layer the palette adds'}.` : spec;
}

/**
 * The code of a palette layer with checked arguments (`layers.Dropout(0.2)`), named like `neighbours` (nearest
 * first), and the import edits that naming needs; or why not.
 */
export function paletteLayerCode(
  text: string,
  root: SyntaxNode,
  report: Report,
  m: ModelReport,
  neighbours: readonly LayerInstance[],
  className: string,
  args: readonly ArgSetting[],
  /** A merge layer (`Add`, `Concatenate`) joining two tensors, rather than a layer put on one. */
  merge = false,
): { spec: LayerSpec; code: string; callee: string; edits: TextEdit[] } | string {
  const spec = paletteSpec(className, args, merge);
  if (typeof spec === 'string') return spec;
  const callee = layerCallee(text, root, report, neighbours)(spec.className);
  if (typeof callee === 'string') return callee;
  const quote = quoteStyle(m.layers.length ? m.layers : report.layers, text);
  return { spec, code: layerCode(spec, callee.callee, args, { quote, activationPrefix: fileActivationPrefix(m.layers) }), callee: callee.callee, edits: callee.edits };
}

/**
 * What the structure edits need from a language: where a Sequential model's layers are written, a new layer's
 * code named like its neighbours, and the functional edits. Keras code and TF.js code each have one; adding,
 * deleting and moving layers are then the same steps.
 */
export interface StructureSyntax {
  layout(m: ModelReport): SequenceLayout | string;
  /** The new layer's code, its words for the description (`Dropout(0.2)`), and edits it needs elsewhere (an import). */
  layerCode(m: ModelReport, neighbours: readonly LayerReport[], className: string, args: readonly ArgSetting[]): { code: string; shown: string; edits: readonly TextEdit[] } | string;
  insertOnEdge(m: ModelReport, edge: EdgeRef, className: string, args: readonly ArgSetting[]): EditResult;
  deleteFunctional(m: ModelReport, l: LayerReport): EditResult;
}

function pythonSyntax(text: string, root: SyntaxNode, report: Report): StructureSyntax {
  return {
    layout: (m) => structureLayout(text, root, m),
    layerCode(m, neighbours, className, args) {
      const made = paletteLayerCode(text, root, report, m, neighbours.map((l) => l.layer), className, args);
      return typeof made === 'string' ? made : { code: made.code, shown: `${made.spec.className}${made.code.slice(made.callee.length)}`, edits: made.edits };
    },
    insertOnEdge: (m, edge, className, args) => insertOnEdge(text, root, report, m, edge, className, args),
    deleteFunctional: (m, l) => deleteFunctionalLayer(text, root, report, m, l),
  };
}

export function addLayer(text: string, report: Report, edit: Extract<DesignerEdit, { kind: 'addLayer' }>, syntax: StructureSyntax): EditResult {
  const m = report.models[edit.model];
  if (!m || modelFingerprint(m) !== edit.fingerprint) return refuse(CHANGED);
  if (edit.edge) return syntax.insertOnEdge(m, edit.edge, edit.className, edit.args);
  const layout = syntax.layout(m);
  if (typeof layout === 'string') return refuse(layout);
  const n = layout.places.length;
  if (!Number.isInteger(edit.index) || edit.index < 0 || edit.index > n) return refuse(`Position ${edit.index} is outside the model (0 to ${n}).`);
  // Name the class like the layers next to the new one.
  const byDistance = m.layers.map((l, i) => ({ l, d: Math.abs(i - (edit.index - 0.5)) })).sort((a, b) => a.d - b.d).map((x) => x.l);
  const made = syntax.layerCode(m, byDistance, edit.className, edit.args);
  if (typeof made === 'string') return refuse(made);
  const where = edit.index === 0 ? 'as the first layer' : `after ${m.layers[edit.index - 1].name}`;
  return { ok: true, edits: [...insertLayer(text, layout, edit.index, made.code), ...made.edits], description: `Added ${made.shown} ${where}.` };
}

export function changeStructure(text: string, report: Report, edit: Extract<DesignerEdit, { kind: 'deleteLayer' | 'moveLayer' }>, syntax: StructureSyntax): EditResult {
  const found = findTarget(report, edit.target);
  if (typeof found === 'string') return refuse(found);
  if (modelFingerprint(found.model) !== edit.fingerprint) return refuse(CHANGED);
  if (edit.kind === 'deleteLayer' && found.model.kind !== 'sequential') return syntax.deleteFunctional(found.model, found.layer);
  const layout = syntax.layout(found.model);
  if (typeof layout === 'string') return refuse(layout);
  const from = edit.target.layer;
  const name = found.layer.name;
  if (edit.kind === 'deleteLayer') {
    const edits = deleteLayer(text, layout, from);
    return typeof edits === 'string' ? refuse(edits) : { ok: true, edits, description: `Deleted ${name}.` };
  }
  const n = layout.places.length;
  if (!Number.isInteger(edit.to) || edit.to < 0 || edit.to >= n) return refuse(`Position ${edit.to} is outside the model (0 to ${n - 1}).`);
  if (edit.to === from) return { ok: true, edits: [], description: `${name} is already there.` };
  const direction = edit.to < from ? 'up' : 'down';
  const steps = Math.abs(edit.to - from);
  return { ok: true, edits: moveLayer(text, layout, from, edit.to), description: `Moved ${name} ${direction}${steps > 1 ? ` ${steps} places` : ''}.` };
}
