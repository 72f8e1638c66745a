/**
 * The extension's side of the language server (dist/server.js, src/server/): lenses, hover, diagnostics and quick
 * fixes come from the server, which analyzes in its own process under a deadline, so no analysis runs on the
 * extension host for them. Commands and webviews ask the server through the typed requests of
 * src/shared/lsp-protocol.ts.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { MODEL_LANGUAGES } from '../core/documents';
import { LspRequests, type ModelLensInitOptions, type SummaryParams, type SummaryResult } from '../shared/lsp-protocol';

export class ModelLensClient implements vscode.Disposable {
  private readonly client: LanguageClient;
  readonly started: Promise<void>;

  constructor(extensionUri: vscode.Uri) {
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
    };
    this.client = new LanguageClient('modelLens', 'Model Lens', serverOptions, clientOptions);
    this.started = this.client.start();
  }

  /** The summary of a model (see SummaryParams), or null when the document has none. */
  async summary(params: SummaryParams): Promise<SummaryResult | null> {
    await this.started;
    return this.client.sendRequest<SummaryResult | null>(LspRequests.summary, params);
  }

  dispose(): void {
    void this.client.stop();
  }
}
