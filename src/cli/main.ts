/**
 * `model-lens summary FILE [--json]`: the same analysis the editor shows, in a terminal or CI.
 */
import { analyzeDocument, fileLocator, fileSource, initParsersFor, kindOfFile, type DocumentSource } from '../core/documents';
import { analyzeSavedModel, savedModelFormat, type SavedModelFormat } from '../core/config/saved-model';
import { toJsonReport, stringifyJson, type Locate } from '../core/report/json';
import type { Report } from '../core/report/report';
import { formatSummaryFor } from '../core/report/summary-for';
import { detectKerasVersion, type KerasVersionSetting } from '../core/keras-version/detect';
import { fileKerasFacts } from '../core/keras-version/gather';
import { NotebookFormatError } from '../core/python/notebook';
import { MAX_SAVED_MODEL_BYTES, readFileBytes, readSourceFile } from './read-source';
import { fileModuleContext } from './workspace-modules';
import { runLanguageServer } from './lsp';
import { resolve } from 'node:path';
import { runTrain, TRAIN_USAGE } from './train';
import { runRuns } from './runs';
import { diagnosticLines, jsonDiagnostics } from './taught-output';

const USAGE = `Usage: model-lens summary FILE... [--json] [--keras-version auto|2|3]

  summary   Print each Keras model in FILE the way model.summary() does
            (Python, notebooks, and TensorFlow.js .js/.mjs/.cjs/.ts/.tsx files; saved models:
            .keras, .h5 / .hdf5 and TF.js model.json).
  --json    Print a machine-readable report instead (see README: "CLI").
            Exits 1 when a file cannot be read or has an error (a shape error Keras would raise).
  --keras-version
            Which Keras Python files follow: 3 (Keras 3), 2 (tf.keras 2), or auto (default): decided from
            the file (import tf_keras, keras.ops), a notebook's saved outputs, and the pins of tensorflow /
            keras / tf-keras in requirements*.txt, pyproject.toml, environment.yml, setup.py, Pipfile found
            from the file's folder upward.

       model-lens train FILE [--epochs N] [--batch-size N] [--limit N] [--backend B] [--json]

  train     Train the model in FILE (Python, a notebook or TF.js) with TensorFlow.js
            (model-lens train --help for all options).

       model-lens runs list|show|diff|export [--dir D] [--json]

  runs      The training runs kept in .model-lens/runs (model-lens runs --help)

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
  if (command === 'runs') return runRuns(rest);
  if (command !== 'summary') {
    process.stderr.write(`model-lens: unknown command '${command}'\n${USAGE}\n`);
    return 2;
  }
  const json = rest.includes('--json');
  const versionAt = rest.indexOf('--keras-version');
  const setting = versionAt >= 0 ? rest[versionAt + 1] : 'auto';
  if (setting !== 'auto' && setting !== '2' && setting !== '3') {
    process.stderr.write(`model-lens: --keras-version takes auto, 2 or 3\n${USAGE}\n`);
    return 2;
  }
  const files = rest.filter((a, i) => !a.startsWith('--') && !(versionAt >= 0 && i === versionAt + 1));
  if (files.length === 0) {
    process.stderr.write(`model-lens: no file given\n${USAGE}\n`);
    return 2;
  }
  await initParsersFor(files.map(kindOfFile));
  let status = 0;
  const reports = [];
  for (const file of files) {
    const savedFormat = savedModelFormat(file);
    const read = savedFormat ? readSavedModel(file, savedFormat) : readSourceFile(file);
    if ('error' in read) {
      process.stderr.write(`model-lens: ${read.error}\n`);
      status = 1;
      continue;
    }
    if ('report' in read) {
      if (json) reports.push(toJsonReport(file, read.report));
      else printReport(file, files.length, read.report, (r) => ({ line: r.startLine + 1 }));
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
    if (source.kind !== 'tfjs') source = withKerasChoice(source, file, text, setting);
    const analysis = analyzeDocument(source, fileModuleContext(file));
    const { report } = analysis;
    const locate = fileLocator(source, analysis);
    // The text the report's offsets point into (a notebook's cells joined), for the plain sentences.
    const analyzed = analysis.notebook?.text ?? (source.kind === 'notebook' ? '' : source.text);
    // Like a linter in CI: a shape error Keras would raise fails the command.
    if (report.diagnostics.some((d) => d.severity === 'error')) status = 1;
    if (json) {
      reports.push({ ...toJsonReport(file, report, locate), diagnostics: jsonDiagnostics(report, analyzed, locate) });
      continue;
    }
    printReport(file, files.length, report, locate, analyzed);
  }
  if (json) process.stdout.write(stringifyJson(reports.length === 1 ? reports[0] : reports) + '\n');
  return status;
}

function printReport(file: string, fileCount: number, report: Report, locate: Locate, text = ''): void {
  if (fileCount > 1) process.stdout.write(`# ${file}\n`);
  if (report.models.length === 0) process.stdout.write('No Keras model found.\n');
  for (const model of report.models) process.stdout.write(formatSummaryFor(model, report.keras) + '\n\n');
  for (const line of diagnosticLines(file, report, text, locate)) process.stdout.write(`${line}\n`);
}

/** A saved model (`.keras`, `.h5`, TF.js `model.json`): its report, read from the config it holds. */
function readSavedModel(file: string, format: SavedModelFormat): { readonly report: Report } | { readonly error: string } {
  const read = readFileBytes(file, MAX_SAVED_MODEL_BYTES);
  return 'error' in read ? read : { report: analyzeSavedModel(read.bytes, format) };
}

/** A Python or notebook source with the Keras it follows: the setting, else what the file and its folders say. */
function withKerasChoice(source: Exclude<DocumentSource, { kind: 'tfjs' }>, file: string, text: string, setting: KerasVersionSetting): DocumentSource {
  const code = source.kind === 'notebook' ? source.cells.join('\n') : source.text;
  const keras = setting === 'auto' ? detectKerasVersion(fileKerasFacts(resolve(file), code, text)) : detectKerasVersion({}, setting, '--keras-version');
  return { ...source, keras };
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
