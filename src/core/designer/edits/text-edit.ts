/** Text edits as offsets into one version of a source text, and the line arithmetic the designer's edits need. */

/** Replace `[start, end)` (UTF-16 offsets, as VS Code's `offsetAt`) with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The designer's answer to an edit request: the edits, or why it will not make them. */
export type EditResult =
  | { readonly ok: true; readonly edits: readonly TextEdit[]; readonly description: string }
  | { readonly ok: false; readonly reason: string };

export const refuse = (reason: string): EditResult => ({ ok: false, reason });

/**
 * Whether a span lies outside `text`: in a notebook cell's report, what is written in another cell (before the
 * cell, negative; after it, past its end).
 */
export function outsideText(text: string, span: { readonly startIndex: number; readonly endIndex: number }): boolean {
  return span.startIndex < 0 || span.endIndex > text.length;
}

/** Applies non-overlapping edits (any order) to `text`: what VS Code does with one WorkspaceEdit. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].end > sorted[i - 1].start) throw new Error('overlapping edits');
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the line's `\n` (or the end of the text). */
export function lineEnd(text: string, offset: number): number {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
}

/** The whitespace a line starts with. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** True when only spaces or tabs come before `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStart(text, offset), offset));
}

/**
 * True when what follows `offset` on its line is blank or a comment: Python's `#` or JavaScript's `//` (after a
 * whole statement or list item, `//` cannot be Python's floor division: that would be part of the item).
 */
export function endsLine(text: string, offset: number): boolean {
  return /^[ \t]*(#.*|\/\/.*)?$/.test(text.slice(offset, lineEnd(text, offset)));
}

/**
 * Indentation that puts a new line's text at the same place as the text at `offset`: the line's own indentation
 * when the text starts its line, otherwise spaces up to its column (a hanging indent under `[`).
 */
export function alignTo(text: string, offset: number): string {
  if (startsLine(text, offset)) return lineIndent(text, offset);
  return ' '.repeat(offset - lineStart(text, offset));
}

/**
 * Moves the continuation lines of `snippet` (which started at column `from`) so it can start at column `to`:
 * a multi-line layer call keeps its shape when it moves to a place indented differently.
 */
export function reindent(snippet: string, from: number, to: number): string {
  if (from === to || !snippet.includes('\n')) return snippet;
  const lines = snippet.split('\n');
  return [
    lines[0],
    ...lines.slice(1).map((line) => {
      if (to > from) return line.trim() === '' ? line : ' '.repeat(to - from) + line;
      const drop = Math.min(from - to, /^ */.exec(line)![0].length);
      return line.slice(drop);
    }),
  ].join('\n');
}
