/**
 * The Python front end's evaluator: statements.ts → expressions.ts → calls.ts → keras-calls.ts, one
 * interpreter in four parts, building the graph through the shared model-graph builder (model/builder.ts).
 */
export { Evaluator } from './keras-calls';
export type { CompileCall, EvalDiagnostic, EvalResult, FitCall } from '../model/result';
export { DEFAULT_LIMITS, type EvalLimits } from '../model/budget';
export { rangeOf } from '../interp/syntax';
export { snakeCase } from '../model/naming';
