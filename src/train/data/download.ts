/**
 * Downloading one file as Keras's `get_file` does, in plain Node: into `NAME.part` beside the target, resumed
 * with an HTTP Range request after a cut connection, the published checksum verified, then renamed into place
 * (a reader never sees half a file). No VS Code here; the CLI and the extension give the consent and show
 * the progress.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { basename, dirname } from 'node:path';
import { DataError } from './errors';

/** A download that could not finish: the message says what happened and the `.part` file stays for a resume. */
export class DownloadError extends DataError {}

export interface DownloadOptions {
  /** Keras's `file_hash`: 64 hex digits are SHA-256, 32 are MD5 (as `get_file` tells them apart). */
  readonly hash?: string;
  /** Bytes received so far and the file's size when the server says it. */
  readonly onProgress?: (received: number, total: number | undefined) => void;
  /** How many times a cut connection is resumed before giving up. */
  readonly retries?: number;
  /** A connection silent for this long is cut (ms). */
  readonly idleTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** `sha256` or `md5` from the hash's length, as Keras's `get_file(..., hash_algorithm="auto")`. */
export function hashAlgorithm(hash: string): 'sha256' | 'md5' {
  return hash.length === 32 ? 'md5' : 'sha256';
}

export async function fileHash(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const MAX_REDIRECTS = 5;

/** One GET, following redirects; resolves with the response once its headers arrive. */
function request(url: string, headers: Record<string, string>, options: DownloadOptions, redirects = 0): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return reject(new DownloadError(`${url} is not a web address.`));
    }
    const get = parsed.protocol === 'https:' ? httpsGet : parsed.protocol === 'http:' ? httpGet : undefined;
    if (!get) return reject(new DownloadError(`${url}: only http and https addresses can be downloaded.`));
    const req = get(parsed, { headers, signal: options.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects >= MAX_REDIRECTS) return reject(new DownloadError(`${url} redirects more than ${MAX_REDIRECTS} times.`));
        return resolve(request(new URL(res.headers.location, parsed).toString(), headers, options, redirects + 1));
      }
      resolve(res);
    });
    req.setTimeout(options.idleTimeoutMs ?? 30_000, () => req.destroy(new Error('no answer')));
    req.on('error', reject);
  });
}

/** Appends (or writes from the start) the response body to `part`; rejects when the connection is cut. */
function receive(res: IncomingMessage, part: string, append: boolean, start: number, total: number | undefined, options: DownloadOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(part, { flags: append ? 'a' : 'w' });
    let received = start;
    res.setTimeout(options.idleTimeoutMs ?? 30_000, () => res.destroy(new Error('the connection went silent')));
    res.on('data', (chunk: Buffer) => {
      received += chunk.length;
      options.onProgress?.(received, total);
    });
    const fail = (e: Error) => {
      out.end(() => reject(e));
    };
    res.on('error', fail);
    res.on('aborted', () => fail(new Error('the connection was cut')));
    res.on('end', () => {
      if (!res.complete) return fail(new Error('the connection was cut'));
      out.end(() => resolve());
    });
    out.on('error', (e) => {
      res.destroy();
      reject(e);
    });
    res.pipe(out, { end: false });
  });
}

/**
 * Downloads `url` to `target`: resumes `target.part` when there is one, retries a cut connection, checks
 * the hash, renames into place. Throws a DownloadError that says what went wrong.
 */
export async function downloadFile(url: string, target: string, options: DownloadOptions = {}): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const part = `${target}.part`;
  const retries = options.retries ?? 3;
  let lastError = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (options.signal?.aborted) throw new DownloadError(`The download of ${basename(target)} was cancelled; what arrived is kept in ${part} for next time.`);
    const have = existsSync(part) ? statSync(part).size : 0;
    let res: IncomingMessage;
    try {
      res = await request(url, have > 0 ? { Range: `bytes=${have}-` } : {}, options);
    } catch (e) {
      if (e instanceof DownloadError) throw e;
      lastError = (e as Error).message;
      continue;
    }
    const status = res.statusCode ?? 0;
    if (status === 416 && have > 0) {
      // The part is already whole (or longer than the file): the hash decides.
      res.resume();
      break;
    }
    if (status !== 200 && status !== 206) {
      res.resume();
      throw new DownloadError(`${url} answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`);
    }
    // A server that ignores Range sends the whole file (200): start over rather than append a second copy.
    const append = status === 206;
    const start = append ? have : 0;
    const length = Number(res.headers['content-length']);
    const total = Number.isFinite(length) ? start + length : undefined;
    try {
      await receive(res, part, append, start, total, options);
      break;
    } catch (e) {
      lastError = (e as Error).message;
      if (attempt === retries) break;
    }
  }
  if (!existsSync(part) || (lastError && !(await whole(part, options.hash)))) {
    throw new DownloadError(`Downloading ${url} failed${lastError ? ` (${lastError})` : ''} after ${retries + 1} tries; what arrived is kept in ${part}, and the next try resumes from there.`);
  }
  if (options.hash) {
    const algorithm = hashAlgorithm(options.hash);
    const got = await fileHash(part, algorithm);
    if (got !== options.hash.toLowerCase()) {
      rmSync(part, { force: true });
      throw new DownloadError(`${basename(target)} from ${url} does not match its published ${algorithm} checksum (expected ${options.hash}, got ${got}); it was deleted. The mirror may hold a different or damaged file.`);
    }
  }
  renameSync(part, target);
}

/** After a failed last try: a part that already matches its hash is complete all the same. */
async function whole(part: string, hash: string | undefined): Promise<boolean> {
  return hash !== undefined && (await fileHash(part, hashAlgorithm(hash))) === hash.toLowerCase();
}
