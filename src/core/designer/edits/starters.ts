/**
 * "New model": small, correct starting points, spelled with the file's own imports and placed at the cursor
 * without splitting a statement.
 */
import { named, type SyntaxNode } from '../../python/parser';
import type { StarterKind } from '../../../shared/designer-protocol';
import { kerasModules } from './spelling';
import { lineEnd, lineIndent, lineStart, type TextEdit } from './text-edit';


export interface Starter {
  readonly kind: StarterKind;
  readonly title: string;
  readonly detail: string;
  /** The variable it assigns (made unique in the file). */
  readonly variable: string;
  /** The model's lines; `K` is the keras module, `L` the layers module, `Q` the quote. */
  readonly lines: readonly string[];
}

export const STARTERS: readonly Starter[] = [
  {
    kind: 'mlp',
    title: 'MLP for 28×28 images',
    detail: 'Flatten → Dense 128 relu → Dense 10 softmax, as in the TensorFlow classification tutorial',
    variable: 'model',
    lines: [
      'V = K.Sequential([',
      '    K.Input(shape=(28, 28)),',
      '    L.Flatten(),',
      '    L.Dense(128, activation=QreluQ),',
      '    L.Dense(10, activation=QsoftmaxQ),',
      '])',
    ],
  },
  {
    kind: 'cnn',
    title: 'Small CNN for 28×28×1 images',
    detail: 'two Conv2D + MaxPooling2D blocks, Dropout, Dense 10 softmax, as in the Keras MNIST convnet example',
    variable: 'cnn',
    lines: [
      'V = K.Sequential([',
      '    K.Input(shape=(28, 28, 1)),',
      '    L.Conv2D(32, kernel_size=(3, 3), activation=QreluQ),',
      '    L.MaxPooling2D(pool_size=(2, 2)),',
      '    L.Conv2D(64, kernel_size=(3, 3), activation=QreluQ),',
      '    L.MaxPooling2D(pool_size=(2, 2)),',
      '    L.Flatten(),',
      '    L.Dropout(0.5),',
      '    L.Dense(10, activation=QsoftmaxQ),',
      '])',
    ],
  },
  {
    kind: 'lstm',
    title: 'LSTM text classifier',
    detail: 'token ids (200 per text, 20,000 words) → Embedding 128 → LSTM 64 → Dense 1 sigmoid',
    variable: 'text_model',
    lines: [
      'V = K.Sequential([',
      '    K.Input(shape=(200,), dtype=Qint32Q),',
      '    L.Embedding(20000, 128),',
      '    L.LSTM(64),',
      '    L.Dense(1, activation=QsigmoidQ),',
      '])',
    ],
  },
];

/** `name`, or `name_2`, `name_3`... whichever the file does not use yet. */
function freshName(text: string, name: string): string {
  const used = (n: string) => new RegExp(`(^|[^\\w.])${n}\\b`).test(text);
  if (!used(name)) return name;
  for (let i = 2; ; i++) if (!used(`${name}_${i}`)) return `${name}_${i}`;
}

/** Where a new top-level import goes: after the last import, or above the first statement. */
function importPlace(root: SyntaxNode): { at: number; after: boolean } {
  const statements = named(root).filter((n) => n.type !== 'comment');
  const imports = statements.filter((n) => n.type === 'import_statement' || n.type === 'import_from_statement' || n.type === 'future_import_statement');
  if (imports.length) return { at: imports[imports.length - 1].endIndex, after: true };
  const first = statements[0];
  // A module docstring stays first.
  if (first && first.type === 'expression_statement' && named(first)[0]?.type === 'string') return { at: first.endIndex, after: true };
  return { at: first ? first.startIndex : 0, after: false };
}

/** The statement list (module or block) the offset is in, and the statement it falls inside, if any. */
function containerAt(text: string, root: SyntaxNode, offset: number): { indent: string; inside?: SyntaxNode; before?: SyntaxNode } {
  let container: SyntaxNode = root;
  for (let n: SyntaxNode | null = root.descendantForIndex(offset); n; n = n.parent) {
    if ((n.type === 'block' || n.type === 'module') && n.startIndex <= offset && offset <= n.endIndex) {
      container = n;
      break;
    }
  }
  const statements = named(container).filter((n) => n.type !== 'comment');
  const indent = container.type === 'module' || !statements[0] ? '' : lineIndent(text, statements[0].startIndex);
  const inside = statements.find((s) => s.startIndex < offset && offset < s.endIndex);
  const before = statements.find((s) => s.startIndex >= offset);
  return { indent, inside, before };
}

/** The edits that put a starter model at `offset`. */
export function starterEdits(text: string, root: SyntaxNode, imports: ReadonlyMap<string, string>, quote: '"' | "'", offset: number, kind: StarterKind): TextEdit[] {
  const starter = STARTERS.find((s) => s.kind === kind)!;
  const edits: TextEdit[] = [];
  const modules = kerasModules(imports);
  let K: string;
  let L: string;
  if (modules.keras) {
    K = modules.keras;
    L = modules.layers ?? `${K}.layers`;
  } else if (modules.tensorflow) {
    K = `${modules.tensorflow}.keras`;
    L = modules.layers ?? `${K}.layers`;
  } else {
    // Nothing names keras itself: import it the way the file's layers come (tf.keras or Keras 3).
    const viaTf = [...imports.values()].some((p) => p.startsWith('tensorflow'));
    const line = viaTf ? 'from tensorflow import keras' : 'import keras';
    const place = importPlace(root);
    edits.push(place.after ? { start: place.at, end: place.at, text: `\n${line}` } : { start: place.at, end: place.at, text: `${line}\n\n` });
    K = 'keras';
    L = modules.layers ?? 'keras.layers';
  }
  const variable = freshName(text, starter.variable);
  const at = containerAt(text, root, offset);
  const base = at.inside ? lineIndent(text, at.inside.startIndex) : at.indent;
  const code = starter.lines
    .map((l) => base + l.replace(/^V\b/, variable).replace(/\bK\./g, `${K}.`).replace(/\bL\./g, `${L}.`).replace(/Q(\w+)Q/g, `${quote}$1${quote}`))
    .join('\n');
  if (at.inside) {
    // The cursor is inside a statement: the model goes after it, with a blank line on each side.
    const end = lineEnd(text, at.inside.endIndex);
    const nextBlank = /^\n[ \t]*(\n|$)/.test(text.slice(end)) || end === text.length;
    edits.push({ start: end, end, text: `\n\n${code}${nextBlank ? '' : '\n'}` });
  } else {
    const start = lineStart(text, Math.min(offset, text.length));
    const previousBlank = start === 0 || /(^|\n)[ \t]*\n$/.test(text.slice(0, start));
    const lineBlank = /^[ \t]*(\n|$)/.test(text.slice(start));
    edits.push({ start, end: start, text: `${previousBlank ? '' : '\n'}${code}\n${lineBlank ? '' : '\n'}` });
  }
  return edits;
}
