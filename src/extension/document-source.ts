/**
 * An editor's document as the core's dispatch reads it (src/core/documents.ts): its kind from its language, and
 * for a notebook cell every Python cell of its notebook, since the cells are one program.
 */
import type * as vscode from 'vscode';
import { kindOfLanguage, type DocumentSource } from '../core/documents';
import type { KerasChoice } from '../core/keras-version/detect';
import { cellPlace, type CellPlace } from './notebook-cells';

export interface EditorSource {
  readonly source: DocumentSource;
  /** For a notebook cell: its notebook and its place among the notebook's Python cells. */
  readonly place?: CellPlace;
}

/** `keras`: the Keras a Python document or notebook follows (Keras 3 when absent). */
export function editorSource(document: vscode.TextDocument, keras?: KerasChoice): EditorSource {
  const place = cellPlace(document);
  const kind = kindOfLanguage(document.languageId, place !== undefined);
  if (kind.kind === 'tfjs') return { source: { kind: 'tfjs', dialect: kind.dialect, text: document.getText() } };
  if (kind.kind === 'notebook' && place) {
    const cells = place.cells.map((c) => c.document.getText());
    return { source: { kind: 'notebook', cells, cellNumbers: place.cells.map((c) => c.index + 1), cell: place.index, keras }, place };
  }
  // Any other document is read as Python, as the CLI reads any file that is neither a notebook nor TF.js: "Show
  // Model Summary" works on an untitled (plain text) buffer of Keras code too.
  return { source: { kind: 'python', text: document.getText(), keras } };
}
