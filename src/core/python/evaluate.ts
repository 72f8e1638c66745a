/**
 * A small abstract interpreter for the Python a model file is written in. It follows imports, constants,
 * arithmetic, loops, comprehensions and helper functions far enough to build the model graph, and turns
 * everything else into `unknown` with a reason. It never executes user code and never throws: a step
 * budget and depth limits keep hostile or half-typed input bounded.
 */
import { ShapeError } from '../model/errors';
import { bindByName, KERAS_COMPILE_PARAMS, KERAS_FIT_PARAMS, type EvalResult } from '../model/result';
import type { CallArguments, FunctionalModel, LayerCall, LayerInstance, ModelValue, SourceRange, SubclassModel, TensorValue } from '../model/graph';
import type { applyLayer } from '../model/infer';
import { ModelGraphBuilder } from '../model/builder';
import { KERAS3 } from '../model/dialects/keras3';
import { resolveKerasSymbol, type KerasSymbol } from './keras-symbols';
import { bindArgs } from '../layers/bind';
import { findLayerSpec } from '../layers/catalogue';
import type { LayerSpec } from '../layers/spec';
import { BudgetExceeded, DEFAULT_LIMITS, EvaluationBudget, type EvalLimits } from '../model/budget';
import { fieldAll, kids, named, rangeOf, type SyntaxNode } from './parser';
import type { Dim, Shape } from '../model/shape';
import { argumentSpans } from './arguments';
import { broadcast as broadcast2, opOutputShape } from '../model/keras-ops';
import { loadDataResult } from './datasets';
import { snakeCase } from '../model/naming';
import { binaryOp, callBuiltin, compare, extendList, parseInteger, parseString, toDims } from './python-ops';
import { describe, NONE, truthy, unknown, type ClassValue, type FunctionValue, type ObjectValue, type PyValue } from '../model/values';

export type { CompileCall, EvalDiagnostic, EvalResult, FitCall } from '../model/result';

export { DEFAULT_LIMITS, type EvalLimits } from '../model/budget';

interface Scope {
  readonly vars: Map<string, PyValue>;
  readonly parent?: Scope;
}

class ReturnSignal {
  constructor(readonly value: PyValue) {}
}
class BreakSignal {}
class ContinueSignal {}

export { rangeOf } from './parser';

const BUILTINS = new Set([
  'super', 'range', 'len', 'int', 'float', 'str', 'bool', 'tuple', 'list', 'min', 'max', 'abs', 'round', 'sum', 'enumerate',
  'zip', 'reversed', 'print', 'dict', 'sorted', 'isinstance', 'divmod', 'pow',
]);

export { snakeCase } from '../model/naming';

const NOWHERE: SourceRange = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

export class Evaluator {
  private readonly budget: EvaluationBudget;
  /** Above 0 while running code only to learn a shape (a Lambda's function): nothing is named or kept. */
  private shadow = 0;
  /** keras.config.set_image_data_format(...): the default `data_format` of the layers made after it. */
  private imageDataFormat = 'channels_last';
  private callDepth = 0;
  private readonly graph = new ModelGraphBuilder(KERAS3);
  private readonly imports = new Map<string, string>();
  private readonly starImports: string[] = [];
  /** The `self` of the methods being run, innermost last (for `super().__init__`). */
  private readonly selfStack: PyValue[] = [];
  private readonly module: Scope = { vars: new Map() };

  constructor(private readonly limits: EvalLimits = DEFAULT_LIMITS) {
    this.budget = new EvaluationBudget(limits);
  }

  run(root: SyntaxNode): EvalResult {
    this.budget.start();
    let truncated: string | undefined;
    try {
      this.execBlock(named(root), this.module);
    } catch (e) {
      if (e instanceof BudgetExceeded) truncated = e.reason;
      else if (e instanceof ReturnSignal || e instanceof BreakSignal || e instanceof ContinueSignal) {
        // `return` or `break` at module level is a syntax error in Python; stop quietly.
      } else throw e;
    }
    // Which variable holds each model at the end: the name people know it by.
    for (const [name, v] of this.module.vars) if (v.kind === 'model') this.graph.nameModel(v.model, name, false);
    return this.graph.result(this.imports, truncated);
  }

  // ---------------------------------------------------------------- statements

  private execBlock(nodes: readonly SyntaxNode[], scope: Scope): void {
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
      case 'import_statement':
        return this.execImport(node, scope);
      case 'import_from_statement':
        return this.execImportFrom(node, scope);
      case 'function_definition': {
        const name = node.childForFieldName('name')?.text;
        if (name) scope.vars.set(name, { kind: 'function', fn: { name, node, scope } });
        return;
      }
      case 'decorated_definition': {
        const def = node.childForFieldName('definition');
        if (def) this.exec(def, scope);
        return;
      }
      case 'class_definition':
        return this.execClass(node, scope);
      case 'for_statement':
        return this.execFor(node, scope);
      case 'if_statement':
        return this.execIf(node, scope);
      case 'while_statement':
        return this.taint(node, scope, 'it is assigned in a while loop');
      case 'match_statement':
        return this.taint(node, scope, 'it is assigned in a match statement');
      case 'with_statement': {
        const body = node.childForFieldName('body');
        if (body) this.execBlock(named(body), scope);
        return;
      }
      case 'try_statement': {
        const body = node.childForFieldName('body');
        if (body) this.execBlock(named(body), scope);
        for (const child of named(node)) {
          if (child.type === 'finally_clause' || child.type === 'else_clause') {
            const block = named(child).find((c) => c.type === 'block');
            if (block) this.execBlock(named(block), scope);
          }
        }
        return;
      }
      case 'block':
        return this.execBlock(named(node), scope);
      case 'return_statement': {
        const value = named(node)[0];
        throw new ReturnSignal(value ? this.eval(value, scope) : NONE);
      }
      case 'break_statement':
        throw new BreakSignal();
      case 'continue_statement':
        throw new ContinueSignal();
      case 'ERROR':
        // Half-typed code: keep whatever complete statements tree-sitter recovered inside the error.
        for (const child of named(node)) {
          if (child.type.endsWith('_statement') || child.type === 'function_definition') this.exec(child, scope);
        }
        return;
      default:
        return;
    }
  }

  private bindImport(scope: Scope, name: string, path: string): void {
    scope.vars.set(name, { kind: 'ref', path });
    if (scope === this.module) this.imports.set(name, path);
  }

  private execImport(node: SyntaxNode, scope: Scope): void {
    for (const item of fieldAll(node, 'name')) {
      if (item.type === 'aliased_import') {
        const path = item.childForFieldName('name')?.text;
        const alias = item.childForFieldName('alias')?.text;
        if (path && alias) this.bindImport(scope, alias, path);
      } else if (item.type === 'dotted_name') {
        // `import tensorflow.keras` binds `tensorflow`.
        const first = named(item)[0]?.text;
        if (first) this.bindImport(scope, first, first);
      }
    }
  }

  private execImportFrom(node: SyntaxNode, scope: Scope): void {
    const module = node.childForFieldName('module_name');
    if (!module || module.type !== 'dotted_name') return;
    const base = module.text;
    if (named(node).some((c) => c.type === 'wildcard_import')) {
      this.starImports.push(base);
      return;
    }
    for (const item of fieldAll(node, 'name')) {
      if (item.type === 'aliased_import') {
        const name = item.childForFieldName('name')?.text;
        const alias = item.childForFieldName('alias')?.text;
        if (name && alias) this.bindImport(scope, alias, `${base}.${name}`);
      } else if (item.type === 'dotted_name') {
        this.bindImport(scope, item.text, `${base}.${item.text}`);
      }
    }
  }

  private execClass(node: SyntaxNode, scope: Scope): void {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const superclasses = node.childForFieldName('superclasses');
    let base: ClassValue['base'] = 'plain';
    for (const b of superclasses ? named(superclasses) : []) {
      const v = this.evalQuiet(b, scope);
      if (v.kind === 'class' && v.cls.base !== 'plain') base = v.cls.base;
      if (v.kind !== 'ref') continue;
      const sym = resolveKerasSymbol(v.path);
      if (sym.kind === 'model' || sym.kind === 'sequential') base = 'model';
      else if (sym.kind === 'layer' && base === 'plain') base = 'layer';
    }
    // The class body runs once, in its own scope: methods and class attributes.
    const classScope: Scope = { vars: new Map(), parent: scope };
    const methods = new Map<string, FunctionValue>();
    for (const stmt of named(body)) {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      if (def?.type === 'function_definition') {
        const fname = def.childForFieldName('name')?.text;
        // Methods see the module, not the class body, as Python scoping has it.
        if (fname) methods.set(fname, { name: fname, node: def, scope });
      } else if (stmt.type === 'expression_statement') {
        this.exec(stmt, classScope);
      }
    }
    const cls: ClassValue = { name, base, methods, attrs: classScope.vars, range: rangeOf(node) };
    scope.vars.set(name, { kind: 'class', cls });
  }

  private execFor(node: SyntaxNode, scope: Scope): void {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const body = node.childForFieldName('body');
    if (!left || !right || !body) return;
    const iterable = this.eval(right, scope);
    const items = this.iterate(iterable);
    if (items === undefined) {
      this.taint(body, scope, `the loop runs over ${iterable.kind === 'unknown' ? `a value that is not known (${iterable.reason})` : describe(iterable)}`);
      this.assign(left, unknown('loop variable over an unknown sequence'), scope);
      return;
    }
    let broke = false;
    for (const item of items) {
      this.assign(left, item, scope);
      try {
        this.execBlock(named(body), scope);
      } catch (e) {
        if (e instanceof BreakSignal) {
          broke = true;
          break;
        }
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    const orelse = node.childForFieldName('alternative');
    if (!broke && orelse) this.exec(named(orelse).find((c) => c.type === 'block') ?? orelse, scope);
  }

  private execIf(node: SyntaxNode, scope: Scope): void {
    const branches: { cond?: SyntaxNode; body: SyntaxNode }[] = [];
    const cond = node.childForFieldName('condition');
    const body = node.childForFieldName('consequence');
    if (!cond || !body) return;
    branches.push({ cond, body });
    for (const alt of fieldAll(node, 'alternative')) {
      if (alt.type === 'elif_clause') {
        const c = alt.childForFieldName('condition');
        const b = alt.childForFieldName('consequence');
        if (c && b) branches.push({ cond: c, body: b });
      } else {
        const b = alt.childForFieldName('body');
        if (b) branches.push({ body: b });
      }
    }
    for (let i = 0; i < branches.length; i++) {
      const branch = branches[i];
      if (!branch.cond) return this.execBlock(named(branch.body), scope);
      const decided = truthy(this.eval(branch.cond, scope));
      if (decided === true) return this.execBlock(named(branch.body), scope);
      if (decided === undefined) {
        // Either branch may run: whatever they assign or add to a model is no longer known.
        for (const rest of branches.slice(i)) this.taint(rest.body, scope, `it depends on the condition \`${branch.cond.text.slice(0, 60)}\``);
        return;
      }
    }
  }

  /** Marks everything a block might change as unknown: names it assigns, models and lists it adds to. */
  private taint(block: SyntaxNode, scope: Scope, reason: string): void {
    // Iterative: a block may nest thousands of levels deep.
    const stack: SyntaxNode[] = [block];
    while (stack.length) {
      const n = stack.pop()!;
      this.budget.tick();
      if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') continue;
      if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'for_statement') {
        const target = n.childForFieldName('left');
        if (target) this.assign(target, unknown(reason), scope, true);
      }
      if (n.type === 'call') {
        const fn = n.childForFieldName('function');
        if (fn?.type === 'attribute') {
          const obj = this.evalQuiet(fn.childForFieldName('object')!, scope);
          const method = fn.childForFieldName('attribute')?.text;
          if (obj.kind === 'model' && obj.model.kind === 'sequential' && (method === 'add' || method === 'pop')) {
            obj.model.incomplete ??= `a layer is added ${reason.replace(/^it /, '')}`;
          }
          if (obj.kind === 'list' && method && ['append', 'extend', 'insert', 'pop', 'remove'].includes(method)) {
            obj.items.length = 0;
            obj.items.push(unknown(reason));
          }
        }
      }
      const children = named(n);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }

  private assign(target: SyntaxNode, value: PyValue, scope: Scope, onlyNames = false): void {
    switch (target.type) {
      case 'identifier':
        scope.vars.set(target.text, value);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'expression_list': {
        const targets = named(target);
        const items = onlyNames ? undefined : this.unpack(value, targets.length);
        targets.forEach((t, i) => this.assign(t, items?.[i] ?? unknown(value.kind === 'unknown' ? value.reason : `cannot unpack ${describe(value)}`), scope, onlyNames));
        return;
      }
      case 'parenthesized_expression':
        if (named(target)[0]) this.assign(named(target)[0], value, scope, onlyNames);
        return;
      case 'attribute': {
        if (onlyNames) return;
        const objNode = target.childForFieldName('object');
        const attr = target.childForFieldName('attribute')?.text;
        if (!objNode || !attr) return;
        const obj = this.eval(objNode, scope);
        if (attr === 'trainable' && (obj.kind === 'layer' || obj.kind === 'model')) {
          const flag = truthy(value);
          if (flag !== undefined) this.graph.setTrainable(obj, flag);
          return;
        }
        if (obj.kind === 'object') obj.obj.attrs.set(attr, value);
        else if (obj.kind === 'model' && obj.model.kind === 'subclass') {
          obj.model.self.attrs.set(attr, value);
          this.trackLayers(obj.model, value);
        }
        return;
      }
      case 'subscript': {
        if (onlyNames) return;
        const container = this.eval(target.childForFieldName('value')!, scope);
        const index = target.childForFieldName('subscript');
        const key = index && index.type !== 'slice' ? this.eval(index, scope) : undefined;
        if (container.kind === 'dict' && key?.kind === 'str') container.entries.set(key.value, value);
        else if (container.kind === 'list' && key?.kind === 'int') {
          const i = key.value < 0 ? container.items.length + key.value : key.value;
          if (i >= 0 && i < container.items.length) container.items[i] = value;
        } else if (container.kind === 'list') container.items.splice(0, container.items.length, unknown('an item was set at an index that is not known'));
        return;
      }
      default:
        return;
    }
  }

  private unpack(value: PyValue, n: number): PyValue[] | undefined {
    if ((value.kind === 'tuple' || value.kind === 'list') && value.items.length === n) return [...value.items];
    return undefined;
  }

  private iterate(value: PyValue): PyValue[] | undefined {
    if (value.kind === 'tuple' || value.kind === 'list') return [...value.items];
    if (value.kind === 'str') return [...value.value].map((c) => ({ kind: 'str', value: c }));
    if (value.kind === 'dict') return [...value.entries.keys()].map((k) => ({ kind: 'str', value: k }));
    return undefined;
  }

  // ---------------------------------------------------------------- expressions

  /** Evaluation for look-ups that must not record diagnostics or build layers twice (class bases, taint). */
  private evalQuiet(node: SyntaxNode, scope: Scope): PyValue {
    if (node.type === 'identifier' || node.type === 'attribute') return this.eval(node, scope);
    return unknown('not evaluated');
  }

  eval(node: SyntaxNode, scope: Scope): PyValue {
    return this.budget.nested(
      () => unknown('the expression is nested too deeply'),
      () => this.evalInner(node, scope),
    );
  }

  private evalInner(node: SyntaxNode, scope: Scope): PyValue {
    switch (node.type) {
      case 'integer':
        return parseInteger(node.text);
      case 'float': {
        const text = node.text.replace(/_/g, '');
        if (/[jJ]$/.test(text)) return unknown('complex numbers are not supported');
        return { kind: 'float', value: Number(text) };
      }
      case 'string':
        return parseString(node, (n) => this.eval(n, scope));
      case 'concatenated_string': {
        let out = '';
        for (const part of named(node)) {
          const v = parseString(part, (n) => this.eval(n, scope));
          if (v.kind !== 'str') return v;
          out += v.value;
        }
        return { kind: 'str', value: out };
      }
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return NONE;
      case 'identifier':
        return this.lookup(node.text, scope);
      case 'attribute':
        return this.evalAttribute(node, scope);
      case 'call':
        return this.evalCall(node, scope);
      case 'parenthesized_expression':
        return named(node)[0] ? this.eval(named(node)[0], scope) : unknown('empty parentheses');
      case 'tuple':
      case 'expression_list':
        return { kind: 'tuple', items: this.evalItems(named(node), scope) };
      case 'list':
        return { kind: 'list', items: this.evalItems(named(node), scope) };
      case 'dictionary':
        return this.evalDict(node, scope);
      case 'binary_operator':
        return this.evalBinary(node, scope);
      case 'unary_operator': {
        const operand = this.eval(node.childForFieldName('argument')!, scope);
        const op = node.childForFieldName('operator')?.text;
        if (operand.kind === 'int' || operand.kind === 'float') {
          if (op === '-') return { ...operand, value: -operand.value };
          if (op === '+') return operand;
          if (op === '~' && operand.kind === 'int') return { kind: 'int', value: -operand.value - 1 };
        }
        if (operand.kind === 'bool' && op === '-') return { kind: 'int', value: operand.value ? -1 : 0 };
        return unknown(operand.kind === 'unknown' ? operand.reason : `unsupported operand for ${op}`);
      }
      case 'not_operator': {
        const t = truthy(this.eval(node.childForFieldName('argument')!, scope));
        return t === undefined ? unknown('the condition is not known') : { kind: 'bool', value: !t };
      }
      case 'boolean_operator': {
        const left = this.eval(node.childForFieldName('left')!, scope);
        const op = node.childForFieldName('operator')?.text;
        const t = truthy(left);
        if (t === undefined) return unknown('the condition is not known');
        if (op === 'and') return t ? this.eval(node.childForFieldName('right')!, scope) : left;
        return t ? left : this.eval(node.childForFieldName('right')!, scope);
      }
      case 'comparison_operator':
        return this.evalComparison(node, scope);
      case 'conditional_expression': {
        const [a, cond, b] = named(node);
        if (!a || !cond || !b) return unknown('incomplete conditional expression');
        const t = truthy(this.eval(cond, scope));
        if (t === undefined) return unknown(`it depends on the condition \`${cond.text.slice(0, 60)}\``);
        return this.eval(t ? a : b, scope);
      }
      case 'subscript':
        return this.evalSubscript(node, scope);
      case 'list_comprehension':
      case 'generator_expression':
        return this.evalComprehension(node, scope);
      case 'dictionary_comprehension': {
        const pairs = this.evalComprehension(node, scope, true);
        if (pairs.kind !== 'list') return pairs;
        const entries = new Map<string, PyValue>();
        for (const p of pairs.items) {
          if (p.kind !== 'tuple' || p.items[0]?.kind !== 'str') return unknown('a dict comprehension with keys that are not strings');
          entries.set(p.items[0].value, p.items[1]);
        }
        return { kind: 'dict', entries };
      }
      case 'named_expression': {
        const value = this.eval(node.childForFieldName('value')!, scope);
        const name = node.childForFieldName('name');
        if (name) scope.vars.set(name.text, value);
        return value;
      }
      case 'assignment':
        return this.evalAssignment(node, scope);
      case 'augmented_assignment':
        return this.evalAugmented(node, scope);
      case 'lambda':
        return { kind: 'function', fn: { name: '<lambda>', node, scope } };
      default:
        return unknown(`\`${node.text.slice(0, 40)}\` is not something Model Lens evaluates`);
    }
  }

  private evalAssignment(node: SyntaxNode, scope: Scope): PyValue {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left) return NONE;
    if (!right) return NONE; // a bare annotation `x: int`
    const value = this.eval(right, scope);
    this.assign(left, value, scope);
    return value;
  }

  private evalAugmented(node: SyntaxNode, scope: Scope): PyValue {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    const op = node.childForFieldName('operator')?.text.replace('=', '');
    if (!left || !right || !op) return NONE;
    const current = this.eval(left, scope);
    const rhs = this.eval(right, scope);
    if (current.kind === 'list' && op === '+') {
      extendList(current, this.iterate(rhs), 'extended with an unknown sequence');
      return current;
    }
    const value = binaryOp(op, current, rhs);
    this.assign(left, value, scope);
    return value;
  }

  private evalItems(nodes: readonly SyntaxNode[], scope: Scope): PyValue[] {
    const items: PyValue[] = [];
    for (const n of nodes) {
      if (n.type === 'list_splat') {
        const inner = this.eval(named(n)[0], scope);
        const spread = this.iterate(inner);
        if (spread) for (const item of spread) items.push(item);
        else items.push(unknown('an unpacked sequence that is not known'));
      } else if (n.type !== 'comment') {
        items.push(this.eval(n, scope));
      }
    }
    return items;
  }

  private evalDict(node: SyntaxNode, scope: Scope): PyValue {
    const entries = new Map<string, PyValue>();
    for (const pair of named(node)) {
      if (pair.type === 'comment') continue;
      if (pair.type === 'dictionary_splat') {
        const inner = this.eval(named(pair)[0], scope);
        if (inner.kind !== 'dict') return unknown('a ** unpacking of something that is not a known dict');
        for (const [k, v] of inner.entries) entries.set(k, v);
        continue;
      }
      if (pair.type !== 'pair') return unknown('dictionary with unpacking');
      const key = this.eval(pair.childForFieldName('key')!, scope);
      if (key.kind !== 'str') return unknown('dictionary keys that are not strings');
      entries.set(key.value, this.eval(pair.childForFieldName('value')!, scope));
    }
    return { kind: 'dict', entries };
  }

  private lookup(name: string, scope: Scope): PyValue {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    if (name === '__name__') return { kind: 'str', value: '__main__' };
    if (BUILTINS.has(name)) return { kind: 'ref', path: `builtins.${name}` };
    // `from keras.layers import *` and `from keras.models import *`: prefer the module that really has the name.
    const candidates = this.starImports.map((m) => `${m}.${name}`).filter((p) => resolveKerasSymbol(p).kind !== 'other');
    const path = candidates.find((p) => {
      const sym = resolveKerasSymbol(p);
      return sym.kind !== 'layer' || findLayerSpec(sym.className) !== undefined;
    }) ?? candidates[0];
    if (path) return { kind: 'ref', path };
    return unknown(`name '${name}' is not defined`);
  }

  private evalAttribute(node: SyntaxNode, scope: Scope): PyValue {
    const objNode = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute')?.text;
    if (!objNode || !attr) return unknown('incomplete attribute');
    const obj = this.eval(objNode, scope);
    switch (obj.kind) {
      case 'ref':
        return { kind: 'ref', path: `${obj.path}.${attr}` };
      case 'object':
        return this.objectAttribute(obj, obj.obj, attr);
      case 'class':
        return obj.cls.attrs.get(attr) ?? (obj.cls.methods.has(attr) ? { kind: 'method', self: obj, name: attr } : unknown(`${obj.cls.name}.${attr} is not defined`));
      case 'model':
        if (obj.model.kind === 'subclass') {
          const v = this.objectAttribute(obj, obj.model.self, attr);
          if (v.kind !== 'unknown') return v;
        }
        return this.modelAttribute(obj.model, attr);
      case 'layer': {
        const last = obj.layer.calls[obj.layer.calls.length - 1];
        if (attr === 'output' && last?.outputShapes?.length === 1) return { kind: 'tensor', tensor: { shape: last.outputShapes[0], producer: last, index: 0 } };
        return unknown(`the attribute ${attr} of a layer is not followed`);
      }
      case 'array':
        if (attr === 'shape') return { kind: 'tuple', items: obj.shape.map((d) => ({ kind: 'int', value: d })) };
        if (attr === 'ndim') return { kind: 'int', value: obj.shape.length };
        if (attr === 'dtype') return { kind: 'str', value: obj.dtype };
        if (attr === 'size') return { kind: 'int', value: obj.shape.reduce((a, d) => a * d, 1) };
        return { kind: 'method', self: obj, name: attr };
      case 'tensor':
        if (attr === 'shape' && obj.tensor.shape) {
          return { kind: 'tuple', items: obj.tensor.shape.map((d) => (d === null ? NONE : { kind: 'int', value: d })) };
        }
        return unknown(`the attribute ${attr} of a tensor is not followed`);
      case 'unknown':
        return obj;
      default:
        return { kind: 'method', self: obj, name: attr };
    }
  }

  private modelAttribute(model: ModelValue, attr: string): PyValue {
    if (model.kind === 'functional') {
      const pick = (ts: readonly (TensorValue | null)[]): PyValue => {
        if (ts.length === 1) return ts[0] ? { kind: 'tensor', tensor: ts[0] } : unknown('unknown tensor');
        return { kind: 'list', items: ts.map((t) => (t ? { kind: 'tensor', tensor: t } : unknown('unknown tensor'))) };
      };
      if (attr === 'output' || attr === 'outputs') return pick(model.outputs);
      if (attr === 'input' || attr === 'inputs') return pick(model.inputs);
    }
    if (attr === 'layers') {
      const layers = model.kind === 'sequential' ? model.layers.map((e) => e.layer) : [];
      return model.kind === 'sequential' ? { kind: 'list', items: layers.map((layer) => ({ kind: 'layer', layer })) } : unknown('the layers of a functional model are not listed');
    }
    return { kind: 'method', self: { kind: 'model', model }, name: attr };
  }

  private evalSubscript(node: SyntaxNode, scope: Scope): PyValue {
    const value = this.eval(node.childForFieldName('value')!, scope);
    const indexNode = node.childForFieldName('subscript');
    if (!indexNode) return unknown('incomplete subscript');
    if (value.kind === 'tensor') return unknown('slicing a tensor is not followed');
    if (indexNode.type === 'slice') {
      if (value.kind !== 'tuple' && value.kind !== 'list' && value.kind !== 'str') return unknown(`cannot slice ${describe(value)}`);
      const parts: (number | undefined)[] = [];
      let current: number | undefined;
      let sawValue = false;
      for (const child of kids(indexNode)) {
        if (child.type === ':') {
          parts.push(sawValue ? current : undefined);
          current = undefined;
          sawValue = false;
        } else if (child.isNamed) {
          const v = this.eval(child, scope);
          if (v.kind !== 'int') return unknown('a slice bound that is not known');
          current = v.value;
          sawValue = true;
        }
      }
      parts.push(sawValue ? current : undefined);
      const [start, stop, step] = parts;
      if (step !== undefined && step !== 1) return unknown('slices with a step are not followed');
      if (value.kind === 'str') return { kind: 'str', value: value.value.slice(start, stop) };
      const items = value.items.slice(start, stop);
      return value.kind === 'tuple' ? { kind: 'tuple', items } : { kind: 'list', items };
    }
    const index = this.eval(indexNode, scope);
    if ((value.kind === 'tuple' || value.kind === 'list') && index.kind === 'int') {
      const i = index.value < 0 ? value.items.length + index.value : index.value;
      return value.items[i] ?? unknown('index out of range');
    }
    if (value.kind === 'dict' && index.kind === 'str') return value.entries.get(index.value) ?? unknown(`no key '${index.value}'`);
    if (value.kind === 'str' && index.kind === 'int') {
      const ch = value.value.at(index.value);
      return ch === undefined ? unknown('index out of range') : { kind: 'str', value: ch };
    }
    return unknown(value.kind === 'unknown' ? value.reason : `cannot index ${describe(value)}`);
  }

  private evalComprehension(node: SyntaxNode, scope: Scope, pairs = false): PyValue {
    const body = node.childForFieldName('body');
    if (!body) return unknown('incomplete comprehension');
    const clauses = named(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    const inner: Scope = { vars: new Map(), parent: scope };
    const out: PyValue[] = [];
    const walk = (i: number): boolean => {
      if (i === clauses.length) {
        if (pairs && body.type === 'pair') out.push({ kind: 'tuple', items: [this.eval(body.childForFieldName('key')!, inner), this.eval(body.childForFieldName('value')!, inner)] });
        else out.push(this.eval(body, inner));
        return true;
      }
      const clause = clauses[i];
      if (clause.type === 'if_clause') {
        const t = truthy(this.eval(named(clause)[0], inner));
        if (t === undefined) return false;
        return t ? walk(i + 1) : true;
      }
      const items = this.iterate(this.eval(clause.childForFieldName('right')!, inner));
      if (!items) return false;
      for (const item of items) {
        this.assign(clause.childForFieldName('left')!, item, inner);
        if (!walk(i + 1)) return false;
      }
      return true;
    };
    return walk(0) ? { kind: 'list', items: out } : unknown('a comprehension over values that are not known');
  }

  private evalBinary(node: SyntaxNode, scope: Scope): PyValue {
    const left = this.eval(node.childForFieldName('left')!, scope);
    const right = this.eval(node.childForFieldName('right')!, scope);
    const op = node.childForFieldName('operator')?.text ?? '?';
    if (left.kind === 'tensor' || right.kind === 'tensor') return this.tensorOp(op, left, right, rangeOf(node));
    return binaryOp(op, left, right);
  }

  /** A `keras.ops` function on tensors: an operation in the graph, as `x + y` is. */
  private kerasOp(name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange): PyValue {
    const first = args.positional[0] ?? args.keywords.get('x');
    const tensorArgs = first && (first.kind === 'list' || first.kind === 'tuple') ? [...first.items, ...args.positional.slice(1, 2)] : args.positional.slice(0, 2);
    const tensors = tensorArgs.filter((v): v is Extract<PyValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    if (tensors.length === 0) return unknown(`keras.ops.${name}() on values that are not tensors is not followed`);
    const shapes = tensorArgs.map((v) => (v.kind === 'tensor' ? v.tensor.shape : v.kind === 'int' || v.kind === 'float' ? [] : undefined));
    if (shapes.some((s) => s === undefined)) return unknown(`keras.ops.${name}() with arguments that are not known`);
    const known = shapes.every((s) => s !== null) ? opOutputShape(name, shapes as Shape[], args) : null;
    if (known === undefined) return unknown(`keras.ops.${name}() is not followed`);
    const className = name.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('');
    const detached = this.shadow > 0;
    const layer = this.graph.operation(className, range, detached, detached ? undefined : this.graph.uniqueName(name));
    const error = typeof known === 'string' ? known : undefined;
    const shape = typeof known === 'string' ? null : known;
    const call: LayerCall = shape ? { layer, inputs: tensors, outputShapes: [shape], range } : { layer, inputs: tensors, outputShapes: null, error, unresolved: error ? undefined : 'the shape of an operand is not known', range };
    layer.calls.push(call);
    if (error && !detached) this.graph.error(range, error);
    return { kind: 'tensor', tensor: { shape, producer: call, index: 0 } };
  }

  /**
   * `x + y` on symbolic tensors is a Keras operation (Add, Multiply, ...): in the graph, named from the same
   * counters as layers, with the broadcast shape.
   */
  private tensorOp(op: string, a: PyValue, b: PyValue, range: SourceRange): PyValue {
    const className = TENSOR_OPS[op];
    if (!className) return unknown(`the operator ${op} on tensors is not followed`);
    const shapeOf = (v: PyValue): Shape | null | undefined =>
      v.kind === 'tensor' ? v.tensor.shape : v.kind === 'int' || v.kind === 'float' || v.kind === 'bool' ? [] : undefined;
    const sa = shapeOf(a);
    const sb = shapeOf(b);
    if (sa === undefined || sb === undefined) return unknown(a.kind === 'unknown' ? a.reason : b.kind === 'unknown' ? b.reason : `${describe(a)} ${op} ${describe(b)} is not followed`);
    const layer = this.graph.operation(className, range, this.shadow > 0);
    const inputs = [a, b].filter((v): v is Extract<PyValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    let shape: Shape | null = null;
    let error: string | undefined;
    if (sa !== null && sb !== null) {
      const broadcast = broadcast2(sa, sb);
      if (typeof broadcast === 'string') error = broadcast;
      else shape = broadcast;
    }
    const call: LayerCall = shape
      ? { layer, inputs, outputShapes: [shape], range }
      : { layer, inputs, outputShapes: null, error, unresolved: error ? undefined : 'the shape of an operand is not known', range };
    layer.calls.push(call);
    if (error) this.graph.error(range, error);
    return { kind: 'tensor', tensor: { shape, producer: call, index: 0 } };
  }

  private evalComparison(node: SyntaxNode, scope: Scope): PyValue {
    const operands: PyValue[] = [];
    const ops: string[] = [];
    for (const child of kids(node)) {
      if (child.isNamed) operands.push(this.eval(child, scope));
      else if (child.text === 'in' && ops[ops.length - 1] === 'not' && ops.length === operands.length) ops[ops.length - 1] = 'not in';
      else if (child.text === 'not' && ops[ops.length - 1] === 'is' && ops.length === operands.length) ops[ops.length - 1] = 'is not';
      else ops.push(child.text);
    }
    for (let i = 0; i < ops.length; i++) {
      const r = compare(ops[i], operands[i], operands[i + 1]);
      if (r === undefined) return unknown('a comparison of values that are not known');
      if (!r) return { kind: 'bool', value: false };
    }
    return { kind: 'bool', value: true };
  }

  // ---------------------------------------------------------------- calls

  private evalArgs(argsNode: SyntaxNode | null, scope: Scope): { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[] } {
    const positional: PyValue[] = [];
    const keywords = new Map<string, PyValue>();
    const nodes: SyntaxNode[] = [];
    if (!argsNode) return { positional, keywords, nodes };
    if (argsNode.type === 'generator_expression') {
      positional.push(this.eval(argsNode, scope));
      nodes.push(argsNode);
      return { positional, keywords, nodes };
    }
    for (const arg of named(argsNode)) {
      if (arg.type === 'keyword_argument') {
        const name = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (name && value) keywords.set(name, this.eval(value, scope));
      } else if (arg.type === 'list_splat') {
        const items = this.iterate(this.eval(named(arg)[0], scope));
        if (items) for (const item of items) positional.push(item);
        else positional.push(unknown('*args that are not known'));
      } else if (arg.type === 'dictionary_splat') {
        const d = this.eval(named(arg)[0], scope);
        if (d.kind === 'dict') for (const [k, v] of d.entries) keywords.set(k, v);
        else keywords.set('**', unknown('**kwargs that are not known'));
      } else if (arg.type !== 'comment') {
        positional.push(this.eval(arg, scope));
        nodes.push(arg);
      }
    }
    return { positional, keywords, nodes };
  }

  private evalCall(node: SyntaxNode, scope: Scope): PyValue {
    const fnNode = node.childForFieldName('function');
    if (!fnNode) return unknown('incomplete call');
    const callee = this.eval(fnNode, scope);
    const args = this.evalArgs(node.childForFieldName('arguments'), scope);
    const range = rangeOf(node);
    switch (callee.kind) {
      case 'ref':
        return this.callRef(callee.path, args, range, node, fnNode);
      case 'layer':
        return this.callLayer(callee.layer, args.positional, args.keywords, range);
      case 'model':
        if (callee.model.kind === 'subclass') return this.callSubclass(callee.model, args.positional, args.keywords, range);
        return this.callLayer(this.graph.modelCalled(callee.model), args.positional, args.keywords, range);
      case 'function':
        return this.callFunction(callee.fn, args.positional, args.keywords);
      case 'class':
        return this.instantiate(callee.cls, args.positional, args.keywords, range);
      case 'object': {
        const call = this.findMethod(callee.obj.cls, '__call__');
        return call ? this.callFunction(call, [callee, ...args.positional], args.keywords) : unknown(`${callee.obj.cls.name} objects are not callable`);
      }
      case 'method':
        // compile() and fit() are recorded with where each argument sits (their notes and problems name lines).
        return this.callMethod(callee.self, callee.name, callee.self.kind === 'model' ? { ...args, spans: argumentSpans(node) } : args, range);
      case 'unknown':
        return unknown(callee.reason);
      default:
        return unknown(`${describe(callee)} is not callable`);
    }
  }

  private callRef(path: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange, node: SyntaxNode, fnNode: SyntaxNode): PyValue {
    if (path === 'builtins.super') return { kind: 'ref', path: 'builtins.super()' };
    if (path === 'builtins.super().__init__') {
      // Model.__init__ names the model: `super().__init__(name=...)` or snake_case of the class.
      const self = this.selfStack[this.selfStack.length - 1];
      if (self?.kind === 'model' && self.model.kind === 'subclass' && self.model.name === '') {
        const model = self.model;
        const nameArg = args.keywords.get('name');
        const inputs = args.positional[0] ?? args.keywords.get('inputs');
        const outputs = args.positional[1] ?? args.keywords.get('outputs');
        if (inputs && outputs) {
          // A subclass that calls Model.__init__(inputs, outputs) is a functional model (Keras reports it so).
          const functional = this.constructFunctional([inputs, outputs], new Map(nameArg ? [['name', nameArg]] : []), model.range, snakeCase(model.className));
          this.graph.forgetModel(model);
          model.functional = functional;
          model.name = functional.name;
        } else {
          model.name = nameArg?.kind === 'str' ? nameArg.value : this.graph.uniqueName(snakeCase(model.className));
        }
      }
      return NONE;
    }
    if (path.startsWith('builtins.')) return callBuiltin(path.slice(9), args.positional, args.keywords, this.limits.maxLoop);
    if (path === 'numpy.expand_dims' || path === 'numpy.reshape') return numpyShapeCall(path, args.positional, args.keywords);
    const opName = kerasOpName(path);
    if (opName) return this.kerasOp(opName, args, range);
    const maker = ARRAY_MAKERS[path];
    if (maker) {
      const shapeArg = maker === 'varargs' ? { kind: 'tuple' as const, items: args.positional } : args.positional[0] ?? args.keywords.get('shape') ?? args.keywords.get('size');
      const dims = shapeArg ? toDims(shapeArg) : undefined;
      return dims && dims.every((d) => d !== null && d >= 0) ? { kind: 'array', shape: dims as number[], dtype: 'float32' } : unknown(`${path}() with a shape that is not known`);
    }
    const sym: KerasSymbol = resolveKerasSymbol(path);
    switch (sym.kind) {
      case 'dataset':
        return path.endsWith('.load_data') ? loadDataResult(sym.name) ?? unknown(`the arrays of ${sym.name} have no fixed shape`) : unknown(`${path} is not followed`);
      case 'config':
        if (sym.name === 'image_data_format') return { kind: 'str', value: this.imageDataFormat };
        if (args.positional[0]?.kind === 'str' && ['channels_first', 'channels_last'].includes(args.positional[0].value)) this.imageDataFormat = args.positional[0].value;
        return NONE;
      case 'layer': {
        const made = this.constructLayer(sym.className, args.positional, args.keywords, range, fnNode);
        if (made.kind === 'layer') (made.layer as { args?: CallArguments }).args = argumentSpans(node);
        return made;
      }
      case 'mergeFunction': {
        // concatenate(inputs, axis=-1, **kwargs): the first argument is what the new layer is called on.
        const [inputs, ...rest] = args.positional;
        const kw = new Map(args.keywords);
        const tensors = inputs ?? kw.get('inputs');
        kw.delete('inputs');
        const made = this.constructLayer(sym.className, rest, kw, range, fnNode);
        if (made.kind !== 'layer' || !tensors) return unknown(`${sym.className.toLowerCase()}() needs its inputs`);
        return this.callLayer(made.layer, [tensors], new Map(), range);
      }
      case 'sequential':
        return this.constructSequential(args.positional, args.keywords, range, node);
      case 'model':
        return { kind: 'model', model: this.constructFunctional(args.positional, args.keywords, range) };
      case 'input':
        return this.constructInput(args.positional, args.keywords, range);
      case 'inputLayer':
        return this.constructInputLayer(args.keywords, range);
      case 'activation':
        return unknown('an activation applied to a tensor directly is not followed');
      case 'optimizer':
      case 'loss':
      case 'metric':
        // Kept with its arguments: training reads `Adam(learning_rate=3e-4)` from here.
        return { kind: 'call', path, positional: args.positional, keywords: args.keywords };
      default:
        return unknown(`\`${fnNode.text.slice(0, 60)}\` is not a Keras call Model Lens follows`);
    }
  }

  private callFunction(fn: FunctionValue, positional: PyValue[], givenKeywords: Map<string, PyValue>): PyValue {
    if (this.callDepth >= this.limits.maxCallDepth) return unknown(`${fn.name} calls itself too deeply`);
    const keywords = new Map(givenKeywords);
    const node = fn.node as SyntaxNode;
    const defScope = fn.scope as Scope;
    const local: Scope = { vars: new Map(), parent: defScope };
    const params = (node.childForFieldName('parameters') ? named(node.childForFieldName('parameters')!) : undefined) ?? [];
    let pi = 0;
    for (const p of params) {
      if (p.type === 'identifier') {
        local.vars.set(p.text, pi < positional.length ? positional[pi++] : keywords.get(p.text) ?? unknown(`argument ${p.text} is missing`));
        keywords.delete(p.text);
      } else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') {
        const name = p.childForFieldName('name')?.text;
        if (!name) continue;
        const v = pi < positional.length ? positional[pi++] : keywords.get(name);
        keywords.delete(name);
        local.vars.set(name, v ?? this.eval(p.childForFieldName('value')!, defScope));
      } else if (p.type === 'typed_parameter') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, pi < positional.length ? positional[pi++] : keywords.get(name) ?? unknown(`argument ${name} is missing`));
      } else if (p.type === 'list_splat_pattern') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, { kind: 'tuple', items: positional.slice(pi) });
        pi = positional.length;
      } else if (p.type === 'dictionary_splat_pattern') {
        const name = named(p)[0]?.text;
        if (name) local.vars.set(name, { kind: 'dict', entries: new Map(keywords) });
      }
    }
    const body = node.childForFieldName('body');
    if (!body) return NONE;
    this.callDepth++;
    try {
      if (node.type === 'lambda') return this.eval(body, local);
      this.execBlock(named(body), local);
      return NONE;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (e instanceof BreakSignal || e instanceof ContinueSignal) return unknown('break outside a loop');
      throw e;
    } finally {
      this.callDepth--;
    }
  }

  private callMethod(self: PyValue, name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[]; spans?: CallArguments }, range: SourceRange): PyValue {
    const own = self.kind === 'object' ? self.obj.cls : self.kind === 'model' && self.model.kind === 'subclass' ? self.model.self.cls : undefined;
    const method = own && this.findMethod(own, name);
    if (method) return this.withSelf(self, () => this.callFunction(method, [self, ...args.positional], args.keywords));
    if (self.kind === 'class') {
      const fn = self.cls.methods.get(name);
      if (fn) return this.callFunction(fn, args.positional, args.keywords);
    }
    if (self.kind === 'list') {
      const [a, b] = args.positional;
      switch (name) {
        case 'append':
          self.items.push(a ?? unknown('missing argument'));
          return NONE;
        case 'extend':
          extendList(self, a ? this.iterate(a) : undefined, 'extended with an unknown sequence');
          return NONE;
        case 'insert':
          if (a?.kind === 'int' && b) self.items.splice(a.value, 0, b);
          else self.items.push(unknown('insert at an unknown position'));
          return NONE;
        case 'pop':
          return self.items.pop() ?? unknown('pop from an empty list');
        default:
          return unknown(`list.${name} is not followed`);
      }
    }
    if (self.kind === 'model') return this.callModelMethod(self.model, name, args, range);
    if (self.kind === 'array') {
      if (name === 'astype') return { ...self, dtype: args.positional[0]?.kind === 'str' ? args.positional[0].value : 'float32' };
      if (name === 'reshape') {
        const dims = args.positional.length === 1 ? toDims(args.positional[0]) : toDims({ kind: 'tuple', items: args.positional });
        const size = self.shape.reduce((a, d) => a * d, 1);
        if (!dims || dims.some((d) => d === null)) return unknown('reshape to a shape that is not known');
        const fixed = (dims as number[]).filter((d) => d !== -1).reduce((a, d) => a * d, 1);
        const shape = (dims as number[]).map((d) => (d === -1 ? size / fixed : d));
        return shape.every((d) => Number.isInteger(d)) && shape.reduce((a, d) => a * d, 1) === size ? { kind: 'array', shape, dtype: self.dtype } : unknown('a reshape that does not keep the size');
      }
      return unknown(`array.${name}() is not followed`);
    }
    if (self.kind === 'dict' && name === 'get') {
      const key = args.positional[0];
      return key?.kind === 'str' ? self.entries.get(key.value) ?? args.positional[1] ?? NONE : unknown('dict.get with a key that is not known');
    }
    return unknown(`${describe(self)}.${name}() is not followed`);
  }

  private callModelMethod(model: ModelValue, name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue>; nodes: SyntaxNode[]; spans?: CallArguments }, range: SourceRange): PyValue {
    switch (name) {
      case 'add': {
        if (model.kind !== 'sequential') return unknown('add() is only for Sequential models');
        const v = args.positional[0] ?? args.keywords.get('layer');
        if (v) this.graph.addToSequential(model, { value: v, range, label: callLabel(args.nodes[0]) }, 'add');
        return NONE;
      }
      case 'pop':
        if (model.kind === 'sequential') this.graph.popSequential(model);
        return NONE;
      case 'build': {
        if (model.kind === 'subclass') {
          // Keras's default Model.build() does not run call(): the model is marked built, its layers stay
          // unbuilt ("0 (unbuilt)" in its summary). Only calling it on a tensor builds them.
          model.buildCalledWithoutCall = !model.built;
          return NONE;
        }
        if (model.kind !== 'sequential') return NONE;
        const shape = args.positional[0] ?? args.keywords.get('input_shape');
        const dims = shape ? toDims(shape) : undefined;
        if (dims) this.graph.buildSequential(model, dims);
        return NONE;
      }
      case 'compile':
        this.graph.recordCompile(model, range, bindByName(KERAS_COMPILE_PARAMS, args.positional, args.keywords), { args: args.spans });
        return NONE;
      case 'fit':
        this.graph.recordFit(model, range, bindByName(KERAS_FIT_PARAMS, args.positional, args.keywords), { args: args.spans });
        return unknown('the History that fit() returns is not followed');
      case 'summary':
      case 'save':
      case 'save_weights':
      case 'load_weights':
        return NONE;
      default:
        return unknown(`model.${name}() is not followed`);
    }
  }

  // ---------------------------------------------------------------- Keras objects

  private findMethod(cls: ClassValue, name: string): FunctionValue | undefined {
    return cls.methods.get(name);
  }

  private withSelf<T>(self: PyValue, run: () => T): T {
    this.selfStack.push(self);
    try {
      return run();
    } finally {
      this.selfStack.pop();
    }
  }

  private objectAttribute(selfValue: PyValue, obj: ObjectValue, attr: string): PyValue {
    const own = obj.attrs.get(attr) ?? obj.cls.attrs.get(attr);
    if (own) return own;
    if (obj.cls.methods.has(attr)) return { kind: 'method', self: selfValue, name: attr };
    return unknown(`${obj.cls.name}.${attr} is not known`);
  }

  /** Keras tracks layers assigned to a model's attributes, also inside lists, in assignment order. */
  private trackLayers(model: SubclassModel, value: PyValue): void {
    if (value.kind === 'layer' && !model.layers.includes(value.layer)) model.layers.push(value.layer);
    else if (value.kind === 'model') {
      const layer = this.graph.modelAsLayer(value.model);
      if (!model.layers.includes(layer)) model.layers.push(layer);
    } else if (value.kind === 'list' || value.kind === 'tuple') for (const item of value.items) this.trackLayers(model, item);
  }

  private instantiate(cls: ClassValue, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    if (cls.base === 'layer') {
      return { kind: 'layer', layer: this.graph.unknownLayer(cls.name, range, `${cls.name} is a custom layer class defined in this file; its shapes are not inferred`) };
    }
    const obj: ObjectValue = { cls, attrs: new Map() };
    let self: PyValue = { kind: 'object', obj };
    let model: SubclassModel | undefined;
    if (cls.base === 'model') {
      model = { kind: 'subclass', id: this.graph.newId(), name: '', className: cls.name, range, layers: [], self: obj, inputs: [], outputs: [], built: false };
      self = { kind: 'model', model };
      this.graph.registerModel(model);
    }
    const init = this.findMethod(cls, '__init__');
    if (init) this.withSelf(self, () => this.callFunction(init, [self, ...positional], keywords));
    if (model && model.name === '') model.name = this.graph.uniqueName(snakeCase(cls.name));
    if (model?.functional) return { kind: 'model', model: model.functional };
    return self;
  }

  /** Calling a subclassed model runs its `call` on the tensors; outside, it is one layer with all its weights. */
  private callSubclass(model: SubclassModel, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const self: PyValue = { kind: 'model', model };
    const call = this.findMethod(model.self.cls, 'call');
    if (!call) return unknown(`${model.className} has no call() method`);
    const args = positional.map((v): PyValue => (v.kind === 'array' ? { kind: 'tensor', tensor: this.graph.concreteInput(v.shape, range) } : v));
    const result = this.withSelf(self, () => this.callFunction(call, [self, ...args], keywords));
    const inputs = args.map((v) => (v.kind === 'tensor' ? v.tensor : null));
    const outs = result.kind === 'tensor' ? [result] : result.kind === 'tuple' || result.kind === 'list' ? result.items : [result];
    const outputs = outs.map((v) => (v.kind === 'tensor' ? v.tensor : null));
    if (!model.built) {
      model.built = true;
      model.inputs = inputs;
      model.outputs = outputs;
      if (outputs.some((t) => t === null || t.shape === null)) model.incomplete ??= 'its call() output is not known';
    }
    if (inputs.some((t) => t === null)) return result;
    // Seen from outside, the model is one layer: its output tensors come from one call of it.
    const wrapper = this.graph.modelAsLayer(model);
    const shapes = outputs.every((t) => t?.shape) ? outputs.map((t) => t!.shape!) : null;
    if (wrapper.weights === null) {
      const ws = model.layers.map((l) => l.weights);
      if (ws.every((w) => w !== null)) wrapper.weights = ws.flatMap((w) => w!);
    }
    const outer: LayerCall = shapes
      ? { layer: wrapper, inputs: inputs as TensorValue[], outputShapes: shapes, range }
      : { layer: wrapper, inputs: inputs as TensorValue[], outputShapes: null, unresolved: `the output of ${model.name} is not known`, range };
    wrapper.calls.push(outer);
    if (outputs.length === 1) return { kind: 'tensor', tensor: { shape: shapes?.[0] ?? null, producer: outer, index: 0 } };
    return { kind: 'tuple', items: outputs.map((_, index) => ({ kind: 'tensor', tensor: { shape: shapes?.[index] ?? null, producer: outer, index } })) };
  }

  /**
   * A Lambda with no `output_shape`: Keras finds its shape by running the function on symbolic tensors. So
   * do we, for functions made of what the evaluator follows (arithmetic, keras.ops it knows), without naming
   * anything or reporting anything from inside.
   */
  private lambdaShapes(fn: FunctionValue, inputs: readonly Shape[]): ReturnType<typeof applyLayer> {
    this.shadow++;
    try {
      return this.graph.withoutDiagnostics(() => {
        const tensors = inputs.map((shape): PyValue => ({ kind: 'tensor', tensor: this.graph.concreteInput(shape as number[], NOWHERE) }));
        const arg: PyValue = tensors.length === 1 ? tensors[0] : { kind: 'list', items: tensors };
        const out = this.callFunction(fn, [arg], new Map());
        const outs = out.kind === 'tensor' ? [out] : out.kind === 'tuple' || out.kind === 'list' ? out.items : [out];
        if (outs.every((o) => o.kind === 'tensor' && o.tensor.shape)) return { outputs: outs.map((o) => (o as { tensor: TensorValue }).tensor.shape!), weights: [] };
        return { outputs: null, weights: [], unresolved: `the Lambda's function is not something Model Lens can follow (${out.kind === 'unknown' ? out.reason : describe(out)}); give it output_shape=` };
      });
    } finally {
      this.shadow--;
    }
  }

  private constructLayer(className: string, positional: PyValue[], givenKeywords: Map<string, PyValue>, range: SourceRange, fnNode: SyntaxNode): PyValue {
    let keywords = givenKeywords;
    this.graph.flagAbsurd([...positional, ...keywords.values()], range, className);
    const spec = findLayerSpec(className);
    const nameArg = keywords.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : undefined;
    const trainableArg = keywords.get('trainable');
    const trainable = trainableArg?.kind === 'bool' ? trainableArg.value : true;
    if (!spec) {
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, `${fnNode.text} is not a layer Model Lens knows yet`, { name, trainable }) };
    }
    if (this.imageDataFormat !== 'channels_last' && spec.args.some((a) => a.name === 'data_format') && !keywords.has('data_format')) {
      const at = spec.args.findIndex((a) => a.name === 'data_format');
      if (at >= positional.length) keywords = new Map([...keywords, ['data_format', { kind: 'str', value: this.imageDataFormat }]]);
    }
    try {
      const bound = bindArgs(spec, positional, keywords);
      const declaredInput = declaredInputShape(spec, bound.common);
      const layer = this.graph.newLayer(className, spec, range, { name, trainable, declaredInput, config: bound.config });
      const fn = bound.config.raw('function');
      if (className === 'Lambda' && fn?.kind === 'function' && !bound.config.has('output_shape')) layer.shapeFunction = (inputs) => this.lambdaShapes(fn.fn, inputs);
      return { kind: 'layer', layer };
    } catch (e) {
      if (!(e instanceof ShapeError)) throw e;
      this.graph.error(range, e.message);
      return { kind: 'layer', layer: this.graph.unknownLayer(className, range, e.message, { name, trainable }) };
    }
  }

  private constructInput(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    this.graph.flagAbsurd([...positional, ...keywords.values()], range, 'Input');
    const shapeArg = positional[0] ?? keywords.get('shape');
    const batchShape = keywords.get('batch_shape') ?? keywords.get('batch_input_shape');
    const batchSize = positional[1] ?? keywords.get('batch_size');
    const nameArg = keywords.get('name');
    let shape: Shape | null = null;
    let reason = 'Input() needs shape= or batch_shape=';
    if (batchShape) {
      shape = toDims(batchShape) ?? null;
      if (!shape) reason = `batch_shape is ${describe(batchShape)}`;
    } else if (shapeArg) {
      const dims = toDims(shapeArg);
      if (dims) shape = [batchSize?.kind === 'int' ? batchSize.value : null, ...dims];
      else reason = shapeArg.kind === 'unknown' ? `shape: ${shapeArg.reason}` : `shape is ${describe(shapeArg)}`;
    }
    return { kind: 'tensor', tensor: this.graph.input(shape, reason, nameArg?.kind === 'str' ? nameArg.value : undefined, range) };
  }

  private constructInputLayer(keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const shape = keywords.get('shape') ?? keywords.get('input_shape');
    const t = this.constructInput(shape ? [shape] : [], keywords, range);
    return t.kind === 'tensor' ? { kind: 'layer', layer: t.tensor.producer.layer } : t;
  }

  private constructSequential(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange, node: SyntaxNode): PyValue {
    const nameArg = keywords.get('name') ?? positional[1];
    const model = this.graph.sequential(nameArg?.kind === 'str' ? nameArg.value : undefined, range);
    const list = positional[0] ?? keywords.get('layers');
    const argsNode = node.childForFieldName('arguments');
    const listNode = argsNode ? named(argsNode)[0] : undefined;
    const itemNodes = listNode && (listNode.type === 'list' || listNode.type === 'tuple') ? named(listNode).filter((c) => c.type !== 'comment') : [];
    if (list && (list.kind === 'list' || list.kind === 'tuple')) {
      this.graph.fillSequential(model, list.items.map((value, i) => ({ value, range: itemNodes[i] ? rangeOf(itemNodes[i]) : range, label: callLabel(itemNodes[i]) })));
    } else if (list && list.kind !== 'none') {
      model.incomplete = list.kind === 'unknown' ? `its layer list is not known (${list.reason})` : 'its layer list is not a list';
    }
    return { kind: 'model', model };
  }

  private constructFunctional(positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange, namePrefix?: string): FunctionalModel {
    const inputs = positional[0] ?? keywords.get('inputs');
    const outputs = positional[1] ?? keywords.get('outputs');
    const nameArg = keywords.get('name');
    const tensors = (v: PyValue | undefined): (TensorValue | null)[] => {
      if (!v) return [];
      if (v.kind === 'tensor') return [v.tensor];
      if (v.kind === 'list' || v.kind === 'tuple') return v.items.map((x) => (x.kind === 'tensor' ? x.tensor : null));
      if (v.kind === 'dict') return [...v.entries.values()].map((x) => (x.kind === 'tensor' ? x.tensor : null));
      return [null];
    };
    const ins = tensors(inputs);
    const outs = tensors(outputs);
    let incomplete: string | undefined;
    if (!inputs || !outputs) incomplete = 'Model() needs inputs and outputs';
    else if (outs.some((t) => t === null) || ins.some((t) => t === null)) incomplete = 'some of its inputs or outputs are not known';
    return this.graph.functional({ name: nameArg?.kind === 'str' ? nameArg.value : undefined, namePrefix, range, inputs: ins, outputs: outs, incomplete });
  }

  private callLayer(layer: LayerInstance, positional: PyValue[], keywords: Map<string, PyValue>, range: SourceRange): PyValue {
    const mode = layer.spec?.call ?? 'single';
    let inputs: PyValue[];
    if (mode === 'attention') {
      inputs = [positional[0] ?? keywords.get('query'), positional[1] ?? keywords.get('value'), positional[2] ?? keywords.get('key')].filter((x): x is PyValue => x !== undefined && x.kind !== 'none');
    } else {
      const first = positional[0] ?? keywords.get('inputs');
      if (!first) return unknown(`${layer.name} is called without inputs`);
      // A layer we do not know may well take a list (a custom merge), and so may a Lambda.
      const listOk = mode === 'list' || !layer.spec || layer.className === 'Lambda';
      inputs = listOk && (first.kind === 'list' || first.kind === 'tuple') ? [...first.items] : [first];
    }
    // An RNN's initial_state (and constants) feed the call: they connect the graph, not the shapes.
    const extras: TensorValue[] = [];
    for (const key of ['initial_state', 'constants']) {
      const v = keywords.get(key);
      const items = v?.kind === 'tensor' ? [v] : v?.kind === 'list' || v?.kind === 'tuple' ? v.items : [];
      for (const item of items) if (item.kind === 'tensor') extras.push(item.tensor);
    }
    // Called on real data (an array of known shape) the layer is built eagerly for that shape.
    return this.graph.callLayer(layer, inputs, range, keywords, extras);
  }
}

/** What an item written as a call calls (`Dense` of `layers.Dense(...)`), to name an item that is not a layer. */
function callLabel(node: SyntaxNode | undefined): string | undefined {
  return node?.type === 'call' ? node.childForFieldName('function')?.text.split('.').pop() : undefined;
}

/** The batch shape a layer's `input_shape=` / `batch_input_shape=` / `input_dim=` declares, if any. */
function declaredInputShape(spec: LayerSpec, common: ReadonlyMap<string, PyValue>): Shape | null {
  const batchInput = common.get('batch_input_shape');
  if (batchInput) return toDims(batchInput) ?? null;
  const inputShape = common.get('input_shape');
  const batchSize = common.get('batch_size');
  const batch: Dim = batchSize?.kind === 'int' ? batchSize.value : null;
  if (inputShape) {
    const dims = toDims(inputShape);
    return dims ? [batch, ...dims] : null;
  }
  const inputDim = common.get('input_dim');
  if (inputDim && !spec.args.some((a) => a.name === 'input_dim')) {
    return inputDim.kind === 'int' ? [batch, inputDim.value] : null;
  }
  return null;
}


/** numpy.expand_dims / numpy.reshape on arrays of known shape (preparing MNIST for a Conv2D, say). */
function numpyShapeCall(path: string, positional: PyValue[], keywords: Map<string, PyValue>): PyValue {
  const a = positional[0] ?? keywords.get('a');
  if (a?.kind !== 'array') return unknown(`${path}() of an array whose shape is not known`);
  if (path === 'numpy.expand_dims') {
    const axis = positional[1] ?? keywords.get('axis');
    if (axis?.kind !== 'int') return unknown('expand_dims with an axis that is not known');
    const at = axis.value < 0 ? a.shape.length + 1 + axis.value : axis.value;
    if (at < 0 || at > a.shape.length) return unknown('expand_dims axis out of range');
    return { kind: 'array', shape: [...a.shape.slice(0, at), 1, ...a.shape.slice(at)], dtype: a.dtype };
  }
  const dims = toDims(positional[1] ?? keywords.get('newshape') ?? keywords.get('shape') ?? { kind: 'none' });
  if (!dims || dims.some((d) => d === null)) return unknown('reshape to a shape that is not known');
  const size = a.shape.reduce((x, d) => x * d, 1);
  const fixed = (dims as number[]).filter((d) => d !== -1).reduce((x, d) => x * d, 1);
  const shape = (dims as number[]).map((d) => (d === -1 ? size / fixed : d));
  return shape.every((d) => Number.isInteger(d)) && shape.reduce((x, d) => x * d, 1) === size ? { kind: 'array', shape, dtype: a.dtype } : unknown('a reshape that does not keep the size');
}

/** Python operators on symbolic tensors and the Keras operations they become. */
const TENSOR_OPS: Readonly<Record<string, string>> = {
  '+': 'Add',
  '-': 'Subtract',
  '*': 'Multiply',
  '/': 'TrueDivide',
  '//': 'FloorDivide',
  '**': 'Power',
  '@': 'Matmul',
};

/** Functions that make concrete arrays of a given shape, as models are often called on to build them. */
const ARRAY_MAKERS: Readonly<Record<string, 'shape' | 'varargs'>> = {
  'numpy.zeros': 'shape',
  'numpy.ones': 'shape',
  'numpy.empty': 'shape',
  'numpy.random.random': 'shape',
  'numpy.random.normal': 'shape',
  'numpy.random.uniform': 'shape',
  'numpy.random.rand': 'varargs',
  'numpy.random.randn': 'varargs',
  'tensorflow.zeros': 'shape',
  'tensorflow.ones': 'shape',
  'tensorflow.random.normal': 'shape',
  'tensorflow.random.uniform': 'shape',
  'keras.ops.zeros': 'shape',
  'keras.ops.ones': 'shape',
  'keras.random.normal': 'shape',
  'keras.random.uniform': 'shape',
};

/** `keras.ops.square` (also `keras.src.ops.numpy.square`, `tf.keras.ops.square`) → `square`. */
function kerasOpName(path: string): string | undefined {
  const parts = path.split('.');
  const at = parts.indexOf('ops');
  if (at < 1 || !parts.slice(0, at).includes('keras')) return undefined;
  return parts[parts.length - 1];
}
