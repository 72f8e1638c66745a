/**
 * Gathering the facts `detectKerasVersion` decides from, on a Node file system (the CLI and the extension host):
 * pin files from a file's folder upward, a notebook's saved outputs and install lines, and the distributions an
 * interpreter's site-packages holds (their dist-info folders: no Python is run). Never throws.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { KerasFacts, PinFile } from './detect';

const PIN_FILE = /^(requirements[\w.-]*\.(txt|in)|pyproject\.toml|environment[\w.-]*\.ya?ml|setup\.py|setup\.cfg|Pipfile|Pipfile\.lock|constraints\.txt)$/;
const MAX_PIN_FILE_BYTES = 512 * 1024;
const MAX_LEVELS = 12;

function readSmall(path: string): string | undefined {
  try {
    const st = statSync(path);
    return st.isFile() && st.size <= MAX_PIN_FILE_BYTES ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** A pin file of one folder: its name and text. */
export interface FolderPin {
  readonly name: string;
  readonly text: string;
}

/** The names of the pin files in one folder, sorted (none for a folder that cannot be read). */
export function pinFileNamesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((n) => PIN_FILE.test(n)).sort();
  } catch {
    return []; // An unreadable folder has no pins we can see.
  }
}

/** The pin files of one folder, by name; unreadable or oversized ones left out. */
export function pinFilesIn(folder: string, names = pinFileNamesIn(folder)): FolderPin[] {
  const pins: FolderPin[] = [];
  for (const name of names) {
    const text = readSmall(join(folder, name));
    if (text !== undefined) pins.push({ name, text });
  }
  return pins;
}

/**
 * The pin files of `dir` and of each folder above it, nearest first, up to `stopAt` (a workspace root) when
 * given; paths are shown relative to `stopAt`, else to `dir` (`../requirements.txt`). `readFolder` reads one
 * folder's pins (the language server passes a cached reader).
 */
export function pinFilesUpward(dir: string, stopAt?: string, readFolder: (folder: string) => readonly FolderPin[] = pinFilesIn): PinFile[] {
  const found: PinFile[] = [];
  let current = dir;
  for (let level = 0; level < MAX_LEVELS; level++) {
    for (const { name, text } of readFolder(current)) found.push({ path: relative(stopAt ?? dir, join(current, name)), text });
    const parent = dirname(current);
    if (parent === current || (stopAt !== undefined && relative(stopAt, current) === '')) break;
    current = parent;
  }
  return found;
}

const textOf = (v: unknown): string => (Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '');

/** A notebook's saved outputs and `pip install` lines, from its JSON; nothing when it is not a notebook. */
export function notebookFacts(json: string): Pick<KerasFacts, 'notebookOutputs' | 'installLines'> {
  try {
    const nb = JSON.parse(json) as { cells?: { cell_type?: string; source?: unknown; outputs?: { text?: unknown; data?: Record<string, unknown> }[] }[] };
    const outputs: string[] = [];
    const installLines: string[] = [];
    for (const cell of nb.cells ?? []) {
      if (cell.cell_type !== 'code') continue;
      for (const line of textOf(cell.source).split('\n')) if (/^\s*[!%]?\s*(pip|pip3|conda|mamba)\s+install\b/.test(line)) installLines.push(line);
      for (const o of cell.outputs ?? []) outputs.push(textOf(o.text) + textOf(o.data?.['text/plain']));
    }
    return { notebookOutputs: outputs, installLines };
  } catch {
    return {};
  }
}

/** `keras-3.15.1.dist-info` → ['keras', '3.15.1']; PEP 503 normalized names. */
function distInfo(name: string): [string, string] | undefined {
  const m = /^(.+?)-(\d[^-]*)\.(dist-info|egg-info)$/.exec(name);
  return m ? [m[1].toLowerCase().replace(/[-_.]+/g, '-'), m[2]] : undefined;
}

/** The distributions installed in a site-packages folder, from their dist-info folder names. */
export function installedPackages(sitePackages: string): Map<string, string> {
  const packages = new Map<string, string>();
  try {
    for (const name of readdirSync(sitePackages)) {
      const d = distInfo(name);
      if (d) packages.set(d[0], d[1]);
    }
  } catch {
    // No such folder: nothing installed that we can see.
  }
  return packages;
}

/** The site-packages folders of an environment (`lib/python3.X/site-packages` on POSIX, `Lib/site-packages` on Windows). */
export function sitePackagesOf(envPrefix: string): string[] {
  const dirs = [join(envPrefix, 'Lib', 'site-packages')];
  try {
    for (const n of readdirSync(join(envPrefix, 'lib'))) if (/^python\d/.test(n)) dirs.push(join(envPrefix, 'lib', n, 'site-packages'));
  } catch {
    // Not a POSIX layout.
  }
  return dirs;
}

/** The installed packages of an environment (all its site-packages folders). */
export function environmentPackages(envPrefix: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const dir of sitePackagesOf(envPrefix)) for (const [k, v] of installedPackages(dir)) all.set(k, v);
  return all;
}

/** The facts of a file on disk: its code (a notebook's code cells joined), its notebook outputs, its pin files. */
export function fileKerasFacts(file: string, code: string, rawText: string, stopAt?: string): KerasFacts {
  return { sourceText: code, ...(file.endsWith('.ipynb') ? notebookFacts(rawText) : {}), pinFiles: pinFilesUpward(dirname(file), stopAt) };
}
