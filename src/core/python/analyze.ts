/**
 * The one entry point of the analysis core: source text in, report out. Never throws on any input.
 */
import { Evaluator, type EvalLimits } from './evaluate';
import { parsePython } from './parser';
import { buildReport, type Report } from '../report/report';
import { guardedAnalysis } from '../interp/guarded';
import { tfKeras2View } from '../report/tfkeras2-view';
import { KERAS3 } from '../model/dialects/keras3';
import { TFKERAS2 } from '../model/dialects/tfkeras2';
import type { KerasVersion } from '../keras-version/detect';

export { initParser } from './parser';

export { MAX_ANALYZED_CHARS } from '../interp/guarded';

/** `keras`: the Keras the file follows, whose names and rules the analysis takes (Keras 3 by default). */
export function analyzePython(text: string, limits?: EvalLimits, keras: KerasVersion = 3): Report {
  return guardedAnalysis(text, () => {
    const tree = parsePython(text);
    try {
      const report = buildReport(new Evaluator(limits, keras === 2 ? TFKERAS2 : KERAS3).run(tree.rootNode));
      return keras === 2 ? tfKeras2View(report) : report;
    } finally {
      tree.delete();
    }
  });
}
