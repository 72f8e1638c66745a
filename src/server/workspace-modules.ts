/**
 * The language server's module reader: the workspace modules a document imports, read from disk within its
 * workspace root (the nearest folder up with `.git`, `pyproject.toml`, `package.json` or `setup.py`). Each file is
 * read once per version (its modification time and size), and a report remembers the versions it read, so a saved
 * change of an imported module makes the importer's report stale. (Unsaved text of another open document is not
 * seen: LSP clients sync only what they open, and the worker thread reads the disk.)
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ModuleContext } from '../core/modules/loader';
import { MAX_MODULE_CHARS, workspaceModuleReader, workspaceRootOf, type ReadFile } from '../core/modules/resolve';

/** A module a report was computed from, at the version it had. */
export interface ModuleDependency {
  readonly path: string;
  readonly version: string;
}

const MAX_CACHED = 256;
const texts = new Map<string, { version: string; text: string }>();

function fileVersion(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size <= 4 * MAX_MODULE_CHARS ? `${stat.mtimeMs} ${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

const readModuleFile: ReadFile = (path) => {
  const version = fileVersion(path);
  if (version === undefined) return undefined;
  const cached = texts.get(path);
  if (cached?.version === version) return cached;
  try {
    const entry = { version, text: readFileSync(path, 'utf8') };
    texts.set(path, entry);
    if (texts.size > MAX_CACHED) texts.delete(texts.keys().next().value as string);
    return entry;
  } catch {
    return undefined;
  }
};

/** How the analysis of the file at `path` reads the modules it imports, and the modules it read (filled as it runs). */
export function diskModules(path: string): { readonly context: ModuleContext; readonly read: ModuleDependency[] } {
  const reader = workspaceModuleReader(workspaceRootOf(path, existsSync), readModuleFile);
  const read: ModuleDependency[] = [];
  const context: ModuleContext = {
    path,
    read: (from, spec) => {
      const module = reader(from, spec);
      if (module) read.push({ path: module.path, version: String(module.version) });
      return module;
    },
  };
  return { context, read };
}

/** Whether every module a report read is still at the version it read. */
export function modulesUnchanged(read: readonly ModuleDependency[]): boolean {
  return read.every((d) => fileVersion(d.path) === d.version);
}
