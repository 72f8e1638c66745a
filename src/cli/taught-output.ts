/**
 * The diagnostics `model-lens summary` prints, as the editor shows them: Keras's message with the plain sentence
 * about this model after it, then the beginner's advice (core/report/beginner.ts). In JSON, `message` stays
 * Keras's own (tools search it) and the sentence is `plain`; each advice is one more diagnostic with its `code`.
 */
import { taughtDiagnostics } from '../core/report/beginner';
import type { JsonReport, Locate } from '../core/report/json';
import type { Report } from '../core/report/report';

export type JsonDiagnostic = JsonReport['diagnostics'][number] & { code?: string; plain?: string };

/** `file:line:col: severity: message` lines; a plain sentence on the next line, indented. */
export function diagnosticLines(file: string, report: Report, text: string, locate: Locate): string[] {
  return taughtDiagnostics(report, text).map((d) => {
    const at = locate(d.range);
    const where = at.cell === undefined ? `${at.line}:${d.range.startCol + 1}` : `cell ${at.cell}:${at.line}:${d.range.startCol + 1}`;
    return `${file}:${where}: ${d.severity}: ${d.taught ? `${d.taught.keras}\n  ${d.taught.plain}` : d.message}`;
  });
}

export function jsonDiagnostics(report: Report, text: string, locate: Locate): JsonDiagnostic[] {
  return taughtDiagnostics(report, text).map((d) => ({
    ...locate(d.range),
    severity: d.severity,
    message: d.taught?.keras ?? d.message,
    ...(d.code ? { code: d.code } : {}),
    ...(d.taught ? { plain: d.taught.plain } : {}),
  }));
}
