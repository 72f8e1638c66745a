/**
 * `model-lens runs list|show|diff|source|import|export|rename|delete`: the run records training keeps
 * (`.model-lens/runs/` in the current directory unless --dir says otherwise), as tables, one run's record, the
 * architecture diff of two runs, a run's source as it was, TensorBoard logs imported as runs, and metrics as CSV.
 * --json prints what other tools read.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringifyJson } from '../core/report/json';
import { filterRows, runRow, sortRows, type RunFilter, type RunRow, type SortKey } from '../train/runs/compare';
import { metricsCsv } from '../train/runs/csv';
import { deltaText, diffLines, diffRuns, paramsText, type LayerChange } from '../train/runs/diff';
import { DEFAULT_RUNS_FOLDER } from '../train/runs/record';
import { runSource } from '../train/runs/source';
import { importTensorBoard } from '../train/runs/tensorboard-import';
import { deleteRun, listRuns, readMetrics, renameRun, type StoredRun } from '../train/runs/store';

export const RUNS_USAGE = `Usage: model-lens runs COMMAND [options]

  list                  the runs, oldest first (# numbers name runs in the other commands)
        --model M  --file F  --engine E  --status S  --filter TEXT   keep only matching runs
        --sort COLUMN [--desc]   sort by a column (started, model, params, loss, accuracy, test, speed, ...)
  show RUN              one run's record
  diff A B              what changed in the model from run A to run B: per-layer params
  source RUN            the source file as it was when the run trained (the run's copy, or its git commit)
  import LOGS           TensorBoard event files under the folder LOGS as runs (scalars: loss, accuracy, validation)
  export [RUN...]       the runs' metrics (all runs when none is named) as CSV; --out FILE writes it there
  rename RUN NAME       give a run a name
  delete RUN...         delete runs

  RUN is a run's number in the list, its folder name (or a unique start of it) or its name.
  --dir D               the runs folder (default: ./${DEFAULT_RUNS_FOLDER})
  --json                machine-readable output`;

class UsageError extends Error {}

interface Args {
  command: string;
  positional: string[];
  dir: string;
  json: boolean;
  out?: string;
  filter: { -readonly [K in keyof RunFilter]: RunFilter[K] };
  sort?: SortKey;
  descending: boolean;
}

const SORT_COLUMNS: Record<string, SortKey> = {
  started: 'startedAt',
  name: 'label',
  model: 'model',
  file: 'file',
  status: 'status',
  engine: 'engine',
  params: 'params',
  loss: 'loss',
  accuracy: 'accuracy',
  test: 'testAccuracy',
  speed: 'samplesPerSec',
  duration: 'durationMs',
};

function parseArgs(argv: string[]): Args {
  const args: Args = { command: '', positional: [], dir: resolve(DEFAULT_RUNS_FOLDER), json: false, filter: {}, descending: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--json':
        args.json = true;
        break;
      case '--help':
      case '-h':
        args.command = 'help';
        break;
      case '--desc':
        args.descending = true;
        break;
      case '--dir':
        args.dir = resolve(value());
        break;
      case '--out':
        args.out = resolve(value());
        break;
      case '--model':
      case '--file':
      case '--engine':
      case '--status':
        args.filter[flag.slice(2) as 'model' | 'file' | 'engine' | 'status'] = value();
        break;
      case '--filter':
        args.filter.text = value();
        break;
      case '--sort': {
        const column = value();
        args.sort = SORT_COLUMNS[column];
        if (!args.sort) throw new UsageError(`--sort takes one of ${Object.keys(SORT_COLUMNS).join(', ')}; got '${column}'`);
        break;
      }
      default:
        if (a.startsWith('-') && a.length > 1) throw new UsageError(`unknown option '${a}'`);
        if (!args.command) args.command = a;
        else args.positional.push(a);
    }
  }
  return args;
}

/** The run RUN names: its number in the list, its folder name or a unique start of it, or its name. */
export function findRun(runs: readonly StoredRun[], ref: string): StoredRun {
  if (/^\d{1,5}$/.test(ref)) {
    const run = runs[Number(ref) - 1];
    if (run) return run;
  }
  const exact = runs.find((r) => r.record.id === ref || r.record.label === ref);
  if (exact) return exact;
  const starts = runs.filter((r) => r.record.id.startsWith(ref));
  if (starts.length === 1) return starts[0];
  throw new UsageError(starts.length > 1 ? `'${ref}' names ${starts.length} runs: ${starts.map((r) => r.record.id).join(', ')}` : `no run '${ref}' (model-lens runs list shows them)`);
}

const count = paramsText;
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);
const fixed = (v: number | null) => (v === null ? '–' : v.toFixed(4));
const seconds = (ms: number | null) => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** Columns padded to their widest cell; numbers right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number> = new Set()): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

function listText(rows: readonly { n: number; row: RunRow }[]): string {
  if (!rows.length) return 'No runs.';
  const header = ['#', 'run', 'status', 'model', 'params', 'epochs', 'loss', 'accuracy', 'test acc', 'samples/s', 'time'];
  const cells = rows.map(({ n, row: r }) => [String(n), r.label, r.status, r.model, count(r.params), r.epochs, fixed(r.loss), pct(r.accuracy), pct(r.testAccuracy), count(r.samplesPerSec), seconds(r.durationMs)]);
  return table(header, cells, new Set([0, 4, 6, 7, 8, 9, 10]));
}

function showText(run: StoredRun): string {
  const r = run.record;
  const lines = [
    `Run ${r.label ?? r.id}${r.label ? ` (${r.id})` : ''}: ${r.status}${r.message ? ` — ${r.message}` : ''}`,
    `  folder:    ${run.dir}`,
    `  model:     ${r.model.variable ?? r.model.name} (${count(r.model.totalParams === null ? null : Number(r.model.totalParams))} params) from ${r.source.path}`,
    `  source:    sha256 ${r.source.sha256.slice(0, 12)}${r.source.git ? `, git ${r.source.git.commit.slice(0, 12)}${r.source.git.changed ? ' (file changed since)' : ''}` : ''}`,
    `  engine:    ${r.engine}${r.backend ? ` on ${r.backend}` : ''}`,
    `  data:      ${r.data ? `${r.data.title} from ${r.data.source}: ${count(r.data.train)} training, ${count(r.data.validation)} validation, ${count(r.data.test)} test` : r.dataSource}`,
    `  started:   ${r.startedAt}${r.durationMs !== undefined ? `, ${seconds(r.durationMs)}` : ''}`,
    `  epochs:    ${r.imported && !r.imported.stepIsEpoch ? `${r.epochsDone} logged steps` : `${r.epochsDone} of ${r.hyperparameters.epochs}`}${r.samplesPerSec ? ` · ${count(Math.round(r.samplesPerSec))} samples/s` : ''}`,
  ];
  if (r.final) lines.push(`  final:     loss ${fixed(r.final.loss)}${r.final.accuracy !== undefined ? ` · accuracy ${pct(r.final.accuracy)}` : ''}${r.final.valLoss !== undefined ? ` · val_loss ${fixed(r.final.valLoss)}` : ''}${r.final.valAccuracy !== undefined ? ` · val_accuracy ${pct(r.final.valAccuracy)}` : ''}`);
  if (r.evaluation) lines.push(`  test:      loss ${fixed(r.evaluation.testLoss)}${r.evaluation.testAccuracy !== undefined ? ` · accuracy ${pct(r.evaluation.testAccuracy)}` : ''} on ${count(r.evaluation.samples)} samples`);
  if (r.savedModel) lines.push(`  saved to:  ${r.savedModel}`);
  lines.push('  settings:');
  for (const s of r.settings) lines.push(`    ${s.label}: ${s.value}`);
  return lines.join('\n');
}

/** The diff as indented rows: nested models' layers under their model. */
export function diffText(changes: readonly LayerChange[], totals: { totalBefore: number | null; totalAfter: number | null; totalDelta: number | null }): string {
  const indent = (depth: number, text: string) => `${'  '.repeat(depth)}${text}`;
  const rows = diffLines(changes).map((l) => [indent(l.depth, l.change), indent(l.depth, l.layer), l.params, l.delta]);
  return `${table(['change', 'layer', 'params', 'delta'], rows, new Set([2, 3]))}\nTotal params: ${count(totals.totalBefore)} → ${count(totals.totalAfter)} (${deltaText(totals.totalDelta)})`;
}

export async function runRuns(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text + '\n');
  try {
    const args = parseArgs(argv);
    const runs = listRuns(args.dir);
    const need = (n: number, what: string) => {
      if (args.positional.length < n) throw new UsageError(`runs ${args.command} needs ${what}`);
    };
    switch (args.command) {
      case 'list': {
        const numbered = new Map(runs.map((r, i) => [r.record.id, i + 1]));
        let rows = filterRows(runs.map((r) => runRow(r.record)), args.filter);
        if (args.sort) rows = sortRows(rows, args.sort, args.descending);
        if (args.json) out(stringifyJson(rows.map((row) => ({ n: numbered.get(row.id), ...row }))));
        else out(listText(rows.map((row) => ({ n: numbered.get(row.id)!, row }))));
        return 0;
      }
      case 'show': {
        need(1, 'a run');
        const run = findRun(runs, args.positional[0]);
        if (args.json) out(stringifyJson({ dir: run.dir, record: run.record, metrics: readMetrics(run.dir) }));
        else out(showText(run));
        return 0;
      }
      case 'diff': {
        need(2, 'two runs');
        const a = findRun(runs, args.positional[0]);
        const b = findRun(runs, args.positional[1]);
        const diff = diffRuns(a.record, b.record);
        if (args.json) out(stringifyJson({ from: a.record.id, to: b.record.id, ...diff }));
        else out(`${a.record.label ?? a.record.id} → ${b.record.label ?? b.record.id}\n${diffText(diff.layers, diff)}`);
        return 0;
      }
      case 'source': {
        need(1, 'a run');
        const run = findRun(runs, args.positional[0]);
        const source = runSource(run.dir, run.record);
        if (source.text === undefined) {
          process.stderr.write(`model-lens runs: the source of ${run.record.id} is not available: ${source.missing}\n`);
          return 1;
        }
        if (args.json) out(stringifyJson({ path: run.record.source.path, sha256: run.record.source.sha256, from: source.from, text: source.text }));
        else process.stdout.write(source.text);
        return 0;
      }
      case 'import': {
        need(1, 'a folder of TensorBoard logs');
        const result = await importTensorBoard(args.positional[0], args.dir);
        if (args.json) out(stringifyJson(result));
        else {
          for (const note of result.notes) out(`  ${note}`);
          out(`Imported ${result.imported.length} run${result.imported.length === 1 ? '' : 's'}${result.skipped.length ? ` (${result.skipped.length} imported before)` : ''} into ${args.dir}.`);
        }
        return result.imported.length || result.skipped.length ? 0 : 1;
      }
      case 'export': {
        const chosen = args.positional.length ? args.positional.map((ref) => findRun(runs, ref)) : runs;
        const csv = metricsCsv(chosen.map((r) => ({ record: r.record, metrics: readMetrics(r.dir) })));
        if (args.out) writeFileSync(args.out, csv);
        else process.stdout.write(csv);
        return 0;
      }
      case 'rename': {
        need(2, 'a run and a name');
        const run = findRun(runs, args.positional[0]);
        renameRun(args.dir, run.record.id, args.positional.slice(1).join(' '));
        return 0;
      }
      case 'delete': {
        need(1, 'a run');
        const chosen = args.positional.map((ref) => findRun(runs, ref));
        for (const r of chosen) deleteRun(args.dir, r.record.id);
        if (!args.json) out(`Deleted ${chosen.length} run${chosen.length === 1 ? '' : 's'}.`);
        return 0;
      }
      case '':
      case 'help':
        out(RUNS_USAGE);
        return args.command ? 0 : 2;
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`model-lens runs: ${e.message}\n${RUNS_USAGE}\n`);
    return 2;
  }
}
