/**
 * A small abstract interpreter for the JavaScript / TypeScript a TensorFlow.js model is written in. It follows
 * imports and `require`, constants, arithmetic, arrays and objects, loops, functions and closures far enough
 * to build the same model graph as the Python evaluator, with TF.js's semantics: `tf.sequential`, `model.add`,
 * `tf.input` / `layer.apply` / `tf.model`, camelCase configs, TF.js's automatic names (`dense_Dense1`).
 * It never executes user code and never throws: a step budget and depth limits keep it bounded.
 * Functions the file defines but never calls (a `createModel()` exported for another module, a
 * `DOMContentLoaded` callback) are run once at the end with their parameters unknown unless defaulted.
 */
import type { EvalResult } from '../model/result';
import { ModelGraphBuilder } from '../model/builder';
import { SourceFactsRecorder } from '../model/source-facts';
import { TFJS } from '../model/dialects/tfjs';
import { kids, named, rangeOf, type SyntaxNode } from '../interp/syntax';
import { describe, unknown, type ClassValue, type FunctionValue, type PyValue } from '../model/values';
import { isUndefined, jsTruthy, str, UNDEFINED } from './js-values';
import { BudgetExceeded, DEFAULT_LIMITS, type EvalLimits } from '../model/budget';
import { BreakSignal, ContinueSignal, ReturnSignal } from '../interp/signals';
import type { Scope } from '../interp/scope';
import { TreeWalker } from '../interp/tree-walker';
import { taintBlock, type TaintSyntax } from '../interp/taint';
import type { ModuleImports } from '../modules/loader';
import { callersFirst } from '../interp/uncalled-order';
import type { Tree } from 'web-tree-sitter';

/** A JavaScript scope: the interpreter kit's, with where `var` lands and what `this` is. */
export interface JsScope extends Scope {
  readonly parent?: JsScope;
  /** A function's (or the module's) scope: where `var` declarations land. */
  readonly isFunction?: boolean;
  /** `this` inside a method. */
  readonly self?: PyValue;
}

/** `throw`: the rest of the block does not run; a `catch` block may. */
export class ThrowSignal {}

/** Module specifiers that export TF.js's layers API. */
export const TFJS_MODULES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-layers']);
/** The ref path of the TF.js namespace, `tf`. */
export const TF = 'tfjs';

export function functionScope(scope: JsScope): JsScope {
  for (let s: JsScope | undefined = scope; s; s = s.parent) if (s.isFunction) return s;
  return scope;
}

const JS_TAINT: TaintSyntax = {
  // Declarations inside the block are its own and stay out of it.
  opaque: new Set(['function_declaration', 'arrow_function', 'function_expression', 'class_declaration', 'method_definition']),
  call: 'call_expression',
  member: 'member_expression',
  memberName: 'property',
  listMutators: new Set(['push', 'unshift', 'splice', 'pop', 'shift']),
};

export abstract class TfjsStatements extends TreeWalker<JsScope> {
  protected readonly tooDeepExpression = 'the expression is nested too deeply to follow';
  // Defined by the parts that follow: expressions.ts, calls.ts and tf-calls.ts.
  protected abstract assignMember(target: SyntaxNode, value: PyValue, scope: JsScope): void;
  protected abstract callFunction(fn: FunctionValue, positional: PyValue[], self?: PyValue, uncalled?: boolean): PyValue;
  protected abstract evalQuiet(node: SyntaxNode, scope: JsScope): PyValue;
  protected abstract member(obj: PyValue, name: string): PyValue;
  protected abstract nameModel(target: SyntaxNode, value: PyValue): void;
  protected abstract propertyKey(key: SyntaxNode | null, scope: JsScope): string | undefined;
  protected abstract stringValue(node: SyntaxNode): string | undefined;

  protected readonly graph = new ModelGraphBuilder(TFJS);
  protected readonly facts = new SourceFactsRecorder();
  protected readonly imports = new Map<string, string>();
  /**
   * Every function made (by syntax node id; the first closure made from it) and the ids of those that ran:
   * the others run once at the end. Methods remember the instance they belong to.
   */
  protected readonly functions = new Map<number, { fn: FunctionValue; self?: PyValue }>();
  protected readonly called = new Set<number>();
  protected readonly module: JsScope = { vars: new Map(), isFunction: true };
  /** The workspace modules this file may import relatively (`./model`); absent: imports name only packages. */
  modules?: ModuleImports<PyValue>;
  /** The analyzed file's tree: code of imported modules run from it is placed at the call (interp/call-site.ts). */
  homeTree?: Tree;
  /** Run the functions nobody called (off for an imported module: the importer calls what it uses). */
  runUncalledFunctions = true;
  /** Set once a workspace module is imported: only then may a call run another file's code. */
  protected importedCode = false;

  constructor(limits: EvalLimits = DEFAULT_LIMITS) {
    super(limits);
  }

  run(root: SyntaxNode): EvalResult {
    this.budget.start();
    let truncated: string | undefined;
    try {
      try {
        this.execBlock(named(root), this.module);
      } catch (e) {
        if (!(e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ThrowSignal)) throw e;
      }
      if (this.runUncalledFunctions) this.runUncalled();
    } catch (e) {
      if (e instanceof BudgetExceeded) truncated = e.reason;
      else throw e;
    }
    for (const [name, v] of this.module.vars) if (v.kind === 'model') this.graph.nameModel(v.model, name, true);
    return this.graph.result(this.imports, this.facts.result(), truncated);
  }

  /**
   * Runs a workspace module another file imports and gives its exports as an object: its top-level names (what
   * `export` declares), what `module.exports` / `exports.x` set, and `default`.
   */
  evaluateModule(root: SyntaxNode): PyValue {
    const exports: PyValue = { kind: 'dict', entries: new Map() };
    const module: PyValue = { kind: 'dict', entries: new Map([['exports', exports]]) };
    this.module.vars.set('module', module);
    this.module.vars.set('exports', exports);
    this.run(root);
    const entries = new Map(this.module.vars);
    const assigned = module.entries.get('exports');
    if (assigned?.kind === 'dict') for (const [k, v] of assigned.entries) entries.set(k, v);
    for (const node of named(root)) {
      if (node.type !== 'export_statement' || !kids(node).some((c) => c.type === 'default')) continue;
      const name = node.childForFieldName('declaration')?.childForFieldName('name')?.text ?? node.childForFieldName('value')?.text;
      const value = name ? this.module.vars.get(name) : undefined;
      if (value) entries.set('default', value);
    }
    return { kind: 'dict', entries };
  }

  /** Builder functions nobody calls in this file still show their model: run each once, parameters unknown. */
  protected runUncalled(): void {
    // Running one may make more (its nested functions): each round runs those the rounds before did not see.
    const seen = new Set<number>();
    for (;;) {
      const round = [...this.functions].filter(([id]) => !seen.has(id)).map(([id, entry]) => ({ id, ...entry }));
      if (round.length === 0) return;
      for (const { id } of round) seen.add(id);
      // Callers first: a `run()` that calls the builders makes each model once (interp/uncalled-order.ts).
      for (const { id, fn, self } of callersFirst(round)) {
        if (this.called.has(id)) continue;
        const before = this.graph.modelsSoFar().length;
        this.callFunction(fn, [], self, true);
        for (const { model } of this.graph.modelsSoFar().slice(before)) this.graph.labelModel(model, `by ${fn.name}() with its defaults`);
      }
    }
  }

  // ---------------------------------------------------------------- statements

  protected execBlock(nodes: readonly SyntaxNode[], scope: JsScope): void {
    // Function declarations are hoisted: callable before the line that defines them.
    for (const node of nodes) {
      const decl = node.type === 'export_statement' ? node.childForFieldName('declaration') : node;
      if (decl?.type === 'function_declaration') this.declareFunction(decl, scope);
    }
    for (const node of nodes) this.exec(node, scope);
  }

  protected execStatement(node: SyntaxNode, scope: JsScope): void {
    switch (node.type) {
      case 'expression_statement':
        for (const child of named(node)) this.eval(child, scope);
        return;
      case 'lexical_declaration':
      case 'variable_declaration': {
        const target = node.type === 'variable_declaration' ? functionScope(scope) : scope;
        for (const decl of named(node)) {
          if (decl.type !== 'variable_declarator') continue;
          const name = decl.childForFieldName('name');
          const valueNode = decl.childForFieldName('value');
          if (!name) continue;
          const value = valueNode ? this.eval(valueNode, scope) : UNDEFINED;
          this.bindPattern(name, value, target, true);
          this.nameModel(name, value);
        }
        return;
      }
      case 'import_statement':
        return this.execImport(node, scope);
      case 'export_statement': {
        const decl = node.childForFieldName('declaration');
        if (decl) return this.exec(decl, scope);
        const value = node.childForFieldName('value');
        if (value) this.eval(value, scope);
        return;
      }
      case 'function_declaration':
        // Declared when the block was entered (hoisting).
        if (!scope.vars.has(node.childForFieldName('name')?.text ?? '')) this.declareFunction(node, scope);
        return;
      case 'generator_function_declaration':
        return;
      case 'class_declaration':
      case 'abstract_class_declaration': {
        const name = node.childForFieldName('name')?.text;
        if (name) scope.vars.set(name, this.makeClass(node, scope, name));
        return;
      }
      case 'if_statement':
        return this.execIf(node, scope);
      case 'for_statement':
        return this.execFor(node, scope);
      case 'for_in_statement':
        return this.execForIn(node, scope);
      case 'while_statement':
      case 'do_statement':
        return this.taint(node, scope, `it is assigned in a ${node.type === 'do_statement' ? 'do-while' : 'while'} loop`);
      case 'switch_statement':
        return this.taint(node, scope, 'it is assigned in a switch statement');
      case 'statement_block':
        return this.execBlock(named(node), { vars: new Map(), parent: scope });
      case 'try_statement': {
        const body = node.childForFieldName('body');
        try {
          if (body) this.exec(body, scope);
        } catch (e) {
          if (!(e instanceof ThrowSignal)) throw e;
          const handler = node.childForFieldName('handler')?.childForFieldName('body');
          if (handler) this.taint(handler, scope, 'it is assigned in a catch block');
        }
        const fin = node.childForFieldName('finalizer')?.childForFieldName('body');
        if (fin) this.exec(fin, scope);
        return;
      }
      case 'labeled_statement': {
        const body = node.childForFieldName('body');
        if (body) this.exec(body, scope);
        return;
      }
      case 'return_statement': {
        const value = named(node).find((c) => c.type !== 'comment');
        throw new ReturnSignal(value ? this.eval(value, scope) : UNDEFINED);
      }
      case 'break_statement':
        throw new BreakSignal();
      case 'continue_statement':
        throw new ContinueSignal();
      case 'throw_statement':
        throw new ThrowSignal();
      case 'ERROR':
        // Half-typed code: keep the complete statements tree-sitter recovered.
        for (const child of named(node)) if (child.type.endsWith('_statement') || child.type.endsWith('_declaration')) this.exec(child, scope);
        return;
      default:
        // Comments, empty statements and TypeScript's type-only declarations.
        return;
    }
  }

  protected declareFunction(node: SyntaxNode, scope: JsScope): void {
    const name = node.childForFieldName('name')?.text;
    if (name) scope.vars.set(name, this.makeFunction(node, scope, name));
  }

  protected makeFunction(node: SyntaxNode, scope: JsScope, name: string, self?: PyValue): PyValue {
    const fn: FunctionValue = { name, node, scope };
    if (!this.functions.has(node.id)) this.functions.set(node.id, { fn, self });
    return { kind: 'function', fn };
  }

  /** A class: its methods become functions with `this` bound to one instance object per class. */
  protected makeClass(node: SyntaxNode, scope: JsScope, name: string): PyValue {
    const heritage = named(node).find((c) => c.type === 'class_heritage');
    let base: ClassValue['base'] = 'plain';
    if (heritage) {
      const sup = this.evalQuiet(named(heritage).find((c) => c.type !== 'implements_clause') ?? heritage, scope);
      if (sup.kind === 'ref' && sup.path.startsWith(`${TF}.layers.`)) base = 'layer';
      else if (sup.kind === 'ref' && (sup.path === `${TF}.LayersModel` || sup.path === `${TF}.Sequential`)) base = 'model';
      else if (sup.kind === 'class') base = sup.cls.base;
    }
    const methods = new Map<string, FunctionValue>();
    const cls: ClassValue = { name, base, methods, attrs: new Map(), range: rangeOf(node) };
    const instance: PyValue = { kind: 'object', obj: { cls, attrs: new Map() } };
    const body = node.childForFieldName('body');
    for (const member of body ? named(body) : []) {
      if (member.type !== 'method_definition') continue;
      const mname = member.childForFieldName('name')?.text;
      if (!mname) continue;
      const made = this.makeFunction(member, scope, mname, instance);
      if (made.kind === 'function') methods.set(mname, made.fn);
    }
    return { kind: 'class', cls };
  }

  protected execImport(node: SyntaxNode, scope: JsScope): void {
    const source = node.childForFieldName('source');
    const spec = source ? this.stringValue(source) : undefined;
    const clause = named(node).find((c) => c.type === 'import_clause');
    if (!clause || spec === undefined) return;
    const own = spec.startsWith('.') ? this.modules?.load(spec) : undefined;
    if (own) return this.bindWorkspaceImport(clause, own, scope);
    const root = TFJS_MODULES.has(spec) ? TF : `module:${spec}`;
    for (const part of named(clause)) {
      if (part.type === 'identifier') this.bindImport(scope, part.text, root, spec);
      else if (part.type === 'namespace_import') {
        const id = named(part).find((c) => c.type === 'identifier');
        if (id) this.bindImport(scope, id.text, root, spec);
      } else if (part.type === 'named_imports') {
        for (const item of named(part)) {
          if (item.type !== 'import_specifier') continue;
          const name = item.childForFieldName('name')?.text;
          const alias = item.childForFieldName('alias')?.text ?? name;
          if (name && alias) this.bindImport(scope, alias, `${root}.${name}`, `${spec}.${name}`);
        }
      }
    }
  }

  /** `import createModel, {createGAN as gan} from './model'`, `import * as m from './model'`: the module's exports. */
  private bindWorkspaceImport(clause: SyntaxNode, exports: PyValue, scope: JsScope): void {
    this.importedCode = true;
    for (const part of named(clause)) {
      if (part.type === 'identifier') scope.vars.set(part.text, this.member(exports, 'default'));
      else if (part.type === 'namespace_import') {
        const id = named(part).find((c) => c.type === 'identifier');
        if (id) scope.vars.set(id.text, exports);
      } else if (part.type === 'named_imports') {
        for (const item of named(part)) {
          const name = item.type === 'import_specifier' ? item.childForFieldName('name')?.text : undefined;
          const alias = item.childForFieldName('alias')?.text ?? name;
          if (name && alias) scope.vars.set(alias, this.member(exports, name));
        }
      }
    }
  }

  protected bindImport(scope: JsScope, name: string, path: string, shown: string): void {
    scope.vars.set(name, { kind: 'ref', path });
    if (scope === this.module) this.imports.set(name, shown);
  }

  protected execIf(node: SyntaxNode, scope: JsScope): void {
    const cond = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    const alternative = node.childForFieldName('alternative');
    const elseBody = alternative ? named(alternative).find((c) => c.type !== 'comment') : undefined;
    if (!cond || !consequence) return;
    const decided = jsTruthy(this.eval(cond, scope));
    if (decided === true) return this.exec(consequence, scope);
    if (decided === false) {
      if (elseBody) this.exec(elseBody, scope);
      return;
    }
    const why = `it depends on the condition \`${cond.text.slice(0, 60)}\``;
    this.taint(consequence, scope, why);
    if (elseBody) this.taint(elseBody, scope, why);
  }

  protected execFor(node: SyntaxNode, scope: JsScope): void {
    const loop: JsScope = { vars: new Map(), parent: scope };
    const init = node.childForFieldName('initializer');
    const cond = node.childForFieldName('condition');
    const increment = node.childForFieldName('increment');
    const body = node.childForFieldName('body');
    if (!body) return;
    if (init && init.type !== 'empty_statement') {
      if (init.type.endsWith('declaration')) this.exec(init, loop);
      else this.eval(init, loop);
    }
    const condExpr = cond && cond.type === 'expression_statement' ? named(cond)[0] : cond?.type === 'empty_statement' ? undefined : cond;
    for (let i = 0; ; i++) {
      if (i >= this.limits.maxLoop) return this.taint(body, loop, 'it is assigned in a loop that runs too long to follow');
      const go = condExpr ? jsTruthy(this.eval(condExpr, loop)) : undefined;
      if (go === false) return;
      if (go === undefined) {
        return this.taint(body, loop, condExpr ? `it is assigned in a loop whose condition \`${condExpr.text.slice(0, 60)}\` is not known` : 'it is assigned in a loop without an end condition');
      }
      try {
        this.exec(body, loop);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (!(e instanceof ContinueSignal)) throw e;
      }
      if (increment) this.eval(increment, loop);
    }
  }

  protected execForIn(node: SyntaxNode, scope: JsScope): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const body = node.childForFieldName('body');
    if (!left || !right || !body) return;
    const isOf = kids(node).some((c) => c.type === 'of');
    const iterable = this.eval(right, scope);
    let items: PyValue[] | undefined;
    if (isOf) items = this.iterate(iterable);
    else if (iterable.kind === 'dict') items = [...iterable.entries.keys()].map(str);
    else if (iterable.kind === 'list') items = iterable.items.map((_, i) => str(String(i)));
    const loop: JsScope = { vars: new Map(), parent: scope };
    if (items === undefined) {
      this.bindPattern(left, unknown('loop variable over a sequence that is not known'), loop, true);
      return this.taint(body, loop, `the loop runs over ${iterable.kind === 'unknown' ? `a value that is not known (${iterable.reason})` : describe(iterable)}`);
    }
    for (const item of items.slice(0, this.limits.maxLoop)) {
      this.bindPattern(left, item, loop, true);
      try {
        this.exec(body, loop);
      } catch (e) {
        if (e instanceof BreakSignal) return;
        if (!(e instanceof ContinueSignal)) throw e;
      }
    }
  }

  protected iterate(v: PyValue): PyValue[] | undefined {
    if (v.kind === 'list' || v.kind === 'tuple') return [...v.items];
    if (v.kind === 'str') return [...v.value].map(str);
    return undefined;
  }

  /**
   * Marks what a block might change as unknown: names it assigns, Sequential models it adds to, arrays it
   * pushes to. Declarations inside the block are its own and stay out of it.
   */
  protected taint(block: SyntaxNode, scope: JsScope, reason: string): void {
    taintBlock(block, reason, this.budget, JS_TAINT, (n) => {
      const target = n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression' ? n.childForFieldName('left') : n.type === 'update_expression' ? n.childForFieldName('argument') : null;
      if (target?.type === 'identifier') this.setVar(target.text, unknown(reason), scope);
    }, (n) => this.evalQuiet(n, scope));
  }

  protected lookupScope(name: string, scope: JsScope): Scope | undefined {
    for (let s: JsScope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s;
    return undefined;
  }

  /** Assignment to an existing binding (or a new global, as sloppy-mode JS has it). */
  protected setVar(name: string, value: PyValue, scope: JsScope): void {
    (this.lookupScope(name, scope) ?? this.module).vars.set(name, value);
  }

  /** Binds a declaration or parameter pattern: `x`, `{units, layers: n = 2}`, `[a, , ...rest]`. */
  protected bindPattern(pattern: SyntaxNode, value: PyValue, scope: JsScope, declare: boolean): void {
    const set = (name: string, v: PyValue) => (declare ? scope.vars.set(name, v) : this.setVar(name, v, scope));
    switch (pattern.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        set(pattern.text, value);
        return;
      case 'lexical_declaration':
      case 'variable_declaration': {
        // `for (const x of xs)` gives the declaration as the left side in some grammar versions.
        const decl = named(pattern).find((c) => c.type === 'variable_declarator');
        const name = decl?.childForFieldName('name');
        if (name) this.bindPattern(name, value, scope, true);
        return;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        const left = pattern.childForFieldName('left');
        const right = pattern.childForFieldName('right');
        if (!left) return;
        this.bindPattern(left, isUndefined(value) && right ? this.eval(right, scope) : value, scope, declare);
        return;
      }
      case 'object_pattern': {
        const used = new Set<string>();
        for (const prop of named(pattern)) {
          if (prop.type === 'shorthand_property_identifier_pattern') {
            used.add(prop.text);
            this.bindPattern(prop, this.member(value, prop.text), scope, declare);
          } else if (prop.type === 'pair_pattern') {
            const key = this.propertyKey(prop.childForFieldName('key'), scope);
            const target = prop.childForFieldName('value');
            if (!target) continue;
            if (key === undefined) {
              this.bindPattern(target, unknown('a computed key that is not known'), scope, declare);
              continue;
            }
            used.add(key);
            this.bindPattern(target, this.member(value, key), scope, declare);
          } else if (prop.type === 'object_assignment_pattern') {
            const left = prop.childForFieldName('left');
            if (left) used.add(left.text);
            this.bindPattern(prop, left ? this.member(value, left.text) : UNDEFINED, scope, declare);
          } else if (prop.type === 'rest_pattern') {
            const target = named(prop)[0];
            const rest: PyValue =
              value.kind === 'dict' ? { kind: 'dict', entries: new Map([...value.entries].filter(([k]) => !used.has(k))) } : unknown('the rest of a value that is not known');
            if (target) this.bindPattern(target, rest, scope, declare);
          }
        }
        return;
      }
      case 'array_pattern': {
        const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
        let i = 0;
        for (const child of kids(pattern)) {
          if (child.type === ',') {
            i++;
            continue;
          }
          if (!child.isNamed || child.type === 'comment') continue;
          if (child.type === 'rest_pattern') {
            const target = named(child)[0];
            if (target) this.bindPattern(target, items ? { kind: 'list', items: items.slice(i) } : unknown('cannot unpack a value that is not known'), scope, declare);
            continue;
          }
          const item = items ? items[i] ?? UNDEFINED : unknown(value.kind === 'unknown' ? value.reason : `cannot unpack ${describe(value)}`);
          this.bindPattern(child, item, scope, declare);
        }
        return;
      }
      case 'member_expression':
      case 'subscript_expression':
        if (!declare) this.assignMember(pattern, value, scope);
        return;
      default:
        return;
    }
  }
}
