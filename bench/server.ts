/**
 * Section 5: the language server (`node dist/cli.js lsp`, the same server the extension starts), driven over stdio
 * by the plain LSP client of the integration test: start time (spawn to the initialize answer), the lenses of
 * each example once opened (cold: the worker loads the parsers first), an edit's round trip (didChange, then
 * codeLens), and the server process's memory with every example open (resident set, worker thread included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification, DidOpenNotebookDocumentNotification, NotebookCellKind } from 'vscode-languageserver-protocol/node';
import { notebookCodeCells } from '../src/core/python/notebook';
import { lensTitles, open, startServer, type Server } from '../test/integration/lsp-client';
import { stats, type Stats } from './stats';

export interface ServerFigures {
  readonly startMs: Stats;
  readonly firstLensesMs: { readonly file: string; readonly ms: number; readonly lenses: number }[];
  readonly editToLensMs: Stats;
  readonly rssMb: number;
  readonly openFiles: number;
}

const LANGUAGES: Readonly<Record<string, string>> = { py: 'python', js: 'javascript', ts: 'typescript' };

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Opens an example; a notebook through notebook sync. Returns the URIs whose lenses to ask for. */
async function openExample(server: Server, file: string): Promise<string[]> {
  const text = readFileSync(join('examples', file), 'utf8');
  const uri = `file:///bench/${file}`;
  if (!file.endsWith('.ipynb')) {
    await open(server, uri, text, LANGUAGES[file.split('.').pop() ?? 'py'] ?? 'python');
    return [uri];
  }
  const cells = notebookCodeCells(text).map((c) => ({ uri: `vscode-notebook-cell:/bench/${file}#${c.index}`, text: c.text }));
  await server.connection.sendNotification(DidOpenNotebookDocumentNotification.type, {
    notebookDocument: { uri, notebookType: 'jupyter-notebook', version: 1, cells: cells.map((c) => ({ kind: NotebookCellKind.Code, document: c.uri })) },
    cellTextDocuments: cells.map((c) => ({ uri: c.uri, languageId: 'python', version: 1, text: c.text })),
  });
  return cells.map((c) => c.uri);
}

export async function benchServer(starts = 5, edits = 30): Promise<ServerFigures> {
  const startMs: number[] = [];
  for (let i = 0; i < starts; i++) {
    const t0 = performance.now();
    const s = await startServer();
    startMs.push(performance.now() - t0);
    await s.stop();
  }
  const server = await startServer({ editorCommands: true });
  try {
    const firstLensesMs: ServerFigures['firstLensesMs'] = [];
    const files = readdirSync('examples').filter((f) => /\.(py|js|ts|ipynb)$/.test(f)).sort();
    for (const file of files) {
      const t0 = performance.now();
      let lenses = 0;
      for (const uri of await openExample(server, file)) lenses += (await lensTitles(server, uri)).length;
      firstLensesMs.push({ file, ms: performance.now() - t0, lenses });
    }
    // An edit's round trip: Dense(256 ...) in fashion_mnist.py takes another unit count, then the lenses are asked for.
    const uri = 'file:///bench/fashion_mnist.py';
    const lines = readFileSync('examples/fashion_mnist.py', 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('Dense(256'));
    const character = lines[line].indexOf('256');
    const editMs: number[] = [];
    let previous = '256';
    for (let i = 0; i < edits; i++) {
      const next = String(100 + i);
      const t0 = performance.now();
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 + i },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + previous.length } }, text: next }],
      });
      const titles = await lensTitles(server, uri);
      editMs.push(performance.now() - t0);
      if (!titles.some((t) => t.title.includes(`${(784 * Number(next) + Number(next)).toLocaleString('en-US')} params`))) throw new Error(`no lens for Dense(${next})`);
      previous = next;
    }
    return { startMs: stats(startMs), firstLensesMs, editToLensMs: stats(editMs), rssMb: rssMb(server.child.pid!), openFiles: files.length };
  } finally {
    await server.stop();
  }
}
