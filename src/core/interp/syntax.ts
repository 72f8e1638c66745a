/**
 * Tree-sitter for every front end: the wasm runtime (initialised once, shared by the Python and the
 * JavaScript grammars) and the small node helpers both interpreters walk syntax trees with.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Parser, type Node, type Tree } from 'web-tree-sitter';
import type { SourceRange } from '../model/graph';
import { callSiteOf } from './call-site';

export type SyntaxNode = Node;
export type { Tree };

let runtime: Promise<void> | undefined;

/** A wasm file shipped next to the bundle, or (in tests) the one in node_modules. */
export function findWasm(file: string, packagePath: string): string {
  const beside = join(__dirname, file);
  return existsSync(beside) ? beside : require.resolve(packagePath);
}

/** Loads the tree-sitter runtime; every grammar needs it first. */
export function initTreeSitter(): Promise<void> {
  runtime ??= (async () => {
    const wasm = findWasm('tree-sitter.wasm', 'web-tree-sitter/tree-sitter.wasm');
    await Parser.init({ locateFile: () => wasm });
  })();
  return runtime;
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
  const site = callSiteOf(node.tree);
  if (site) return site;
  return {
    startLine: node.startPosition.row,
    startCol: node.startPosition.column,
    endLine: node.endPosition.row,
    endCol: node.endPosition.column,
    startIndex: node.startIndex,
    endIndex: node.endIndex,
  };
}
