/**
 * Python parsing with tree-sitter (wasm). Initialise once (async), then parse synchronously on every
 * keystroke. The wasm files ship next to the bundle; in tests they come from node_modules.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';
import type { SourceRange } from '../model/graph';
import { blankLongCommentRuns } from './comment-runs';

export type SyntaxNode = Node;
export type { Tree };

let parser: Parser | undefined;
let pending: Promise<Parser> | undefined;

function findWasm(file: string, packagePath: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(packagePath);
}

export function initParser(): Promise<Parser> {
  pending ??= (async () => {
    const runtime = findWasm('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => runtime });
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

/** Child lists without the nulls web-tree-sitter's typings allow for. */
export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c): c is SyntaxNode => c !== null);
}

export function fieldAll(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.childrenForFieldName(field).filter((c): c is SyntaxNode => c !== null);
}

export function rangeOf(node: SyntaxNode): SourceRange {
  return {
    startLine: node.startPosition.row,
    startCol: node.startPosition.column,
    endLine: node.endPosition.row,
    endCol: node.endPosition.column,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
  };
}
