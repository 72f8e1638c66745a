/**
 * Where a notebook cell's document sits: the Python code cells of its notebook are analyzed as one program in
 * notebook order, so the cell's report, the designer and Train all need the cells around it.
 */
import * as vscode from 'vscode';

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

export interface CellPlace {
  readonly notebook: vscode.NotebookDocument;
  /** The Python code cells, in notebook order. */
  readonly cells: readonly vscode.NotebookCell[];
  /** The cell's position among `cells`. */
  readonly index: number;
}

/** The notebook of a cell's document and the cell's place among its Python code cells; undefined for a file. */
export function cellPlace(document: vscode.TextDocument): CellPlace | undefined {
  if (document.uri.scheme !== NOTEBOOK_CELL_SCHEME) return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cells = notebook.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    const index = cells.findIndex((c) => c.document === document);
    if (index >= 0) return { notebook, cells, index };
  }
  return undefined;
}

/**
 * How people name a document: its path in the workspace, or for a notebook cell the notebook's path and the
 * cell's number (every cell counted from 1, as they see them).
 */
export function documentName(document: vscode.TextDocument): string {
  const place = cellPlace(document);
  if (!place) return vscode.workspace.asRelativePath(document.uri, false);
  return `${vscode.workspace.asRelativePath(place.notebook.uri, false)}, cell ${place.cells[place.index].index + 1}`;
}
