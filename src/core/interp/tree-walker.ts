/**
 * What every front end's interpreter shares: a step budget, and statements and expressions evaluated under
 * budgeted nesting, so that a file nested thousands of levels deep is followed only as far as it is sensible.
 */
import { EvaluationBudget, type EvalLimits } from '../model/budget';
import { unknown, type PyValue } from '../model/values';
import type { Scope } from './scope';
import type { SyntaxNode } from './syntax';

export abstract class TreeWalker<S extends Scope> {
  protected readonly budget: EvaluationBudget;
  protected callDepth = 0;

  constructor(protected readonly limits: EvalLimits) {
    this.budget = new EvaluationBudget(limits);
  }

  /** Why an expression nested too deeply is not known. */
  protected abstract readonly tooDeepExpression: string;
  protected abstract execStatement(node: SyntaxNode, scope: S): void;
  protected abstract evalInner(node: SyntaxNode, scope: S): PyValue;
  /** Marks everything a block might change as unknown. */
  protected abstract taint(block: SyntaxNode, scope: S, reason: string): void;

  protected exec(node: SyntaxNode, scope: S): void {
    this.budget.at(node.startPosition.row);
    this.budget.nested(
      () => this.taint(node, scope, 'it is nested too deeply to follow'),
      () => this.execStatement(node, scope),
    );
  }

  eval(node: SyntaxNode, scope: S): PyValue {
    return this.budget.nested(
      () => unknown(this.tooDeepExpression),
      () => this.evalInner(node, scope),
    );
  }
}
