/**
 * Which file of the workspace an import names. The analysis asks a `ReadModule` for the module a file imports;
 * the CLI implements it on the file system, the extension on open documents and the workspace's files. Only the
 * workspace's own modules are found: a package (`keras`, `@tensorflow/tfjs`) or a path outside the workspace
 * root is nobody's here, and the analysis goes on as it would without the import.
 */
import { dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';

/** One module's source as the analysis reads it; `version` changes whenever the text does. */
export interface ModuleText {
  readonly path: string;
  readonly text: string;
  readonly version: number | string;
}

/**
 * The module `spec` names from the file at `fromPath`, or undefined. Python specs are dotted, with leading dots
 * for relative imports (`model`, `.nets`, `..pkg.resnet`); JavaScript ones are paths (`./model`, `../lib/net.js`).
 */
export type ReadModule = (fromPath: string, spec: string) => ModuleText | undefined;

/** A file's text and version, or undefined when it is not a readable regular file within the size limit. */
export type ReadFile = (path: string) => { readonly text: string; readonly version: number | string } | undefined;

/** Larger modules are not followed (a generated or vendored file): 1 MB of text. */
export const MAX_MODULE_CHARS = 1_000_000;

const PYTHON_SOURCE = /\.(py|ipynb)$/i;
const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx'];

/** The files a Python import may be, in Python's order: a module, then a package's `__init__.py`. */
export function pythonCandidates(fromPath: string, spec: string, root: string): string[] {
  const dots = /^\.*/.exec(spec)![0].length;
  const parts = spec.slice(dots).split('.').filter((p) => p !== '');
  if (parts.some((p) => !/^[A-Za-z_]\w*$/.test(p))) return [];
  // A script runs with its own folder on sys.path; a package import is from the workspace root.
  const bases = dots > 0 ? [parentFolder(dirname(fromPath), dots - 1)] : [dirname(fromPath), root];
  const files: string[] = [];
  for (const base of bases) {
    const stem = join(base, ...parts);
    if (parts.length > 0) files.push(`${stem}.py`);
    files.push(join(stem, '__init__.py'));
  }
  return [...new Set(files)];
}

function parentFolder(folder: string, levels: number): string {
  let f = folder;
  for (let i = 0; i < levels; i++) f = dirname(f);
  return f;
}

/** The files a relative JavaScript import may be: as written, with each extension, then a folder's index. */
export function jsCandidates(fromPath: string, spec: string): string[] {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return [];
  const stem = resolve(dirname(fromPath), spec);
  const files = JS_EXTENSIONS.includes(extname(stem)) ? [stem] : [];
  // TypeScript sources import `./model.js` meaning `./model.ts`.
  const bare = JS_EXTENSIONS.includes(extname(stem)) ? stem.slice(0, -extname(stem).length) : stem;
  for (const ext of JS_EXTENSIONS) files.push(bare + ext);
  for (const ext of JS_EXTENSIONS) files.push(join(stem, `index${ext}`));
  return [...new Set(files)];
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * A module reader over `read`, for a workspace rooted at `root`: the first candidate that reads, within the root
 * and the size limit. Each file is read once per version the reader is told of (`read` decides the version).
 */
export function workspaceModuleReader(root: string, read: ReadFile): ReadModule {
  return (fromPath, spec) => {
    const candidates = PYTHON_SOURCE.test(fromPath) ? pythonCandidates(fromPath, spec, root) : jsCandidates(fromPath, spec);
    for (const path of candidates) {
      if (!inside(root, path) || path === fromPath) continue;
      const file = read(path);
      if (file && file.text.length <= MAX_MODULE_CHARS) return { path, text: file.text, version: file.version };
    }
    return undefined;
  };
}

/** The markers of a project's root folder. */
const ROOT_MARKERS = ['.git', 'pyproject.toml', 'package.json', 'setup.py'];

/** The workspace root of a file: the nearest folder up with `.git`, `pyproject.toml`, `package.json` or `setup.py`; else the file's folder. */
export function workspaceRootOf(filePath: string, exists: (path: string) => boolean): string {
  const start = dirname(resolve(filePath));
  for (let folder = start; ; ) {
    if (ROOT_MARKERS.some((m) => exists(join(folder, m)))) return folder;
    const up = dirname(folder);
    if (up === folder) return start;
    folder = up;
  }
}
