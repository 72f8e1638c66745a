/**
 * How far one evaluation may go, for the Python and the TF.js evaluators alike: steps, wall-clock time and
 * nesting. Running out of steps or time ends the evaluation (BudgetExceeded, caught at the top and reported as a
 * partial analysis); nesting too deep only stops following the deeper part.
 */

export interface EvalLimits {
  readonly maxSteps: number;
  /** Wall-clock budget: an editor must get an answer, even from code that recurses exponentially. */
  readonly maxMillis: number;
  readonly maxDepth: number;
  readonly maxCallDepth: number;
  readonly maxLoop: number;
}

export const DEFAULT_LIMITS: EvalLimits = { maxSteps: 2_000_000, maxMillis: 1500, maxDepth: 200, maxCallDepth: 40, maxLoop: 100_000 };

/** Thrown when the steps or the time run out; `reason` is told to the person. */
export class BudgetExceeded {
  constructor(readonly reason: string) {}
}

/**
 * Where a watcher on another thread reads the line being run (1-based; 0 before the first statement): the language
 * server's deadline says where an abandoned analysis was. Set by the analysis worker; one store per statement.
 */
let lineSink: Int32Array | undefined;

export function reportLinesTo(sink: Int32Array | undefined): void {
  lineSink = sink;
}

export class EvaluationBudget {
  private steps = 0;
  private depth = 0;
  /** Set when the evaluation starts, not when the evaluator is made. */
  private deadline = Infinity;
  /** The line (0-based) of the statement being run: where the analysis was when the time ran out. */
  private line = 0;

  constructor(readonly limits: EvalLimits) {}

  start(): void {
    this.deadline = performance.now() + this.limits.maxMillis;
  }

  /** A statement on this line (0-based) starts. */
  at(line: number): void {
    this.line = line;
    if (lineSink) lineSink[0] = line + 1;
  }

  /** One step; throws BudgetExceeded past the step or time budget (the clock is read every 1,024 steps). */
  tick(): void {
    if (++this.steps > this.limits.maxSteps) throw new BudgetExceeded('the file is too large or loops too long to analyze completely');
    if ((this.steps & 0x3ff) === 0 && performance.now() > this.deadline) {
      throw new BudgetExceeded(`analysis stopped after ${this.limits.maxMillis} ms at line ${this.line + 1} (the code builds too much or recurses too deeply to follow)`);
    }
  }

  /** A step, then `f()` one level deeper, or `tooDeep()` past the nesting budget. */
  nested<T>(tooDeep: () => T, f: () => T): T {
    this.tick();
    if (this.depth > this.limits.maxDepth) return tooDeep();
    this.depth++;
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
}
