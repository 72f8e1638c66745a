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

export { initJsParsers, dialectOf, type JsDialect } from './parser';

export interface JsAnalysisOptions {
  /** Parse as TypeScript (type annotations, `as`, interfaces). */
  readonly typescript?: boolean;
  /** JSX inside TypeScript (`.tsx`); plain JavaScript always accepts JSX. */
  readonly jsx?: boolean;
  readonly limits?: EvalLimits;
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
function mentionsTfjs(root: SyntaxNode): boolean {
  const cursor = root.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'string_fragment' && cursor.nodeText.startsWith('@tensorflow/tfjs')) return true;
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

/** Call after `initJsParsers()` has resolved. */
export function analyzeJavaScript(text: string, options: JsAnalysisOptions = {}): Report {
  const dialect = dialectFor(options);
  return guardedAnalysis(text, () => {
    const tree = parseJs(text, dialect);
    try {
      if (!mentionsTfjs(tree.rootNode)) return EMPTY;
      const report = buildReport(new TfjsEvaluator(options.limits).run(tree.rootNode));
      return {
        ...report,
        models: report.models.map(withoutUnusedInputs),
        // The no-input-shape hint and its quick fix speak Keras (`keras.Input(shape=...)`); TF.js reports its own error instead.
        diagnostics: report.diagnostics.filter((d) => d.code !== 'no-input-shape'),
      };
    } finally {
      tree.delete();
    }
  });
}
