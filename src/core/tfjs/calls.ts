/** JavaScript calls: functions and closures, `new`, methods of arrays, strings and classes, a few built-ins. */
import type { LayerInstance, ModelValue, SourceRange } from '../model/graph';
import { kids, named, rangeOf, type SyntaxNode } from '../interp/syntax';
import { describe, unknown, type ClassValue, type FunctionValue, type PyValue } from '../model/values';
import { bool, isNumber, isUndefined, jsEquals, jsString, jsTruthy, num, str, UNDEFINED } from './js-values';
import { BreakSignal, ContinueSignal, ReturnSignal } from '../interp/signals';
import { TF, TFJS_MODULES, ThrowSignal, type JsScope } from './statements';
import { TfjsExpressions } from './expressions';
import { atCallSite } from '../interp/call-site';

export abstract class TfjsCalls extends TfjsExpressions {
  // Defined by the parts that follow: tf-calls.ts.
  protected abstract callLayer(layer: LayerInstance, input: PyValue | undefined, range: SourceRange): PyValue;
  protected abstract callModelMethod(model: ModelValue, name: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange): PyValue;
  protected abstract callRef(path: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange, node: SyntaxNode): PyValue;

  // ---------------------------------------------------------------- calls

  protected evalArgs(argsNode: SyntaxNode | null, scope: JsScope): { values: PyValue[]; nodes: SyntaxNode[] } {
    const nodes = argsNode ? named(argsNode).filter((c) => c.type !== 'comment') : [];
    return { values: this.evalItems(nodes, scope), nodes };
  }

  protected evalCall(node: SyntaxNode, scope: JsScope): PyValue {
    // What another file's code makes when this call runs it is shown at this call.
    return this.homeTree && this.importedCode ? atCallSite(this.homeTree, rangeOf(node), () => this.evalCallHere(node, scope)) : this.evalCallHere(node, scope);
  }

  private evalCallHere(node: SyntaxNode, scope: JsScope): PyValue {
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
    this.facts.call(fnNode.type === 'member_expression' ? fnNode.childForFieldName('property')?.text : undefined, args.values, range);
    if (callee.kind === 'none' && named(node).some((c) => c.type === 'optional_chain')) return UNDEFINED;
    return this.call(callee, args, range, node);
  }

  protected evalNew(node: SyntaxNode, scope: JsScope): PyValue {
    return this.homeTree && this.importedCode ? atCallSite(this.homeTree, rangeOf(node), () => this.evalNewHere(node, scope)) : this.evalNewHere(node, scope);
  }

  private evalNewHere(node: SyntaxNode, scope: JsScope): PyValue {
    const ctorNode = node.childForFieldName('constructor');
    const args = this.evalArgs(node.childForFieldName('arguments'), scope);
    if (!ctorNode) return unknown('incomplete new expression');
    const ctor = this.eval(ctorNode, scope);
    const range = rangeOf(node);
    if (ctor.kind === 'class') return this.instantiate(ctor.cls, args.values, range);
    if (ctor.kind === 'ref' && ctor.path === 'js.Array') return this.callBuiltinArray(args.values);
    return unknown(`\`new ${ctorNode.text.slice(0, 40)}\` is not something Model Lens follows`);
  }

  protected instantiate(cls: ClassValue, positional: PyValue[], range: SourceRange): PyValue {
    if (cls.base === 'layer') {
      return { kind: 'layer', layer: this.graph.unknownLayer(cls.name, range, `${cls.name} is a custom layer class defined in this file; its shapes are not inferred`) };
    }
    if (cls.base === 'model') return unknown(`${cls.name} extends a TF.js model class; Model Lens does not follow subclassed models in TF.js`);
    const self: PyValue = { kind: 'object', obj: { cls, attrs: new Map() } };
    const ctor = cls.methods.get('constructor');
    if (ctor) this.callFunction(ctor, positional, self);
    return self;
  }

  protected call(callee: PyValue, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange, node: SyntaxNode): PyValue {
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

  protected callFunction(fn: FunctionValue, positional: PyValue[], self?: PyValue, uncalled = false): PyValue {
    const node = fn.node as SyntaxNode;
    this.called.add(node.id);
    if (this.callDepth >= this.limits.maxCallDepth) return unknown(`calls nested deeper than ${this.limits.maxCallDepth} levels are not followed`);
    const method = this.functions.get(node.id)?.self;
    const local: JsScope = { vars: new Map(), parent: fn.scope as JsScope, isFunction: true, self: self ?? method };
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

  protected callBuiltin(name: string, a: PyValue[]): PyValue {
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

  protected callBuiltinArray(a: PyValue[]): PyValue {
    const n = a[0];
    if (a.length !== 1 || !n) return { kind: 'list', items: a };
    // One argument: a number is a length (n empty slots), anything else the one item; unknown could be either.
    if (n.kind === 'unknown') return n;
    if (!isNumber(n)) return { kind: 'list', items: a };
    if (!Number.isInteger(n.value) || n.value < 0 || n.value >= 2 ** 32) return unknown('RangeError: Invalid array length');
    // A longer array is not made item by item; its length is not taken as 1 either (`new Array(1e9).length` was 1).
    if (n.value > this.limits.maxLoop) return unknown(`an array of ${n.value} empty slots is longer than Model Lens follows`);
    return { kind: 'list', items: Array<PyValue>(n.value).fill(UNDEFINED) };
  }

  protected callMethod(self: PyValue, name: string, args: { values: PyValue[]; nodes: SyntaxNode[] }, range: SourceRange): PyValue {
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

  protected listMethod(self: { kind: 'list' | 'tuple'; items: readonly PyValue[] }, name: string, a: PyValue[]): PyValue {
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

  protected stringMethod(s: string, name: string, a: PyValue[]): PyValue {
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
}
