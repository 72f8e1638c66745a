/**
 * The one entry point of the analysis core: source text in, report out. Never throws on any input.
 */
import { Evaluator, type EvalLimits } from './evaluate';
import { parsePython } from './parser';
import { buildReport, type Report } from '../report/report';
import { guardedAnalysis } from '../interp/guarded';

export { initParser } from './parser';

export { MAX_ANALYZED_CHARS } from '../interp/guarded';

export function analyzePython(text: string, limits?: EvalLimits): Report {
  return guardedAnalysis(text, () => {
    const tree = parsePython(text);
    try {
      return buildReport(new Evaluator(limits).run(tree.rootNode));
    } finally {
      tree.delete();
    }
  });
}
