/**
 * The project's source files as the import rules (core-boundary.test.ts) read them: each file's imports with
 * relative ones resolved to the file they load, and its classes with their lengths. Read with the TypeScript
 * compiler's parser, so `import type`, `export ... from`, `require(...)` and `import(...)` all count and a
 * folder name inside a string or a comment does not.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..', '..');
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs|css)$/;

/** What an import loads: a file of the project (path from the repository root, `/`-separated) or a package. */
export type ImportTarget = { readonly kind: 'project'; readonly path: string } | { readonly kind: 'package'; readonly name: string };

export interface SourceImport {
  /** As written in the file. */
  readonly specifier: string;
  readonly target: ImportTarget;
}

export interface ClassLength {
  readonly name: string;
  /** Lines from `class X {` to its closing brace, both counted. */
  readonly lines: number;
}

export interface SourceFile {
  /** From the repository root, `/`-separated. */
  readonly path: string;
  readonly lines: number;
  readonly imports: readonly SourceImport[];
  readonly classes: readonly ClassLength[];
}

/** Every source file (TypeScript, JavaScript, CSS) below the folders, from the repository root. */
export function sourceFiles(...folders: string[]): SourceFile[] {
  return folders.flatMap((folder) => filesBelow(join(ROOT, folder))).map(readSource);
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesBelow(path);
      return SOURCE.test(name) ? [path] : [];
    });
}

const fromRoot = (path: string) => relative(ROOT, path).split(sep).join('/');

function readSource(absolute: string): SourceFile {
  const text = readFileSync(absolute, 'utf8');
  const path = fromRoot(absolute);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (absolute.endsWith('.css')) return { path, lines, imports: [], classes: [] };
  const file = ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true);
  const imports: SourceImport[] = [];
  const classes: ClassLength[] = [];
  const lineOf = (pos: number) => file.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node) => {
    const specifier = moduleSpecifier(node);
    if (specifier !== undefined) imports.push({ specifier, target: resolveImport(absolute, specifier) });
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      classes.push({ name: node.name?.text ?? '(anonymous)', lines: lineOf(node.getEnd()) - lineOf(node.getStart(file)) + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { path, lines, imports, classes };
}

/** The module a node loads: `import`, `export ... from`, `import x = require()`, `require()`, `import()` and `import('x').T` types. */
function moduleSpecifier(node: ts.Node): string | undefined {
  let expr: ts.Node | undefined;
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) expr = node.moduleSpecifier;
  else if (ts.isExternalModuleReference(node)) expr = node.expression;
  else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) expr = node.argument.literal;
  else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
    expr = node.arguments[0];
  }
  return expr && ts.isStringLiteralLike(expr) ? expr.text : undefined;
}

/** Where a relative import leads (the file the bundler would load); anything else names a package. */
function resolveImport(from: string, specifier: string): ImportTarget {
  if (!specifier.startsWith('.')) return { kind: 'package', name: packageName(specifier) };
  const base = resolve(dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs|cjs)$/, '');
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${stem}.ts`, `${stem}.tsx`, join(base, 'index.ts')];
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile());
  return { kind: 'project', path: fromRoot(found ? realpathSync(found) : base) };
}

/** `chart.js`, `@vscode-elements/elements`, `node:fs`, `vscode` from a specifier with a subpath. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
