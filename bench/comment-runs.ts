/**
 * Section 1b: files with long runs of comment lines. tree-sitter-python's scanner is quadratic over them, so the
 * analyzer blanks long runs before parsing (src/core/python/comment-runs.ts). Side by side in one run: the
 * grammar's parse of the text as written, the analyzer's parse, and the whole analysis.
 */
import { analyzePython, initParser } from '../src/core/python/analyze';
import { parsePython } from '../src/core/python/parser';

export interface CommentRunRow {
  readonly lines: number;
  /** The parse of the text as written; undefined past 3,000 lines, where it takes tens of seconds to minutes. */
  readonly asWrittenMs?: number;
  readonly parseMs: number;
  readonly analysisMs: number;
}

const file = (n: number) => `import keras\nmodel = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])\n${('# ' + 'x'.repeat(98) + '\n').repeat(n)}`;

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

export async function benchCommentRuns(): Promise<CommentRunRow[]> {
  await initParser();
  return [1_000, 3_000, 5_000, 10_000].map((n) => {
    const text = file(n);
    return {
      lines: n,
      asWrittenMs: n <= 3_000 ? time(() => parsePython(text, { asWritten: true }).delete()) : undefined,
      parseMs: time(() => parsePython(text).delete()),
      analysisMs: time(() => analyzePython(text)),
    };
  });
}
