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

/** Strings and comments: their words are not names. */
const STRINGS_AND_COMMENTS = /"""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*/g;
/** A name that is not an attribute (`x.name`). */
const NAME = /(?<![.\w])[A-Za-z_]\w*/g;
/** `name = ...` / `name: T = ...` / `name += ...` as a statement (not `==`). */
const ASSIGNED = /^[ \t]*([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?[-+*/%@&|^]?=(?!=)/;
/** `for a, b in`. */
const LOOPED = /\bfor\s+([A-Za-z_][\w\s,()]*?)\s+in\b/g;

/**
 * The names a function binds itself, which Python makes local to the whole function: its parameters, the names
 * its statements assign (a line outside any bracket: `units=64,` inside a call is a keyword, not a name), and its
 * loop variables. Read from the text (its strings and comments blanked): walking the syntax tree node by node
 * costs more than running the function.
 */
function localNames(fn: SyntaxNode, text: string): Set<string> {
  const locals = new Set<string>();
  const params = fn.childForFieldName('parameters');
  for (const p of params ? named(params) : []) {
    const name = p.type === 'identifier' ? p : p.childForFieldName('name') ?? named(p).find((c) => c.type === 'identifier');
    if (name) locals.add(name.text);
  }
  let depth = 0;
  for (const line of text.split('\n')) {
    const m = depth === 0 ? ASSIGNED.exec(line) : null;
    if (m) locals.add(m[1]);
    for (const ch of line) depth = Math.max(0, depth + (ch === '(' || ch === '[' || ch === '{' ? 1 : ch === ')' || ch === ']' || ch === '}' ? -1 : 0));
  }
  for (const m of text.matchAll(LOOPED)) for (const n of m[1].match(NAME) ?? []) locals.add(n);
  return locals;
}

/**
 * The names code may read from outside itself: the words of its text that are not attributes (walking its syntax
 * tree node by node costs more than running it), less, in a function, the names it binds itself. Erring towards
 * more names only leaves code unrun.
 */
function freeNames(code: SyntaxNode): Set<string> {
  const text = code.text.replace(STRINGS_AND_COMMENTS, '""');
  const locals = code.type === 'function_definition' ? localNames(code, text) : new Set<string>();
  const free = new Set<string>();
  for (const [name] of text.matchAll(NAME)) if (!locals.has(name)) free.add(name);
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
    // Containers and objects of plain values (a config dict, a list of sizes, argparse's namespace) hold no model.
    if ((value.kind === 'tuple' || value.kind === 'list') && value.items.every((v) => INERT.has(v.kind))) continue;
    if (value.kind === 'dict' && [...value.entries.values()].every((v) => INERT.has(v.kind))) continue;
    if (value.kind === 'object' && [...value.obj.attrs.values()].every((v) => INERT.has(v.kind))) continue;
    if (value.kind === 'function' && ok(value.fn)) continue;
    if (value.kind === 'class' && [...value.cls.methods.values()].every(ok)) continue;
    return false;
  }
  return true;
}

/** Words of code that builds a model (Keras's names for models, layers, inputs). */
const BUILDING = /model|sequential|input|layers?\b|keras|tf\./i;

/**
 * Whether a function may build a model: its text names Keras's models, layers or inputs, or it calls the file's
 * own functions or classes (a `main()` calling `build()`). A data loader or a plotting helper is not run at all.
 */
function mayBuild(fn: SyntaxNode, module: Scope): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  if (BUILDING.test(body.text)) return true;
  for (const [name] of body.text.matchAll(NAME)) {
    const value = module.vars.get(name);
    if (value?.kind === 'function' || value?.kind === 'class') return true;
  }
  return false;
}

/** Required parameters (no default) of a `def`, by name. */
function requiredParameters(fn: SyntaxNode): string[] {
  const params = fn.childForFieldName('parameters');
  if (!params) return [];
  return named(params).flatMap((p) => (p.type === 'identifier' ? [p.text] : p.type === 'typed_parameter' && named(p)[0]?.type === 'identifier' ? [named(p)[0].text] : []));
}

/** A cheap picture of what the file built so far, to notice a function that changed it after all. */
function fingerprint(model: ModelValue): number {
  const flags = (model.incomplete ? 1 : 0) + (model.kind === 'subclass' && model.built ? 2 : 0) + (model.kind === 'sequential' && model.buildShape ? 4 : 0);
  return model.kind === 'functional' ? flags : model.layers.length * 8 + flags;
}

/** Runs each module-level function nobody called once, with its defaults; labels the models it makes. */
export function runUncalledBuilders(host: UncalledHost): void {
  // Callers first: a `train()` that calls `build_model()` makes that model once (interp/uncalled-order.ts).
  for (const { fn } of callersFirst(host.defined.map((fn) => ({ fn })))) {
    const node = fn.node as SyntaxNode;
    const bound = host.module.vars.get(fn.name);
    if (host.called.has(node.id) || bound?.kind !== 'function' || bound.fn.node !== fn.node || !mayBuild(node, host.module) || !readsNothingBuilt(node, host.module)) continue;
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

