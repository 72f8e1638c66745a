/**
 * What the server tells an editor about one analyzed document, as plain data: lenses, diagnostics, quick fixes,
 * the summary and the list of models. Computed in the analysis worker from the report, so only JSON crosses to the
 * connection; positions are the report's (0-based lines, UTF-16 columns, offsets into the analyzed text).
 */
import { addInputFix, SHAPE_PLACEHOLDER } from '../core/designer/quick-fixes';
import { lessonFor, taughtDiagnostics } from '../core/report/beginner';
import { beginnerAdvice } from '../core/report/beginner-advice';
import { layerLensTitle, layerLensTooltip, modelLensTitle } from '../core/report/explain';
import { modelAt } from '../core/report/model-at';
import type { Diagnostic, LayerReport, ModelReport, Report } from '../core/report/report';
import { formatSummaryFor } from '../core/report/summary-for';
import { summaryMarkdown } from '../core/report/summary-markdown';
import type { ModelInfo, ModelsResult, SummaryResult } from '../shared/lsp-protocol';

/** The command ids of the VS Code extension (package.json), named in lenses only when the client has them. */
export const EDITOR_COMMANDS = {
  showModelSummary: 'modelLens.showModelSummary',
  trainModel: 'modelLens.trainModel',
  openDesigner: 'modelLens.openDesigner',
} as const;

export interface LensData {
  readonly line: number;
  readonly title: string;
  readonly tooltip?: string;
  /** A command of the VS Code extension and its arguments after the document's uri. */
  readonly command?: string;
  readonly args?: readonly unknown[];
  /** A layer's lens (shape and params), which inlay hints can show instead. */
  readonly layer?: true;
  /**
   * A layer's lens on the line of a model's lens (`model = Sequential([Flatten(...),`): VS Code joins the two in
   * one row, so where the layer also has its inlay hint (display `both`) the lens is left out.
   */
  readonly onModelLine?: true;
}

/**
 * A lens above every model (totals; with the VS Code extension, "▶ Train" and "Open in Designer"
 * beside it: the designer edits Keras and TF.js sources alike) and one per layer constructor call (a call run several times, in a loop or a helper, sums its layers).
 */
export function lensesOf(report: Report, editorCommands: boolean): LensData[] {
  const lenses: LensData[] = [];
  report.models.forEach((m, i) => {
    // At the model's constructor; in a notebook cell that adds layers to a model made in another cell, at the first of them.
    const line = m.anchor.startLine;
    const untrainable = editorCommands ? whyNotTrainable(m) : undefined;
    const summaryTip = 'Show this model as model.summary() prints it';
    lenses.push({ line, title: modelLensTitle(m), tooltip: untrainable ? `${summaryTip}. No ▶ Train: ${untrainable}` : summaryTip, command: EDITOR_COMMANDS.showModelSummary, args: [i] });
    if (!editorCommands) return;
    if (!untrainable) lenses.push({ line, title: '▶ Train', tooltip: 'Train this model with TensorFlow.js and watch loss and accuracy live', command: EDITOR_COMMANDS.trainModel, args: [i] });
    lenses.push({ line, title: 'Open in Designer', tooltip: 'Show this model in the Model designer panel', command: EDITOR_COMMANDS.openDesigner, args: [i] });
  });
  const modelLines = new Set(report.models.map((m) => m.anchor.startLine));
  for (const group of layerGroups(report)) {
    const line = group[0].range.startLine;
    lenses.push({ line, title: layerLensTitle(group), tooltip: layerLensTooltip(group), layer: true, ...(modelLines.has(line) ? { onModelLine: true as const } : {}) });
  }
  return lenses;
}

/** A layer's shape and params as an inlay hint, after its call. */
export interface InlayHintData {
  readonly line: number;
  readonly col: number;
  readonly label: string;
  readonly tooltip: string;
}

function layerGroups(report: Report): LayerReport[][] {
  const byCall = new Map<number, LayerReport[]>();
  for (const l of report.layers) {
    const group = byCall.get(l.range.startIndex);
    if (group) group.push(l);
    else byCall.set(l.range.startIndex, [l]);
  }
  return [...byCall.values()];
}

/**
 * One hint per layer constructor call, at the end of the line where the call ends; when another layer starts
 * on that line after it (a one-line Sequential), right after the call instead.
 */
export function inlayHintsOf(report: Report, text: string): InlayHintData[] {
  const lines = text.split('\n');
  const groups = layerGroups(report);
  return groups.map((group) => {
    const r = group[0].range;
    const crowded = groups.some((g) => g[0].range.startLine === r.endLine && g[0].range.startIndex >= r.endIndex);
    const lineText = (lines[r.endLine] ?? '').replace(/\r$/, '');
    const title = layerLensTitle(group);
    // The class is written right there in the code: the hint says only what it makes. VS Code cuts hints past
    // 43 characters (editor.inlayHints.maximumLength), so the trainable split stays in the tooltip.
    const label = (group.length > 1 ? title : title.slice(title.indexOf(' · ') + 3)).replace(/ \([\d,]+ non-trainable\)/, '');
    // Of an error, its first sentence (`⚠ expected min_ndim=4, found ndim=2`) fits; the rest is in the tooltip and Problems.
    const shown = group.some((l) => l.error) ? label.split('. ')[0] : label;
    return { line: r.endLine, col: crowded ? r.endCol : lineText.length, label: shown, tooltip: layerLensTooltip(group) };
  });
}

/** Why a model is not offered ▶ Train (training would refuse it before it starts), or undefined. */
function whyNotTrainable(m: Report['models'][number]): string | undefined {
  if (m.model.kind !== 'functional') return undefined;
  // As src/train/host/keras-json.ts refuses it: each output's labels are found by its layer's name.
  const names = m.model.outputs.map((t) => t?.producer.layer.name);
  const twice = names.find((n, i) => n !== undefined && names.indexOf(n) !== i);
  if (twice) return `two of its outputs come from the layer "${twice}", so their labels cannot be told apart by name.`;
  return undefined;
}

export interface DiagnosticData {
  readonly range: { readonly startLine: number; readonly startCol: number; readonly endLine: number; readonly endCol: number };
  readonly severity: Diagnostic['severity'];
  readonly message: string;
  readonly code?: string;
}


/**
 * Each diagnostic with Keras's message first and, when there is one, a plain sentence about this model after it;
 * then the beginner's advice (core/report/beginner.ts).
 */
export function diagnosticsOf(report: Report, text: string): DiagnosticData[] {
  return taughtDiagnostics(report, text).map((d) => ({
    range: { startLine: d.range.startLine, startCol: d.range.startCol, endLine: d.range.endLine, endCol: d.range.endCol },
    severity: d.severity,
    message: d.message,
    code: d.code,
  }));
}

/**
 * The quick fixes of the shape diagnostic or advice that starts at (line, col), nothing left to type: a layer to
 * insert (the first, preferred), then edits that move a layer.
 */
export function lessonFixes(report: Report, text: string, line: number, col: number): QuickFixData[] {
  const at = (d: Diagnostic) => d.range.startLine === line && d.range.startCol === col;
  const lesson = report.diagnostics.filter(at).map((d) => lessonFor(report, text, d)).find((l) => l?.fix || l?.move);
  const insert = lesson ? lesson.fix : beginnerAdvice(report, text).find((a) => at(a) && a.fix)?.fix;
  const fixes: QuickFixData[] = [];
  if (insert) fixes.push({ title: insert.title, line: insert.line, col: insert.col, before: insert.text, after: '', complete: true });
  if (lesson?.move) {
    const position = positionsIn(text);
    const edits = lesson.move.edits.map((e) => ({ start: position(e.start), end: position(e.end), text: e.text }));
    fixes.push({ title: lesson.move.title, line: edits[0].start.line, col: edits[0].start.col, before: '', after: '', complete: true, edits });
  }
  return fixes;
}

/** Offsets into `text` as 0-based lines and UTF-16 columns. */
function positionsIn(text: string): (offset: number) => { line: number; col: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, col: offset - starts[lo] };
  };
}

/** The quick fix of a `no-input-shape` diagnostic: text to insert at a place, with the shape left for the person to type. */
export interface QuickFixData {
  readonly title: string;
  readonly line: number;
  readonly col: number;
  /** The text before and after the shape the person types. */
  readonly before: string;
  readonly after: string;
  /** Nothing for the person to type: the edit is `before` alone. */
  readonly complete?: boolean;
  /** Replacements to make together instead (a layer moved): `before` and `after` are then empty. */
  readonly edits?: readonly { readonly start: { line: number; col: number }; readonly end: { line: number; col: number }; readonly text: string }[];
}

/** The fix for the model whose `no-input-shape` diagnostic starts at (line, col), if one can be made. */
export function inputShapeFix(report: Report, line: number, col: number): QuickFixData | undefined {
  const model = report.models.find((m) => m.range.startLine === line && m.range.startCol === col);
  const fix = model && addInputFix(model, report.imports);
  if (!fix) return undefined;
  const [before, after] = fix.text.split(SHAPE_PLACEHOLDER);
  return { title: fix.title, line: fix.line, col: fix.col, before, after: after ?? '' };
}

/** Where a request points: an index among the models, or an offset and line in the text. */
export interface ModelChoice {
  readonly index?: number;
  readonly offset?: number;
  readonly line?: number;
}

function chosen(report: Report, choice: ModelChoice): ModelReport | undefined {
  if (choice.index !== undefined) return report.models[choice.index];
  if (choice.offset !== undefined && choice.line !== undefined) return modelAt(report.models, choice.offset, choice.line);
  return report.models[0];
}

export function summaryOf(report: Report, choice: ModelChoice): SummaryResult | null {
  const model = chosen(report, choice) ?? report.models[0];
  if (!model) return null;
  const text = formatSummaryFor(model, report.keras) + '\n';
  return { name: `${model.variable ?? model.name} summary.txt`, text, markdown: summaryMarkdown(text) };
}

export function modelsOf(report: Report, choice: ModelChoice): ModelsResult {
  const models: ModelInfo[] = report.models.map((m, index) => ({ index, name: m.name, variable: m.variable, title: modelLensTitle(m), line: m.anchor.startLine }));
  const at = choice.offset !== undefined ? chosen(report, choice) : undefined;
  return { models, at: at ? report.models.indexOf(at) : undefined };
}
