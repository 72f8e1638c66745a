/**
 * Reading a source file for the CLI: only a regular file, and only when its size allows. A path such as
 * `/dev/zero` or a FIFO would otherwise be read until memory runs out (`/dev/zero` grew to 11.6 GB).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_ANALYZED_CHARS } from '../core/python/analyze';

/** The most bytes read: UTF-8 takes at most 4 bytes for each character the analyzer would accept. */
export const MAX_SOURCE_BYTES = 4 * MAX_ANALYZED_CHARS;

export type SourceRead = { readonly text: string } | { readonly error: string };

/** The most bytes of a saved model read (`.keras`, `.h5`): the weights come with the config. */
export const MAX_SAVED_MODEL_BYTES = 1 << 30;

/** The file's text, or why it is not read (a one-line message without the program name). */
export function readSourceFile(path: string, maxBytes = MAX_SOURCE_BYTES): SourceRead {
  const read = readFileBytes(path, maxBytes);
  return 'error' in read ? read : { text: read.bytes.toString('utf8') };
}

/** The file's bytes, or why they are not read. */
export function readFileBytes(path: string, maxBytes: number): { readonly bytes: Buffer } | { readonly error: string } {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not hang; the stat below refuses it anyway.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { error: `cannot read ${path}: not a regular file` };
    if (stat.size > maxBytes) {
      return { error: `cannot read ${path}: it has ${stat.size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')} Model Lens analyzes` };
    }
    // Read at most what the stat said (plus one byte to notice a file that grows meanwhile).
    const buffer = Buffer.alloc(stat.size + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > stat.size) return { error: `cannot read ${path}: it grew while being read` };
    }
    return { bytes: buffer.subarray(0, length) };
  } catch (e) {
    return { error: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}
