/**
 * Which kind of model source an editor's document is, by its language: all an editor needs to know without
 * analyzing anything (the VS Code extension imports this, never documents.ts, which loads the parsers).
 */
import type { JsDialect } from './tfjs/analyze';

export type DocumentKind =
  | { readonly kind: 'python' }
  /** A notebook file, or a Python cell of a notebook open in the editor: its Python cells are one program. */
  | { readonly kind: 'notebook' }
  | { readonly kind: 'tfjs'; readonly dialect: JsDialect }
  /** Not a model source (another language). */
  | { readonly kind: 'none' };

const PYTHON: DocumentKind = { kind: 'python' };
const NOTEBOOK: DocumentKind = { kind: 'notebook' };
const NONE: DocumentKind = { kind: 'none' };

/** The VS Code languages of model sources, and the kind each is (plain JavaScript accepts JSX, so `.jsx` is JavaScript). */
const LANGUAGE_KINDS: Readonly<Record<string, DocumentKind>> = {
  python: PYTHON,
  javascript: { kind: 'tfjs', dialect: 'javascript' },
  javascriptreact: { kind: 'tfjs', dialect: 'javascript' },
  typescript: { kind: 'tfjs', dialect: 'typescript' },
  typescriptreact: { kind: 'tfjs', dialect: 'tsx' },
};

/** The VS Code language ids Model Lens analyzes: Keras in Python, TensorFlow.js in JavaScript and TypeScript. */
export const MODEL_LANGUAGES: readonly string[] = Object.keys(LANGUAGE_KINDS);

/** The kind of an editor's document, by its VS Code language; a Python cell of an open notebook is part of the notebook. */
export function kindOfLanguage(languageId: string, notebookCell = false): DocumentKind {
  const kind = Object.hasOwn(LANGUAGE_KINDS, languageId) ? LANGUAGE_KINDS[languageId] : NONE;
  return kind.kind === 'python' && notebookCell ? NOTEBOOK : kind;
}
