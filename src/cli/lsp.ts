/**
 * `model-lens lsp`: the language server over stdio, for Neovim, Helix, Zed, Emacs and any other LSP editor.
 */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server/server';

/** Serves until the client exits; stdout carries the protocol, so anything logged goes to stderr. */
export function runLanguageServer(): Promise<number> {
  console.log = console.error;
  console.info = console.error;
  // The analysis worker's bundle is beside the CLI's in dist/.
  startServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), join(__dirname, 'analysis-worker.js'));
  // The connection ends the process on `exit`; until then the CLI does not finish.
  return new Promise(() => undefined);
}
