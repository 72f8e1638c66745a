/**
 * The one entry point of the analysis core: source text in, report out. Never throws on any input.
 */
import { Evaluator, type EvalLimits } from './evaluate';
import { NO_SOURCE_FACTS } from '../model/source-facts';
import { parsePython } from './parser';
import { buildReport, type Report } from '../report/report';

export { initParser } from './parser';

/** Larger files are not analyzed: parsing alone would take over a second, on every keystroke. */
export const MAX_ANALYZED_CHARS = 5_000_000;

const NOWHERE = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

function messageOnly(severity: 'info' | 'warning', message: string): Report {
  return { models: [], layers: [], diagnostics: [{ range: NOWHERE, severity, message }], imports: new Map(), compiles: [], fits: [], facts: NO_SOURCE_FACTS };
}

export function analyzePython(text: string, limits?: EvalLimits): Report {
  if (text.length > MAX_ANALYZED_CHARS) {
    return messageOnly('info', `Model Lens does not analyze files over ${MAX_ANALYZED_CHARS / 1e6} million characters (this one has ${(text.length / 1e6).toFixed(1)} million).`);
  }
  try {
    const tree = parsePython(text);
    try {
      return buildReport(new Evaluator(limits).run(tree.rootNode));
    } finally {
      tree.delete();
    }
  } catch (e) {
    // The analyzer must never take the editor down; an internal failure shows as a single message.
    return messageOnly('warning', `Model Lens could not analyze this file: ${(e as Error).message}`);
  }
}
