/**
 * What one edit costs the language server: for each example, the 5,000-comment-line file and larger
 * generated files, `didChange` then `codeLens` over stdio (`node dist/cli.js lsp`), so each round trip is one
 * analysis of a new version in the worker thread plus the lenses (the same work the diagnostics of that version
 * need). The figures the diagnostics debounce (`modelLens.analysis.debounceMs`) is chosen from; see BENCHMARKS.md.
 *
 *   node esbuild.mjs && node --import tsx bench/edit-analysis.ts [edits per file, default 20]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { lensTitles, open, startServer } from '../test/integration/lsp-client';
import { mixedFile, sequentialModel } from './generate';
import { ms, stats, table } from './stats';

const LANGUAGES: Readonly<Record<string, string>> = { py: 'python', js: 'javascript', ts: 'typescript' };
const COMMENT_FILE = 'x = 1\n' + ('# ' + 'x'.repeat(98) + '\n').repeat(5000) + 'import keras\nmodel = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(4)])\n';

async function main(): Promise<void> {
  const edits = Number(process.argv[2] ?? 20);
  const files: { name: string; text: string; language: string }[] = readdirSync('examples')
    .filter((f) => /\.(py|js|ts)$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join('examples', f), 'utf8'), language: LANGUAGES[f.split('.').pop() ?? 'py'] ?? 'python' }));
  files.push(
    { name: '5,000 comment lines (issue 14)', text: COMMENT_FILE, language: 'python' },
    { name: 'Sequential, 1,000 layers', text: sequentialModel(1000), language: 'python' },
    { name: 'mixed file, 2,000 lines', text: mixedFile(2000), language: 'python' },
  );
  const server = await startServer({ editorCommands: true });
  const rows: string[][] = [];
  try {
    for (const [i, file] of files.entries()) {
      const uri = `file:///bench/edit-${i}.${file.language === 'python' ? 'py' : file.language === 'javascript' ? 'js' : 'ts'}`;
      await open(server, uri, file.text, file.language);
      await lensTitles(server, uri); // the first analysis loads the parser: not an edit's cost
      const line = file.text.split('\n').length - 1;
      const times: number[] = [];
      for (let n = 0; n < edits; n++) {
        // A space typed at the end of the file, then taken back: a new version each time, the model unchanged.
        const change = n % 2 === 0
          ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }
          : { range: { start: { line, character: 0 }, end: { line, character: 1 } }, text: '' };
        const t0 = performance.now();
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 + n }, contentChanges: [change] });
        await lensTitles(server, uri);
        times.push(performance.now() - t0);
      }
      const s = stats(times);
      rows.push([file.name, String(file.text.split('\n').length), ms(s.median), ms(s.p95), ms(Math.max(...times))]);
    }
  } finally {
    await server.stop();
  }
  console.log(table(['file', 'lines', 'edit → analyzed median ms', 'p95 ms', 'max ms'], rows));
}

void main();
