/**
 * A plain LSP client over stdio for `node dist/cli.js lsp`, as Neovim or Helix would be: no VS Code. Used by
 * test/integration/lsp-stdio.test.ts and by the server's benchmark (bench/server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  createProtocolConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeLens,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ModelLensInitOptions } from '../../src/shared/lsp-protocol';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');

export interface Server {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly capabilities: InitializeResult['capabilities'];
  /** The diagnostics last pushed for each URI, and a way to wait for the next push that passes a check. */
  readonly diagnostics: Map<string, Diagnostic[]>;
  waitForDiagnostics(uri: string, ok: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  stop(): Promise<void>;
}

export async function startServer(options: ModelLensInitOptions = {}, capabilities: ClientCapabilities = {}): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; ok: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics: list }) => {
    diagnostics.set(uri, list);
    for (const w of waiters.splice(0)) {
      if (w.uri === uri && w.ok(list)) w.resolve(list);
      else waiters.push(w);
    }
  });
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } }, ...capabilities },
    initializationOptions: options,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    child,
    connection,
    capabilities: init.capabilities,
    diagnostics,
    waitForDiagnostics(uri, ok) {
      const now = diagnostics.get(uri);
      if (now && ok(now)) return Promise.resolve(now);
      return new Promise((resolve) => waiters.push({ uri, ok, resolve }));
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      connection.dispose();
    },
  };
}

export async function open(server: Server, uri: string, text: string, languageId = 'python'): Promise<void> {
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
}

/** The lenses of a document with their titles filled in by codeLens/resolve. */
export async function lensTitles(server: Server, uri: string): Promise<{ line: number; title: string; command: string }[]> {
  const lenses = (await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const resolved: CodeLens[] = [];
  for (const lens of lenses) resolved.push(await server.connection.sendRequest(CodeLensResolveRequest.type, lens));
  return resolved.map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '', command: l.command?.command ?? '' }));
}
