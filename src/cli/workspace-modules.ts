/**
 * The CLI's module reader: the workspace modules a file imports are read from the file system, relative to the
 * file's folder, within its workspace root (the nearest folder up with `.git`, `pyproject.toml`, `package.json`
 * or `setup.py`; else the file's folder). Only regular files within the size limit are read.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModuleContext } from '../core/modules/loader';
import { MAX_MODULE_CHARS, workspaceModuleReader, workspaceRootOf, type ReadFile } from '../core/modules/resolve';
import { readSourceFile } from './read-source';

const readModuleFile: ReadFile = (path) => {
  if (!existsSync(path)) return undefined;
  const read = readSourceFile(path, 4 * MAX_MODULE_CHARS);
  // One CLI run reads each file once: its version never changes meanwhile.
  return 'text' in read ? { text: read.text, version: 0 } : undefined;
};

/** How the analysis of `file` reads the workspace modules it imports. */
export function fileModuleContext(file: string): ModuleContext {
  const path = resolve(file);
  return { path, read: workspaceModuleReader(workspaceRootOf(path, existsSync), readModuleFile) };
}
