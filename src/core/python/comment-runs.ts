/**
 * tree-sitter-python's external scanner is quadratic over a run of consecutive comment lines: at each line it
 * looks ahead over every comment that follows (its fix, tree-sitter-python PR #245, was closed unmerged). 3,000
 * comment lines took 7 s, 5,000 took 19 s, and nothing could cut it short. Before parsing, long runs of
 * comment-only lines are turned into spaces of the same length: every offset, line and column stays where it
 * was (whitespace-only lines mean nothing to Python, as comment lines don't), and the scanner crosses blank
 * lines in linear time. Short runs keep their comments, which the designer reads (comments above a list item
 * move with it).
 *
 * Which lines are comment-only is found by a tokenizer that follows string literals (quotes, triple quotes,
 * escapes, f-string replacement fields), so a `#` line inside a triple-quoted string is never touched.
 */

/** Runs of comment lines with more than this many characters, or more lines, are blanked; below both the scanner is fast. */
export const LONG_COMMENT_RUN = { chars: 2_000, lines: 100 };

interface CommentLine {
  /** Offset of the `#`. */
  readonly start: number;
  /** Offset of the line break after it (or the end of the text). */
  readonly end: number;
}

const isQuote = (c: string) => c === '"' || c === "'";
const STRING_PREFIX = /^[rRbBuUfF]{0,2}$/;

/**
 * The comment-only lines of `text` (after optional indentation), in order, with `true` between two of them when
 * code or the end of a run separates them. Blank lines do not separate a run (the scanner crosses them too).
 */
function commentLines(text: string): { lines: CommentLine[]; breaks: Set<number> } {
  const lines: CommentLine[] = [];
  const breaks = new Set<number>();
  let i = 0;
  let lineStart = true;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart && (c === ' ' || c === '\t' || c === '\f')) {
      i++;
      continue;
    }
    if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end < 0) end = n;
      if (end > i && text[end - 1] === '\r') end--;
      if (lineStart) lines.push({ start: i, end });
      else breaks.add(lines.length);
      i = end;
      continue;
    }
    if (lineStart) breaks.add(lines.length);
    lineStart = false;
    if (isQuote(c)) {
      i = skipString(text, i, '');
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      // A name, or a string prefix (r, b, f, rb, ...) right before a quote.
      let j = i;
      while (j < n && /[A-Za-z0-9_]/.test(text[j])) j++;
      if (j < n && isQuote(text[j]) && STRING_PREFIX.test(text.slice(i, j))) {
        i = skipString(text, j, text.slice(i, j).toLowerCase());
        continue;
      }
      i = j;
      continue;
    }
    i++;
  }
  return { lines, breaks };
}

/** The offset just after the string literal whose opening quote is at `at`. Unterminated: the end of its line (or text). */
function skipString(text: string, at: number, prefix: string): number {
  const quote = text[at];
  const triple = text.startsWith(quote.repeat(3), at);
  const close = triple ? quote.repeat(3) : quote;
  const fString = prefix.includes('f');
  let i = at + close.length;
  let depth = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (!triple && (c === '\n' || c === '\r') && depth === 0) return i;
    if (fString && c === '{') {
      if (text[i + 1] === '{' && depth === 0) i += 2;
      else {
        depth++;
        i++;
      }
      continue;
    }
    if (fString && depth > 0) {
      if (c === '}') depth--;
      else if (isQuote(c) && c !== quote) {
        // A nested string in a replacement field (`f"{d['k']}"`).
        i = skipString(text, i, '');
        continue;
      }
      i++;
      continue;
    }
    if (text.startsWith(close, i)) return i + close.length;
    i++;
  }
  return text.length;
}

/** `text` with every long run of comment-only lines blanked to spaces (the same length); `text` itself when none is long. */
export function blankLongCommentRuns(text: string, longRun: { chars: number; lines: number } = LONG_COMMENT_RUN): string {
  if (!text.includes('#')) return text;
  const { lines, breaks } = commentLines(text);
  const runs: CommentLine[][] = [];
  lines.forEach((line, k) => {
    if (k === 0 || breaks.has(k)) runs.push([]);
    runs[runs.length - 1].push(line);
  });
  const long = runs.filter((run) => run.length > 1 && (run.length > longRun.lines || run.reduce((sum, l) => sum + (l.end - l.start), 0) > longRun.chars));
  if (long.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (const run of long) {
    for (const line of run) {
      parts.push(text.slice(at, line.start), ' '.repeat(line.end - line.start));
      at = line.end;
    }
  }
  parts.push(text.slice(at));
  return parts.join('');
}
