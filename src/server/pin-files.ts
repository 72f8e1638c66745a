/**
 * The Keras-version pin files of a folder (requirements*.txt, pyproject.toml, …), cached for the analysis worker.
 * For a client that does not tell the server which Keras a file follows (any editor but VS Code), every analysis
 * looks for pins from the file's folder up to twelve folders above it; typing re-analyzes on every pause, so each
 * folder is read once and then only checked: its modification time (a pin file added, removed or renamed changes
 * it) and each pin file's time and size (edited in place). A check costs a `stat` per folder and per pin file,
 * where reading costs a directory listing and the files.
 *
 * A stamp is only trusted once it is older than the moment it was read, by more than a file system's timestamp
 * tick (git's "racy" rule): a change made in the same tick as the read leaves the same stamp, and would otherwise
 * go unseen until the next change. A folder changed within the last `RACY_MS` is therefore read again at each check.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pinFileNamesIn, pinFilesIn, type FolderPin } from '../core/keras-version/gather';

/** How many folders are remembered; the oldest is dropped past this. */
const MAX_FOLDERS = 256;
/** Stamps this close to the moment of reading may hide a later change in the same tick (FAT's is 2 s, most are ms). */
const RACY_MS = 2000;

interface CachedFolder {
  /** The folder's own stamp, and each pin file's (those too big or unreadable to use included), as read. */
  readonly stamp: string;
  readonly fileStamps: readonly (readonly [name: string, stamp: string])[];
  readonly pins: readonly FolderPin[];
  /** Some stamp was within `RACY_MS` of the read: check again by reading, not by stamps. */
  readonly racy: boolean;
}

const folders = new Map<string, CachedFolder>();

/** Modification time and size, or '' for a path that cannot be read. */
function stampOf(path: string): string {
  try {
    const st = statSync(path);
    return `${st.mtimeMs} ${st.size}`;
  } catch {
    return '';
  }
}

/** Whether a stamp's time is too close to `readAt` (or after it) to prove nothing changed since. */
function isRacy(stamp: string, readAt: number): boolean {
  return stamp !== '' && parseFloat(stamp) > readAt - RACY_MS;
}

/** The pin files of `folder` as `pinFilesIn` reads them, from the cache while the folder and its pins are unchanged. */
export function cachedPinFilesIn(folder: string): readonly FolderPin[] {
  const stamp = stampOf(folder);
  const kept = folders.get(folder);
  if (kept && !kept.racy && kept.stamp === stamp && kept.fileStamps.every(([name, s]) => stampOf(join(folder, name)) === s)) return kept.pins;
  // Stamps before texts: a pin file changed while it is read is read again at the next check.
  const names = pinFileNamesIn(folder);
  const fileStamps = names.map((name) => [name, stampOf(join(folder, name))] as const);
  const pins = pinFilesIn(folder, names);
  const readAt = Date.now();
  const racy = isRacy(stamp, readAt) || fileStamps.some(([, s]) => isRacy(s, readAt));
  folders.delete(folder);
  folders.set(folder, { stamp, fileStamps, pins, racy });
  if (folders.size > MAX_FOLDERS) folders.delete(folders.keys().next().value as string);
  return pins;
}
