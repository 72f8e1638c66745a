/**
 * The one entry point of the analysis core: source text in, report out. Never throws on any input.
 */
import { Evaluator, type EvalLimits } from './evaluate';
import { parsePython } from './parser';
import { buildReport, type Report } from './report';

export { initParser } from './parser';

export function analyzePython(text: string, limits?: EvalLimits): Report {
  try {
    const tree = parsePython(text);
    try {
      return buildReport(new Evaluator(limits).run(tree.rootNode));
    } finally {
      tree.delete();
    }
  } catch (e) {
    // The analyzer must never take the editor down; an internal failure shows as a single message.
    return {
      models: [],
      layers: [],
      diagnostics: [
        {
          range: { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 },
          severity: 'warning',
          message: `Model Lens could not analyze this file: ${(e as Error).message}`,
        },
      ],
      imports: new Map(),
      compiles: [],
    };
  }
}
