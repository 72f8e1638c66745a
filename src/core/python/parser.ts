/**
 * Python parsing with tree-sitter (wasm). Initialise once (async), then parse synchronously on every
 * keystroke. The wasm files ship next to the bundle; in tests they come from node_modules.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { findWasm, initTreeSitter } from '../interp/syntax';
import { blankLongCommentRuns } from './comment-runs';

export { fieldAll, kids, named, rangeOf, type SyntaxNode, type Tree } from '../interp/syntax';

let parser: Parser | undefined;
let pending: Promise<Parser> | undefined;

export function initParser(): Promise<Parser> {
  pending ??= (async () => {
    await initTreeSitter();
    const python = await Language.load(findWasm('tree-sitter-python.wasm', 'tree-sitter-python/tree-sitter-python.wasm'));
    const p = new Parser();
    p.setLanguage(python);
    parser = p;
    return p;
  })();
  return pending;
}

/**
 * Parse after `initParser()` has resolved. Long comment runs are blanked first: the grammar's scanner is
 * quadratic over them (see comment-runs.ts); `asWritten` skips that, for the benchmark's side-by-side figure.
 */
export function parsePython(text: string, options: { asWritten?: boolean } = {}): Tree {
  if (!parser) throw new Error('initParser() must resolve before parsing');
  const tree = parser.parse(options.asWritten ? text : blankLongCommentRuns(text));
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
