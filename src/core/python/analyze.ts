/**
 * The one entry point of the analysis core: source text in, report out. Never throws on any input.
 */
import { basename, dirname } from 'node:path';
import { Evaluator, type EvalLimits } from './evaluate';
import { parsePython, type Tree } from './parser';
import { buildReport, type Report } from '../report/report';
import { guardedAnalysis } from '../interp/guarded';
import { withoutCallSite } from '../interp/call-site';
import { DEFAULT_LIMITS } from '../model/budget';
import { ModuleLoader, type ModuleContext } from '../modules/loader';
import type { Scope } from '../interp/scope';
import { tfKeras2View } from '../report/tfkeras2-view';
import { KERAS3 } from '../model/dialects/keras3';
import { TFKERAS2 } from '../model/dialects/tfkeras2';
import type { KerasVersion } from '../keras-version/detect';

export { initParser } from './parser';

export { MAX_ANALYZED_CHARS } from '../interp/guarded';

/** An imported module gets a share of the time: the file that imports it is what the person is looking at. */
const IMPORTED_LIMITS: EvalLimits = { ...DEFAULT_LIMITS, maxMillis: 250 };

function dialectOf(keras: KerasVersion) {
  return keras === 2 ? TFKERAS2 : KERAS3;
}

/** The workspace modules one analysis imports, each run once by an evaluator of its own (in the same Keras). */
function pythonModules(context: ModuleContext, keras: KerasVersion): ModuleLoader<Scope> {
  return new ModuleLoader<Scope>(context, (module, imports) => {
    const tree = parsePython(module.text);
    const evaluator = new Evaluator(IMPORTED_LIMITS, dialectOf(keras));
    evaluator.modules = imports;
    const name = basename(module.path).replace(/\.py$/, '');
    try {
      const exports = withoutCallSite(() => evaluator.evaluateModule(tree.rootNode, name === '__init__' ? basename(dirname(module.path)) : name));
      return { exports, dispose: () => tree.delete() };
    } catch (e) {
      tree.delete();
      throw e;
    }
  });
}

/**
 * Analyzes a Python file; with `modules`, the workspace modules it imports are followed. `keras`: the Keras the
 * file follows, whose names and rules the analysis takes (Keras 3 by default).
 */
export function analyzePython(text: string, limits?: EvalLimits, modules?: ModuleContext, keras: KerasVersion = 3): Report {
  return guardedAnalysis(text, () => {
    const tree: Tree = parsePython(text);
    const loader = modules && pythonModules(modules, keras);
    try {
      const evaluator = new Evaluator(limits, dialectOf(keras));
      if (loader) evaluator.homeTree = tree;
      evaluator.modules = loader?.root();
      evaluator.runUncalled = true;
      const report = buildReport(evaluator.run(tree.rootNode));
      return keras === 2 ? tfKeras2View(report) : report;
    } finally {
      loader?.dispose();
      tree.delete();
    }
  });
}
