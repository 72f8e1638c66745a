/**
 * The Model designer side panel's host: follows the Python editor (document and cursor), sends the panel what
 * to show (built by the core), and turns the panel's requests into source edits. Every message from the
 * webview is checked (`parseDesignerMessage`) before anything acts on it; malformed ones are dropped and
 * logged. Edits run one at a time.
 */
import * as vscode from 'vscode';
import { kindOfLanguage } from '../../core/languages';
import type { DesignerEdit } from '../../core/designer/edits/designer-edits';
import { DESIGNER_VIEW_ID, parseDesignerMessage, type HostMessage, type LayerRef, type StarterKind, type WebviewMessage } from '../../shared/designer-protocol';
import { LspRequests, type DesignerStateParams, type DesignerStateResult, type LayerRangeParams, type LayerRangeResult, type Versioned } from '../../shared/lsp-protocol';
import type { ModelLensClient } from '../language-client';
import { documentName, NOTEBOOK_CELL_SCHEME } from '../notebook-cells';
import { applyDesignerEdit, type EditOutcome } from './apply-edit';
import { HeadTexts } from './git-baseline';
import { webviewAssets, webviewHtml } from '../webview-html';

/** How long the cursor must rest before the panel follows it (ms). */
const CURSOR_SETTLE_MS = 80;

function preview(raw: unknown): string {
  try {
    const text = JSON.stringify(raw);
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(raw);
  }
}

/** Where the designer is shown: the side panel's view, or an editor-area panel adapted to it (graph-panel.ts). */
export type DesignerHostView = Pick<vscode.WebviewView, 'webview' | 'visible' | 'onDidChangeVisibility' | 'onDidDispose'>;

export class DesignerViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  /** The view's lifetime: disposed with the view (or with the provider). */
  private view: DesignerHostView | undefined;
  private viewSubscriptions: vscode.Disposable[] = [];
  /** The provider's lifetime: editor tracking and the log. */
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly log: vscode.LogOutputChannel;
  /** The model source (Python, notebook cell, TF.js) the panel follows: the active editor's. */
  private document: vscode.TextDocument | undefined;
  /** The active editor's file when it is no model source: the panel says so rather than show another file's model. */
  private otherFile: string | undefined;
  /** A model chosen in the picker or with "Open in Designer"; the cursor entering another model clears it. */
  private pinnedModel: number | undefined;
  /** The cursor moved since the model was pinned: the next state unpins it if the cursor is in another model. */
  private cursorMovedSincePin = false;
  private cursorOffset: number | undefined;
  /** The webview has loaded its script and can take messages. */
  private ready = false;
  private refreshing: vscode.CancellationTokenSource | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  /** What was last sent, so a cursor move within one layer sends nothing. */
  private lastSent: string | undefined;
  private edits: Promise<void> = Promise.resolve();
  /** The document whose model is compared with its version in git HEAD ("what changed"), if any. */
  private comparing: string | undefined;
  private readonly heads = new HeadTexts();
  /** When the shown document was last typed in: a refresh lets typing pause before it asks. */
  private lastEdit = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: ModelLensClient,
    /** How long typing must pause before the panel asks for the new version's state. */
    private readonly debounceMs: () => number,
    /** Shared with the side panel by an editor-area panel (which then does not own it). */
    log?: vscode.LogOutputChannel,
  ) {
    this.log = log ?? vscode.window.createOutputChannel('Model Lens Designer', { log: true });
    if (!log) this.subscriptions.push(this.log);
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMoved(e)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && this.document && (e.document === this.document || sameNotebook(e.document, this.document))) {
          this.lastEdit = Date.now();
          void this.refresh(true);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d !== this.document) return;
        this.document = undefined;
        this.pinnedModel = undefined;
        void this.refresh(false);
      }),
    );
    this.follow(vscode.window.activeTextEditor);
  }

  resolveWebviewView(view: DesignerHostView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    view.webview.options = { enableScripts: true, localResourceRoots: [webviewAssets(this.extensionUri)] };
    view.webview.html = webviewHtml(view.webview, this.extensionUri, 'designer', 'Model designer');
    this.viewSubscriptions.push(
      view.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      view.onDidChangeVisibility(() => {
        // Shown again: bring it up to date. (A page VS Code reloaded also says `webview/ready`, which does the same.)
        if (!view.visible) return;
        this.lastSent = undefined;
        void this.refresh(false);
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.disposeView();
      }),
    );
  }

  /** "Open in Designer": show model `index` of `uri` (or the model at the cursor). */
  async open(uri?: vscode.Uri, index?: number): Promise<void> {
    if (uri) {
      const document = await vscode.workspace.openTextDocument(uri);
      if (document !== this.document) this.cursorOffset = undefined;
      this.document = document;
    }
    this.pinnedModel = index;
    this.cursorMovedSincePin = false;
    this.lastSent = undefined;
    await vscode.commands.executeCommand(`${DESIGNER_VIEW_ID}.focus`);
    await this.refresh(false);
  }

  /** "New model": a starter at the cursor of the Python editor. */
  async newModel(kind?: StarterKind): Promise<void> {
    let starter = kind;
    if (!starter) {
      // The starters are the server's (the designer state without a document lists them).
      const empty = await this.client.request<DesignerStateParams, Versioned<DesignerStateResult>>(LspRequests.designerState, {});
      const starters = 'state' in empty ? empty.state.starters : [];
      const picked = await vscode.window.showQuickPick(
        starters.map((s) => ({ label: s.title, detail: s.detail, starter: s.kind })),
        { title: 'Model Lens: New Model', placeHolder: 'Insert a starter model at the cursor' },
      );
      starter = picked?.starter;
    }
    if (!starter) return;
    const outcome = await this.insertStarter(starter);
    if (!outcome.ok) void vscode.window.showWarningMessage(`Model Lens: ${outcome.message}`);
  }

  // ------------------------------------------------------------------ following the editor

  private follow(editor: vscode.TextEditor | undefined): void {
    // Focus moving to the panel or the output keeps the last document; another file in the editor is said plainly.
    if (!editor || !['file', 'untitled', NOTEBOOK_CELL_SCHEME, 'vscode-remote'].includes(editor.document.uri.scheme)) return;
    if (kindOfLanguage(editor.document.languageId).kind === 'none') {
      this.otherFile = documentName(editor.document);
      this.document = undefined;
      this.pinnedModel = undefined;
      void this.refresh(false);
      return;
    }
    this.otherFile = undefined;
    if (editor.document !== this.document) {
      this.document = editor.document;
      this.pinnedModel = undefined;
    }
    this.cursorOffset = editor.document.offsetAt(editor.selection.active);
    void this.refresh(true);
  }

  private cursorMoved(e: vscode.TextEditorSelectionChangeEvent): void {
    if (e.textEditor.document !== this.document) {
      if (e.textEditor === vscode.window.activeTextEditor) this.follow(e.textEditor);
      return;
    }
    this.cursorOffset = e.textEditor.document.offsetAt(e.selections[0].active);
    if (this.pinnedModel !== undefined) this.cursorMovedSincePin = true;
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      this.cursorTimer = undefined;
      // While typing, the cursor moves with every key: the change's own refresh (after the pause) follows.
      if (this.document && Date.now() - this.lastEdit >= this.debounceMs()) void this.refresh(false);
    }, CURSOR_SETTLE_MS);
  }

  /** Sends the panel the current state (after typing settles, unless `settle` is false). */
  private async refresh(settle: boolean): Promise<void> {
    if (!this.view || !this.ready || !this.view.visible) return;
    this.refreshing?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.refreshing = source;
    try {
      const document = this.document;
      const waitMs = this.lastEdit + this.debounceMs() - Date.now();
      if (document && settle && waitMs > 0 && !(await sleep(waitMs, source.token))) return;
      const version = document?.version;
      const info: DesignerStateParams['info'] = document && {
        uri: document.uri.toString(),
        fileName: documentName(document),
        version: document.version,
        tfjs: isTfjs(document),
      };
      const pinned = this.pinnedModel;
      const unpinOutside = this.cursorMovedSincePin;
      // "What changed": the file's text in git HEAD goes with the request; the server analyzes and compares it.
      let compare: DesignerStateParams['compare'];
      let headNote: string | undefined;
      if (document && info && this.comparing === info.uri) {
        const head = await this.heads.get(document.uri);
        if (source.token.isCancellationRequested) return;
        if (head.ok) compare = { text: head.text, against: 'HEAD' };
        headNote = head.ok ? head.note : head.reason;
      }
      const params: DesignerStateParams = { uri: info?.uri, version, info, model: pinned, cursorOffset: this.cursorOffset, unpinOutside, compare };
      const answer = await this.client.request<DesignerStateParams, Versioned<DesignerStateResult>>(LspRequests.designerState, params);
      if (source.token.isCancellationRequested) return;
      // A state for an older version is not sent: the change that made it old brings its own refresh.
      if ('stale' in answer || document?.version !== version) return;
      if ('state' in answer && this.pinnedModel === pinned) {
        this.pinnedModel = answer.model;
        if (unpinOutside) this.cursorMovedSincePin = false;
      }
      // An analysis stopped at the deadline: the panel says why instead of showing a model.
      let state = 'state' in answer ? answer.state : { models: [], palette: [], starters: [], empty: `Model Lens: ${answer.stopped}.` };
      if (!document && this.otherFile) state = { ...state, empty: `${this.otherFile} is not a Keras (Python) or TensorFlow.js file, so it has no model to show.` };
      if (document && info && this.comparing === info.uri) state = { ...state, comparing: 'HEAD', diffNote: headNote ?? state.diffNote };
      const key = `${info?.uri}@${info?.version}:${state.model?.ref.model}:${state.cursorLayer}:${state.empty ?? ''}:${state.comparing ? JSON.stringify([state.model?.diff, state.diffNote]) : ''}`;
      if (key === this.lastSent) return;
      this.lastSent = key;
      this.send({ type: 'model/didChange', state });
    } catch (error) {
      this.log.error(`could not update the designer: ${(error as Error).stack ?? error}`);
    } finally {
      if (this.refreshing === source) this.refreshing = undefined;
      source.dispose();
    }
  }

  private send(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  // ------------------------------------------------------------------ requests from the panel

  private receive(raw: unknown): void {
    const message = parseDesignerMessage(raw);
    if (!message) {
      this.log.warn(`dropped a malformed message from the designer webview: ${preview(raw)}`);
      return;
    }
    switch (message.type) {
      case 'webview/ready':
        this.ready = true;
        this.lastSent = undefined;
        void this.refresh(false);
        return;
      case 'designer/selectModel':
        if (this.document?.uri.toString() !== message.uri) return;
        this.pinnedModel = message.model;
        this.cursorMovedSincePin = false;
        void this.refresh(false);
        return;
      case 'designer/revealLayer':
        void this.revealLayer(message.target);
        return;
      case 'designer/undo':
        void this.undo(message.uri);
        return;
      case 'designer/export':
        void this.exportGraph(message);
        return;
      case 'designer/compare':
        this.comparing = message.on ? message.uri : undefined;
        this.heads.forget(message.uri);
        this.lastSent = undefined;
        void this.refresh(false);
        return;
      default:
        this.edits = this.edits.then(() => this.edit(message));
    }
  }

  private documentFor(uri: string): vscode.TextDocument | undefined {
    return this.document?.uri.toString() === uri ? this.document : undefined;
  }

  private editorFor(document: vscode.TextDocument): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active?.document === document) return active;
    return vscode.window.visibleTextEditors.find((e) => e.document === document);
  }

  private async edit(message: Exclude<WebviewMessage, { type: 'webview/ready' | 'designer/selectModel' | 'designer/revealLayer' | 'designer/undo' | 'designer/export' | 'designer/compare' }>): Promise<void> {
    let outcome: EditOutcome;
    try {
      if (message.type === 'designer/newModel') {
        outcome = await this.insertStarter(message.starter);
      } else {
        const document = this.documentFor(message.target.uri);
        if (!document) {
          outcome = { ok: false, message: 'That file is no longer the one the panel shows.' };
        } else {
          outcome = await applyDesignerEdit(document, this.client, message.target.version, this.toEdit(message));
          if (outcome.ok && outcome.changed) this.editorFor(document)?.revealRange(outcome.changed, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
      }
    } catch (error) {
      this.log.error(`designer edit failed: ${(error as Error).stack ?? error}`);
      outcome = { ok: false, message: `The edit failed: ${(error as Error).message}` };
    }
    if (!outcome.ok) this.log.info(`refused ${message.type}: ${outcome.message}`);
    this.send({ type: 'designer/didEdit', requestId: message.requestId, ok: outcome.ok, message: outcome.message, undoable: outcome.undoable });
    this.lastSent = undefined;
    await this.refresh(false);
  }

  private toEdit(message: Exclude<WebviewMessage, { type: 'webview/ready' | 'designer/selectModel' | 'designer/revealLayer' | 'designer/undo' | 'designer/newModel' | 'designer/export' | 'designer/compare' }>): DesignerEdit {
    if (message.type === 'designer/addLayer') {
      const t = message.target;
      return { kind: 'addLayer', model: t.model, fingerprint: t.fingerprint, index: message.index, className: message.className, args: message.args, edge: message.edge };
    }
    const t = message.target;
    const target = { model: t.model, layer: t.layer, className: t.className, name: t.name };
    switch (message.type) {
      case 'designer/editArgument':
        return { kind: 'setArgument', target, argument: message.argument, value: message.value };
      case 'designer/resetArgument':
        return { kind: 'resetArgument', target, argument: message.argument };
      case 'designer/deleteLayer':
        return { kind: 'deleteLayer', target, fingerprint: t.fingerprint };
      case 'designer/addOutput':
        return { kind: 'addOutput', target, fingerprint: t.fingerprint };
      case 'designer/merge':
        return { kind: 'mergeInto', other: target, fingerprint: t.fingerprint, edge: message.edge, className: message.className };
      case 'designer/moveLayer':
        return { kind: 'moveLayer', target, fingerprint: t.fingerprint, to: message.to };
    }
  }

  private async insertStarter(starter: StarterKind): Promise<EditOutcome> {
    const active = vscode.window.activeTextEditor;
    const editor = active?.document.languageId === 'python' ? active : this.document?.languageId === 'python' ? this.editorFor(this.document) : undefined;
    if (!editor) return { ok: false, message: 'Open a Python file and put the cursor where the model should go.' };
    const document = editor.document;
    const offset = document.offsetAt(editor.selection.active);
    const outcome = await applyDesignerEdit(document, this.client, undefined, { kind: 'newModel', offset, starter });
    if (outcome.ok && outcome.changed) {
      // Put the cursor in the new model so the panel shows it.
      const start = outcome.changed.start;
      editor.selection = new vscode.Selection(start, start);
      editor.revealRange(outcome.changed, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      this.document = document;
      this.pinnedModel = undefined;
      this.cursorOffset = document.offsetAt(start);
    }
    return outcome;
  }

  private async revealLayer(target: LayerRef): Promise<void> {
    const document = this.documentFor(target.uri);
    if (!document) return;
    const version = document.version;
    const params: LayerRangeParams = { uri: target.uri, version, model: target.model, layer: target.layer, name: target.name };
    const answer = await this.client.request<LayerRangeParams, Versioned<LayerRangeResult>>(LspRequests.layerRange, params);
    // The server says null for a layer written in another notebook cell: it has no place in this cell's document.
    if (!answer || 'stale' in answer || 'stopped' in answer || document.version !== version) return;
    const range = new vscode.Range(document.positionAt(answer.start), document.positionAt(answer.end));
    const editor = this.editorFor(document) ?? (await vscode.window.showTextDocument(document, { preserveFocus: true, preview: false }));
    // Keep the keyboard in the panel: select the layer's call in the editor and scroll to it.
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  /** Saves the graph's picture where the person says (beside the model's file by default). */
  private async exportGraph(message: Extract<WebviewMessage, { type: 'designer/export' }>): Promise<void> {
    const document = this.documentFor(message.uri);
    const stem = (document?.uri.path.split('/').pop() ?? 'model').replace(/\.[^.]*$/, '');
    const safeModel = message.model.replace(/[^\w.-]+/g, '_');
    const folder = document && document.uri.scheme === 'file' ? vscode.Uri.joinPath(document.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${stem}-${safeModel}.${message.format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: message.format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: 'Model Lens: Export the model graph',
    });
    if (!target) {
      this.send({ type: 'designer/didEdit', requestId: message.requestId, ok: true, message: 'Export cancelled.' });
      return;
    }
    try {
      const bytes = message.format === 'svg' ? new TextEncoder().encode(message.data) : Buffer.from(message.data, 'base64');
      await vscode.workspace.fs.writeFile(target, bytes);
      this.send({ type: 'designer/didEdit', requestId: message.requestId, ok: true, message: `Saved the graph to ${vscode.workspace.asRelativePath(target)}.` });
    } catch (error) {
      this.send({ type: 'designer/didEdit', requestId: message.requestId, ok: false, message: `Could not save the graph: ${(error as Error).message}` });
    }
  }

  private async undo(uri: string): Promise<void> {
    const document = this.documentFor(uri);
    if (!document) return;
    const editor = this.editorFor(document);
    await vscode.window.showTextDocument(document, { viewColumn: editor?.viewColumn, preserveFocus: false, preview: false });
    await vscode.commands.executeCommand('undo');
    this.send({ type: 'designer/didEdit', requestId: 0, ok: true, message: 'Undone (Ctrl+Y or Ctrl+Shift+Z in the editor redoes it).' });
  }

  // ------------------------------------------------------------------ lifetime

  private disposeView(): void {
    for (const d of this.viewSubscriptions) d.dispose();
    this.viewSubscriptions = [];
    this.view = undefined;
    this.ready = false;
  }

  dispose(): void {
    this.disposeView();
    this.refreshing?.cancel();
    if (this.cursorTimer) clearTimeout(this.cursorTimer);
    for (const d of this.subscriptions) d.dispose();
  }
}

/** Resolves true after `ms`, or false as soon as the token is cancelled. */
function sleep(ms: number, token: vscode.CancellationToken): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve(true);
    }, ms);
    const sub = token.onCancellationRequested(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve(false);
    });
  });
}

function isTfjs(document: vscode.TextDocument): boolean {
  return kindOfLanguage(document.languageId).kind === 'tfjs';
}

/** Two cells of one notebook: a change in a cell above changes what the cells below it show. */
function sameNotebook(a: vscode.TextDocument, b: vscode.TextDocument): boolean {
  return a.uri.scheme === NOTEBOOK_CELL_SCHEME && b.uri.scheme === NOTEBOOK_CELL_SCHEME && a.uri.path === b.uri.path;
}
