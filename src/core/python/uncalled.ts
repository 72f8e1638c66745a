/**
 * Builder functions the file defines but never calls (`def build_model(...)` for another file, or for a `main`
 * that is not run) still show their model: each runs once at the end with its defaults, its model named as
 * such ("by build_model() with its defaults"); a parameter without a default is `?` with why.
 *
 * Only functions that cannot touch what the file already built run: a function reading a module-level model,
 * layer, tensor or container (directly or through the file's other functions and classes) is left alone, since
 * running it could change a model the file really makes.
 */
import type { ModelGraphBuilder } from '../model/builder';
import type { ModelValue } from '../model/graph';
import { unknown, type FunctionValue, type PyValue } from '../model/values';
import { lookupVar, type Scope } from '../interp/scope';
import { named, type SyntaxNode } from './parser';
import { BudgetExceeded } from '../model/budget';
import { callersFirst } from '../interp/uncalled-order';

export interface UncalledHost {
  readonly graph: ModelGraphBuilder;
  /** The file's module-level functions, in the order they are defined. */
  readonly defined: readonly FunctionValue[];
  /** The syntax node ids of the functions that ran. */
  readonly called: ReadonlySet<number>;
  readonly module: Scope;
  call(fn: FunctionValue, keywords: Map<string, PyValue>): void;
}

/** Values a function may read without any chance of changing the file's models. */
const INERT = new Set<PyValue['kind']>(['int', 'float', 'str', 'bool', 'none', 'ref', 'unknown', 'array']);

/** Names a function body binds itself: its parameters and every name it assigns, loops over or imports. */
function localNames(fn: SyntaxNode): Set<string> {
  const names = new Set<string>();
  const stack = [fn];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') {
      const parent = n.parent;
      const field = parent && ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause'].includes(parent.type) ? parent.childForFieldName('left') : null;
      if (field?.id === n.id || parent?.type === 'parameters' || parent?.type === 'default_parameter' || parent?.type === 'typed_parameter' || parent?.type === 'typed_default_parameter' || parent?.type === 'pattern_list' || parent?.type === 'as_pattern_target' || parent?.type === 'dotted_name' || parent?.type === 'aliased_import') names.add(n.text);
    }
    stack.push(...named(n));
  }
  return names;
}

/** The names a function reads from outside itself (attribute names and keyword names are not names). */
function freeNames(fn: SyntaxNode): Set<string> {
  const locals = localNames(fn);
  const free = new Set<string>();
  const stack = fn.type === 'function_definition' ? named(fn) : [fn];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier') {
      const parent = n.parent;
      const isAttribute = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id;
      const isKeyword = parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === n.id;
      if (!isAttribute && !isKeyword && !locals.has(n.text)) free.add(n.text);
    }
    stack.push(...named(n));
  }
  return free;
}

/**
 * Whether running `code` (a function, a block) in `scope` can only read constants, imports and functions and
 * classes that themselves touch nothing built: then it cannot change a model the file made.
 */
export function readsNothingBuilt(code: SyntaxNode, scope: Scope, seen: Set<number> = new Set()): boolean {
  if (seen.has(code.id)) return true;
  seen.add(code.id);
  const ok = (fn: FunctionValue) => readsNothingBuilt(fn.node as SyntaxNode, fn.scope as Scope, seen);
  for (const name of freeNames(code)) {
    const value = lookupVar(name, scope);
    if (!value || INERT.has(value.kind)) continue;
    if (value.kind === 'tuple' && value.items.every((v) => INERT.has(v.kind))) continue;
    if (value.kind === 'function' && ok(value.fn)) continue;
    if (value.kind === 'class' && [...value.cls.methods.values()].every(ok)) continue;
    return false;
  }
  return true;
}

/** Required parameters (no default) of a `def`, by name. */
function requiredParameters(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  return named(params).flatMap((p) => (p.type === 'identifier' ? [p.text] : p.type === 'typed_parameter' && named(p)[0]?.type === 'identifier' ? [named(p)[0].text] : []));
}

/** A cheap picture of what the file built so far, to notice a function that changed it after all. */
function fingerprint(model: ModelValue): string {
  if (model.kind === 'sequential') return `${model.layers.length} ${model.buildShape?.join() ?? ''} ${model.incomplete ?? ''}`;
  if (model.kind === 'subclass') return `${model.layers.length} ${model.built} ${model.incomplete ?? ''}`;
  return model.incomplete ?? '';
}

/** Runs each module-level function nobody called once, with its defaults; labels the models it makes. */
export function runUncalledBuilders(host: UncalledHost): void {
  // Callers first: a `train()` that calls `build_model()` makes that model once (interp/uncalled-order.ts).
  for (const { fn } of callersFirst(host.defined.map((fn) => ({ fn })))) {
    const node = fn.node as SyntaxNode;
    const bound = host.module.vars.get(fn.name);
    if (host.called.has(node.id) || bound?.kind !== 'function' || bound.fn.node !== fn.node || !readsNothingBuilt(node, host.module)) continue;
    const before = host.graph.modelsSoFar().map(({ model }) => [model, fingerprint(model)] as const);
    const why = (p: string) => `\`${fn.name}\` is not called in this file, so its argument \`${p}\` is not known`;
    const keywords = new Map(requiredParameters(node).map((p) => [p, unknown(why(p))] as [string, PyValue]));
    try {
      host.graph.withoutDiagnostics(() => host.call(fn, keywords));
    } catch (e) {
      if (!(e instanceof BudgetExceeded)) throw e;
      for (const { model } of host.graph.modelsSoFar().slice(before.length)) model.incomplete ??= `the analysis ran out of time in \`${fn.name}()\``;
      return;
    }
    for (const [model, print] of before) if (fingerprint(model) !== print) model.incomplete ??= `\`${fn.name}()\`, which is not called in this file, was run for its model and may have changed it`;
    const shown = `by ${fn.name}() with its defaults`;
    for (const { model } of host.graph.modelsSoFar().slice(before.length)) host.graph.labelModel(model, shown);
  }
}

