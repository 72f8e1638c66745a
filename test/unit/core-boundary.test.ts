/**
 * The architecture's import rules and size limits, one test per rule. Each failure lists the offending
 * `file → import` (or `file → size`); imports are read with the TypeScript parser and relative ones resolved to
 * the file they load (project-sources.ts).
 */
import assert from 'node:assert/strict';
import { isBuiltin } from 'node:module';
import { describe, test } from 'node:test';
import { sourceFiles, type ImportTarget, type SourceFile } from './project-sources';

interface Offence {
  readonly file: string;
  /** The import's resolved path or package, or what is too long (`file`, `class Evaluator`). */
  readonly what: string;
  readonly detail?: string;
}

interface Rule {
  readonly id: string;
  readonly title: string;
  /** Why the rule holds, said when it fails. */
  readonly why: string;
  readonly offences: (files: readonly SourceFile[]) => Offence[];
}

/** The training planner's entry points, which the language server may import (see rule h). */
const PLANNER = ['src/train/host/plan-document.ts', 'src/train/host/plan.ts'];

const MAX_FILE_LINES = 900;
const MAX_CLASS_LINES = 600;

const under =
  (...folders: string[]) =>
  (path: string) =>
    folders.some((f) => path === f || path.startsWith(`${f}/`));

const isProject = (target: ImportTarget, inside: (path: string) => boolean) => target.kind === 'project' && inside(target.path);
const isPackage = (target: ImportTarget, ...names: string[]) => target.kind === 'package' && names.includes(target.name);
/** What a browser bundle cannot load: the VS Code API and Node's built-in modules. */
const hostOnly = (target: ImportTarget) => target.kind === 'package' && (target.name === 'vscode' || isBuiltin(target.name));

/** A rule on imports: the files it applies to and the imports they may not have. */
function importRule(id: string, title: string, why: string, files: (path: string) => boolean, refused: (target: ImportTarget) => boolean): Rule {
  return {
    id,
    title,
    why,
    offences: (all) =>
      all
        .filter((f) => files(f.path))
        .flatMap((f) => f.imports.filter((i) => refused(i.target)).map((i) => ({ file: f.path, what: i.target.kind === 'project' ? i.target.path : i.target.name, detail: `'${i.specifier}'` }))),
  };
}

const RULES: readonly Rule[] = [
  importRule(
    'a',
    'src/core imports nothing from vscode, src/extension, src/cli or src/train (src/shared is allowed)',
    'The analysis core runs without VS Code and without the trainer: the CLI, plain-Node tests and the training planner depend on it.',
    under('src/core'),
    (t) => isPackage(t, 'vscode') || isProject(t, under('src/extension', 'src/cli', 'src/train')),
  ),
  importRule(
    'b',
    'src/core/model and src/core/layers import no front end (core/python, core/tfjs) and no presenter (core/report, core/designer)',
    'The model (values, shapes, graph, inference, the builder) and the layer specs are shared by the Python and TF.js front ends and read by the presenters, never the other way round.',
    under('src/core/model', 'src/core/layers'),
    (t) => isProject(t, under('src/core/python', 'src/core/tfjs', 'src/core/report', 'src/core/designer')),
  ),
  importRule(
    'b2',
    'src/core/interp (the interpreter kit) imports no front end (core/python, core/tfjs)',
    'The kit is what the two front ends share; it wraps an analysis into a report but knows neither language.',
    under('src/core/interp'),
    (t) => isProject(t, under('src/core/python', 'src/core/tfjs')),
  ),
  importRule(
    'c',
    'webview imports only src/shared and packages (no vscode, no Node built-ins)',
    'The webviews are browser bundles: they share only the typed protocols with the host.',
    under('webview'),
    (t) => hostOnly(t) || (t.kind === 'project' && !under('webview', 'src/shared')(t.path)),
  ),
  importRule(
    'd',
    'src/shared imports nothing from the project outside src/shared (nor vscode or Node built-ins)',
    'The protocols are imported by the host and bundled into the webviews, so they stand alone.',
    under('src/shared'),
    (t) => hostOnly(t) || (t.kind === 'project' && !under('src/shared')(t.path)),
  ),
  importRule(
    'e',
    'src/train/worker and src/train/kernels import nothing from vscode or src/extension',
    'The training worker is a separate Node process (its own bundle, also run by the CLI), where VS Code does not exist.',
    under('src/train/worker', 'src/train/kernels'),
    (t) => isPackage(t, 'vscode') || isProject(t, under('src/extension')),
  ),
  importRule(
    'h',
    'src/server imports the core, src/shared and the training planner (src/train/host/plan*.ts), never vscode, src/extension, src/cli or the rest of src/train',
    'The language server serves every LSP editor (model-lens lsp) as well as VS Code: it is analysis plus protocol, with no editor API in it. It plans training runs (modelLens/trainPlan) because planning reads the source; running them is the extension\'s.',
    under('src/server'),
    (t) => isPackage(t, 'vscode', 'vscode-languageclient') || isProject(t, (path) => under('src/extension', 'src/cli', 'src/train')(path) && !PLANNER.includes(path)),
  ),
  {
    id: 'g',
    title: "the Python and TF.js front ends do not import each other (TF.js hovers may quote Keras's words from core/python/docs.ts)",
    why: 'Each front end turns its own syntax into builder calls; what both need lives in core/model or core/interp.',
    offences: (all) => {
      const frontEnd = (path: string) => (under('src/core/python')(path) ? 'python' : under('src/core/tfjs')(path) ? 'tfjs' : undefined);
      return all.flatMap((f) => {
        const own = frontEnd(f.path);
        if (!own) return [];
        return f.imports
          .filter((i) => i.target.kind === 'project' && i.target.path !== 'src/core/python/docs.ts' && frontEnd(i.target.path) !== undefined && frontEnd(i.target.path) !== own)
          .map((i) => ({ file: f.path, what: i.target.kind === 'project' ? i.target.path : i.specifier, detail: `'${i.specifier}'` }));
      });
    },
  },
  {
    id: 'f1',
    title: `no source file under src/ or webview/ has over ${MAX_FILE_LINES} lines`,
    why: 'A file that long holds more than one job: split it.',
    offences: (all) => all.filter((f) => f.lines > MAX_FILE_LINES).map((f) => ({ file: f.path, what: 'file', detail: `${f.lines} lines` })),
  },
  {
    id: 'f2',
    title: `no class has over ${MAX_CLASS_LINES} lines`,
    why: 'A class that long holds more than one job: split it.',
    offences: (all) => all.flatMap((f) => f.classes.filter((c) => c.lines > MAX_CLASS_LINES).map((c) => ({ file: f.path, what: `class ${c.name}`, detail: `${c.lines} lines` }))),
  },
];

const FILES = sourceFiles('src', 'webview');
const show = (o: Offence) => `${o.file} → ${o.what}${o.detail ? ` (${o.detail})` : ''}`;

describe('architecture rules', () => {
  for (const rule of RULES) {
    test(`(${rule.id}) ${rule.title}`, () => {
      const offending = rule.offences(FILES);
      if (offending.length > 0) assert.fail(`${rule.why}\nOffending:\n  ${offending.map(show).join('\n  ')}`);
    });
  }
});

/**
 * What the extension host runs is its bundle, so this rule reads the bundle (types are erased, so a type-only
 * import of the core is fine): every parse happens in the language server.
 */
describe('(i) the extension host parses nothing', () => {
  const PARSES = /^src\/core\/(python|tfjs)\/|^src\/core\/documents\.ts$|^src\/core\/designer\/edits\/|^src\/train\/host\/(plan|plan-document|notebook-plan|js-plan|compile-fit|js-compile-fit)\.ts$|web-tree-sitter|tree-sitter-/;
  test('dist/extension.js bundles nothing from src/core/python, src/core/tfjs, src/core/documents.ts, the designer\'s edits, the training planner or tree-sitter', async () => {
    const { build } = await import('esbuild');
    const result = await build({ entryPoints: ['src/extension/extension.ts'], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, external: ['vscode'], logLevel: 'silent' });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes('src/extension/extension.ts'), `the bundle's inputs are named from the repository root: ${inputs.slice(0, 3).join(', ')}`);
    const parsers = inputs.filter((path) => PARSES.test(path.replace(/^(\.\.\/)+main\//, '')));
    if (parsers.length > 0) {
      assert.fail(`Analysis runs in the language server (src/server), off the extension host; the extension asks it through src/shared/lsp-protocol.ts.\nBundled into the extension:\n  ${parsers.join('\n  ')}`);
    }
  });
});

describe('how the rules read the sources', () => {
  const file = (path: string) => FILES.find((f) => f.path === path);

  test('every folder the rules name has files', () => {
    for (const folder of ['src/core/model', 'src/core/layers', 'src/core/python', 'src/core/tfjs', 'src/shared', 'src/server', 'src/train/worker', 'src/train/kernels', 'webview']) {
      assert.ok(FILES.some((f) => under(folder)(f.path)), `no files under ${folder}: the rules would pass without looking`);
    }
  });

  test('relative imports are resolved to the file they load, packages by name', () => {
    const targets = file('webview/designer/main.ts')!.imports.map((i) => i.target);
    assert.ok(targets.some((t) => t.kind === 'project' && t.path === 'src/shared/designer-protocol.ts'));
    assert.ok(targets.some((t) => t.kind === 'project' && t.path === 'webview/designer/designer.css'));
    assert.ok(targets.some((t) => t.kind === 'package' && t.name === '@vscode-elements/elements'));
    assert.ok(file('src/extension/extension.ts')!.imports.some((i) => i.target.kind === 'package' && i.target.name === 'vscode'));
  });

  test('classes are measured from `class X {` to its closing brace', () => {
    const controller = file('src/extension/training/training-controller.ts')!.classes.find((c) => c.name === 'TrainingController');
    assert.ok(controller && controller.lines > 100 && controller.lines < file('src/extension/training/training-controller.ts')!.lines);
  });
});
