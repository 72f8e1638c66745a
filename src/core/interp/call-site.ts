/**
 * Code of another file run on behalf of the analyzed one (a builder function imported from a sibling module)
 * makes layers and models whose syntax is in that other file. Their ranges must point into the analyzed file,
 * where lenses and diagnostics are drawn: at the call that ran the other file's code.
 */
import type { Tree } from 'web-tree-sitter';
import type { SourceRange } from '../model/graph';

interface CallSite {
  /** The analyzed file's tree: its nodes keep their own ranges. */
  readonly home: Tree;
  readonly range: SourceRange;
}

let current: CallSite | undefined;

/**
 * Runs `f` with every node outside `home`'s tree placed at `range` (a call in the analyzed file). Nested calls
 * keep the outermost site: that is the line in the analyzed file.
 */
export function atCallSite<T>(home: Tree, range: SourceRange, f: () => T): T {
  if (current) return f();
  current = { home, range };
  try {
    return f();
  } finally {
    current = undefined;
  }
}

/** Runs `f` with no call site (evaluating an imported module on its own, whose ranges are its own). */
export function withoutCallSite<T>(f: () => T): T {
  const saved = current;
  current = undefined;
  try {
    return f();
  } finally {
    current = saved;
  }
}

/** Where a node of another file's code is placed in the analyzed file, if it is running on its behalf. */
export function callSiteOf(tree: Tree): SourceRange | undefined {
  return current && tree !== current.home ? current.range : undefined;
}
