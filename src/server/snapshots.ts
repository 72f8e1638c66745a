/**
 * The documents the client has open, as the analysis reads them: plain files by their language, and a notebook's
 * Python code cells as one program (LSP notebook document sync), so a cell sees the imports of the cells above it.
 */
import { NotebookCellKind, NotebookDocuments, TextDocuments, type Connection, type NotebookDocument } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { kindOfLanguage, type DocumentKind } from '../core/documents';
import type { KerasChoiceInfo } from '../shared/lsp-protocol';
import type { DocSnapshot } from './worker-protocol';

/** The file a `file:` URI names; undefined for other schemes (untitled, virtual): nothing to import from. */
function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class OpenDocuments {
  readonly files = new TextDocuments(TextDocument);
  readonly notebooks = new NotebookDocuments(TextDocument);
  /** The Keras the client chose per document (modelLens/kerasChoices); absent: the server decides. */
  readonly kerasChoices = new Map<string, KerasChoiceInfo>();
  /** The setting modelLens.keras.version, for documents the client chose nothing for. */
  kerasSetting: 'auto' | '2' | '3' = 'auto';

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
      const keras = this.kerasChoices.get(uri) ?? this.kerasChoices.get(notebook.uri);
      return {
        key: uri,
        version: cells.map((c) => c.document.version).join('.') + `@${index}` + this.kerasKey(keras),
        kind: { kind: 'notebook' },
        source: { kind: 'notebook', cells: cells.map((c) => c.document.getText()), cellNumbers: cells.map((c) => c.number), cell: index },
        text,
        path: filePath(notebook.uri),
        keras,
        kerasSetting: this.kerasSetting,
      };
    }
    const document = this.files.get(uri);
    if (!document) return undefined;
    const text = document.getText();
    // Any other language is read as Python, as the CLI reads a file that is neither a notebook nor TF.js.
    const found = kindOfLanguage(document.languageId);
    const kind: DocumentKind = found.kind === 'tfjs' ? found : { kind: 'python' };
    const source = kind.kind === 'tfjs' ? { kind: 'tfjs' as const, dialect: kind.dialect, text } : { kind: 'python' as const, text };
    const keras = kind.kind === 'tfjs' ? undefined : this.kerasChoices.get(uri);
    return { key: uri, version: String(document.version) + (kind.kind === 'tfjs' ? '' : this.kerasKey(keras)), kind, source, text, path: filePath(uri), keras, kerasSetting: this.kerasSetting };
  }

  /** What the Keras choice adds to a version: a new choice or setting makes a new report. */
  private kerasKey(keras: KerasChoiceInfo | undefined): string {
    return keras ? ` keras ${keras.version} ${keras.reason}` : ` keras ${this.kerasSetting}`;
  }
}
