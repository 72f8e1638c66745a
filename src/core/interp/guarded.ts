/**
 * The never-throw envelope of every analysis entry point: files too large to parse on every keystroke are
 * not analyzed, and an internal failure shows as a single message instead of taking the editor down.
 */
import { NO_SOURCE_FACTS } from '../model/source-facts';
import type { Report } from '../report/report';

/** Larger files are not analyzed: parsing alone would take over a second, on every keystroke. */
export const MAX_ANALYZED_CHARS = 5_000_000;

const NOWHERE = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

/** A report that is only one message (no models). */
export function messageOnly(severity: 'info' | 'warning', message: string): Report {
  return { models: [], layers: [], diagnostics: [{ range: NOWHERE, severity, message }], imports: new Map(), compiles: [], fits: [], facts: NO_SOURCE_FACTS };
}

/** Runs an analysis of `text` unless it is too large; never throws. */
export function guardedAnalysis(text: string, analyze: () => Report): Report {
  if (text.length > MAX_ANALYZED_CHARS) {
    return messageOnly('info', `Model Lens does not analyze files over ${MAX_ANALYZED_CHARS / 1e6} million characters (this one has ${(text.length / 1e6).toFixed(1)} million).`);
  }
  try {
    return analyze();
  } catch (e) {
    // The analyzer must never take the editor down; an internal failure shows as a single message.
    return messageOnly('warning', `Model Lens could not analyze this file: ${(e as Error).message}`);
  }
}
