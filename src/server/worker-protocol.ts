/** The messages between the language server's connection thread and its analysis worker thread. */
import type { DocumentKind, DocumentSource } from '../core/documents';
import type { DesignerEdit } from '../core/designer/edits/designer-edits';
import type { DesignerStateParams, KerasChoiceInfo } from '../shared/lsp-protocol';
import type { PlanOptions } from '../train/host/plan';
import type { ModelChoice } from './features';

/** One version of a document, as the worker analyzes it. */
export interface DocSnapshot {
  /** The document's URI. */
  readonly key: string;
  /** Changes whenever what the analysis reads changes (for a notebook cell: every code cell's version). */
  readonly version: string;
  readonly kind: DocumentKind;
  readonly source: DocumentSource;
  /** The text the report's positions refer to (the document's own text; for a notebook cell, the cell's). */
  readonly text: string;
  /** The file (or notebook) on disk, for a `file:` URI: where its imports and its pin files are looked for. */
  readonly path?: string;
  /** The Keras the client chose for it; else `kerasSetting`, and when that is auto, the server's own detection. */
  readonly keras?: KerasChoiceInfo;
  readonly kerasSetting?: 'auto' | '2' | '3';
}

/**
 * The diagnostic code of a shape error whose plain-words lesson has a quick fix: core/report/beginner.ts's
 * LESSON_FIX_CODE, spelled out so the connection thread's bundle does not take in the analysis.
 */
export const LESSON_FIX_CODE = 'shape-fix';
/** The diagnostic codes a quick fix of whole text answers (no shape left to type). */
export const TEXT_FIX_CODES: readonly string[] = [LESSON_FIX_CODE, 'dense-on-images'];

export type Query =
  | { readonly op: 'lenses'; readonly editorCommands: boolean }
  | { readonly op: 'diagnostics' }
  | { readonly op: 'inlayHints' }
  | { readonly op: 'hover'; readonly offset: number }
  | { readonly op: 'fix'; readonly line: number; readonly col: number; readonly code?: string }
  | { readonly op: 'summary'; readonly choice: ModelChoice }
  | { readonly op: 'models'; readonly choice: ModelChoice }
  | { readonly op: 'designerState'; readonly params: DesignerStateParams }
  | { readonly op: 'designerEdit'; readonly edit: DesignerEdit }
  | { readonly op: 'layerRange'; readonly model: number; readonly layer: number; readonly name: string }
  | { readonly op: 'trainPlan'; readonly options: PlanOptions };

export type ToWorker = { readonly id: number; readonly doc: DocSnapshot; readonly query: Query } | { readonly forget: string };

export type FromWorker =
  | { readonly id: number; readonly value: unknown }
  | { readonly id: number; readonly error: string }
  /** The parsers are loaded and the analysis of the job's document starts: its deadline runs from here. */
  | { readonly started: number };
