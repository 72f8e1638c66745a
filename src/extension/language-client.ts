/**
 * The extension's side of the language server (dist/server.js, src/server/): lenses, hover, diagnostics and quick
 * fixes come from the server, which analyzes in its own process under a deadline, so no analysis runs on the
 * extension host for them. Commands and webviews ask the server through the typed requests of
 * src/shared/lsp-protocol.ts.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { MODEL_LANGUAGES } from '../core/languages';
import { LspNotifications, LspRequests, type KerasChoiceInfo, type KerasChoicesParams, type ModelLensInitOptions, type ModelsParams, type ModelsResult, type SummaryParams, type SummaryResult } from '../shared/lsp-protocol';

/** The Keras a document follows as the editor decides it (keras-version.ts); undefined for TF.js and other files. */
export type KerasChoiceOf = (document: vscode.TextDocument) => KerasChoiceInfo | undefined;

export class ModelLensClient implements vscode.Disposable {
  private readonly client: LanguageClient;
  readonly started: Promise<void>;
  /** The choice last sent per document URI, so only changes are sent. */
  private readonly sent = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(extensionUri: vscode.Uri, private readonly kerasFor: KerasChoiceOf = () => undefined) {
    const module = vscode.Uri.joinPath(extensionUri, 'dist', 'server.js').fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy'] } },
    };
    const initializationOptions: ModelLensInitOptions = { editorCommands: true };
    const clientOptions: LanguageClientOptions = {
      // Files and untitled buffers of the model languages; notebook cells are synced as notebooks (the server asks for them).
      documentSelector: [
        ...MODEL_LANGUAGES.flatMap((language) => [
          { scheme: 'file', language },
          { scheme: 'untitled', language },
        ]),
        { scheme: 'vscode-notebook-cell', language: 'python' },
      ],
      synchronize: { configurationSection: 'modelLens' },
      initializationOptions,
      // The server's own failures are written to its output channel, never as pop-ups over the person's work.
      revealOutputChannelOn: 4 /* RevealOutputChannelOn.Never */,
      // The server learns a file's Keras before it first analyzes it.
      middleware: {
        // The client is running when it opens a document: send at once (awaiting `started` here could wait on itself).
        didOpen: async (document, next) => {
          await this.sendKerasChoices([document], false);
          return next(document);
        },
      },
    };
    this.client = new LanguageClient('modelLens', 'Model Lens', serverOptions, clientOptions);
    this.started = this.client.start();
    this.disposables.push(vscode.workspace.onDidOpenNotebookDocument((notebook) => void this.sendKerasChoices(notebook.getCells().map((c) => c.document))));
    void this.started.then(() => this.sendKerasChoices());
  }

  /**
   * Tells the server which Keras the given documents (default: every open one, notebook cells included) follow,
   * for those whose choice changed since last sent: the Python extension's interpreter and a notebook's saved
   * outputs are facts only the editor has.
   */
  async sendKerasChoices(documents: readonly vscode.TextDocument[] = vscode.workspace.textDocuments, waitForStart = true): Promise<void> {
    const choices: { uri: string; choice: KerasChoiceInfo | null }[] = [];
    for (const document of documents) {
      const uri = document.uri.toString();
      const choice = this.kerasFor(document) ?? null;
      const key = choice ? `${choice.version} ${choice.reason}` : '';
      if ((this.sent.get(uri) ?? '') === key) continue;
      this.sent.set(uri, key);
      choices.push({ uri, choice });
    }
    if (choices.length === 0) return;
    if (waitForStart) await this.started;
    await this.client.sendNotification(LspNotifications.kerasChoices, { choices } satisfies KerasChoicesParams);
  }

  /** The summary of a model (see SummaryParams), or null when the document has none. */
  async summary(params: SummaryParams): Promise<SummaryResult | null> {
    await this.started;
    return this.client.sendRequest<SummaryResult | null>(LspRequests.summary, params);
  }

  /** The models of a document and the one at a position (the choice of model for training). */
  async models(params: ModelsParams): Promise<ModelsResult> {
    await this.started;
    return this.client.sendRequest<ModelsResult>(LspRequests.models, params);
  }

  /**
   * A typed custom request about a document's exact version (src/shared/lsp-protocol.ts): the designer's and the
   * training plan's questions, answered from the server's report so the extension host parses nothing.
   */
  async request<P, R>(method: (typeof LspRequests)[keyof typeof LspRequests], params: P): Promise<R> {
    await this.started;
    return this.client.sendRequest<R>(method, params);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.client.stop();
  }
}
