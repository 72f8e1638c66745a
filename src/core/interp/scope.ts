/** Lexical scopes as both interpreters keep them: a chain of variable maps, innermost first. */
import type { PyValue } from '../model/values';

export interface Scope {
  readonly vars: Map<string, PyValue>;
  readonly parent?: Scope;
}

/** The value a name has in the innermost scope that binds it. */
export function lookupVar(name: string, scope: Scope): PyValue | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const v = s.vars.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}
