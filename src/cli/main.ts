/**
 * `model-lens summary FILE [--json]`: the same analysis the editor shows, in a terminal or CI.
 */
import { analyzeDocument, fileLocator, fileSource, initParsersFor, kindOfFile, type DocumentSource } from '../core/documents';
import { toJsonReport, stringifyJson } from '../core/report/json';
import { formatSummary } from '../core/report/summary';
import { NotebookFormatError } from '../core/python/notebook';
import { readSourceFile } from './read-source';
import { runLanguageServer } from './lsp';
import { runTrain, TRAIN_USAGE } from './train';

const USAGE = `Usage: model-lens summary FILE... [--json]

  summary   Print each Keras model in FILE the way model.summary() does
            (Python, notebooks, and TensorFlow.js .js/.mjs/.cjs/.ts/.tsx files).
  --json    Print a machine-readable report instead (see README: "CLI").
            Exits 1 when a file cannot be read or has an error (a shape error Keras would raise).

       model-lens train FILE [--epochs N] [--batch-size N] [--limit N] [--backend B] [--json]

  train     Train the model in FILE (Python, a notebook or TF.js) with TensorFlow.js
            (model-lens train --help for all options).

       model-lens lsp [--stdio]

  lsp       Run the language server over stdio (lenses, hover, diagnostics, quick fixes)
            for any editor that speaks LSP (README: "Other editors").`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(USAGE + '\n');
    return command === undefined ? 2 : 0;
  }
  if (command === 'train') {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(TRAIN_USAGE + '\n');
      return 0;
    }
    return runTrain(rest);
  }
  if (command === 'lsp') return runLanguageServer();
  if (command !== 'summary') {
    process.stderr.write(`model-lens: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const json = rest.includes('--json');
  const files = rest.filter((a) => !a.startsWith('--'));
  if (files.length === 0) {
    process.stderr.write(`model-lens: no file given\n${USAGE}\n`);
    return 2;
  }
  await initParsersFor(files.map(kindOfFile));
  let status = 0;
  const reports = [];
  for (const file of files) {
    const read = readSourceFile(file);
    if ('error' in read) {
      process.stderr.write(`model-lens: ${read.error}\n`);
      status = 1;
      continue;
    }
    const text = read.text;
    let source: DocumentSource;
    try {
      source = fileSource(kindOfFile(file), text);
    } catch (e) {
      if (!(e instanceof NotebookFormatError)) throw e;
      process.stderr.write(`model-lens: ${file} is not a notebook Model Lens can read: ${e.message}\n`);
      status = 1;
      continue;
    }
    const analysis = analyzeDocument(source);
    const { report } = analysis;
    const locate = fileLocator(source, analysis);
    // Like a linter in CI: a shape error Keras would raise fails the command.
    if (report.diagnostics.some((d) => d.severity === 'error')) status = 1;
    if (json) {
      reports.push(toJsonReport(file, report, locate));
      continue;
    }
    if (files.length > 1) process.stdout.write(`# ${file}\n`);
    if (report.models.length === 0) process.stdout.write('No Keras model found.\n');
    for (const model of report.models) process.stdout.write(formatSummary(model) + '\n\n');
    for (const d of report.diagnostics) {
      const at = locate(d.range);
      const where = at.cell === undefined ? `${at.line}:${d.range.startCol + 1}` : `cell ${at.cell}:${at.line}:${d.range.startCol + 1}`;
      process.stdout.write(`${file}:${where}: ${d.severity}: ${d.message}\n`);
    }
  }
  if (json) process.stdout.write(stringifyJson(reports.length === 1 ? reports[0] : reports) + '\n');
  return status;
}

// Set the exit code rather than calling process.exit(): exiting at once would cut off output still being
// written to a pipe (a large --json report).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`model-lens: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
