/**
 * Model Lens's language server: the connection, the open documents and the settings. Each request becomes a
 * query to the analysis worker (analysis-pool.ts), which holds the reports; this thread only routes, so it keeps
 * answering while an analysis runs. Served to the VS Code extension (dist/server.js) and to any LSP editor by
 * `model-lens lsp` over stdio.
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  InlayHintRefreshRequest,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type InlayHint,
  type TextDocumentEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  LspNotifications,
  LspRequests,
  type DesignerEditParams,
  type DesignerEditResult,
  type DesignerStateParams,
  type DesignerStateResult,
  type KerasChoicesParams,
  type LayerRangeParams,
  type LayerRangeResult,
  type ModelLensInitOptions,
  type ModelsParams,
  type ModelsResult,
  type SummaryParams,
  type SummaryResult,
  type TrainPlanParams,
  type TrainPlanResult,
  type Versioned,
} from '../shared/lsp-protocol';
import { designerState } from '../core/designer/designer-view';
import type { DesignerEdit } from '../core/designer/edits/designer-edits';
import type { PlanOptions } from '../train/host/plan';
import { AnalysisPool, DEFAULT_DEADLINE_MS, type Outcome } from './analysis-pool';
import type { DiagnosticData, InlayHintData, LensData, ModelChoice, QuickFixData } from './features';
import type { HoverContent } from './hover';
import { OpenDocuments } from './snapshots';
import { TEXT_FIX_CODES, type Query } from './worker-protocol';

/** The `modelLens.*` settings the server reads (the client's `workspace/configuration`, else these defaults). */
interface ServerSettings {
  readonly codeLensEnabled: boolean;
  readonly diagnosticsEnabled: boolean;
  /** How long typing must pause before diagnostics are computed again. */
  readonly debounceMs: number;
  /** Layers' shapes as lenses above their lines, as inlay hints at their ends, or both (`modelLens.display`). */
  readonly display: 'codeLens' | 'inlayHints' | 'both';
}

/**
 * The diagnostics debounce (`modelLens.analysis.debounceMs`, package.json's default too), chosen from measurements
 * (bench/edit-analysis.ts and the keystroke trace of bench/keystroke.e2e.ts, BENCHMARKS.md): an edit costs the
 * worker 5-10 ms for the examples and 50-100 ms median, 130-165 ms p95, for the 5,000-comment-line and
 * 2,000-line files on the loaded 2-CPU machine, and the keystrokes of one typed number reach the server 30-110 ms
 * apart. 150 ms lets a burst of keys end before a version is analyzed for diagnostics, and lets the analysis of a
 * large file end before the next one starts (the worker runs one job at a time, so analyses of versions typing has
 * already replaced would delay the lenses and hints). A longer pause would save no work in VS Code, where the
 * display's own request (inlay hints: 25-50 ms after the last key) has already analyzed the version: it would only
 * hold the squiggles back behind the display.
 */
const DIAGNOSTICS_DEBOUNCE_MS = 150;

const DEFAULTS: ServerSettings = { codeLensEnabled: true, diagnosticsEnabled: true, debounceMs: DIAGNOSTICS_DEBOUNCE_MS, display: 'codeLens' };
const DISPLAYS: readonly ServerSettings['display'][] = ['codeLens', 'inlayHints', 'both'];

const SEVERITY: Record<DiagnosticData['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What codeLens/resolve needs to give a lens its title: the lens's place in its document's last list. */
interface LensRef {
  readonly uri: string;
  readonly version: string;
  readonly n: number;
}

export function startServer(connection: Connection, workerPath: string): void {
  const documents = new OpenDocuments();
  let pool = new AnalysisPool(workerPath);
  let settings = DEFAULTS;
  let options: ModelLensInitOptions = {};
  let canPullConfiguration = false;
  let canRefreshLenses = false;
  let canRefreshHints = false;
  /** The client shows inlay hints: a layer on a model lens's line can be one (else it keeps its lens). */
  let showsHints = false;
  let snippetEdits = false;
  /** Each document's last lenses, for resolve. */
  const lenses = new Map<string, { version: string; list: readonly LensData[] }>();
  const diagnosticTimers = new Map<string, ReturnType<typeof setTimeout>>();

  async function ask<T>(uri: string, query: Query): Promise<(Outcome<T> & { doc: TextDocument; version: string }) | undefined> {
    const snapshot = documents.snapshot(uri);
    const doc = documents.get(uri);
    if (!snapshot || !doc) return undefined;
    return { ...(await pool.run<T>(snapshot, query)), doc, version: snapshot.version };
  }

  async function readSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    const c = (await connection.workspace.getConfiguration('modelLens').catch(() => undefined)) as
      | { codeLens?: { enabled?: unknown }; diagnostics?: { enabled?: unknown }; analysis?: { debounceMs?: unknown }; keras?: { version?: unknown }; display?: unknown }
      | undefined;
    const keras = c?.keras?.version;
    documents.kerasSetting = keras === '2' || keras === '3' ? keras : 'auto';
    const debounce = Number(c?.analysis?.debounceMs);
    settings = {
      codeLensEnabled: c?.codeLens?.enabled !== false,
      diagnosticsEnabled: c?.diagnostics?.enabled !== false,
      debounceMs: Number.isFinite(debounce) ? Math.max(0, Math.min(5000, debounce)) : DEFAULTS.debounceMs,
      display: DISPLAYS.find((d) => d === c?.display) ?? DEFAULTS.display,
    };
  }

  async function publishDiagnostics(uri: string): Promise<void> {
    if (!settings.diagnosticsEnabled) {
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const outcome = await ask<DiagnosticData[]>(uri, { op: 'diagnostics' });
    if (!outcome) return;
    // An answer for a version the client has already replaced is dropped; the newer one is on its way.
    if (documents.snapshot(uri)?.version !== outcome.version) return;
    const data: DiagnosticData[] =
      'value' in outcome ? outcome.value : [{ range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0 }, severity: 'warning', message: `Model Lens: ${outcome.stopped}.` }];
    const diagnostics: Diagnostic[] = data.map((d) => ({
      range: { start: { line: d.range.startLine, character: d.range.startCol }, end: { line: d.range.endLine, character: d.range.endCol } },
      severity: SEVERITY[d.severity],
      source: 'Model Lens',
      message: d.message,
      ...(d.code ? { code: d.code } : {}),
    }));
    void connection.sendDiagnostics({ uri, diagnostics });
  }

  /** Diagnostics once typing pauses; in a notebook, every Python cell (a cell's analysis depends on those above it). */
  function scheduleDiagnostics(uris: readonly string[]): void {
    for (const uri of uris) {
      clearTimeout(diagnosticTimers.get(uri));
      diagnosticTimers.set(
        uri,
        setTimeout(() => {
          diagnosticTimers.delete(uri);
          void publishDiagnostics(uri);
        }, settings.debounceMs),
      );
    }
  }

  /**
   * Editors ask again for the lenses of the document that changed only; in a notebook an edit in one cell changes
   * what the others show (the cells below it, and a model's totals in the cell that made it). Once typing pauses,
   * the client is asked to fetch every lens again.
   */
  let lensRefresh: ReturnType<typeof setTimeout> | undefined;
  function refreshLensesSoon(): void {
    if (!canRefreshLenses) return;
    clearTimeout(lensRefresh);
    lensRefresh = setTimeout(() => void connection.sendRequest(CodeLensRefreshRequest.type), settings.debounceMs);
  }

  function allOpen(): string[] {
    return [...documents.files.keys(), ...documents.notebooks.cellTextDocuments.keys()];
  }

  connection.onInitialize((params): InitializeResult => {
    options = (params.initializationOptions ?? {}) as ModelLensInitOptions;
    const deadline = Number(options.analysisDeadlineMs);
    if (Number.isFinite(deadline) && deadline > 0) pool = new AnalysisPool(workerPath, deadline);
    else pool = new AnalysisPool(workerPath, DEFAULT_DEADLINE_MS);
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    showsHints = params.capabilities.textDocument?.inlayHint !== undefined;
    snippetEdits = params.capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // Every cell, markdown too: a cell's number as people see it counts them all ("line 1 of cell 3").
        notebookDocumentSync: { notebookSelector: [{ notebook: '*' }] },
        codeLensProvider: { resolveProvider: true },
        hoverProvider: true,
        inlayHintProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'model-lens' },
    };
  });

  connection.onInitialized(() => {
    void readSettings().then(() => scheduleDiagnostics(allOpen()));
  });

  connection.onDidChangeConfiguration(() => {
    void readSettings().then(() => {
      if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
      if (canRefreshHints) void connection.sendRequest(InlayHintRefreshRequest.type);
      scheduleDiagnostics(allOpen());
    });
  });

  // The client's choice of Keras per document: a changed choice re-analyzes that document (its version key changes).
  connection.onNotification(LspNotifications.kerasChoices, (params: KerasChoicesParams) => {
    const changed: string[] = [];
    for (const { uri, choice } of params.choices ?? []) {
      const now = documents.kerasChoices.get(uri);
      if (choice ? now?.version === choice.version && now.reason === choice.reason : now === undefined) continue;
      if (choice) documents.kerasChoices.set(uri, { version: choice.version === 2 ? 2 : 3, reason: String(choice.reason) });
      else documents.kerasChoices.delete(uri);
      changed.push(uri);
    }
    if (changed.length === 0) return;
    if (canRefreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    scheduleDiagnostics(changed.filter((uri) => documents.get(uri)));
  });

  documents.files.onDidChangeContent((e) => scheduleDiagnostics([e.document.uri]));
  documents.files.onDidClose((e) => forget(e.document.uri));
  documents.notebooks.onDidOpen((n) => scheduleDiagnostics(documents.pythonCells(n).map((c) => c.document.uri)));
  documents.notebooks.onDidChange((e) => {
    scheduleDiagnostics(documents.pythonCells(e.notebookDocument).map((c) => c.document.uri));
    refreshLensesSoon();
  });
  documents.notebooks.onDidClose((n) => {
    for (const cell of n.cells) forget(cell.document);
  });

  function forget(uri: string): void {
    clearTimeout(diagnosticTimers.get(uri));
    diagnosticTimers.delete(uri);
    lenses.delete(uri);
    pool.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A lens's command: its title, and for a model the extension's command with the document and the model's index. */
  function commandOf(uri: string, data: LensData): NonNullable<CodeLens['command']> {
    const args = data.command ? [uri, ...(data.args ?? [])] : undefined;
    return { title: data.title, command: data.command ?? '', ...(args ? { arguments: args } : {}), ...(data.tooltip ? { tooltip: data.tooltip } : {}) };
  }

  /**
   * Lenses come with their titles: VS Code waits at least 250 ms more before it resolves lenses without one, and
   * the titles cost nothing once the report is made (measured in code-server: keystroke → lens 1.1 s with resolve,
   * see bench/). codeLens/resolve still answers, for clients that place lenses first and ask for titles after.
   * No `workspace/codeLens/refresh` follows a file's analysis: VS Code (1.100) turns a refresh into its lens
   * scheduler's `schedule()`, which restarts the provide debounce (at least 250 ms) instead of shortening it, and
   * a changed title still waits for the resolve pass (at least 250 ms more). Measured with bench/keystroke.e2e.ts,
   * two runs each: median keystroke → lens 645 and 702 ms without, 718 and 767 ms with a refresh per analysis.
   */
  connection.onCodeLens(async ({ textDocument: { uri } }): Promise<CodeLens[]> => {
    if (!settings.codeLensEnabled) return [];
    const outcome = await ask<LensData[]>(uri, { op: 'lenses', editorCommands: options.editorCommands === true });
    if (!outcome) return [];
    // A version whose analysis stopped says so where its lenses would be.
    const all: readonly LensData[] = 'value' in outcome ? outcome.value : [{ line: 0, title: `Model Lens: ${outcome.stopped}` }];
    // With inlay hints alone, the layers' shapes are at their lines' ends and only the models keep a lens. With
    // both, a layer on a model lens's line is left to its hint (for a client that shows hints), so the model's lens
    // has its row to itself; with lenses alone it keeps its lens, in the model's row.
    const list = all.filter((l) => (settings.display === 'inlayHints' ? !l.layer : settings.display === 'both' ? !(showsHints && l.onModelLine) : true));
    lenses.set(uri, { version: outcome.version, list });
    return list.map((l, n) => ({
      range: { start: { line: l.line, character: 0 }, end: { line: l.line, character: 0 } },
      command: commandOf(uri, l),
      data: { uri, version: outcome.version, n } satisfies LensRef,
    }));
  });

  connection.onCodeLensResolve((lens): CodeLens => {
    if (lens.command) return lens;
    const ref = lens.data as LensRef | undefined;
    const kept = ref && lenses.get(ref.uri);
    const data = kept && kept.version === ref.version ? kept.list[ref.n] : undefined;
    return { ...lens, command: ref && data ? commandOf(ref.uri, data) : { title: '…', command: '' } };
  });

  connection.languages.inlayHint.on(async ({ textDocument: { uri }, range }): Promise<InlayHint[]> => {
    if (settings.display === 'codeLens') return [];
    const outcome = await ask<InlayHintData[]>(uri, { op: 'inlayHints' });
    if (!outcome || !('value' in outcome)) return [];
    return outcome.value
      .filter((h) => h.line >= range.start.line && h.line <= range.end.line)
      .map((h) => ({ position: { line: h.line, character: h.col }, label: h.label, tooltip: h.tooltip, paddingLeft: true }));
  });

  connection.onHover(async ({ textDocument: { uri }, position }) => {
    const doc = documents.get(uri);
    if (!doc) return null;
    const outcome = await ask<HoverContent | null>(uri, { op: 'hover', offset: doc.offsetAt(position) });
    if (!outcome || !('value' in outcome) || !outcome.value) return null;
    const { markdown, span } = outcome.value;
    return {
      contents: { kind: 'markdown', value: markdown },
      ...(span ? { range: { start: outcome.doc.positionAt(span.startIndex), end: outcome.doc.positionAt(span.endIndex) } } : {}),
    };
  });

  connection.onCodeAction(async ({ textDocument: { uri }, context }): Promise<CodeAction[]> => {
    const actions: CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Model Lens' || (diagnostic.code !== 'no-input-shape' && !TEXT_FIX_CODES.includes(String(diagnostic.code)))) continue;
      const code = String(diagnostic.code);
      const outcome = await ask<QuickFixData | QuickFixData[] | null>(uri, { op: 'fix', line: diagnostic.range.start.line, col: diagnostic.range.start.character, code });
      if (!outcome || !('value' in outcome) || !outcome.value) continue;
      // A shape lesson may have two fixes (insert a Reshape, move the Flatten): the first is preferred.
      const fixes = Array.isArray(outcome.value) ? outcome.value : [outcome.value];
      fixes.forEach((fix, i) => actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0, edit: inputShapeEdit(uri, outcome.doc, fix) }));
    }
    return actions;
  });

  /** The fix as an edit: where the client takes snippets, the shape is a placeholder left selected for the person to type. */
  function inputShapeEdit(uri: string, doc: TextDocument, fix: QuickFixData): CodeAction['edit'] {
    const at = { line: fix.line, character: fix.col };
    const range = { start: at, end: at };
    const position = (p: { line: number; col: number }) => ({ line: p.line, character: p.col });
    if (fix.edits) return { changes: { [uri]: fix.edits.map((e) => ({ range: { start: position(e.start), end: position(e.end) }, newText: e.text })) } };
    if (fix.complete) return { changes: { [uri]: [{ range, newText: fix.before }] } };
    if (!snippetEdits) return { changes: { [uri]: [{ range, newText: `${fix.before}…${fix.after}` }] } };
    const escape = (s: string) => s.replace(/[\\$}]/g, '\\$&');
    const edit: TextDocumentEdit = {
      textDocument: { uri, version: doc.version },
      edits: [{ range, snippet: { kind: 'snippet', value: `${escape(fix.before)}\${1:…}${escape(fix.after)}` } }],
    };
    return { documentChanges: [edit] };
  }

  function choiceOf(uri: string, params: { index?: number; position?: { line: number; character: number } }): ModelChoice {
    if (typeof params.index === 'number') return { index: params.index };
    const doc = documents.get(uri);
    if (!doc || !params.position) return {};
    return { offset: doc.offsetAt(params.position), line: params.position.line };
  }

  connection.onRequest(LspRequests.summary, async (params: SummaryParams): Promise<SummaryResult | null> => {
    const outcome = await ask<SummaryResult | null>(params.uri, { op: 'summary', choice: choiceOf(params.uri, params) });
    return outcome && 'value' in outcome ? outcome.value : null;
  });

  connection.onRequest(LspRequests.models, async (params: ModelsParams): Promise<ModelsResult> => {
    const outcome = await ask<ModelsResult>(params.uri, { op: 'models', choice: choiceOf(params.uri, params) });
    if (!outcome) return { models: [] };
    return 'value' in outcome ? outcome.value : { models: [], stopped: outcome.stopped };
  });

  /** A query about exactly the version the client has: `stale` when this server's copy is at another one. */
  async function askAt<T>(uri: string, version: number, query: Query): Promise<Versioned<T>> {
    if (documents.get(uri)?.version !== version) return { stale: true };
    const outcome = await ask<T>(uri, query);
    if (!outcome) return { stale: true };
    return 'value' in outcome ? outcome.value : { stopped: outcome.stopped };
  }

  connection.onRequest(LspRequests.designerState, async (params: DesignerStateParams): Promise<Versioned<DesignerStateResult>> => {
    if (params.uri === undefined || params.version === undefined) return { state: designerState(undefined, '', undefined, {}) };
    return askAt<DesignerStateResult>(params.uri, params.version, { op: 'designerState', params });
  });

  connection.onRequest(LspRequests.designerEdit, (params: DesignerEditParams<DesignerEdit>): Promise<Versioned<DesignerEditResult>> =>
    askAt<DesignerEditResult>(params.uri, params.version, { op: 'designerEdit', edit: params.edit }),
  );

  connection.onRequest(LspRequests.layerRange, (params: LayerRangeParams): Promise<Versioned<LayerRangeResult>> =>
    askAt<LayerRangeResult>(params.uri, params.version, { op: 'layerRange', model: params.model, layer: params.layer, name: String(params.name) }),
  );

  connection.onRequest(LspRequests.trainPlan, (params: TrainPlanParams<PlanOptions>): Promise<Versioned<TrainPlanResult>> =>
    askAt<TrainPlanResult>(params.uri, params.version, { op: 'trainPlan', options: params.options }),
  );

  connection.onShutdown(() => pool.dispose());
  documents.listen(connection);
  connection.listen();
}
