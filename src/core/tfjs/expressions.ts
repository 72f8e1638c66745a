/** JavaScript expressions: literals, names, members, subscripts, operators, assignments. */
import type { LayerInstance, ModelValue } from '../model/graph';
import { kids, named, rangeOf, type SyntaxNode } from '../interp/syntax';
import { layersOf } from '../model/layer-order';
import { describe, unknown, type PyValue } from '../model/values';
import { bool, isNumber, jsBinary, jsString, jsTruthy, jsTypeof, NULL, num, parseJsNumber, str, UNDEFINED, unescapeJs } from './js-values';
import { TF, TfjsStatements, type JsScope } from './statements';
import { lookupVar } from '../interp/scope';

/** JavaScript globals the evaluator knows some members of. */
const GLOBALS = new Set(['Math', 'Array', 'Number', 'String', 'Object', 'JSON', 'console', 'parseInt', 'parseFloat', 'require', 'Boolean', 'isNaN', 'Promise', 'process', 'window', 'document']);

export abstract class TfjsExpressions extends TfjsStatements {
  // Defined by the parts that follow: calls.ts and tf-calls.ts.
  protected abstract evalCall(node: SyntaxNode, scope: JsScope): PyValue;
  protected abstract evalNew(node: SyntaxNode, scope: JsScope): PyValue;

  // ---------------------------------------------------------------- expressions

  protected evalQuiet(node: SyntaxNode, scope: JsScope): PyValue {
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

  protected evalInner(node: SyntaxNode, scope: JsScope): PyValue {
    if (node.type === 'string' || node.type === 'template_string') this.facts.string(named(node).filter((c) => c.type === 'string_fragment').map((c) => c.text).join(''), rangeOf(node));
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

  protected findSelf(scope: JsScope): PyValue {
    for (let s: JsScope | undefined = scope; s; s = s.parent) if (s.self) return s.self;
    return unknown('`this` outside a class');
  }

  /** The text of a string literal, escapes resolved. */
  protected stringValue(node: SyntaxNode): string | undefined {
    if (node.type !== 'string') return undefined;
    let out = '';
    for (const part of named(node)) {
      if (part.type === 'string_fragment') out += part.text;
      else if (part.type === 'escape_sequence') out += unescapeJs(part.text);
    }
    return out;
  }

  protected evalTemplate(node: SyntaxNode, scope: JsScope): PyValue {
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

  protected evalItems(nodes: readonly SyntaxNode[], scope: JsScope): PyValue[] {
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

  protected propertyKey(key: SyntaxNode | null, scope: JsScope): string | undefined {
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

  protected evalObject(node: SyntaxNode, scope: JsScope): PyValue {
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

  protected lookup(name: string, scope: JsScope): PyValue {
    const bound = lookupVar(name, scope);
    if (bound !== undefined) return bound;
    // A browser page loads TF.js with a script tag: `tf` is a global there.
    if (name === 'tf') return { kind: 'ref', path: TF };
    if (GLOBALS.has(name)) return { kind: 'ref', path: `js.${name}` };
    if (name === 'NaN') return num(NaN);
    if (name === 'Infinity') return num(Infinity);
    return unknown(`\`${name}\` is not defined in this file`);
  }

  /** `obj.name`. */
  protected member(obj: PyValue, name: string): PyValue {
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

  protected layerMember(layer: LayerInstance, name: string): PyValue {
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

  protected modelMember(model: ModelValue, name: string): PyValue {
    switch (name) {
      case 'name':
        return str(model.name);
      case 'layers': {
        const list = layersOf(model);
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

  protected subscript(obj: PyValue, index: PyValue): PyValue {
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

  protected assignMember(target: SyntaxNode, value: PyValue, scope: JsScope): void {
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
  protected nameModel(target: SyntaxNode, value: PyValue): void {
    if (value.kind === 'model' && target.type === 'identifier') this.graph.nameModel(value.model, target.text, false);
  }

  protected evalBinary(node: SyntaxNode, scope: JsScope): PyValue {
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
    this.facts.operator(op, right, rangeOf(node), left);
    if (op === 'instanceof' || op === 'in') return unknown(`\`${op}\` is not evaluated`);
    return jsBinary(op, left, right);
  }

  protected evalUnary(node: SyntaxNode, scope: JsScope): PyValue {
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

  protected evalUpdate(node: SyntaxNode, scope: JsScope): PyValue {
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

  protected evalAugmented(node: SyntaxNode, scope: JsScope): PyValue {
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
    } else after = jsBinary(op, before, this.facts.operand(op, this.eval(rightNode, scope), rangeOf(node)));
    if (target.type === 'identifier') this.setVar(target.text, after, scope);
    else this.bindPattern(target, after, scope, false);
    return after;
  }
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
