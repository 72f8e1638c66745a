/**
 * A model made in a branch the analysis cannot decide (`if sys.argv[1] == "cnn": model = cnn() else: model = mlp()`)
 * is still shown, once per alternative, labelled with its condition ("when sys.argv[1] == "cnn""). The names the
 * branches assign stay unknown after the `if` (interp/taint.ts): each alternative is run on its own, in a scope of
 * its own that is dropped afterwards, and only the models it makes are kept.
 *
 * An alternative runs only when it cannot touch what the file built before (it reads no model, layer, tensor or
 * container from outside itself), so a model made earlier is never changed by a branch that may not run.
 */
import type { ModelGraphBuilder } from '../model/builder';
import type { Scope } from '../interp/scope';
import type { SyntaxNode } from './parser';
import { named } from './parser';
import { readsNothingBuilt } from './uncalled';
import { BudgetExceeded } from '../model/budget';

export interface BranchHost {
  readonly graph: ModelGraphBuilder;
  execBlock(nodes: readonly SyntaxNode[], scope: Scope): void;
}

export interface Alternative {
  /** Its condition; none for `else`. */
  readonly cond?: SyntaxNode;
  readonly body: SyntaxNode;
}

/** Shortened to fit a lens title. */
function shown(cond: SyntaxNode): string {
  const text = cond.text.replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What an alternative's models are labelled with: its own condition, or for `else` that none of the others holds. */
function contextOf(alternative: Alternative, all: readonly Alternative[]): string {
  if (alternative.cond) return `when ${shown(alternative.cond)}`;
  const others = all.filter((a) => a.cond).map((a) => shown(a.cond!));
  return others.length === 1 ? `when not (${others[0]})` : 'when none of the conditions above holds';
}

/** Runs each alternative that can run safely on its own and keeps the models it makes, labelled. */
export function showBranchModels(host: BranchHost, alternatives: readonly Alternative[], scope: Scope): void {
  for (const alternative of alternatives) {
    if (!readsNothingBuilt(alternative.body, scope)) continue;
    const before = host.graph.modelsSoFar().length;
    const own: Scope = { vars: new Map(), parent: scope };
    try {
      host.graph.withoutDiagnostics(() => host.execBlock(named(alternative.body), own));
    } catch (e) {
      // `return`, `break` inside the branch end it; the models it made so far still show.
      if (e instanceof BudgetExceeded) throw e;
    }
    const made = host.graph.modelsSoFar().slice(before);
    const context = contextOf(alternative, alternatives);
    for (const { model } of made) host.graph.labelModel(model, context);
    for (const [name, value] of own.vars) if (value.kind === 'model' && made.some((m) => m.model === value.model)) host.graph.nameModel(value.model, name, false);
  }
}
