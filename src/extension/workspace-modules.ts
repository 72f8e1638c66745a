/**
 * The editor's module reader: the workspace modules a document imports, from open documents (their unsaved text)
 * or else the file on disk, within the document's workspace folder. Each file is read once per version (an open
 * document's version, a file's modification time and size), and a report remembers the versions it read, so an
 * edit of an imported module makes the importer's report stale.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ModuleContext } from '../core/modules/loader';
import { MAX_MODULE_CHARS, workspaceModuleReader, workspaceRootOf, type ReadFile } from '../core/modules/resolve';
import { NOTEBOOK_CELL_SCHEME } from './notebook-cells';

/** A module a report was computed from, at the version it had. */
export interface ModuleDependency {
  readonly path: string;
  readonly version: string;
}

const texts = new Map<string, { version: string; text: string }>();

function openDocument(path: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path);
}

/** A file's version now: the open document's, else the file's modification time and size; undefined if gone. */
export function moduleVersion(path: string): string | undefined {
  const open = openDocument(path);
  if (open) return `doc ${open.version}`;
  try {
    const stat = statSync(path);
    return stat.isFile() && stat.size <= 4 * MAX_MODULE_CHARS ? `file ${stat.mtimeMs} ${stat.size}` : undefined;
  } catch {
    return undefined;
  }
}

const readModuleFile: ReadFile = (path) => {
  const version = moduleVersion(path);
  if (version === undefined) return undefined;
  const cached = texts.get(path);
  if (cached?.version === version) return cached;
  try {
    const text = openDocument(path)?.getText() ?? readFileSync(path, 'utf8');
    const entry = { version, text };
    texts.set(path, entry);
    return entry;
  } catch {
    return undefined;
  }
};

/**
 * How a document's analysis reads the modules it imports, and the modules it read (filled during the analysis);
 * undefined for a document that is not a file (untitled, virtual): it has no folder to import from.
 */
export function documentModules(document: vscode.TextDocument): { context: ModuleContext; read: ModuleDependency[] } | undefined {
  if (document.uri.scheme !== 'file' && document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  const path = document.uri.fsPath;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
  const reader = workspaceModuleReader(folder ?? workspaceRootOf(path, existsSync), readModuleFile);
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
  return read.every((d) => moduleVersion(d.path) === d.version);
}
