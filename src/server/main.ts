/**
 * The language server's entry (dist/server.js): started by the VS Code extension over IPC, or by any editor
 * with `--stdio`. `model-lens lsp` starts the same server from the CLI.
 */
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

/** The analysis worker's bundle, beside this one in dist/. */
const WORKER_BUNDLE = join(__dirname, 'analysis-worker.js');

startServer(createConnection(ProposedFeatures.all), WORKER_BUNDLE);
