/**
 * The order in which functions nobody called are run for their models: callers first. A `run()` that calls
 * `buildGenerator()` makes the generator itself; running `buildGenerator()` on its own first as well would show
 * that model twice (once with its defaults, once as `run()` makes it). Once a caller has run them, they count
 * as called and are not run again.
 */
import type { FunctionValue } from '../model/values';
import type { SyntaxNode } from './syntax';

/** `entries` with those no other entry's body names first, in their order, then the others, in theirs. */
export function callersFirst<T extends { readonly fn: FunctionValue }>(entries: readonly T[]): T[] {
  const names = new Set(entries.map((e) => e.fn.name));
  const named = new Set<string>();
  for (const e of entries) {
    const body = (e.fn.node as SyntaxNode).childForFieldName('body');
    if (!body) continue;
    // Words of the body's text: a word in a string or comment only moves a function later, which is harmless.
    for (const [word] of body.text.matchAll(/[A-Za-z_$][\w$]*/g)) if (word !== e.fn.name && names.has(word)) named.add(word);
  }
  return [...entries.filter((e) => !named.has(e.fn.name)), ...entries.filter((e) => named.has(e.fn.name))];
}
