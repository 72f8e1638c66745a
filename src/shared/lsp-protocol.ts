/**
 * The requests Model Lens's language server answers beyond LSP, typed once for both sides: the extension (the
 * summary command, the designer, training) and any other client. Method names are `modelLens/verb`; positions
 * are LSP's (0-based line, UTF-16 character).
 */

export const LspRequests = {
  /** The model at a position (or with an index among the document's models) as Keras's `model.summary()` prints it. */
  summary: 'modelLens/summary',
  /** The models of a document and which one is at a position: the designer's and training's choice of model. */
  models: 'modelLens/models',
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

/** What the extension tells the server at start (`initializationOptions`); other editors send none. */
export interface ModelLensInitOptions {
  /** Add the "Open in Designer" and "▶ Train" lenses, whose commands only the VS Code extension has. */
  readonly editorCommands?: boolean;
  /** The hard deadline of one analysis, in milliseconds (default 5,000). */
  readonly analysisDeadlineMs?: number;
}
