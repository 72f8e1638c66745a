/**
 * What the VS Code extension's designer and training ask of a document's report (modelLens/designerState,
 * designerEdit, layerRange, trainPlan), answered in the analysis worker so the extension host parses nothing.
 * Every answer is plain JSON; positions are offsets into the analyzed text.
 */
import { toJsonReport } from '../core/report/json';
import { analyzeVersion, stateWithDiff } from '../core/designer/model-diff';
import { designerState, modelContaining } from '../core/designer/designer-view';
import { computeDesignerEdit, type DesignerEdit } from '../core/designer/edits/designer-edits';
import { computeTfjsDesignerEdit } from '../core/designer/edits/tfjs-edits';
import { outsideText } from '../core/designer/edits/text-edit';
import type { DocumentSource } from '../core/documents';
import { cellSource } from '../core/python/notebook';
import type { Report } from '../core/report/report';
import type { DesignerEditResult, DesignerStateParams, DesignerStateResult, LayerRangeResult, PlanLine, TrainPlanResult } from '../shared/lsp-protocol';
import { toJsonSafe } from '../shared/json-safe';
import { planDocument } from '../train/host/plan-document';
import type { PlanOptions } from '../train/host/plan';
import type { DocSnapshot } from './worker-protocol';

/** The text the report's positions refer to: for a notebook cell, the cell with its magics as blank lines. */
export function analyzedTextOf(doc: DocSnapshot): string {
  return doc.kind.kind === 'notebook' ? cellSource(doc.text) : doc.text;
}

export function designerStateOf(report: Report, doc: DocSnapshot, params: DesignerStateParams): DesignerStateResult {
  let model = params.model;
  if (model !== undefined && params.unpinOutside && params.cursorOffset !== undefined) {
    const inside = modelContaining(report.models, params.cursorOffset);
    if (inside !== undefined && inside !== model) model = undefined;
  }
  const text = analyzedTextOf(doc);
  const info = params.info && doc.kind.kind === 'tfjs' ? { ...params.info, tfjs: true, dialect: doc.kind.dialect } : params.info;
  let state = designerState(report, text, info, { model, cursorOffset: params.cursorOffset });
  if (params.compare) {
    const old = analyzeVersion(doc.kind, params.compare.text);
    state = typeof old === 'string' ? { ...state, comparing: params.compare.against, diffNote: old } : stateWithDiff(state, { report, text }, old, params.compare.against);
  }
  return { state, model };
}

export function designerEditOf(report: Report, doc: DocSnapshot, edit: DesignerEdit): DesignerEditResult {
  const result = doc.kind.kind === 'tfjs' ? computeTfjsDesignerEdit(doc.text, doc.kind.dialect, report, edit) : computeDesignerEdit(analyzedTextOf(doc), report, edit);
  return result.ok ? { ok: true, edits: result.edits.map(({ start, end, text }) => ({ start, end, text })), description: result.description } : result;
}

export function layerRangeOf(report: Report, doc: DocSnapshot, model: number, layer: number, name: string): LayerRangeResult {
  const found = report.models[model]?.layers[layer];
  // A layer written in another notebook cell has no place in this cell's document.
  if (!found || found.name !== name || outsideText(analyzedTextOf(doc), found.range)) return null;
  return { start: found.range.startIndex, end: found.range.endIndex };
}

/** The plan with its bigints encoded, and where every line of the planned source is (a notebook's lines are in its cells). */
export function trainPlanOf(report: Report, source: DocumentSource, options: PlanOptions, file: string): TrainPlanResult {
  const planned = planDocument(source, options, { report });
  const text = source.kind === 'notebook' ? source.cells.join('\n') : source.text;
  // A notebook's program may join its cells with a line between them: a few lines more than its cells have.
  const count = text.split('\n').length + (source.kind === 'notebook' ? 2 * source.cells.length : 0);
  const lines: PlanLine[] = [];
  for (let line = 1; line <= count; line++) {
    const at = planned.lineAt(line);
    lines.push({ line: at.line, where: at.where, ...(at.cell !== undefined ? { cell: at.cell } : {}) });
  }
  return {
    plan: planned.plan && toJsonSafe(planned.plan),
    problems: planned.problems.map((p) => ({ message: p.message, line: p.line, where: p.where, cell: p.cell })),
    lines,
    report: toJsonSafe(toJsonReport(file, report)),
  };
}
