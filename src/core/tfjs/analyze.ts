/**
 * The TensorFlow.js entry point of the analysis core: JavaScript or TypeScript source in, the same Report as
 * for Python out (models, layers, diagnostics). Never throws on any input.
 */
import { guardedAnalysis } from '../interp/guarded';
import { NO_SOURCE_FACTS } from '../model/source-facts';
import type { EvalLimits } from '../model/budget';
import type { SyntaxNode } from '../interp/syntax';
import type { LayerCall, LayerInstance } from '../model/graph';
import { buildReport, type ModelReport, type Report } from '../report/report';
import { TfjsEvaluator } from './evaluate';
import { dialectOf, initJsParsers, parseJs, type JsDialect } from './parser';
import { DEFAULT_LIMITS } from '../model/budget';
import { withoutCallSite } from '../interp/call-site';
import { ModuleLoader, type ModuleContext } from '../modules/loader';
import type { PyValue } from '../model/values';

export { initJsParsers, dialectOf, type JsDialect } from './parser';

export interface JsAnalysisOptions {
  /** Parse as TypeScript (type annotations, `as`, interfaces). */
  readonly typescript?: boolean;
  /** JSX inside TypeScript (`.tsx`); plain JavaScript always accepts JSX. */
  readonly jsx?: boolean;
  readonly limits?: EvalLimits;
  /** Where the file is and how to read the workspace modules it imports relatively; absent: imports are not followed. */
  readonly modules?: ModuleContext;
}

/** The grammar analysis options ask for. */
export function dialectFor(options: JsAnalysisOptions): JsDialect {
  return options.typescript ? (options.jsx ? 'tsx' : 'typescript') : 'javascript';
}

const JS_EXTENSIONS = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx)$/i;

/** How to analyze a file by its name: options for a JavaScript / TypeScript file, undefined for anything else. */
export function jsOptionsFor(fileName: string): JsAnalysisOptions | undefined {
  if (!JS_EXTENSIONS.test(fileName) || /\.d\.[mc]?ts$/i.test(fileName)) return undefined;
  const dialect = dialectOf(fileName);
  return { typescript: dialect !== 'javascript', jsx: dialect === 'tsx' };
}

/** TF.js's `model.layers` lists only what the outputs reach: an input nothing uses is not among them (Keras lists it). */
function withoutUnusedInputs(model: ModelReport): ModelReport {
  if (model.model.kind !== 'functional') return model;
  const reached = new Set<LayerInstance>();
  const seen = new Set<LayerCall>();
  const stack = model.model.outputs.filter((t) => t !== null).map((t) => t!.producer);
  while (stack.length) {
    const call = stack.pop()!;
    if (seen.has(call)) continue;
    seen.add(call);
    reached.add(call.layer);
    for (const t of call.inputs) stack.push(t.producer);
  }
  return { ...model, layers: model.layers.filter((l) => l.className !== 'InputLayer' || reached.has(l.layer)) };
}

const EMPTY: Report = { models: [], layers: [], diagnostics: [], imports: new Map(), compiles: [], fits: [], facts: NO_SOURCE_FACTS };

/**
 * Whether a file uses TF.js at all: it imports or requires one of its packages, or names the `tf` global.
 * Every other JavaScript file in a workspace is left alone without running the evaluator.
 */
function mentionsTfjs(root: SyntaxNode, orRelativeImport = false): boolean {
  const cursor = root.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'string_fragment' && cursor.nodeText.startsWith('@tensorflow/tfjs')) return true;
      // A file that imports its model from a sibling module (`./model`) may build it without naming TF.js.
      if (orRelativeImport && type === 'string_fragment' && /^\.\.?\//.test(cursor.nodeText)) return true;
      if (type === 'identifier' && cursor.nodeText === 'tf') return true;
      if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
      let next = false;
      while (cursor.gotoParent()) {
        if (cursor.gotoNextSibling()) {
          next = true;
          break;
        }
      }
      if (!next) return false;
    }
  } finally {
    cursor.delete();
  }
}

/** An imported module gets a share of the time: the file that imports it is what the person is looking at. */
const IMPORTED_LIMITS: EvalLimits = { ...DEFAULT_LIMITS, maxMillis: 250 };

/** The workspace modules one analysis imports, each run once by an evaluator of its own (in its own dialect). */
function jsModules(context: ModuleContext): ModuleLoader<PyValue> {
  return new ModuleLoader<PyValue>(context, (module, imports) => {
    const tree = parseJs(module.text, dialectOf(module.path));
    const evaluator = new TfjsEvaluator(IMPORTED_LIMITS);
    evaluator.modules = imports;
    evaluator.runUncalledFunctions = false;
    try {
      const exports = withoutCallSite(() => evaluator.evaluateModule(tree.rootNode));
      return { exports, dispose: () => tree.delete() };
    } catch (e) {
      tree.delete();
      throw e;
    }
  });
}

/** Call after `initJsParsers()` has resolved. */
export function analyzeJavaScript(text: string, options: JsAnalysisOptions = {}): Report {
  const dialect = dialectFor(options);
  return guardedAnalysis(text, () => {
    const tree = parseJs(text, dialect);
    const loader = options.modules && jsModules(options.modules);
    try {
      if (!mentionsTfjs(tree.rootNode, loader !== undefined)) return EMPTY;
      const evaluator = new TfjsEvaluator(options.limits);
      if (loader) {
        evaluator.homeTree = tree;
        evaluator.modules = loader.root();
      }
      const report = buildReport(evaluator.run(tree.rootNode));
      return {
        ...report,
        models: report.models.map(withoutUnusedInputs),
        // The no-input-shape hint and its quick fix speak Keras (`keras.Input(shape=...)`); TF.js reports its own error instead.
        diagnostics: report.diagnostics.filter((d) => d.code !== 'no-input-shape'),
      };
    } finally {
      loader?.dispose();
      tree.delete();
    }
  });
}
