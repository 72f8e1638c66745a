/**
 * The requests Model Lens's language server answers beyond LSP, typed once for both sides: the extension (the
 * summary command, the designer, training) and any other client. Method names are `modelLens/verb`; positions
 * are LSP's (0-based line, UTF-16 character).
 */
import type { DesignerState } from './designer-protocol';

export const LspRequests = {
  /** The model at a position (or with an index among the document's models) as Keras's `model.summary()` prints it. */
  summary: 'modelLens/summary',
  /** The models of a document and which one is at a position: the designer's and training's choice of model. */
  models: 'modelLens/models',
  /** What the designer panel shows for a version of a document (the designer's state, built from its report). */
  designerState: 'modelLens/designerState',
  /** A designer edit computed on exactly the version asked about: the text edits, or why it is refused. */
  designerEdit: 'modelLens/designerEdit',
  /** Where a layer of a model is constructed, in a version of a document (the designer's "reveal"). */
  layerRange: 'modelLens/layerRange',
  /** The training plan of a model of a version of a document (pre-flight: the job, its notes and problems). */
  trainPlan: 'modelLens/trainPlan',
} as const;

export const LspNotifications = {
  /**
   * Client → server: which Keras documents follow, as the client decided it (VS Code knows the Python extension's
   * selected interpreter and a notebook's saved outputs, which the server does not see). A `null` choice hands the
   * document back to the server's own detection (its setting, the pins found from the file's folder upward).
   */
  kerasChoices: 'modelLens/kerasChoices',
} as const;

/** The Keras a document follows and why ("tensorflow==2.12.0 in requirements.txt"). */
export interface KerasChoiceInfo {
  readonly version: 2 | 3;
  readonly reason: string;
}

export interface KerasChoicesParams {
  readonly choices: readonly { readonly uri: string; readonly choice: KerasChoiceInfo | null }[];
}

export interface LspPosition {
  readonly line: number;
  readonly character: number;
}

export interface SummaryParams {
  readonly uri: string;
  /** The model's index among the document's models (a lens's argument); else the model at `position`, else the first. */
  readonly index?: number;
  readonly position?: LspPosition;
}

export interface SummaryResult {
  /** What the summary document is called: the model's variable (or Keras name) and " summary.txt". */
  readonly name: string;
  /** The text, as Keras prints it. */
  readonly text: string;
  /** The same table in Markdown (core/report/summary-markdown.ts), for copying and the rendered table. */
  readonly markdown?: string;
}

export interface ModelsParams {
  readonly uri: string;
  readonly position?: LspPosition;
}

export interface ModelInfo {
  readonly index: number;
  /** Keras's name for the model ("sequential"). */
  readonly name: string;
  /** The variable that holds it at the end of the file, when one does. */
  readonly variable?: string;
  /** The lens title (kind, name, totals or "?"). */
  readonly title: string;
  /** The line of its constructor (0-based). */
  readonly line: number;
}

export interface ModelsResult {
  readonly models: readonly ModelInfo[];
  /** The model at the position asked about, else the nearest above it, else none. */
  readonly at?: number;
  /** Set when the analysis of this version stopped at the deadline: why the answer is partial. */
  readonly stopped?: string;
}

/**
 * Every request about a document's exact version carries the version the client has (the editor's
 * `document.version`). The server answers `{ stale }` when its copy is at another version, and `{ stopped }` when
 * the analysis of that version stopped at the deadline; the client then asks again or says why.
 */
export type Versioned<T> = T | { readonly stale: true } | { readonly stopped: string };

export interface DesignerStateParams {
  /** Absent: no document is shown (the state is the palette and the starters). */
  readonly uri?: string;
  readonly version?: number;
  readonly info?: DesignerState['document'];
  /** The model the panel is pinned to (the picker, "Open in Designer"). */
  readonly model?: number;
  /** The editor's cursor, an offset into the document. */
  readonly cursorOffset?: number;
  /** The cursor has moved since the pin: a cursor inside another model unpins it. */
  readonly unpinOutside?: boolean;
  /** "What changed": the same file's text in another version (`against`: "HEAD"), to compare the model with. */
  readonly compare?: { readonly text: string; readonly against: string };
}

export interface DesignerStateResult {
  readonly state: DesignerState;
  /** The model pin after `unpinOutside` was applied. */
  readonly model?: number;
}

/** `E`: the core's DesignerEdit (src/core/designer/edits/designer-edits.ts), plain JSON. */
export interface DesignerEditParams<E = unknown> {
  readonly uri: string;
  readonly version: number;
  readonly edit: E;
}

/** Offsets are into the document's text at the version asked about. */
export type DesignerEditResult =
  | { readonly ok: true; readonly edits: readonly { readonly start: number; readonly end: number; readonly text: string }[]; readonly description: string }
  | { readonly ok: false; readonly reason: string };

export interface LayerRangeParams {
  readonly uri: string;
  readonly version: number;
  readonly model: number;
  readonly layer: number;
  /** The layer's name as the panel showed it: another name there means the layer moved, and nothing is revealed. */
  readonly name: string;
}

/** Offsets into the document's text; null when the layer is gone or written in another notebook cell. */
export type LayerRangeResult = { readonly start: number; readonly end: number } | null;

/** `O`: the trainer's PlanOptions (src/train/host/plan.ts), plain JSON. */
export interface TrainPlanParams<O = unknown> {
  readonly uri: string;
  readonly version: number;
  readonly options: O;
}

/** A line of the document a run was planned from; in a notebook, `cell` is its index among the Python code cells. */
export interface PlanLine {
  readonly line: number;
  readonly where: string;
  readonly cell?: number;
}

/** `P`: the trainer's TrainPlan, its bigints encoded by `toJsonSafe` (src/shared/json-safe.ts). */
export interface TrainPlanResult<P = unknown> {
  readonly plan?: P;
  readonly problems: readonly { readonly message: string; readonly line?: number; readonly where?: string; readonly cell?: number }[];
  /** Where each line of the run is (`lines[n - 1]` for line n): a layer's line in the job, the line a failed run points at. */
  readonly lines: readonly PlanLine[];
  /** The document's report in the `summary --json` form, bigints encoded: the run's record keeps the model as analyzed. */
  readonly report?: unknown;
}

/** What the extension tells the server at start (`initializationOptions`); other editors send none. */
export interface ModelLensInitOptions {
  /** Add the "Open in Designer" and "▶ Train" lenses, whose commands only the VS Code extension has. */
  readonly editorCommands?: boolean;
  /** The hard deadline of one analysis, in milliseconds (default 5,000). */
  readonly analysisDeadlineMs?: number;
}
