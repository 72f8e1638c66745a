/**
 * The documents the client has open, as the analysis reads them: plain files by their language, and a notebook's
 * Python code cells as one program (LSP notebook document sync), so a cell sees the imports of the cells above it.
 */
import { NotebookCellKind, NotebookDocuments, TextDocuments, type Connection, type NotebookDocument } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { kindOfLanguage, type DocumentKind } from '../core/documents';
import type { DocSnapshot } from './worker-protocol';

export class OpenDocuments {
  readonly files = new TextDocuments(TextDocument);
  readonly notebooks = new NotebookDocuments(TextDocument);

  listen(connection: Connection): void {
    this.files.listen(connection);
    this.notebooks.listen(connection);
  }

  /** The text document of a file or of a notebook cell. */
  get(uri: string): TextDocument | undefined {
    return this.files.get(uri) ?? this.notebooks.cellTextDocuments.get(uri);
  }

  /** The Python code cells of a notebook, in notebook order, with their number among all its cells (from 1). */
  pythonCells(notebook: NotebookDocument): { readonly document: TextDocument; readonly number: number }[] {
    const cells: { document: TextDocument; number: number }[] = [];
    notebook.cells.forEach((cell, i) => {
      const document = cell.kind === NotebookCellKind.Code ? this.notebooks.getCellTextDocument(cell) : undefined;
      if (document?.languageId === 'python') cells.push({ document, number: i + 1 });
    });
    return cells;
  }

  /** What the worker analyzes for a document; undefined when it is not open. */
  snapshot(uri: string): DocSnapshot | undefined {
    const notebook = this.notebooks.findNotebookDocumentForCell(uri);
    if (notebook) {
      const cells = this.pythonCells(notebook);
      const index = cells.findIndex((c) => c.document.uri === uri);
      if (index < 0) return undefined;
      const text = cells[index].document.getText();
      return {
        key: uri,
        version: cells.map((c) => c.document.version).join('.') + `@${index}`,
        kind: { kind: 'notebook' },
        source: { kind: 'notebook', cells: cells.map((c) => c.document.getText()), cellNumbers: cells.map((c) => c.number), cell: index },
        text,
      };
    }
    const document = this.files.get(uri);
    if (!document) return undefined;
    const text = document.getText();
    // Any other language is read as Python, as the CLI reads a file that is neither a notebook nor TF.js.
    const found = kindOfLanguage(document.languageId);
    const kind: DocumentKind = found.kind === 'tfjs' ? found : { kind: 'python' };
    const source = kind.kind === 'tfjs' ? { kind: 'tfjs' as const, dialect: kind.dialect, text } : { kind: 'python' as const, text };
    return { key: uri, version: String(document.version), kind, source, text };
  }
}
