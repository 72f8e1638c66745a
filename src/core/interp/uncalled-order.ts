/**
 * The order in which functions nobody called are run for their models: callers first. A `run()` that calls
 * `buildGenerator()` makes the generator itself; running `buildGenerator()` on its own first as well would show
 * that model twice (once with its defaults, once as `run()` makes it). Once a caller has run them, they count
 * as called and are not run again.
 */
import type { FunctionValue } from '../model/values';
import { named, type SyntaxNode } from './syntax';

function identifiersIn(node: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const stack = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') names.add(n.text);
    for (const c of named(n)) stack.push(c);
  }
  return names;
}

/** `entries` with those no other entry's body names first, in their order, then the others, in theirs. */
export function callersFirst<T extends { readonly fn: FunctionValue }>(entries: readonly T[]): T[] {
  const names = new Set(entries.map((e) => e.fn.name));
  const named = new Set<string>();
  for (const e of entries) {
    const body = (e.fn.node as SyntaxNode).childForFieldName('body');
    if (!body) continue;
    for (const id of identifiersIn(body)) if (id !== e.fn.name && names.has(id)) named.add(id);
  }
  return [...entries.filter((e) => !named.has(e.fn.name)), ...entries.filter((e) => named.has(e.fn.name))];
}
