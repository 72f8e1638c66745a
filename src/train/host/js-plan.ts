/**
 * Pre-flight for a TensorFlow.js source: the same plan as for a Keras file (see plan.ts), read from JavaScript
 * or TypeScript. The model is rebuilt from the TF.js analyzer's graph, `model.compile({...})` and
 * `model.fit(xs, ys, {...})` are read with TF.js's names, the dataset is the one the file names (a path or
 * URL of Fashion-MNIST's or MNIST's files, which Model Lens then finds on disk), and `.div(255)` or `/ 255`
 * is the rescaling.
 */
import type { LayerInstance } from '../../core/model/graph';
import { named, rangeOf, type SyntaxNode } from '../../core/python/parser';
import type { Report } from '../../core/report/report';
import { analyzeJavaScript, dialectFor, type JsAnalysisOptions } from '../../core/tfjs/analyze';
import { isWeightSetting, snakeKey } from '../../core/tfjs/layers';
import { parseJs } from '../../core/tfjs/parser';
import type { Problem } from './compile-fit';
import { DATASET_TITLES, type KerasDataset } from '../data/datasets';
import { jsCallAt, jsCompileName, jsMethodCalls, readJsCompile, readJsFit } from './js-compile-fit';
import { readJsExpr, resolveJs } from './js-expr';
import { rebuildFromSource, type ArgumentSource } from './keras-json';
import { planFromSource, type PlanOptions, type SourceReader, type TrainPlan } from './plan';
import { walk, type Expr } from './python-expr';

/** Plans a run of model `options.modelIndex` in a TF.js source (analyzed again unless `report` is given). Call after `initJsParsers()`. */
export function planJsTraining(text: string, js: JsAnalysisOptions, options: PlanOptions = {}, report: Report = analyzeJavaScript(text, js)): { plan?: TrainPlan; problems: Problem[] } {
  const tree = parseJs(text, dialectFor(js));
  try {
    return planFromSource(report, options, jsReader(tree.rootNode, report));
  } finally {
    tree.delete();
  }
}

function jsReader(root: SyntaxNode, report: Report): SourceReader {
  return (model, compileDefaults, fitDefaults) => {
    const compileCall = report.compiles.filter((c) => c.model === model.model).pop();
    const fitCall = model.variable ? jsMethodCalls(root, model.variable, 'fit')[0] : undefined;
    const mentioned = namedDataset(root);
    const compile = readJsCompile(compileCall ? jsCallAt(root, compileCall.range) : undefined, compileDefaults);
    return {
      rebuilt: rebuildFromSource(model, jsArguments(root)),
      compile,
      compileName: jsCompileName(compile.value),
      fit: readJsFit(fitCall, fitDefaults),
      dataset: mentioned && { dataset: mentioned.dataset, note: `data: ${DATASET_TITLES[mentioned.dataset]} (the file names its files on line ${mentioned.line})` },
      noDataset:
        'The file loads no dataset Model Lens knows (no path or URL of Fashion-MNIST or MNIST in it). Pick training data files (IDX, .npy, .npz or CSV; on the command line: --data-files).',
      scaleLine: jsScaleLine(root),
    };
  };
}

/**
 * The layer settings the analyzer does not keep — initializers, regularizers and constraints
 * (`kernelInitializer: 'heNormal'`) — read from the layer's config object, by Keras name.
 */
function jsArguments(root: SyntaxNode): ArgumentSource {
  return {
    // What the analyzer could not evaluate, this simpler reader cannot either.
    argument: () => undefined,
    written(layer: LayerInstance): ReadonlyMap<string, Expr> {
      const out = new Map<string, Expr>();
      const call = jsCallAt(root, layer.range);
      const first = call?.childForFieldName('arguments')?.namedChildren.find((c) => c?.type !== 'comment');
      const config = first ? resolveJs(first) : undefined;
      if (config?.type !== 'object') return out;
      for (const prop of named(config)) {
        if (prop.type !== 'pair') continue;
        const key = prop.childForFieldName('key');
        const value = prop.childForFieldName('value');
        if (key?.type !== 'property_identifier' || !value || !isWeightSetting(key.text)) continue;
        out.set(snakeKey(key.text), readJsExpr(value));
      }
      return out;
    },
  };
}

/** Fashion-MNIST or MNIST, from the first string in the file that names it (`'data/fashion-mnist'`, a download URL). */
export function namedDataset(root: SyntaxNode): { dataset: KerasDataset; line: number } | undefined {
  for (const node of walk(root)) {
    if (node.type !== 'string' && node.type !== 'template_string') continue;
    const text = named(node)
      .filter((c) => c.type === 'string_fragment')
      .map((c) => c.text.toLowerCase())
      .join('');
    const dataset: KerasDataset | undefined = ['fashion-mnist', 'fashion_mnist', 'fashionmnist'].some((n) => text.includes(n)) ? 'fashion_mnist' : text.includes('mnist') ? 'mnist' : undefined;
    if (dataset) return { dataset, line: rangeOf(node).startLine + 1 };
  }
  return undefined;
}

const is255 = (node: SyntaxNode | null | undefined): boolean => {
  const e = node ? readJsExpr(node) : undefined;
  return e?.kind === 'num' && e.value === 255;
};

const isOver255 = (node: SyntaxNode | null | undefined): boolean => {
  const e = node ? readJsExpr(node) : undefined;
  return e?.kind === 'num' && Math.abs(e.value * 255 - 1) < 1e-9;
};

/** The line of the plain rescaling TF.js code does: `images.div(255)`, `tf.div(x, 255)`, `x.mul(1 / 255)`, `x / 255`. */
export function jsScaleLine(root: SyntaxNode): number | undefined {
  for (const node of walk(root)) {
    const line = rangeOf(node).startLine + 1;
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '/' && is255(node.childForFieldName('right'))) return line;
    if (node.type === 'augmented_assignment_expression' && node.childForFieldName('operator')?.text === '/=' && is255(node.childForFieldName('right'))) return line;
    if (node.type !== 'call_expression') continue;
    const fn = node.childForFieldName('function');
    const method = fn?.type === 'member_expression' ? fn.childForFieldName('property')?.text : undefined;
    const args = node.childForFieldName('arguments')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
    // `x.div(255)` as a method, `tf.div(x, 255)` as a function of two.
    const divisor = args.length === 1 ? args[0] : args.length === 2 ? args[1] : undefined;
    if (method === 'div' && is255(divisor)) return line;
    if (method === 'mul' && isOver255(divisor)) return line;
  }
  return undefined;
}
