/**
 * A small abstract interpreter for the JavaScript / TypeScript a TensorFlow.js model is written in. It follows
 * imports and `require`, constants, arithmetic, arrays and objects, loops, functions and closures far enough
 * to build the same model graph as the Python evaluator, with TF.js's semantics: `tf.sequential`, `model.add`,
 * `tf.input` / `layer.apply` / `tf.model`, camelCase configs, TF.js's automatic names (`dense_Dense1`).
 * It never executes user code and never throws: a step budget and depth limits keep it bounded.
 * Functions the file defines but never calls (a `createModel()` exported for another module, a
 * `DOMContentLoaded` callback) are run once at the end with their parameters unknown unless defaulted.
 */
import { ShapeError } from '../model/errors';
import { BudgetExceeded, DEFAULT_LIMITS, EvaluationBudget, type EvalLimits } from '../model/budget';
import type { EvalResult } from '../model/result';
import type { FunctionalModel, LayerInstance, ModelValue, SourceRange, TensorValue } from '../model/graph';
import { ModelGraphBuilder } from '../model/builder';
import { TFJS } from '../model/dialects/tfjs';
import { bindArgs } from '../layers/bind';
import { kids, named, rangeOf, type SyntaxNode } from '../interp/syntax';
import { functionalLayerOrder } from '../model/layer-order';
import type { Dim, Shape } from '../model/shape';
import { describe, unknown, type ClassValue, type FunctionValue, type ObjectValue, type PyValue } from '../model/values';
import { bool, isNumber, isUndefined, jsBinary, jsEquals, jsString, jsTruthy, jsTypeof, NULL, num, parseJsNumber, str, UNDEFINED, unescapeJs } from './js-values';
import { camelKey, TFJS_LAYERS, tfjsSpec, translateConfig, type TfjsLayerDef } from './layers';

interface Scope {
  readonly vars: Map<string, PyValue>;
  readonly parent?: Scope;
  /** A function's (or the module's) scope: where `var` declarations land. */
  readonly isFunction?: boolean;
  /** `this` inside a method. */
  readonly self?: PyValue;
}

class ReturnSignal {
  constructor(readonly value: PyValue) {}
}
class BreakSignal {}
class ContinueSignal {}
class ThrowSignal {}

/** Module specifiers that export TF.js's layers API. */
const TFJS_MODULES = new Set(['@tensorflow/tfjs', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-layers']);
/** The ref path of the TF.js namespace, `tf`. */
const TF = 'tfjs';

/** JavaScript globals the evaluator knows some members of. */
const GLOBALS = new Set(['Math', 'Array', 'Number', 'String', 'Object', 'JSON', 'console', 'parseInt', 'parseFloat', 'require', 'Boolean', 'isNaN', 'Promise', 'process', 'window', 'document']);

export class TfjsEvaluator {
  private readonly budget: EvaluationBudget;
  private callDepth = 0;
  private readonly graph = new ModelGraphBuilder(TFJS);
  private readonly imports = new Map<string, string>();
  /**
   * Every function made (by syntax node id; the first closure made from it) and the ids of those that ran:
   * the others run once at the end. Methods remember the instance they belong to.
   */
  private readonly functions = new Map<number, { fn: FunctionValue; self?: PyValue }>();
  private readonly called = new Set<number>();
  private readonly module: Scope = { vars: new Map(), isFunction: true };

  constructor(private readonly limits: EvalLimits = DEFAULT_LIMITS) {
    this.budget = new EvaluationBudget(limits);
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
      this.runUncalled();
    } catch (e) {
      if (e instanceof BudgetExceeded) truncated = e.reason;
      else throw e;
    }
    for (const [name, v] of this.module.vars) if (v.kind === 'model') this.graph.nameModel(v.model, name, true);
    return this.graph.result(this.imports, truncated);
  }

  /** Builder functions nobody calls in this file still show their model: run each once, parameters unknown. */
  private runUncalled(): void {
    // Running one may make more (its nested functions): the map iterator sees them too.
    for (const [id, { fn, self }] of this.functions) {
      if (this.called.has(id)) continue;
      this.callFunction(fn, [], self, true);
    }
  }

  // ---------------------------------------------------------------- statements

  private execBlock(nodes: readonly SyntaxNode[], scope: Scope): void {
    // Function declarations are hoisted: callable before the line that defines them.
    for (const node of nodes) {
      const decl = node.type === 'export_statement' ? node.childForFieldName('declaration') : node;
      if (decl?.type === 'function_declaration') this.declareFunction(decl, scope);
    }
    for (const node of nodes) this.exec(node, scope);
  }

  private exec(node: SyntaxNode, scope: Scope): void {
    this.budget.nested(
      () => this.taint(node, scope, 'it is nested too deeply to follow'),
      () => this.execStatement(node, scope),
    );
  }

  private execStatement(node: SyntaxNode, scope: Scope): void {
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

  private declareFunction(node: SyntaxNode, scope: Scope): void {
    const name = node.childForFieldName('name')?.text;
    if (name) scope.vars.set(name, this.makeFunction(node, scope, name));
  }

  private makeFunction(node: SyntaxNode, scope: Scope, name: string, self?: PyValue): PyValue {
    const fn: FunctionValue = { name, node, scope };
    if (!this.functions.has(node.id)) this.functions.set(node.id, { fn, self });
    return { kind: 'function', fn };
  }

  /** A class: its methods become functions with `this` bound to one instance object per class. */
  private makeClass(node: SyntaxNode, scope: Scope, name: string): PyValue {
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

  private execImport(node: SyntaxNode, scope: Scope): void {
    const source = node.childForFieldName('source');
    const spec = source ? this.stringValue(source) : undefined;
    const clause = named(node).find((c) => c.type === 'import_clause');
    if (!clause || spec === undefined) return;
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

  private bindImport(scope: Scope, name: string, path: string, shown: string): void {
    scope.vars.set(name, { kind: 'ref', path });
    if (scope === this.module) this.imports.set(name, shown);
  }

  private execIf(node: SyntaxNode, scope: Scope): void {
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

  private execFor(node: SyntaxNode, scope: Scope): void {
    const loop: Scope = { vars: new Map(), parent: scope };
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

  private execForIn(node: SyntaxNode, scope: Scope): void {
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
    const loop: Scope = { vars: new Map(), parent: scope };
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

  private iterate(v: PyValue): PyValue[] | undefined {
    if (v.kind === 'list' || v.kind === 'tuple') return [...v.items];
    if (v.kind === 'str') return [...v.value].map(str);
    return undefined;
  }

  /**
   * Marks what a block might change as unknown: names it assigns, Sequential models it adds to, arrays it
   * pushes to. Declarations inside the block are its own and stay out of it.
   */
  private taint(block: SyntaxNode, scope: Scope, reason: string): void {
    const stack: SyntaxNode[] = [block];
    while (stack.length) {
      const n = stack.pop()!;
      this.budget.tick();
      if (n.type === 'function_declaration' || n.type === 'arrow_function' || n.type === 'function_expression' || n.type === 'class_declaration' || n.type === 'method_definition') continue;
      if (n.type === 'assignment_expression' || n.type === 'augmented_assignment_expression') {
        const target = n.childForFieldName('left');
        if (target?.type === 'identifier') this.setVar(target.text, unknown(reason), scope);
      } else if (n.type === 'update_expression') {
        const target = n.childForFieldName('argument');
        if (target?.type === 'identifier') this.setVar(target.text, unknown(reason), scope);
      } else if (n.type === 'call_expression') {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'member_expression') {
          const objNode = fn.childForFieldName('object');
          const method = fn.childForFieldName('property')?.text;
          const obj = objNode ? this.evalQuiet(objNode, scope) : unknown('');
          if (obj.kind === 'model' && obj.model.kind === 'sequential' && (method === 'add' || method === 'pop')) {
            obj.model.incomplete ??= `a layer is added ${reason.replace(/^it /, '')}`;
          }
          if (obj.kind === 'list' && method && ['push', 'unshift', 'splice', 'pop', 'shift'].includes(method)) {
            obj.items.length = 0;
            obj.items.push(unknown(reason));
          }
        }
      }
      const children = named(n);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  private lookupScope(name: string, scope: Scope): Scope | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s;
    return undefined;
  }

  /** Assignment to an existing binding (or a new global, as sloppy-mode JS has it). */
  private setVar(name: string, value: PyValue, scope: Scope): void {
    (this.lookupScope(name, scope) ?? this.module).vars.set(name, value);
  }

  /** Binds a declaration or parameter pattern: `x`, `{units, layers: n = 2}`, `[a, , ...rest]`. */
  private bindPattern(pattern: SyntaxNode, value: PyValue, scope: Scope, declare: boolean): void {
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

  // ---------------------------------------------------------------- expressions

  private evalQuiet(node: SyntaxNode, scope: Scope): PyValue {
    // For lookups during taint and class headers: no side effects wanted, so only names and members.
    if (node.type === 'identifier') return this.lookup(node.text, scope);
    if (node.type === 'member_expression') {
      const obj = node.childForFieldName('object');
      const prop = node.childForFieldName('property')?.text;
      if (obj && prop) return this.member(this.evalQuiet(obj, scope), prop);
    }
    if (node.type === 'this') return scope.self ?? this.findSelf(scope);
    return unknown('not evaluated');
  }

  eval(node: SyntaxNode, scope: Scope): PyValue {
    return this.budget.nested(
      () => unknown('the expression is nested too deeply to follow'),
      () => this.evalInner(node, scope),
    );
  }

  private evalInner(node: SyntaxNode, scope: Scope): PyValue {
    switch (node.type) {
      case 'number':
        return parseJsNumber(node.text);
      case 'string':
        return str(this.stringValue(node) ?? '');
      case 'template_string':
        return this.evalTemplate(node, scope);
      case 'true':
        return bool(true);
      case 'false':
        return bool(false);
      case 'null':
        return NULL;
      case 'undefined':
        return UNDEFINED;
      case 'identifier':
        return this.lookup(node.text, scope);
      case 'this':
        return scope.self ?? this.findSelf(scope);
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression': {
        const inner = named(node).find((c) => c.type !== 'comment');
        return inner ? this.eval(inner, scope) : UNDEFINED;
      }
      case 'type_assertion': {
        const inner = named(node).filter((c) => c.type !== 'type_arguments').pop();
        return inner ? this.eval(inner, scope) : UNDEFINED;
      }
      case 'await_expression': {
        const inner = named(node)[0];
        return inner ? this.eval(inner, scope) : UNDEFINED;
      }
      case 'sequence_expression': {
        let last: PyValue = UNDEFINED;
        for (const child of named(node)) last = this.eval(child, scope);
        return last;
      }
      case 'array':
        return { kind: 'list', items: this.evalItems(named(node), scope) };
      case 'object':
        return this.evalObject(node, scope);
      case 'member_expression': {
        // tree-sitter-typescript reads `x as tf.layers.Layer` as `(x as tf.layers).Layer`: the rest is type, not a member.
        const cast = castRoot(node);
        if (cast) return this.eval(cast, scope);
        const objNode = node.childForFieldName('object');
        const prop = node.childForFieldName('property');
        if (!objNode || !prop) return unknown('incomplete member access');
        const obj = this.eval(objNode, scope);
        if (obj.kind === 'none' && named(node).some((c) => c.type === 'optional_chain')) return UNDEFINED;
        return this.member(obj, prop.text);
      }
      case 'subscript_expression': {
        const objNode = node.childForFieldName('object');
        const index = node.childForFieldName('index');
        if (!objNode || !index) return unknown('incomplete subscript');
        return this.subscript(this.eval(objNode, scope), this.eval(index, scope));
      }
      case 'call_expression':
        return this.evalCall(node, scope);
      case 'new_expression':
        return this.evalNew(node, scope);
      case 'arrow_function':
      case 'function_expression':
      case 'function':
        return this.makeFunction(node, scope, node.childForFieldName('name')?.text ?? '<anonymous>');
      case 'class':
        return this.makeClass(node, scope, node.childForFieldName('name')?.text ?? '<anonymous class>');
      case 'binary_expression':
        return this.evalBinary(node, scope);
      case 'unary_expression':
        return this.evalUnary(node, scope);
      case 'update_expression':
        return this.evalUpdate(node, scope);
      case 'assignment_expression': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return unknown('incomplete assignment');
        const value = this.eval(right, scope);
        if (left.type === 'identifier') this.setVar(left.text, value, scope);
        else this.bindPattern(left, value, scope, false);
        this.nameModel(left, value);
        return value;
      }
      case 'augmented_assignment_expression':
        return this.evalAugmented(node, scope);
      case 'ternary_expression': {
        const cond = node.childForFieldName('condition');
        const yes = node.childForFieldName('consequence');
        const no = node.childForFieldName('alternative');
        if (!cond || !yes || !no) return unknown('incomplete conditional');
        const decided = jsTruthy(this.eval(cond, scope));
        if (decided === undefined) return unknown(`it depends on the condition \`${cond.text.slice(0, 60)}\``);
        return this.eval(decided ? yes : no, scope);
      }
      default:
        return unknown(`\`${node.text.slice(0, 40)}\` is not something Model Lens evaluates`);
    }
  }

  private findSelf(scope: Scope): PyValue {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.self) return s.self;
    return unknown('`this` outside a class');
  }

  /** The text of a string literal, escapes resolved. */
  private stringValue(node: SyntaxNode): string | undefined {
    if (node.type !== 'string') return undefined;
    let out = '';
    for (const part of named(node)) {
      if (part.type === 'string_fragment') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeJs(part.text);
    }
    return out;
  }

  private evalTemplate(node: SyntaxNode, scope: Scope): PyValue {
    let out = '';
    for (const part of named(node)) {
      if (part.type === 'string_fragment') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeJs(part.text);
      else if (part.type === 'template_substitution') {
        const expr = named(part)[0];
        const v = expr ? this.eval(expr, scope) : UNDEFINED;
        const text = jsString(v);
        if (text === undefined) return unknown(v.kind === 'unknown' ? v.reason : 'a template literal with a value that is not known');
        out += text;
      }
    }
    return str(out);
  }

  private evalItems(nodes: readonly SyntaxNode[], scope: Scope): PyValue[] {
    const out: PyValue[] = [];
    for (const n of nodes) {
      if (n.type === 'comment') continue;
      if (n.type === 'spread_element') {
        const inner = named(n)[0];
        const v = inner ? this.eval(inner, scope) : UNDEFINED;
        const items = this.iterate(v);
        if (items) out.push(...items);
        else out.push(unknown(v.kind === 'unknown' ? v.reason : `cannot spread ${describe(v)}`));
      } else out.push(this.eval(n, scope));
    }
    return out;
  }

  private propertyKey(key: SyntaxNode | null, scope: Scope): string | undefined {
    if (!key) return undefined;
    if (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'private_property_identifier') return key.text;
    if (key.type === 'string') return this.stringValue(key);
    if (key.type === 'number') {
      const v = parseJsNumber(key.text);
      return isNumber(v) ? String(v.value) : undefined;
    }
    if (key.type === 'computed_property_name') {
      const inner = named(key)[0];
      const v = inner ? this.eval(inner, scope) : UNDEFINED;
      return jsString(v);
    }
    return undefined;
  }

  private evalObject(node: SyntaxNode, scope: Scope): PyValue {
    const entries = new Map<string, PyValue>();
    for (const prop of named(node)) {
      if (prop.type === 'pair') {
        const key = this.propertyKey(prop.childForFieldName('key'), scope);
        const valueNode = prop.childForFieldName('value');
        const value = valueNode ? this.eval(valueNode, scope) : UNDEFINED;
        if (key !== undefined) entries.set(key, value);
      } else if (prop.type === 'shorthand_property_identifier') {
        entries.set(prop.text, this.lookup(prop.text, scope));
      } else if (prop.type === 'spread_element') {
        const inner = named(prop)[0];
        const v = inner ? this.eval(inner, scope) : UNDEFINED;
        if (v.kind === 'dict') for (const [k, x] of v.entries) entries.set(k, x);
        else if (v.kind === 'unknown') {
          // Any key may come from it: the ones written so far are no longer certain.
          for (const k of entries.keys()) entries.set(k, unknown(`it may be overridden by \`...${inner?.text.slice(0, 40)}\` (${v.reason})`));
        }
      } else if (prop.type === 'method_definition') {
        const name = prop.childForFieldName('name')?.text;
        if (name) entries.set(name, this.makeFunction(prop, scope, name));
      }
    }
    return { kind: 'dict', entries };
  }

  private lookup(name: string, scope: Scope): PyValue {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    // A browser page loads TF.js with a script tag: `tf` is a global there.
    if (name === 'tf') return { kind: 'ref', path: TF };
    if (GLOBALS.has(name)) return { kind: 'ref', path: `js.${name}` };
    if (name === 'NaN') return num(NaN);
    if (name === 'Infinity') return num(Infinity);
    return unknown(`\`${name}\` is not defined in this file`);
  }

  /** `obj.name`. */
  private member(obj: PyValue, name: string): PyValue {
    switch (obj.kind) {
      case 'ref':
        return { kind: 'ref', path: `${obj.path}.${name}` };
      case 'dict': {
        const v = obj.entries.get(name);
        if (v !== undefined) return v;
        return UNDEFINED;
      }
      case 'list':
      case 'tuple':
        if (name === 'length') return num(obj.items.length);
        return { kind: 'method', self: obj, name };
      case 'str':
        if (name === 'length') return num(obj.value.length);
        return { kind: 'method', self: obj, name };
      case 'layer':
        return this.layerMember(obj.layer, name);
      case 'model':
        return this.modelMember(obj.model, name);
      case 'tensor':
        if (name === 'shape') return obj.tensor.shape ? { kind: 'list', items: obj.tensor.shape.map((d) => (d === null ? NULL : num(d))) } : unknown('the shape of this tensor is not known');
        if (name === 'rank') return obj.tensor.shape ? num(obj.tensor.shape.length) : unknown('the rank of this tensor is not known');
        return { kind: 'method', self: obj, name };
      case 'object': {
        const v = obj.obj.attrs.get(name);
        if (v !== undefined) return v;
        const m = obj.obj.cls.methods.get(name);
        if (m) return { kind: 'method', self: obj, name };
        return UNDEFINED;
      }
      case 'function':
        return { kind: 'method', self: obj, name };
      case 'unknown':
        return obj;
      case 'none':
        return unknown(`cannot read \`${name}\` of ${obj === UNDEFINED ? 'undefined' : 'null'}`);
      default:
        return unknown(`\`${name}\` of ${describe(obj)} is not something Model Lens evaluates`);
    }
  }

  private layerMember(layer: LayerInstance, name: string): PyValue {
    switch (name) {
      case 'name':
        return str(layer.name);
      case 'output':
      case 'input': {
        const call = layer.calls.length === 1 ? layer.calls[0] : undefined;
        if (!call) return unknown(`${layer.name} has ${layer.calls.length === 0 ? 'not been applied' : 'been applied several times'}, so TF.js has no single ${name} for it`);
        if (name === 'input') return call.inputs.length === 1 ? { kind: 'tensor', tensor: call.inputs[0] } : { kind: 'list', items: call.inputs.map((t) => ({ kind: 'tensor', tensor: t })) };
        return this.graph.outputsOf(call);
      }
      case 'trainable':
        return bool(layer.trainable);
      default:
        return { kind: 'method', self: { kind: 'layer', layer }, name };
    }
  }

  private modelMember(model: ModelValue, name: string): PyValue {
    switch (name) {
      case 'name':
        return str(model.name);
      case 'layers': {
        const list = model.kind === 'sequential' ? model.layers.map((e) => e.layer) : model.kind === 'functional' ? functionalLayerOrder(model) : model.layers;
        return { kind: 'list', items: list.map((layer) => (layer.model ? ({ kind: 'model', model: layer.model } as PyValue) : { kind: 'layer', layer })) };
      }
      case 'inputs':
      case 'outputs':
      case 'input':
      case 'output': {
        if (model.kind === 'sequential') return unknown(`Model Lens does not follow the ${name} tensors of a Sequential model`);
        const why = model.incomplete ?? `the ${name.startsWith('input') ? 'inputs' : 'outputs'} of ${model.name} are not known`;
        const tensors = (name.startsWith('input') ? model.inputs : model.outputs).map((t): PyValue => (t ? { kind: 'tensor', tensor: t } : unknown(why)));
        if (name.endsWith('s')) return { kind: 'list', items: tensors };
        return tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors };
      }
      default:
        return { kind: 'method', self: { kind: 'model', model }, name };
    }
  }

  private subscript(obj: PyValue, index: PyValue): PyValue {
    if (obj.kind === 'unknown') return obj;
    if (index.kind === 'unknown') return index;
    if ((obj.kind === 'list' || obj.kind === 'tuple') && isNumber(index)) {
      return Number.isInteger(index.value) && index.value >= 0 && index.value < obj.items.length ? obj.items[index.value] : UNDEFINED;
    }
    if (obj.kind === 'str' && isNumber(index)) return index.value >= 0 && index.value < obj.value.length ? str(obj.value[index.value]) : UNDEFINED;
    const key = jsString(index);
    if (key !== undefined && (obj.kind === 'list' || obj.kind === 'tuple' || obj.kind === 'str') && key === 'length') return this.member(obj, 'length');
    if (key !== undefined) return this.member(obj, key);
    return unknown(`the index ${describe(index)} is not something Model Lens evaluates`);
  }

  private assignMember(target: SyntaxNode, value: PyValue, scope: Scope): void {
    const objNode = target.childForFieldName('object');
    if (!objNode) return;
    const obj = this.eval(objNode, scope);
    let key: string | undefined;
    if (target.type === 'member_expression') key = target.childForFieldName('property')?.text;
    else {
      const index = target.childForFieldName('index');
      const k = index ? this.eval(index, scope) : UNDEFINED;
      if ((obj.kind === 'list' || obj.kind === 'tuple') && isNumber(k) && obj.kind === 'list') {
        const i = k.value;
        if (Number.isInteger(i) && i >= 0 && i <= obj.items.length + 1000) {
          while (obj.items.length < i) obj.items.push(UNDEFINED);
          obj.items[i] = value;
        }
        return;
      }
      if (obj.kind === 'list') {
        obj.items.splice(0, obj.items.length, unknown('an item was set at an index that is not known'));
        return;
      }
      key = jsString(k);
    }
    if (key === undefined) return;
    if (obj.kind === 'dict') obj.entries.set(key, value);
    else if (obj.kind === 'object') obj.obj.attrs.set(key, value);
    else if (key === 'trainable' && (obj.kind === 'layer' || obj.kind === 'model')) {
      const flag = jsTruthy(value);
      if (flag !== undefined) this.graph.setTrainable(obj, flag);
    }
  }

  /** Remembers the first name a model is assigned to (`const model = tf.sequential()` inside a function). */
  private nameModel(target: SyntaxNode, value: PyValue): void {
    if (value.kind === 'model' && target.type === 'identifier') this.graph.nameModel(value.model, target.text, false);
  }

  private evalBinary(node: SyntaxNode, scope: Scope): PyValue {
    const op = node.childForFieldName('operator')?.text ?? '';
    const leftNode = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    if (!leftNode || !rightNode) return unknown('incomplete expression');
    const left = this.eval(leftNode, scope);
    if (op === '&&' || op === '||' || op === '??') {
      if (op === '??') {
        if (left.kind === 'unknown') return left;
        return left.kind === 'none' ? this.eval(rightNode, scope) : left;
      }
      const t = jsTruthy(left);
      if (t === undefined) return unknown(`it depends on \`${leftNode.text.slice(0, 40)}\``);
      if (op === '&&') return t ? this.eval(rightNode, scope) : left;
      return t ? left : this.eval(rightNode, scope);
    }
    const right = this.eval(rightNode, scope);
    if (op === 'instanceof' || op === 'in') return unknown(`\`${op}\` is not evaluated`);
    return jsBinary(op, left, right);
  }

  private evalUnary(node: SyntaxNode, scope: Scope): PyValue {
    const op = node.childForFieldName('operator')?.text ?? '';
    const argNode = node.childForFieldName('argument');
    if (!argNode) return unknown('incomplete expression');
    const v = this.eval(argNode, scope);
    switch (op) {
      case '!': {
        const t = jsTruthy(v);
        return t === undefined ? unknown(v.kind === 'unknown' ? v.reason : 'not known') : bool(!t);
      }
      case '-':
        return v.kind === 'unknown' ? v : jsBinary('*', v, num(-1));
      case '+':
        return v.kind === 'unknown' ? v : jsBinary('*', v, num(1));
      case '~':
        return isNumber(v) ? num(~v.value) : unknown('`~` on a value that is not a number');
      case 'typeof': {
        const t = jsTypeof(v);
        return t === undefined ? unknown('the type is not known') : str(t);
      }
      case 'void':
        return UNDEFINED;
      default:
        return unknown(`the operator \`${op}\` is not evaluated`);
    }
  }

  private evalUpdate(node: SyntaxNode, scope: Scope): PyValue {
    const target = node.childForFieldName('argument');
    const op = kids(node).find((c) => c.type === '++' || c.type === '--')?.type;
    if (!target || !op) return unknown('incomplete update');
    const before = this.eval(target, scope);
    const after = jsBinary(op === '++' ? '+' : '-', before.kind === 'str' ? unknown('not a number') : before, num(1));
    if (target.type === 'identifier') this.setVar(target.text, after, scope);
    else this.bindPattern(target, after, scope, false);
    const prefix = kids(node)[0]?.type === op;
    return prefix ? after : before;
  }

  private evalAugmented(node: SyntaxNode, scope: Scope): PyValue {
    const target = node.childForFieldName('left');
    const rightNode = node.childForFieldName('right');
    const opText = node.childForFieldName('operator')?.text ?? '';
    if (!target || !rightNode) return unknown('incomplete assignment');
    const op = opText.slice(0, -1);
    const before = this.eval(target, scope);
    let after: PyValue;
    if (op === '&&' || op === '||' || op === '??') {
      const t = op === '??' ? (before.kind === 'unknown' ? undefined : before.kind !== 'none') : jsTruthy(before);
      if (t === undefined) after = unknown('it depends on a value that is not known');
      else after = (op === '&&') === t ? this.eval(rightNode, scope) : before;
    } else after = jsBinary(op, before, this.eval(rightNode, scope));
    if (target.type === 'identifier') this.setVar(target.text, after, scope);
    else this.bindPattern(target, after, scope, false);
    return after;
  }

  // ---------------------------------------------------------------- calls

  private evalArgs(argsNode: SyntaxNode | null, scope: Scope): { values: PyValue[]; nodes: SyntaxNode[] } {
    const nodes = argsNode ? named(argsNode).filter((c) => c.type !== 'comment') : [];
    return { values: this.evalItems(nodes, scope), nodes };
  }

  private evalCall(node: SyntaxNode, scope: Scope): PyValue {
    const fnNode = node.childForFieldName('function');
    const argsNode = node.childForFieldName('arguments');
    if (!fnNode) return unknown('incomplete call');
    if (fnNode.type === 'import') {
      // `await import('@tensorflow/tfjs')`
      const first = argsNode ? named(argsNode)[0] : undefined;
      const spec = first ? this.stringValue(first) : undefined;
      return spec !== undefined && TFJS_MODULES.has(spec) ? { kind: 'ref', path: TF } : unknown('a dynamic import Model Lens does not follow');
    }
    if (fnNode.type === 'super') return UNDEFINED;
    if (argsNode?.type === 'template_string') return unknown('a tagged template is not evaluated');
    const callee = this.eval(fnNode, scope);
    const args = this.evalArgs(argsNode, scope);
    const range = rangeOf(node);
    if (callee.kind === 'none' && named(node).some((c) => c.type === 'optional_chain')) return UNDEFINED;
    return this.call(callee, args, range, node);
  }

  private evalNew(node: SyntaxNode, scope: Scope): PyValue {
    const ctorNode = node.childForFieldName('constructor');
    const args = this.evalArgs(node.childForFieldName('arguments'), scope);
    if (!ctorNode) return unknown('incomplete new expression');
    const ctor = this.eval(ctorNode, scope);
    const range = rangeOf(node);
    if (ctor.kind === 'class') return this.instantiate(ctor.cls, args.values, range);
    if (ctor.kind === 'ref' && ctor.path === 'js.Array') {
      const n = args.values[0];
      if (args.values.length === 1 && n && isNumber(n) && Number.isInteger(n.value) && n.value >= 0 && n.value <= this.limits.maxLoop) {
        return { kind: 'list', items: Array<PyValue>(n.value).fill(UNDEFINED) };
      }
      return { kind: 'list', items: args.values };
    }
    return unknown(`\`new ${ctorNode.text.slice(0, 40)}\` is not something Model Lens follows`);
  }

  private instantiate(cls: ClassValue, positional: PyValue[], range: SourceRange): PyValue {
    if (cls.base === 'layer') {
      return { kind: 'layer', layer: this.graph.unknownLayer(cls.name, range, `${cls.name} is a custom layer class defined in this file; its shapes are not inferred`) };
    }
    if (cls.base === 'model') return unknown(`${cls.name} extends a TF.js model class; Model Lens does not follow subclassed models in TF.js`);
    const self: PyValue = { kind: 'object', obj: { cls, attrs: new Map() } };
    const ctor = cls.methods.get('constructor');
    if (ctor) this.callFunction(ctor, positional, self);
    return self;
  }

  private call(callee: PyValue, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange, node: SyntaxNode): PyValue {
    switch (callee.kind) {
      case 'function':
        return this.callFunction(callee.fn, args.values);
      case 'ref':
        return this.callRef(callee.path, args, range, node);
      case 'method':
        return this.callMethod(callee.self, callee.name, args, range);
      case 'class':
        return unknown(`class ${callee.cls.name} must be called with new`);
      case 'unknown':
        return callee;
      default:
        return unknown(`${describe(callee)} is not callable`);
    }
  }

  private callFunction(fn: FunctionValue, positional: PyValue[], self?: PyValue, uncalled = false): PyValue {
    const node = fn.node as SyntaxNode;
    this.called.add(node.id);
    if (this.callDepth >= this.limits.maxCallDepth) return unknown(`calls nested deeper than ${this.limits.maxCallDepth} levels are not followed`);
    const method = this.functions.get(node.id)?.self;
    const local: Scope = { vars: new Map(), parent: fn.scope as Scope, isFunction: true, self: self ?? method };
    const params = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
    const list = params ? (params.type === 'formal_parameters' ? named(params) : [params]) : [];
    let i = 0;
    for (const p of list) {
      if (p.type === 'comment') continue;
      const why = uncalled ? `\`${fn.name}\` is not called in this file, so its parameters are not known` : 'not passed';
      if (p.type === 'rest_pattern') {
        const target = named(p)[0];
        if (target) this.bindPattern(target, uncalled ? unknown(why) : { kind: 'list', items: positional.slice(i) }, local, true);
        i = positional.length;
        continue;
      }
      // TypeScript wraps each parameter: `(required_parameter pattern: x value: default)`.
      let pattern = p;
      let fallback: SyntaxNode | null = null;
      if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
        pattern = p.childForFieldName('pattern') ?? p;
        fallback = p.childForFieldName('value');
      } else if (p.type === 'assignment_pattern') {
        pattern = p.childForFieldName('left') ?? p;
        fallback = p.childForFieldName('right');
      }
      if (pattern.type === 'this') continue;
      let value = positional[i++] ?? (uncalled ? unknown(why) : UNDEFINED);
      if (fallback && (isUndefined(value) || (uncalled && value.kind === 'unknown'))) value = this.eval(fallback, local);
      // TypeScript parameter properties: `constructor(private readonly units: number)` sets `this.units`.
      const property = p.type === 'required_parameter' || p.type === 'optional_parameter' ? named(p).some((c) => c.type === 'accessibility_modifier' || c.type === 'override_modifier') || kids(p).some((c) => c.type === 'readonly') : false;
      const target = local.self;
      if (property && pattern.type === 'identifier' && target?.kind === 'object') target.obj.attrs.set(pattern.text, value);
      if (pattern.type === 'rest_pattern') {
        const target = named(pattern)[0];
        if (target) this.bindPattern(target, uncalled ? unknown(why) : { kind: 'list', items: positional.slice(i - 1) }, local, true);
        continue;
      }
      this.bindPattern(pattern, value, local, true);
    }
    const body = node.childForFieldName('body');
    if (!body) return UNDEFINED;
    this.callDepth++;
    try {
      if (body.type !== 'statement_block') return this.eval(body, local);
      this.execBlock(named(body), local);
      return UNDEFINED;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (e instanceof ThrowSignal) return unknown(`\`${fn.name}\` throws`);
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return UNDEFINED;
      throw e;
    } finally {
      this.callDepth--;
    }
  }

  /** Calls on imported names: the TF.js API, and a few JavaScript built-ins. */
  private callRef(path: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange, node: SyntaxNode): PyValue {
    const a = args.values;
    if (path === 'js.require') {
      const spec = a[0]?.kind === 'str' ? a[0].value : undefined;
      return spec !== undefined && TFJS_MODULES.has(spec) ? { kind: 'ref', path: TF } : unknown(`require(${a[0] ? describe(a[0]) : ''}) is not a TF.js module`);
    }
    if (path.startsWith('js.')) return this.callBuiltin(path.slice(3), a);
    if (!path.startsWith(`${TF}.`)) return unknown(`\`${path.replace(/^module:/, '')}\` is not something Model Lens follows`);
    const name = path.slice(TF.length + 1);
    switch (name) {
      case 'sequential':
        return this.constructSequential(a[0], range, args.nodes[0]);
      case 'model':
        return { kind: 'model', model: this.constructFunctional(a[0], range) };
      case 'input':
      case 'layers.input':
        return this.constructInput(a[0], range);
      case 'tidy': {
        const fn = a.find((v) => v.kind === 'function');
        return fn?.kind === 'function' ? this.callFunction(fn.fn, []) : unknown('tf.tidy without a function');
      }
      case 'layers.inputLayer':
        return this.constructInputLayer(a[0], range);
      default:
        break;
    }
    if (name.startsWith('layers.')) {
      const factory = name.slice('layers.'.length);
      const def = TFJS_LAYERS.get(factory);
      if (!def) return unknown(`tf.layers.${factory} is not a TF.js layer Model Lens knows`);
      return this.constructLayer(factory, def, a[0], range, args.nodes[0]);
    }
    if (/^(train|losses|metrics)\.\w+$/.test(name)) {
      // Kept with its arguments: training reads `tf.train.adam(3e-4)` from here.
      return { kind: 'call', path: `tf.${name}`, positional: a, keywords: new Map() };
    }
    if (name === 'loadLayersModel' || name === 'loadGraphModel' || name === 'models.modelFromJSON') {
      return unknown(`the model is loaded at run time (tf.${name}), so Model Lens cannot see its layers`);
    }
    return unknown(`tf.${name} is not something Model Lens follows`);
  }

  private callBuiltin(name: string, a: PyValue[]): PyValue {
    const nums = a.map((v) => (isNumber(v) ? v.value : v.kind === 'bool' ? Number(v.value) : undefined));
    const allNums = nums.every((x) => x !== undefined) ? (nums as number[]) : undefined;
    const math: Record<string, (...x: number[]) => number> = {
      'Math.floor': Math.floor, 'Math.ceil': Math.ceil, 'Math.round': Math.round, 'Math.trunc': Math.trunc, 'Math.abs': Math.abs,
      'Math.max': Math.max, 'Math.min': Math.min, 'Math.pow': Math.pow, 'Math.sqrt': Math.sqrt, 'Math.log2': Math.log2, 'Math.sign': Math.sign,
    };
    if (math[name]) {
      if (!allNums) return unknown(`${name} of a value that is not known`);
      return num(math[name](...allNums));
    }
    switch (name) {
      case 'Number':
      case 'parseInt':
      case 'parseFloat': {
        const v = a[0] ?? UNDEFINED;
        if (v.kind === 'unknown') return v;
        const text = jsString(v);
        if (text === undefined) return unknown(`${name}(${describe(v)})`);
        const n = name === 'parseInt' ? parseInt(text, isNumber(a[1] ?? UNDEFINED) ? (a[1] as { value: number }).value : 10) : name === 'parseFloat' ? parseFloat(text) : Number(text);
        return num(n);
      }
      case 'String': {
        const text = jsString(a[0] ?? UNDEFINED);
        return text === undefined ? unknown('String() of a value that is not known') : str(text);
      }
      case 'Boolean': {
        const t = jsTruthy(a[0] ?? UNDEFINED);
        return t === undefined ? unknown('not known') : bool(t);
      }
      case 'Array.from': {
        const src = a[0] ?? UNDEFINED;
        const fn = a[1];
        let items: PyValue[] | undefined = this.iterate(src);
        if (!items && src.kind === 'dict') {
          const len = src.entries.get('length');
          if (len && isNumber(len) && Number.isInteger(len.value) && len.value >= 0 && len.value <= this.limits.maxLoop) items = Array<PyValue>(len.value).fill(UNDEFINED);
        }
        if (!items) return unknown('Array.from of a value that is not known');
        if (fn?.kind === 'function') return { kind: 'list', items: items.map((x, i) => this.callFunction(fn.fn, [x, num(i)])) };
        return { kind: 'list', items };
      }
      case 'Array.isArray':
        return a[0]?.kind === 'unknown' ? a[0] : bool(a[0]?.kind === 'list');
      case 'Array':
        return this.callBuiltinArray(a);
      case 'Object.keys':
        return a[0]?.kind === 'dict' ? { kind: 'list', items: [...a[0].entries.keys()].map(str) } : unknown('Object.keys of a value that is not known');
      case 'Object.values':
        return a[0]?.kind === 'dict' ? { kind: 'list', items: [...a[0].entries.values()] } : unknown('Object.values of a value that is not known');
      case 'Object.assign': {
        const target = a[0];
        if (target?.kind !== 'dict') return unknown('Object.assign on a value that is not known');
        for (const src of a.slice(1)) if (src.kind === 'dict') for (const [k, v] of src.entries) target.entries.set(k, v);
        return target;
      }
      case 'console.log':
      case 'console.info':
      case 'console.warn':
      case 'console.error':
        return UNDEFINED;
      default:
        return unknown(`${name}() is not something Model Lens evaluates`);
    }
  }

  private callBuiltinArray(a: PyValue[]): PyValue {
    const n = a[0];
    if (a.length === 1 && n && isNumber(n) && Number.isInteger(n.value) && n.value >= 0 && n.value <= this.limits.maxLoop) return { kind: 'list', items: Array<PyValue>(n.value).fill(UNDEFINED) };
    return { kind: 'list', items: a };
  }

  private callMethod(self: PyValue, name: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange): PyValue {
    const a = args.values;
    switch (self.kind) {
      case 'list':
      case 'tuple':
        return this.listMethod(self, name, a);
      case 'str':
        return this.stringMethod(self.value, name, a);
      case 'layer':
        if (name === 'apply') return this.callLayer(self.layer, a[0], range);
        if (name === 'getClassName') return str(self.layer.className);
        if (name === 'countParams' || name === 'computeOutputShape' || name === 'getWeights' || name === 'setWeights' || name === 'getConfig') return unknown(`${name}() is not evaluated`);
        return unknown(`\`${name}\` is not a method Model Lens follows on a layer`);
      case 'model':
        return this.callModelMethod(self.model, name, args, range);
      case 'object': {
        const m = self.obj.cls.methods.get(name);
        return m ? this.callFunction(m, a, self) : unknown(`\`${name}\` is not a method of ${self.obj.cls.name}`);
      }
      case 'function':
        if (name === 'call') return this.callFunction(self.fn, a.slice(1));
        if (name === 'apply') return this.callFunction(self.fn, a[1]?.kind === 'list' ? a[1].items : []);
        return unknown(`\`${name}\` of a function is not evaluated`);
      case 'tensor':
        return unknown(`\`${name}\` on a symbolic tensor is not something Model Lens follows`);
      default:
        return unknown(`\`${name}\` is not a method Model Lens evaluates`);
    }
  }

  private listMethod(self: { kind: 'list' | 'tuple'; items: readonly PyValue[] }, name: string, a: PyValue[]): PyValue {
    const items = self.items as PyValue[];
    const fn = a[0]?.kind === 'function' ? a[0].fn : undefined;
    switch (name) {
      case 'push':
        if (self.kind === 'list') items.push(...a);
        return num(items.length);
      case 'unshift':
        if (self.kind === 'list') items.unshift(...a);
        return num(items.length);
      case 'pop':
        return (self.kind === 'list' ? items.pop() : undefined) ?? UNDEFINED;
      case 'shift':
        return (self.kind === 'list' ? items.shift() : undefined) ?? UNDEFINED;
      case 'concat': {
        const out = [...items];
        for (const x of a) {
          if (x.kind === 'list' || x.kind === 'tuple') out.push(...x.items);
          else out.push(x);
        }
        return { kind: 'list', items: out };
      }
      case 'slice': {
        const start = a[0] && isNumber(a[0]) ? a[0].value : 0;
        const end = a[1] && isNumber(a[1]) ? a[1].value : undefined;
        if ((a[0] && !isNumber(a[0]) && !isUndefined(a[0])) || (a[1] && !isNumber(a[1]) && !isUndefined(a[1]))) return unknown('slice bounds that are not known');
        return { kind: 'list', items: items.slice(start, end) };
      }
      case 'fill': {
        if (self.kind === 'list' && a.length === 1) items.fill(a[0]);
        return self as PyValue;
      }
      case 'map':
        if (!fn) return unknown('map with a callback that is not known');
        return { kind: 'list', items: items.map((x, i) => this.callFunction(fn, [x, num(i)])) };
      case 'forEach':
        if (!fn) return unknown('forEach with a callback that is not known');
        items.forEach((x, i) => this.callFunction(fn, [x, num(i)]));
        return UNDEFINED;
      case 'filter': {
        if (!fn) return unknown('filter with a callback that is not known');
        const out: PyValue[] = [];
        for (let i = 0; i < items.length; i++) {
          const keep = jsTruthy(this.callFunction(fn, [items[i], num(i)]));
          if (keep === undefined) return unknown('filter with a condition that is not known');
          if (keep) out.push(items[i]);
        }
        return { kind: 'list', items: out };
      }
      case 'reduce': {
        if (!fn) return unknown('reduce with a callback that is not known');
        let acc: PyValue | undefined = a.length > 1 ? a[1] : items[0];
        if (acc === undefined) return unknown('reduce of an empty array');
        for (let i = a.length > 1 ? 0 : 1; i < items.length; i++) acc = this.callFunction(fn, [acc, items[i], num(i)]);
        return acc;
      }
      case 'includes':
        return bool(items.some((x) => jsEquals(x, a[0] ?? UNDEFINED, true) === true));
      case 'indexOf':
        return num(items.findIndex((x) => jsEquals(x, a[0] ?? UNDEFINED, true) === true));
      case 'join': {
        const sep = a[0]?.kind === 'str' ? a[0].value : ',';
        const parts = items.map((x) => (x.kind === 'none' ? '' : jsString(x)));
        return parts.some((p) => p === undefined) ? unknown('join of values that are not known') : str(parts.join(sep));
      }
      case 'reverse':
        if (self.kind === 'list') items.reverse();
        return self as PyValue;
      case 'at': {
        const i = a[0] && isNumber(a[0]) ? a[0].value : undefined;
        if (i === undefined) return unknown('at() with an index that is not known');
        return items[i < 0 ? items.length + i : i] ?? UNDEFINED;
      }
      default:
        return unknown(`Array.${name}() is not something Model Lens evaluates`);
    }
  }

  private stringMethod(s: string, name: string, a: PyValue[]): PyValue {
    const arg = (i: number) => (a[i] ? jsString(a[i]) : undefined);
    switch (name) {
      case 'toUpperCase':
        return str(s.toUpperCase());
      case 'toLowerCase':
        return str(s.toLowerCase());
      case 'trim':
        return str(s.trim());
      case 'toString':
        return str(s);
      case 'concat': {
        const parts = a.map((x) => jsString(x));
        return parts.some((p) => p === undefined) ? unknown('concat of values that are not known') : str(s + parts.join(''));
      }
      case 'padStart':
      case 'padEnd': {
        const n = a[0] && isNumber(a[0]) ? a[0].value : undefined;
        if (n === undefined) return unknown('padding length not known');
        const fill = arg(1) ?? ' ';
        return str(name === 'padStart' ? s.padStart(n, fill) : s.padEnd(n, fill));
      }
      case 'repeat': {
        const n = a[0] && isNumber(a[0]) ? a[0].value : undefined;
        return n === undefined || n < 0 || n * s.length > 1e6 ? unknown('repeat count not known') : str(s.repeat(n));
      }
      default:
        return unknown(`String.${name}() is not something Model Lens evaluates`);
    }
  }

  private callModelMethod(model: ModelValue, name: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange): PyValue {
    const a = args.values;
    switch (name) {
      case 'add': {
        if (model.kind !== 'sequential') return unknown('add() is only for Sequential models');
        if (a[0]) this.graph.addToSequential(model, { value: a[0], range, label: callLabel(args.nodes[0]) }, 'add');
        return UNDEFINED;
      }
      case 'pop':
        if (model.kind === 'sequential') {
          const entry = this.graph.popSequential(model);
          return entry ? { kind: 'layer', layer: entry.layer } : UNDEFINED;
        }
        return UNDEFINED;
      case 'apply':
        return this.callLayer(this.graph.modelCalled(model), a[0], range);
      case 'compile': {
        const config = a[0];
        const keywords = new Map(config?.kind === 'dict' ? config.entries : []);
        this.graph.recordCompile(model, range, keywords, { keyRanges: configKeyRanges(args.nodes[0]) });
        return UNDEFINED;
      }
      case 'fit': {
        // model.fit(x, y, {epochs, batchSize, ...}): the tensors by Keras's names, then the config's keys.
        const [x, y, config] = a;
        const keywords = new Map<string, PyValue>([...(x ? [['x', x] as const] : []), ...(y ? [['y', y] as const] : []), ...(config?.kind === 'dict' ? config.entries : [])]);
        this.graph.recordFit(model, range, keywords, { keyRanges: configKeyRanges(args.nodes[2]) });
        return unknown('the History that fit() resolves to is not followed');
      }
      case 'getLayer': {
        const key = a[0];
        const list = model.kind === 'sequential' ? model.layers.map((e) => e.layer) : model.kind === 'functional' ? functionalLayerOrder(model) : model.layers;
        const found = key?.kind === 'str' ? list.find((l) => l.name === key.value) : key && isNumber(key) ? list[key.value] : undefined;
        if (!found) return unknown('getLayer() of a layer Model Lens cannot find');
        return found.model ? { kind: 'model', model: found.model } : { kind: 'layer', layer: found };
      }
      case 'summary':
      case 'build':
      case 'fitDataset':
      case 'evaluate':
      case 'predict':
      case 'save':
      case 'dispose':
        // TF.js's Sequential.build() ignores its shape argument: it cannot give a model an input shape.
        return UNDEFINED;
      case 'countParams':
        return unknown('countParams() is not evaluated (see the model lens)');
      default:
        return unknown(`\`${name}\` is not a model method Model Lens follows`);
    }
  }

  // ---------------------------------------------------------------- the TF.js graph

  /** The node of a config key's value, for a diagnostic on it; the call when the config is not a literal. */
  private keyRange(configNode: SyntaxNode | undefined, key: string, fallback: SourceRange): SourceRange {
    if (configNode?.type !== 'object') return fallback;
    for (const prop of named(configNode)) {
      if (prop.type === 'pair' && prop.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') === key) return rangeOf(prop);
      if (prop.type === 'shorthand_property_identifier' && prop.text === key) return rangeOf(prop);
    }
    return fallback;
  }

  private constructLayer(factory: string, def: TfjsLayerDef, configValue: PyValue | undefined, range: SourceRange, configNode: SyntaxNode | undefined): PyValue {
    // Unlike Keras's `concatenate([a, b])`, `tf.layers.concatenate([a, b])` only makes a layer (the array is
    // read as its config and ignored): it has to be applied with `.apply([a, b])`.
    if (configValue && (configValue.kind === 'list' || configValue.kind === 'tuple')) {
      this.graph.warn(configNode ? rangeOf(configNode) : range, `tf.layers.${factory} takes a config object, not an array: this makes a layer with the default config and applies it to nothing. Write tf.layers.${factory}().apply([...]).`);
      configValue = undefined;
    }
    if (def.warning) this.graph.warn(range, def.warning);
    if (def.note) this.graph.report(range, 'info', def.note);
    const config = configValue === undefined || isUndefined(configValue) ? new Map<string, PyValue>() : configValue.kind === 'dict' ? configValue.entries : undefined;
    const className = def.keras ?? def.tfClass;
    if (!config) {
      const why = configValue?.kind === 'unknown' ? `its config is not known (${configValue.reason})` : `tf.layers.${factory} takes a config object, not ${describe(configValue!)}`;
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, why, { namingClass: def.tfClass }) };
    }
    this.graph.flagAbsurd(config.values(), range, className);
    const nameArg = config.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : undefined;
    const trainableArg = config.get('trainable');
    const trainable = trainableArg?.kind === 'bool' ? trainableArg.value : true;
    const base = { name, trainable, namingClass: def.tfClass };
    const spec = tfjsSpec(def);
    if (!spec) {
      const declaredInput = this.declaredInput(factory, config, range, configNode);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, `tf.layers.${factory} is not a layer Model Lens knows yet`, { ...base, declaredInput }) };
    }
    const translated = translateConfig(def, config, isUndefined);
    for (const { key, why } of translated.ignored) this.graph.warn(this.keyRange(configNode, key, range), why);
    // Kept even when the layer cannot be made: the model still gets its input shape, the layer shows why it is `?`.
    const declaredInput = this.declaredInput(factory, config, range, configNode);
    if (translated.error) {
      this.graph.error(range, translated.error);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, translated.error, { ...base, declaredInput }) };
    }
    try {
      const bound = bindArgs(spec, [], translated.keywords);
      const unknownInputReason = declaredInput === null ? this.unknownInputReason(config) : undefined;
      return { kind: 'layer', layer: this.graph.newLayer(className, spec, range, { ...base, declaredInput, config: bound.config, unknownInputReason }) };
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      const message = e.message.replace(/\.__init__\(\) missing 1 required positional argument: '(\w+)'/, (_m, arg: string) => ` needs \`${camelKey(arg)}\` in its config`);
      this.graph.error(range, message);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, message, { ...base, declaredInput }) };
    }
  }

  /**
   * The batch input shape a TF.js layer declares (tfjs-layers' Layer constructor): `batchInputShape`, else
   * `[batchSize, ...inputShape]`; Dense also takes `inputDim`; Embedding always has one (`[batch, inputLength]`).
   */
  private declaredInput(factory: string, config: ReadonlyMap<string, PyValue>, range: SourceRange, configNode: SyntaxNode | undefined): Shape | null {
    const given = (k: string) => {
      const v = config.get(k);
      return v === undefined || v.kind === 'none' ? undefined : v;
    };
    const batchSize = given('batchSize');
    const batch: Dim = batchSize && isNumber(batchSize) ? batchSize.value : null;
    const batchInput = given('batchInputShape');
    if (batchInput) return this.dims(batchInput, 'batchInputShape', this.keyRange(configNode, 'batchInputShape', range));
    const inputShape = given('inputShape');
    if (inputShape) {
      const dims = this.dims(inputShape, 'inputShape', this.keyRange(configNode, 'inputShape', range));
      return dims ? [batch, ...dims] : null;
    }
    if (factory === 'dense') {
      const inputDim = given('inputDim');
      if (inputDim) return isNumber(inputDim) ? [batch, inputDim.value] : null;
    }
    if (factory === 'embedding') {
      const length = given('inputLength');
      if (!length) return [batch, null];
      const dims = this.dims(length, 'inputLength', range);
      return dims ? [batch, ...dims] : null;
    }
    return null;
  }

  /** Why a layer's written `inputShape` / `batchInputShape` has no value here; undefined when none is written. */
  private unknownInputReason(config: ReadonlyMap<string, PyValue>): string | undefined {
    for (const key of ['batchInputShape', 'inputShape', 'inputDim']) {
      const v = config.get(key);
      if (v === undefined || v.kind === 'none') continue;
      const bad = v.kind === 'unknown' ? v : v.kind === 'list' ? v.items.find((x) => x.kind === 'unknown') : undefined;
      return `its ${key} is not known${bad?.kind === 'unknown' ? ` (${bad.reason})` : ''}`;
    }
    return undefined;
  }

  /** A shape array (`[28, 28, 1]`, nulls allowed), or null when not known. */
  private dims(v: PyValue, what: string, range: SourceRange): Dim[] | null {
    if (isNumber(v)) return [v.value];
    if (v.kind !== 'list' && v.kind !== 'tuple') return null;
    const out: Dim[] = [];
    for (const item of v.items) {
      if (item.kind === 'none') out.push(null);
      else if (item.kind === 'int' && item.value >= 0) out.push(item.value);
      else {
        if (item.kind !== 'unknown') this.graph.error(range, `${what} must be an array of non-negative integers (or null); got ${describe(item)}`);
        return null;
      }
    }
    return out;
  }

  /** `tf.input({shape: [28, 28]})` / `tf.input({batchShape: [null, 28, 28]})`. */
  private constructInput(configValue: PyValue | undefined, range: SourceRange): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const get = (k: string) => {
      const v = config.get(k);
      return v === undefined || v.kind === 'none' ? undefined : v;
    };
    const nameArg = get('name');
    const shapeArg = get('shape');
    const batchShape = get('batchShape');
    let shape: Shape | null = null;
    let reason = 'tf.input() needs shape or batchShape';
    if (configValue?.kind === 'unknown') reason = `its config is not known (${configValue.reason})`;
    this.graph.flagAbsurd(config.values(), range, 'Input');
    if (shapeArg && batchShape) this.graph.error(range, 'Please provide either a `shape` or `batchShape` argument to Input, but not both.');
    else if (batchShape) {
      shape = this.dims(batchShape, 'batchShape', range);
      if (!shape) reason = `batchShape is ${describe(batchShape)}`;
    } else if (shapeArg) {
      const dims = this.dims(shapeArg, 'shape', range);
      if (dims) shape = [null, ...dims];
      else reason = shapeArg.kind === 'unknown' ? `shape: ${shapeArg.reason}` : `shape is ${describe(shapeArg)}`;
    } else if (configValue?.kind !== 'unknown') {
      this.graph.error(range, 'Please provide to Input either a `shape` or a `batchShape` argument. Note that `shape` does not include the batch dimension.');
    }
    return { kind: 'tensor', tensor: this.graph.input(shape, reason, nameArg?.kind === 'str' ? nameArg.value : undefined, range) };
  }

  /** `tf.layers.inputLayer({inputShape: [784]})`: a layer, usable as the first layer of a Sequential. */
  private constructInputLayer(configValue: PyValue | undefined, range: SourceRange): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const get = (k: string) => {
      const v = config.get(k);
      return v === undefined || v.kind === 'none' ? undefined : v;
    };
    const batchSize = get('batchSize');
    const batchInput = get('batchInputShape');
    const inputShape = get('inputShape');
    let shape: Shape | null = null;
    if (batchInput) shape = this.dims(batchInput, 'batchInputShape', range);
    else if (inputShape) {
      const dims = this.dims(inputShape, 'inputShape', range);
      shape = dims ? [batchSize && isNumber(batchSize) ? batchSize.value : null, ...dims] : null;
    } else if (configValue?.kind !== 'unknown') this.graph.error(range, 'An InputLayer should be passed either a `batchInputShape` or an `inputShape`.');
    const nameArg = get('name');
    const t = this.graph.input(shape, 'its input shape is not known', nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    return { kind: 'layer', layer: t.producer.layer };
  }

  /** `tf.sequential({layers: [...], name})`. */
  private constructSequential(configValue: PyValue | undefined, range: SourceRange, configNode: SyntaxNode | undefined): PyValue {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const nameArg = config.get('name');
    // tfjs-layers models.ts: `getUid('sequential_')`, so sequential_1, sequential_2, ...
    const model = this.graph.sequential(nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    if (configValue?.kind === 'unknown') {
      model.incomplete = `its config is not known (${configValue.reason})`;
      return { kind: 'model', model };
    }
    const list = config.get('layers');
    let itemNodes: SyntaxNode[] = [];
    if (configNode?.type === 'object') {
      const pair = named(configNode).find((p) => p.type === 'pair' && p.childForFieldName('key')?.text === 'layers');
      const value = pair?.childForFieldName('value');
      if (value?.type === 'array') itemNodes = named(value).filter((c) => c.type !== 'comment');
    }
    if (list && list.kind === 'list') {
      const spread = itemNodes.some((n) => n.type === 'spread_element');
      const items = list.items.map((value, i) => {
        const itemNode = spread ? undefined : itemNodes[i];
        return { value, range: itemNode ? rangeOf(itemNode) : value.kind === 'layer' ? value.layer.range : range, label: callLabel(itemNode) };
      });
      this.graph.fillSequential(model, items);
    } else if (list && !isUndefined(list) && list.kind !== 'none') {
      model.incomplete = list.kind === 'unknown' ? `its layer list is not known (${list.reason})` : 'its layers are not an array';
    }
    return { kind: 'model', model };
  }

  /** `tf.model({inputs, outputs, name})`. */
  private constructFunctional(configValue: PyValue | undefined, range: SourceRange): FunctionalModel {
    const config = configValue?.kind === 'dict' ? configValue.entries : new Map<string, PyValue>();
    const inputs = config.get('inputs');
    const outputs = config.get('outputs');
    const nameArg = config.get('name');
    const tensors = (v: PyValue | undefined): (TensorValue | null)[] => {
      if (!v || isUndefined(v)) return [];
      if (v.kind === 'tensor') return [v.tensor];
      if (v.kind === 'list' || v.kind === 'tuple') return v.items.map((x) => (x.kind === 'tensor' ? x.tensor : null));
      return [null];
    };
    const ins = tensors(inputs);
    const outs = tensors(outputs);
    const reasonOf = (v: PyValue | undefined): string | undefined =>
      v?.kind === 'unknown' ? v.reason : v?.kind === 'list' ? v.items.find((x): x is { kind: 'unknown'; reason: string } => x.kind === 'unknown')?.reason : undefined;
    let incomplete: string | undefined;
    if (configValue?.kind === 'unknown') incomplete = `its config is not known (${configValue.reason})`;
    else if (!inputs || !outputs || isUndefined(inputs) || isUndefined(outputs)) incomplete = 'tf.model() needs inputs and outputs';
    else if (outs.some((t) => t === null) || ins.some((t) => t === null)) incomplete = reasonOf(inputs) ?? reasonOf(outputs) ?? 'some of its inputs or outputs are not known';
    // tfjs-layers container.ts: an unnamed LayersModel takes `getUid('model')`: model1, model2, ...
    return this.graph.functional({ name: nameArg?.kind === 'str' ? nameArg.value : undefined, range, inputs: ins, outputs: outs, incomplete });
  }

  /** `layer.apply(x)` / `layer.apply([a, b])`. */
  private callLayer(layer: LayerInstance, input: PyValue | undefined, range: SourceRange): PyValue {
    if (!input) return unknown(`${layer.name}.apply() is called without inputs`);
    const listCall = layer.spec?.call === 'list' || !layer.spec;
    if ((input.kind === 'list' || input.kind === 'tuple') && !listCall && input.items.length !== 1) return unknown(`${layer.name} is applied to ${input.items.length} tensors; Model Lens follows one`);
    return this.graph.callLayer(layer, input.kind === 'list' || input.kind === 'tuple' ? input.items : [input], range);
  }
}

/** What an item written as a call calls (`dense` of `tf.layers.dense(...)`), to name an item that is not a layer. */
function callLabel(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'call_expression' ? node.childForFieldName('function')?.text.split('.').pop() : undefined;
}

/** The `as` / `satisfies` expression a member chain starts from without parentheses, if any. */
function castRoot(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  for (let depth = 0; n && depth < 100; depth++) {
    if (n.type === 'as_expression' || n.type === 'satisfies_expression') return n;
    if (n.type !== 'member_expression') return undefined;
    n = n.childForFieldName('object');
  }
  return undefined;
}

/** Where each key of a config object literal sits: key → its `key: value` pair (or shorthand property). */
function configKeyRanges(node: SyntaxNode | undefined): ReadonlyMap<string, SourceRange> | undefined {
  if (node?.type !== 'object') return undefined;
  const ranges = new Map<string, SourceRange>();
  for (const prop of named(node)) {
    if (prop.type === 'pair') {
      const key = prop.childForFieldName('key');
      if (key) ranges.set(key.type === 'string' ? named(key).map((c) => c.text).join('') : key.text, rangeOf(prop));
    } else if (prop.type === 'shorthand_property_identifier') ranges.set(prop.text, rangeOf(prop));
  }
  return ranges;
}

function functionScope(scope: Scope): Scope {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s.isFunction) return s;
  return scope;
}

export type { ObjectValue };
