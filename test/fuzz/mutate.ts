/**
 * Grammar-aware mutations of Python model files for fuzzing the analyzer: tokens found by tree-sitter are
 * deleted, duplicated or replaced (numbers by 0, negatives, floats, huge values; strings; names), brackets
 * are unbalanced, and some cases are pathological on purpose (deep nesting, huge files, binary garbage,
 * odd Unicode and line endings). Deterministic for a seed.
 */
import { parsePython } from '../../src/core/python/parser';

/** mulberry32: a small, good-enough seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Token {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

/** Leaf tokens of a source, by tree-sitter. */
export function tokens(text: string): Token[] {
  const tree = parsePython(text);
  const out: Token[] = [];
  const cursor = tree.walk();
  let done = false;
  while (!done) {
    const node = cursor.currentNode;
    if (node.childCount === 0 || node.type === 'string' || node.type === 'integer' || node.type === 'float') {
      if (node.endIndex > node.startIndex) out.push({ start: node.startIndex, end: node.endIndex, type: node.type });
      if (cursor.gotoNextSibling()) continue;
    } else if (cursor.gotoFirstChild()) continue;
    else if (cursor.gotoNextSibling()) continue;
    while (!done) {
      if (!cursor.gotoParent()) done = true;
      else if (cursor.gotoNextSibling()) break;
    }
  }
  tree.delete();
  return out;
}

const NUMBERS = ['0', '-1', '-256', '1.5', '0.0', '10**30', '2**53 + 1', '999999999999', '1e308', 'None', '(0, 0)', '()', '[]'];
const STRINGS = ["'same'", "'valid'", "'causal'", "''", "'relu'", "'<img src=x onerror=alert(1)>'", "'\\u202e'", "'𝔘𝔫𝔦'", "f'{x}'"];
const NAMES = ['x', 'Dense', 'layers', 'keras', 'tf', 'model', 'None', 'True', 'lambda', 'import', 'Conv2D', 'self', '__name__', 'ÿ', 'λ'];
const BRACKETS = ['(', ')', '[', ']', '{', '}', ',', ':', '=', '\n', '    '];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function splice(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}

/** One mutated variant of `text`. */
export function mutate(text: string, toks: readonly Token[], r: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(r() * 4);
  // Apply from the end so earlier token offsets stay valid.
  const chosen = Array.from({ length: edits }, () => toks[Math.floor(r() * toks.length)]).filter(Boolean).sort((a, b) => b.start - a.start);
  for (const t of chosen) {
    const piece = text.slice(t.start, t.end);
    switch (Math.floor(r() * 7)) {
      case 0:
        out = splice(out, t.start, t.end, '');
        break;
      case 1:
        out = splice(out, t.start, t.end, piece + piece);
        break;
      case 2:
        out = splice(out, t.start, t.end, t.type === 'integer' || t.type === 'float' ? pick(r, NUMBERS) : pick(r, [...NUMBERS, ...NAMES]));
        break;
      case 3:
        out = splice(out, t.start, t.end, pick(r, STRINGS));
        break;
      case 4:
        out = splice(out, t.start, t.end, pick(r, NAMES));
        break;
      case 5:
        out = splice(out, t.start, t.start, pick(r, BRACKETS));
        break;
      default:
        out = splice(out, t.start, t.end, text.slice(toks[Math.floor(r() * toks.length)]?.start ?? 0, toks[Math.floor(r() * toks.length)]?.end ?? 0));
    }
  }
  return out;
}

/** Inputs no mutation reaches: nesting, size, garbage, encodings. */
export function pathological(r: () => number): { name: string; text: string }[] {
  const garbage = Array.from({ length: 200_000 }, () => String.fromCharCode(Math.floor(r() * 0x10000))).join('');
  const model = 'import keras\nmodel = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])\n';
  const bigModel = 'import keras\nfrom keras import layers\nx = inp = keras.Input(shape=(8,))\n' + 'x = layers.Dense(8)(x)\n'.repeat(20_000) + 'model = keras.Model(inp, x)\n';
  return [
    { name: '10,000-deep parentheses', text: 'import keras\nx = ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000) + '\n' },
    { name: '10,000-deep lists in a layer call', text: 'import keras\nl = keras.layers.Dense(' + '['.repeat(10_000) + ']'.repeat(10_000) + ')\n' },
    { name: '10,000 unclosed brackets', text: model + '('.repeat(10_000) },
    { name: '10,000-deep calls', text: 'import keras\nx = ' + 'f('.repeat(10_000) + ')'.repeat(10_000) + '\n' },
    { name: '5,000-deep attribute chain', text: 'import keras\nx = keras' + '.layers'.repeat(5_000) + '.Dense(3)\n' },
    { name: '3,000-deep if nesting', text: 'import keras\n' + Array.from({ length: 3000 }, (_, i) => ' '.repeat(i) + 'if True:\n').join('') + ' '.repeat(3000) + 'm = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])\n' },
    { name: 'binary garbage', text: garbage },
    { name: 'NUL bytes and CR line endings', text: model.replace(/\n/g, '\r') + '\u0000\u0000' },
    { name: 'CRLF and BOM', text: '\ufeff' + model.replace(/\n/g, '\r\n') },
    { name: 'RTL and combining marks', text: model.replace('model', 'mo\u202edel\u0301') },
    { name: 'a loop of 10**9 iterations', text: 'import keras\nm = keras.Sequential([keras.Input(shape=(3,))])\nfor i in range(10**9):\n    m.add(keras.layers.Dense(2))\n' },
    { name: 'a recursive helper', text: 'import keras\ndef f(x):\n    return f(x)\nm = f(1)\n' },
    { name: 'mutual recursion through a model', text: 'import keras\ndef g(n):\n    return keras.layers.Dense(g(n))\nm = keras.Sequential([keras.Input(shape=(3,)), g(1)])\n' },
    { name: 'while True adding layers', text: 'import keras\nm = keras.Sequential([keras.Input(shape=(3,))])\nwhile True:\n    m.add(keras.layers.Dense(2))\n' },
    { name: 'absurd sizes', text: 'import keras\nm = keras.Sequential([keras.Input(shape=(10**30,)), keras.layers.Dense(2**60), keras.layers.Embedding(10**9, 10**6)])\n' },
    { name: '20,000 functional layers', text: bigModel },
    { name: 'a list doubled in a loop', text: 'import keras\nx = [1]\nfor i in range(100):\n    x = x + x\nfor i in range(100):\n    x.extend(x)\nfor i in range(100):\n    x += x\n' },
    { name: 'a string doubled in a loop', text: 's = "ab"\nfor i in range(100):\n    s = s + s\n' },
    { name: 'a long list repeated', text: 'y = [0] * 100000\nz = y * 100000\nw = [*y, *y]\nprint(*y)\n' },
    { name: 'builtins called with nothing or keywords only', text: 'a = zip()\nb = zip(x=1)\nc = list(enumerate())\nd = min(list(range(100000)))\nfor i in zip():\n    pass\n' },
    { name: '10,000 comment lines', text: model + ('# ' + 'x'.repeat(98) + '\n').repeat(10_000) },
    { name: '5,000 comment lines inside a function', text: 'import keras\ndef build():\n    m = keras.Sequential([keras.Input((3,))])\n' + ('    # ' + 'x'.repeat(96) + '\n').repeat(5_000) + '    return m\nmodel = build()\n' },
    { name: 'a 1 MB line', text: model + 'x = ' + '1 + '.repeat(250_000) + '1\n' },
    { name: '1,000-deep indentation', text: Array.from({ length: 1000 }, (_, i) => ' '.repeat(i) + 'if True:').join('\n') + '\n' + ' '.repeat(1000) + model.split('\n')[1] + '\n' },
    { name: '20 MB file', text: (model + '# ' + 'x'.repeat(1000) + '\n').repeat(Math.ceil(20_000_000 / (model.length + 1003))) },
  ];
}

// ------------------------------------------------------------------ shape generators
// Whole-file transformations that stress the parser rather than the evaluator: the grammar's external scanner
// (comments, indentation) and very long lines are where the editor once stalled.

const lines = (text: string) => text.split('\n');
const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/** Runs of comment lines (some long, some blank lines between) dropped between random lines, indented as the line below. */
export function commentHeavy(text: string, r: () => number): string {
  const out = lines(text);
  const runs = 1 + Math.floor(r() * 4);
  for (let k = 0; k < runs; k++) {
    const at = Math.floor(r() * (out.length + 1));
    const indent = indentOf(out[at] ?? '');
    const n = Math.floor(r() * 3000);
    const width = Math.floor(r() * 200);
    const run = Array.from({ length: n }, (_, i) => (i % 17 === 16 ? '' : `${indent}# ${'x'.repeat(width)} ${i}`));
    out.splice(at, 0, ...run);
  }
  return out.join('\n');
}

/** One line made very long: an expression repeated, a long string, or a layer list written on one line. */
export function longLine(text: string, r: () => number): string {
  const out = lines(text);
  const at = Math.floor(r() * out.length);
  const repeat = 1000 + Math.floor(r() * 50_000);
  const shapes = [
    () => `${indentOf(out[at] ?? '')}x = ${'1 + '.repeat(repeat)}1`,
    () => `${indentOf(out[at] ?? '')}s = "${'a'.repeat(repeat * 4)}"`,
    () => `${indentOf(out[at] ?? '')}m = keras.Sequential([keras.Input((4,)), ${'keras.layers.Dense(4), '.repeat(Math.floor(repeat / 10))}])`,
    () => `${out[at] ?? ''}${' '.repeat(repeat)}# trailing`,
  ];
  out.splice(at, 1, shapes[Math.floor(r() * shapes.length)]());
  return out.join('\n');
}

/** The whole file nested in deep blocks (`if True:`, `def f():`, `class C:`, `with x:`), each level indented further. */
export function deeplyIndented(text: string, r: () => number): string {
  const depth = 1 + Math.floor(r() * 400);
  const unit = r() < 0.2 ? '\t' : ' '.repeat(1 + Math.floor(r() * 4));
  const headers = ['if True:', 'def f():', 'class C:', 'with x:', 'for i in range(2):', 'try:'];
  const opened: string[] = [];
  for (let d = 0; d < depth; d++) opened.push(unit.repeat(d) + headers[Math.floor(r() * headers.length)]);
  const body = lines(text).map((l) => (l.trim() ? unit.repeat(depth) + l : l));
  return [...opened, ...body].join('\n');
}

export const SHAPE_GENERATORS = { commentHeavy, longLine, deeplyIndented } as const;
