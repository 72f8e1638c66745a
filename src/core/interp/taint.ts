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
