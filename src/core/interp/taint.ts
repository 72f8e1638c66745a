/**
 * Code that may or may not run (a branch on an unknown condition, a loop over unknown items) still tells
 * what it could change: the names it assigns, the Sequential models it adds to, the lists it changes. Those
 * become unknown, with why, instead of taking either path's values.
 */
import type { EvaluationBudget } from '../model/budget';
import { unknown, type PyValue } from '../model/values';
import { named, type SyntaxNode } from './syntax';

/** How a language's syntax shows calls on a receiver, and which nodes do not run where they are written. */
export interface TaintSyntax {
  /** Function and class definitions: their bodies run later, if at all. */
  readonly opaque: ReadonlySet<string>;
  /** The call node type and its callee when it is a member access (`model.add`). */
  readonly call: string;
  readonly member: string;
  /** The field of a member access that holds the member's name. */
  readonly memberName: string;
  /** The list methods that change a list in place. */
  readonly listMutators: ReadonlySet<string>;
  /** A keyword argument's node type (`f(model=m)`), whose value is in its `value` field; none in JavaScript. */
  readonly keywordArgument?: string;
}

/**
 * Marks what `block` might change as unknown. `assigned` handles each node (the language's assignments);
 * `receiver` evaluates the object of a method call without side effects.
 */
export function taintBlock(block: SyntaxNode, reason: string, budget: EvaluationBudget, syntax: TaintSyntax, assigned: (node: SyntaxNode) => void, receiver: (node: SyntaxNode) => PyValue): void {
  // Iterative: a block may nest thousands of levels deep.
  const stack: SyntaxNode[] = [block];
  while (stack.length) {
    const n = stack.pop()!;
    budget.tick();
    if (syntax.opaque.has(n.type)) continue;
    if (n.type === syntax.call) taintCall(n, reason, syntax, receiver);
    else assigned(n);
    const children = named(n);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function taintCall(call: SyntaxNode, reason: string, syntax: TaintSyntax, receiver: (node: SyntaxNode) => PyValue): void {
  const fn = call.childForFieldName('function');
  taintModelArguments(call, fn, reason, syntax, receiver);
  if (fn?.type !== syntax.member) return;
  const objNode = fn.childForFieldName('object');
  const method = fn.childForFieldName(syntax.memberName)?.text;
  const obj = objNode ? receiver(objNode) : unknown('');
  if (obj.kind === 'model' && obj.model.kind === 'sequential' && (method === 'add' || method === 'pop')) {
    obj.model.incomplete ??= `a layer is added ${reason.replace(/^it /, '')}`;
  }
  if (obj.kind === 'list' && method && syntax.listMutators.has(method)) {
    obj.items.length = 0;
    obj.items.push(unknown(reason));
  }
}

/**
 * A Sequential handed to the file's own code (`block(model, 32)`) in code that may or may not run may have had
 * layers added there: its totals become unknown rather than leave those layers out. Library functions
 * (`print(model)`, `keras.utils.plot_model(model)`) do not add layers and are passed over.
 */
function taintModelArguments(call: SyntaxNode, fn: SyntaxNode | null, reason: string, syntax: TaintSyntax, receiver: (node: SyntaxNode) => PyValue): void {
  const args = call.childForFieldName('arguments');
  if (!args || !fn) return;
  const callee = receiver(fn);
  if (callee.kind === 'ref') return;
  for (const arg of named(args)) {
    const valueNode = arg.type === syntax.keywordArgument ? arg.childForFieldName('value') : arg;
    if (!valueNode) continue;
    const value = receiver(valueNode);
    if (value.kind === 'model' && value.model.kind === 'sequential') {
      value.model.incomplete ??= `it is passed to \`${fn.text.slice(0, 40)}(...)\` in code that may not run as written (${reason.replace(/^it /, '')}), so layers added there may be missing`;
    }
  }
}

