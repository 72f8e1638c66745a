/**
 * A small abstract interpreter for the Python a model file is written in. It follows imports, constants,
 * arithmetic, loops, comprehensions and helper functions far enough to build the model graph, and turns
 * everything else into `unknown` with a reason. It never executes user code and never throws: a step
 * budget and depth limits keep hostile or half-typed input bounded.
 *
 * This part runs statements: imports, definitions, loops, branches, assignments. Expressions are in
 * expressions.ts, calls in calls.ts, and the calls into Keras (which build the graph) in keras-calls.ts.
 */
import { type EvalResult } from '../model/result';
import type { SubclassModel } from '../model/graph';
import { ModelGraphBuilder } from '../model/builder';
import { SourceFactsRecorder } from '../model/source-facts';
import { SymbolicTensors } from '../model/symbolic';
import { KERAS3 } from '../model/dialects/keras3';
import type { ModelDialect } from '../model/dialects/dialect';
import { resolveKerasSymbol } from './keras-symbols';
import { findLayerSpec } from '../layers/catalogue';
import { fieldAll, named, rangeOf, type SyntaxNode, type Tree } from './parser';
import { describe, dictKey, keyValue, NONE, truthy, unknown, type ClassValue, type FunctionValue, type PyValue } from '../model/values';
import { BudgetExceeded, DEFAULT_LIMITS, type EvalLimits } from '../model/budget';
import { BreakSignal, ContinueSignal, ReturnSignal } from '../interp/signals';
import type { Scope } from '../interp/scope';
import { TreeWalker } from '../interp/tree-walker';
import { taintBlock, type TaintSyntax } from '../interp/taint';
import type { ModuleImports } from '../modules/loader';
import { importedModule, importedName } from './workspace-imports';
import { showBranchModels } from './branches';

const PYTHON_TAINT: TaintSyntax = {
  opaque: new Set(['function_definition', 'class_definition', 'lambda']),
  call: 'call',
  member: 'attribute',
  memberName: 'attribute',
  listMutators: new Set(['append', 'extend', 'insert', 'pop', 'remove']),
  keywordArgument: 'keyword_argument',
};

export abstract class PythonStatements extends TreeWalker<Scope> {
  protected readonly tooDeepExpression = 'the expression is nested too deeply';
  // Defined by the parts that follow: expressions.ts, calls.ts and keras-calls.ts.
  protected abstract evalQuiet(node: SyntaxNode, scope: Scope): PyValue;
  protected abstract trackLayers(model: SubclassModel, value: PyValue): void;

  /** Above 0 while running code only to learn a shape (a Lambda's function): nothing is named or kept. */
  protected shadow = 0;
  /** keras.config.set_image_data_format(...): the default `data_format` of the layers made after it. */
  protected imageDataFormat = 'channels_last';
  protected readonly graph: ModelGraphBuilder;
  protected readonly facts = new SourceFactsRecorder();
  /** `model.inputs`, `layer.output`, `model.layers`, `get_layer`: the tensors and layers code reads off models. */
  protected readonly symbolic: SymbolicTensors;
  protected readonly imports = new Map<string, string>();
  protected readonly starImports: string[] = [];
  /** The `self` of the methods being run, innermost last (for `super().__init__`). */
  protected readonly selfStack: PyValue[] = [];
  protected readonly module: Scope = { vars: new Map() };
  /** The workspace modules this file may import (absent: imports name only packages, as without a workspace). */
  modules?: ModuleImports<Scope>;
  /** The analyzed file's tree: code of imported modules run from it is placed at the call (interp/call-site.ts). */
  homeTree?: Tree;
  /** Set once a workspace module's value is bound: only then may a call run another file's code. */
  protected importedCode = false;
  /** Run the module-level functions nobody called, once, with their defaults (python/uncalled.ts): set for the analyzed file. */
  runUncalled = false;
  /** The module-level functions, in definition order, and the syntax node ids of those that ran. */
  protected readonly defined: FunctionValue[] = [];
  protected readonly called = new Set<number>();
  /** The `if` statements whose undecided alternatives were run for their models. */
  private readonly speculated = new Set<number>();
  // Defined in calls.ts.
  protected abstract runUncalledBuilders(): void;

  /** `dialect`: the Keras the file follows (Keras 3 unless the project uses tf.keras 2). */
  constructor(limits: EvalLimits = DEFAULT_LIMITS, dialect: ModelDialect = KERAS3) {
    super(limits);
    this.graph = new ModelGraphBuilder(dialect);
    this.symbolic = new SymbolicTensors(this.graph);
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
    if (this.runUncalled && truncated === undefined) this.runUncalledBuilders();
    return this.graph.result(this.imports, this.facts.result(), truncated);
  }

  /** Runs a workspace module another file imports, named `name` (its `__name__`), and gives its globals. */
  evaluateModule(root: SyntaxNode, name: string): Scope {
    this.module.vars.set('__name__', { kind: 'str', value: name });
    this.run(root);
    return this.module;
  }

  // ---------------------------------------------------------------- statements

  protected execBlock(nodes: readonly SyntaxNode[], scope: Scope): void {
    for (const node of nodes) this.exec(node, scope);
  }

  protected execStatement(node: SyntaxNode, scope: Scope): void {
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
        if (!name) return;
        const fn: FunctionValue = { name, node, scope };
        scope.vars.set(name, { kind: 'function', fn });
        if (scope === this.module) this.defined.push(fn);
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

  protected bindImport(scope: Scope, name: string, path: string): void {
    scope.vars.set(name, { kind: 'ref', path });
    if (scope === this.module) this.imports.set(name, path);
  }

  protected execImport(node: SyntaxNode, scope: Scope): void {
    for (const item of fieldAll(node, 'name')) {
      if (item.type === 'aliased_import') {
        const path = item.childForFieldName('name')?.text;
        const alias = item.childForFieldName('alias')?.text;
        const own = path && alias ? importedModule(this.modules, path, true) : undefined;
        if (own && alias) this.bindOwn(scope, alias, own);
        else if (path && alias) this.bindImport(scope, alias, path);
      } else if (item.type === 'dotted_name') {
        // `import tensorflow.keras` binds `tensorflow`.
        const first = named(item)[0]?.text;
        const own = importedModule(this.modules, item.text, false);
        if (own && first) this.bindOwn(scope, first, own);
        else if (first) this.bindImport(scope, first, first);
      }
    }
  }

  protected execImportFrom(node: SyntaxNode, scope: Scope): void {
    const module = node.childForFieldName('module_name');
    if (module?.type === 'relative_import') return this.execRelativeImport(node, module.text, scope);
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
        const own = name ? importedName(this.modules, base, name) : undefined;
        if (own && alias) this.bindOwn(scope, alias, own);
        else if (name && alias) this.bindImport(scope, alias, `${base}.${name}`);
      } else if (item.type === 'dotted_name') {
        const own = importedName(this.modules, base, item.text);
        if (own) this.bindOwn(scope, item.text, own);
        else this.bindImport(scope, item.text, `${base}.${item.text}`);
      }
    }
  }

  private bindOwn(scope: Scope, name: string, value: PyValue): void {
    scope.vars.set(name, value);
    this.importedCode = true;
  }

  /** `from .nets import CNN`: only the workspace's own modules are relative; a name not found there stays unknown. */
  private execRelativeImport(node: SyntaxNode, spec: string, scope: Scope): void {
    for (const item of fieldAll(node, 'name')) {
      const name = (item.type === 'aliased_import' ? item.childForFieldName('name') : item)?.text;
      const alias = (item.type === 'aliased_import' ? item.childForFieldName('alias') : item)?.text;
      if (!name || !alias) continue;
      const own = importedName(this.modules, spec, name);
      if (own) this.bindOwn(scope, alias, own);
      else scope.vars.set(alias, unknown(`\`${name}\` is imported from \`${spec}\`, a module Model Lens did not find in the workspace`));
    }
  }

  protected execClass(node: SyntaxNode, scope: Scope): void {
    const name = node.childForFieldName('name')?.text;
    const body = node.childForFieldName('body');
    if (!name || !body) return;
    const superclasses = node.childForFieldName('superclasses');
    let base: ClassValue['base'] = 'plain';
    let parent: ClassValue | undefined;
    let kerasLayer: string | undefined;
    for (const b of superclasses ? named(superclasses) : []) {
      const v = this.evalQuiet(b, scope);
      if (v.kind === 'class') {
        parent ??= v.cls;
        kerasLayer ??= v.cls.kerasLayer;
        if (v.cls.base !== 'plain') base = v.cls.base;
      }
      if (v.kind !== 'ref') continue;
      const sym = resolveKerasSymbol(v.path);
      if (sym.kind === 'model' || sym.kind === 'sequential') base = 'model';
      else if (sym.kind === 'layer' && base === 'plain') {
        base = 'layer';
        if (findLayerSpec(sym.className)) kerasLayer ??= sym.className;
      }
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
    const cls: ClassValue = { name, base, methods, attrs: classScope.vars, range: rangeOf(node), parent, kerasLayer };
    scope.vars.set(name, { kind: 'class', cls });
  }

  protected execFor(node: SyntaxNode, scope: Scope): void {
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

  protected execIf(node: SyntaxNode, scope: Scope): void {
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
        // The models each alternative makes are still shown, labelled with its condition (each `if` once).
        if (this.shadow === 0 && !this.speculated.has(node.id)) {
          this.speculated.add(node.id);
          showBranchModels({ graph: this.graph, execBlock: (nodes, s) => this.execBlock(nodes, s) }, branches.slice(i), scope);
        }
        return;
      }
    }
  }

  /** Marks everything a block might change as unknown: names it assigns, models and lists it adds to. */
  protected taint(block: SyntaxNode, scope: Scope, reason: string): void {
    taintBlock(block, reason, this.budget, PYTHON_TAINT, (n) => {
      if (n.type === 'assignment' || n.type === 'augmented_assignment' || n.type === 'for_statement') {
        const target = n.childForFieldName('left');
        if (target) this.assign(target, unknown(reason), scope, true);
      }
    }, (n) => this.evalQuiet(n, scope));
  }

  protected assign(target: SyntaxNode, value: PyValue, scope: Scope, onlyNames = false): void {
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
        const dkey = container.kind === 'dict' && key ? dictKey(key) : undefined;
        if (container.kind === 'dict' && dkey !== undefined) container.entries.set(dkey, value);
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

  protected unpack(value: PyValue, n: number): PyValue[] | undefined {
    if ((value.kind === 'tuple' || value.kind === 'list') && value.items.length === n) return [...value.items];
    return undefined;
  }

  protected iterate(value: PyValue): PyValue[] | undefined {
    if (value.kind === 'tuple' || value.kind === 'list') return [...value.items];
    if (value.kind === 'str') return [...value.value].map((c) => ({ kind: 'str', value: c }));
    if (value.kind === 'dict') return [...value.entries.keys()].map(keyValue);
    return undefined;
  }
}
