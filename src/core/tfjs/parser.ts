/**
 * JavaScript and TypeScript parsing with tree-sitter (wasm), for TensorFlow.js model files. The runtime is
 * the one every grammar shares (interp/syntax.ts); the grammars load once, then parsing is synchronous.
 */
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { findWasm, initTreeSitter } from '../interp/syntax';

/** Which grammar a file needs: plain JavaScript (JSX included), TypeScript, or TypeScript with JSX. */
export type JsDialect = 'javascript' | 'typescript' | 'tsx';

const GRAMMARS: Record<JsDialect, { file: string; packagePath: string }> = {
  javascript: { file: 'tree-sitter-javascript.wasm', packagePath: 'tree-sitter-javascript/tree-sitter-javascript.wasm' },
  typescript: { file: 'tree-sitter-typescript.wasm', packagePath: 'tree-sitter-typescript/tree-sitter-typescript.wasm' },
  tsx: { file: 'tree-sitter-tsx.wasm', packagePath: 'tree-sitter-typescript/tree-sitter-tsx.wasm' },
};

const parsers = new Map<JsDialect, Parser>();
let pending: Promise<void> | undefined;

/** Loads the runtime (shared with Python) and the three JS/TS grammars; call once, await before parsing. */
export function initJsParsers(): Promise<void> {
  pending ??= (async () => {
    await initTreeSitter();
    for (const dialect of Object.keys(GRAMMARS) as JsDialect[]) {
      const { file, packagePath } = GRAMMARS[dialect];
      const language = await Language.load(findWasm(file, packagePath));
      const parser = new Parser();
      parser.setLanguage(language);
      parsers.set(dialect, parser);
    }
  })();
  return pending;
}

/** Parse after `initJsParsers()` has resolved. */
export function parseJs(text: string, dialect: JsDialect): Tree {
  const parser = parsers.get(dialect);
  if (!parser) throw new Error('initJsParsers() must resolve before parsing JavaScript');
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The dialect for a file name (`.ts`, `.mts`, `.cts` → TypeScript, `.tsx` → TSX, anything else JavaScript). */
export function dialectOf(fileName: string): JsDialect {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return 'tsx';
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return 'typescript';
  return 'javascript';
}
