/** Python expressions: literals, names, attributes, subscripts, operators, comprehensions. */
import { isArgumentParser } from './argparse';
import type { ModelValue, SourceRange, TensorValue } from '../model/graph';
import { resolveKerasSymbol } from './keras-symbols';
import { findLayerSpec } from '../layers/catalogue';
import { fieldAll, kids, named, rangeOf, type SyntaxNode } from './parser';
import { getItemShape, type IndexItem } from '../model/get-item';
import { binaryOp, compare, extendList, inheritedMethod, parseInteger, parseString } from './python-ops';
import { KERAS_LAYER_METHODS } from './custom-layers';
import { describe, dictKey, NONE, truthy, unknown, type ObjectValue, type PyValue } from '../model/values';
import type { Scope } from '../interp/scope';
import { PythonStatements } from './statements';
import { lookupVar } from '../interp/scope';
import { vocabularySizeUnknown } from '../layers/preprocessing';

const BUILTINS = new Set([
  'super', 'range', 'len', 'int', 'float', 'str', 'bool', 'tuple', 'list', 'min', 'max', 'abs', 'round', 'sum', 'enumerate',
  'zip', 'reversed', 'print', 'dict', 'sorted', 'isinstance', 'divmod', 'pow', 'setattr', 'getattr', 'hasattr',
  'exec', 'eval', 'globals', 'locals', 'vars',
]);

export abstract class PythonExpressions extends PythonStatements {
  // Defined by the parts that follow: calls.ts and keras-calls.ts.
  protected abstract evalCall(node: SyntaxNode, scope: Scope): PyValue;
  protected abstract tensorOp(op: string, a: PyValue, b: PyValue, range: SourceRange): PyValue;
  protected abstract kerasOp(name: string, args: { positional: PyValue[]; keywords: Map<string, PyValue> }, range: SourceRange): PyValue;

  // ---------------------------------------------------------------- expressions

  /** Evaluation for look-ups that must not record diagnostics or build layers twice (class bases, taint). */
  protected evalQuiet(node: SyntaxNode, scope: Scope): PyValue {
    if (node.type === 'identifier' || node.type === 'attribute') return this.eval(node, scope);
    return unknown('not evaluated');
  }

  protected evalInner(node: SyntaxNode, scope: Scope): PyValue {
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
        if (operand.kind === 'tensor' && op === '-') return this.kerasOp('negative', { positional: [operand], keywords: new Map() }, rangeOf(node));
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
          const key = p.kind === 'tuple' && p.items[0] ? dictKey(p.items[0]) : undefined;
          if (key === undefined || p.kind !== 'tuple') return unknown('a dict comprehension with keys that are not strings or integers');
          entries.set(key, p.items[1]);
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

  protected evalAssignment(node: SyntaxNode, scope: Scope): PyValue {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left) return NONE;
    if (!right) return NONE; // a bare annotation `x: int`
    const value = this.eval(right, scope);
    this.assign(left, value, scope);
    return value;
  }

  protected evalAugmented(node: SyntaxNode, scope: Scope): PyValue {
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
    this.facts.operator(op, rhs, rangeOf(node));
    // `x += shortcut` on symbolic tensors is an Add in the graph, as `x = x + shortcut` is.
    const value = current.kind === 'tensor' || rhs.kind === 'tensor' ? this.tensorOp(op, current, rhs, rangeOf(node)) : binaryOp(op, current, rhs);
    this.assign(left, value, scope);
    return value;
  }

  protected evalItems(nodes: readonly SyntaxNode[], scope: Scope): PyValue[] {
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

  protected evalDict(node: SyntaxNode, scope: Scope): PyValue {
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
      const key = dictKey(this.eval(pair.childForFieldName('key')!, scope));
      if (key === undefined) return unknown('dictionary keys that are not strings or integers');
      entries.set(key, this.eval(pair.childForFieldName('value')!, scope));
    }
    return { kind: 'dict', entries };
  }

  protected lookup(name: string, scope: Scope): PyValue {
    const bound = lookupVar(name, scope);
    if (bound !== undefined) return bound;
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

  protected evalAttribute(node: SyntaxNode, scope: Scope): PyValue {
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
      case 'layer':
        if (attr === 'output' || attr === 'input') return this.symbolic.layerTensor(obj.layer, attr);
        // TextVectorization.vocabulary_size(): the method's result is what is not known; calling it says why.
        if (attr === 'vocabulary_size' && obj.layer.className === 'TextVectorization') return unknown(vocabularySizeUnknown(obj.layer.config));
        return unknown(`the attribute ${attr} of a layer is not followed`);
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

  protected modelAttribute(model: ModelValue, attr: string): PyValue {
    if (attr === 'output' || attr === 'outputs' || attr === 'input' || attr === 'inputs') return this.symbolic.modelTensors(model, attr);
    if (attr === 'layers') {
      return { kind: 'list', items: this.symbolic.layers(model).map((layer): PyValue => (layer.model ? { kind: 'model', model: layer.model } : { kind: 'layer', layer })) };
    }
    return { kind: 'method', self: { kind: 'model', model }, name: attr };
  }

  protected objectAttribute(selfValue: PyValue, obj: ObjectValue, attr: string): PyValue {
    const own = obj.attrs.get(attr) ?? obj.cls.attrs.get(attr);
    if (own) return own;
    if (inheritedMethod(obj.cls, attr) || isArgumentParser(selfValue)) return { kind: 'method', self: selfValue, name: attr };
    // Keras's Layer API on the file's own layer classes (`self.add_weight(...)`): the evaluator follows what it knows.
    if (obj.cls.base === 'layer' && KERAS_LAYER_METHODS.has(attr)) return { kind: 'method', self: selfValue, name: attr };
    return unknown(`${obj.cls.name}.${attr} is not known`);
  }

  protected evalSubscript(node: SyntaxNode, scope: Scope): PyValue {
    const value = this.eval(node.childForFieldName('value')!, scope);
    const indexNode = node.childForFieldName('subscript');
    if (!indexNode) return unknown('incomplete subscript');
    if (value.kind === 'tensor') return this.tensorGetItem(value.tensor, fieldAll(node, 'subscript'), scope, rangeOf(node));
    if (indexNode.type === 'slice') {
      if (value.kind !== 'tuple' && value.kind !== 'list' && value.kind !== 'str') return unknown(`cannot slice ${describe(value)}`);
      const parts = this.sliceBounds(indexNode, scope);
      if (!parts) return unknown('a slice bound that is not known');
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
    const key = value.kind === 'dict' ? dictKey(index) : undefined;
    if (value.kind === 'dict' && key !== undefined) return value.entries.get(key) ?? unknown(`no key ${describe(index)}`);
    if (value.kind === 'str' && index.kind === 'int') {
      const ch = value.value.at(index.value);
      return ch === undefined ? unknown('index out of range') : { kind: 'str', value: ch };
    }
    return unknown(value.kind === 'unknown' ? value.reason : `cannot index ${describe(value)}`);
  }

  /** `x[:, 1:3, ..., None, 0]` on a symbolic tensor: a GetItem operation in the graph (Keras 3's own). */
  protected tensorGetItem(tensor: TensorValue, indexNodes: readonly SyntaxNode[], scope: Scope, range: SourceRange): PyValue {
    const items: IndexItem[] = [];
    for (const n of indexNodes) {
      if (n.type === 'ellipsis') items.push({ kind: 'ellipsis' });
      else if (n.type === 'slice') {
        const bounds = this.sliceBounds(n, scope);
        if (!bounds) return unknown('a slice of a tensor with bounds that are not known');
        items.push({ kind: 'slice', start: bounds[0], stop: bounds[1], step: bounds[2] });
      } else {
        const v = this.eval(n, scope);
        if (v.kind === 'int') items.push({ kind: 'int', value: v.value });
        else if (v.kind === 'none') items.push({ kind: 'newaxis' });
        else return unknown(`indexing a tensor with ${v.kind === 'unknown' ? `a value that is not known (${v.reason})` : describe(v)} is not followed`);
      }
    }
    const shape = tensor.shape ? getItemShape(tensor.shape, items) : null;
    if (typeof shape === 'string') return unknown(shape);
    return this.graph.applyOperation('GetItem', [tensor], shape, range, { detached: this.shadow > 0, namePrefix: 'get_item' });
  }

  /** The start, stop and step of a slice (undefined where not written); undefined when one is not a known int. */
  protected sliceBounds(slice: SyntaxNode, scope: Scope): (number | undefined)[] | undefined {
    const parts: (number | undefined)[] = [];
    let current: number | undefined;
    let sawValue = false;
    for (const child of kids(slice)) {
      if (child.type === ':') {
        parts.push(sawValue ? current : undefined);
        current = undefined;
        sawValue = false;
      } else if (child.isNamed && child.type !== 'comment') {
        const v = this.eval(child, scope);
        if (v.kind === 'none') continue;
        if (v.kind !== 'int') return undefined;
        current = v.value;
        sawValue = true;
      }
    }
    parts.push(sawValue ? current : undefined);
    return parts;
  }

  protected evalComprehension(node: SyntaxNode, scope: Scope, pairs = false): PyValue {
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

  protected evalBinary(node: SyntaxNode, scope: Scope): PyValue {
    const left = this.eval(node.childForFieldName('left')!, scope);
    const right = this.eval(node.childForFieldName('right')!, scope);
    const op = node.childForFieldName('operator')?.text ?? '?';
    this.facts.operator(op, right, rangeOf(node), left);
    if (left.kind === 'tensor' || right.kind === 'tensor') return this.tensorOp(op, left, right, rangeOf(node));
    return binaryOp(op, left, right);
  }

  protected evalComparison(node: SyntaxNode, scope: Scope): PyValue {
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
}
