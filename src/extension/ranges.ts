/** Core source ranges as VS Code ranges. */
import * as vscode from 'vscode';
import type { SourceRange } from '../core/model/graph';

export function toRange(r: SourceRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCol, r.endLine, r.endCol);
}

export function contains(r: SourceRange, offset: number): boolean {
  return r.startIndex <= offset && offset <= r.endIndex;
}
