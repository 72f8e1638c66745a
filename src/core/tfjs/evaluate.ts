/**
 * The TF.js front end's evaluator: statements.ts → expressions.ts → calls.ts → tf-calls.ts, one
 * interpreter in four parts, building the graph through the shared model-graph builder (model/builder.ts).
 */
export { TfjsEvaluator } from './tf-calls';
export type { ObjectValue } from '../model/values';
