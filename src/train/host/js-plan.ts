/**
 * Pre-flight for a TensorFlow.js source: the same plan as for a Keras file (see plan.ts), from the TF.js
 * analysis of JavaScript or TypeScript. The model is rebuilt from the analyzer's graph, `model.compile({...})`
 * and `model.fit(xs, ys, {...})` are read with TF.js's names from the calls the analysis recorded, the dataset
 * is the one the file names (a path or URL of Fashion-MNIST's or MNIST's files, which Model Lens then finds on
 * disk), and `.div(255)` or `/ 255` is the rescaling (both recorded by the analysis as source facts).
 */
import type { SourceFacts } from '../../core/model/source-facts';
import type { Report } from '../../core/report/report';
import { analyzeJavaScript, type JsAnalysisOptions } from '../../core/tfjs/analyze';
import type { Problem } from './compile-fit';
import { DATASET_TITLES, type KerasDataset } from '../data/datasets';
import { jsCompileName, jsSettingsCall, readJsCompile, readJsFit } from './js-compile-fit';
import { outputNamesOf, rebuildModel } from './keras-json';
import { planFromSource, type PlanOptions, type SourceReader, type TrainPlan } from './plan';
import { atLine, note } from './plan-notes';

/** Plans a run of model `options.modelIndex` in a TF.js source (analyzed again unless `report` is given). Call after `initJsParsers()`. */
export function planJsTraining(text: string, js: JsAnalysisOptions, options: PlanOptions = {}, report: Report = analyzeJavaScript(text, js)): { plan?: TrainPlan; problems: Problem[] } {
  return planFromSource(report, options, jsReader(text, report));
}

function jsReader(text: string, report: Report): SourceReader {
  return (model, compileDefaults, fitDefaults, words) => {
    const compileCall = report.compiles.filter((c) => c.model === model.model).pop();
    const fitCall = report.fits.find((c) => c.model === model.model);
    const mentioned = namedDataset(report.facts);
    const compile = readJsCompile(compileCall && jsSettingsCall(compileCall, text, words), compileDefaults, outputNamesOf(model));
    return {
      rebuilt: rebuildModel(model, words),
      compile,
      compileName: jsCompileName(compile.value),
      fit: readJsFit(fitCall && jsSettingsCall(fitCall, text, words), fitDefaults),
      dataset: mentioned && { dataset: mentioned.dataset, note: note('data', DATASET_TITLES[mentioned.dataset], atLine(mentioned.line, words, 'the file names its files on')) },
      noDataset:
        'The file loads no dataset Model Lens knows (no path or URL of Fashion-MNIST or MNIST in it). Pick training data files (IDX, .npy, .npz or CSV) or a Keras dataset (on the command line: --data-files, or --dataset fashion_mnist|mnist|cifar10).',
      scaleLine: jsScaleLine(report.facts),
    };
  };
}

/** Fashion-MNIST or MNIST, from the first string in the file that names it (`'data/fashion-mnist'`, a download URL). */
export function namedDataset(facts: SourceFacts): { dataset: KerasDataset; line: number } | undefined {
  const first = facts.datasetMentions[0];
  return first && { dataset: first.dataset, line: first.range.startLine + 1 };
}

/** The line of the plain rescaling TF.js code does: `images.div(255)`, `tf.div(x, 255)`, `x.mul(1 / 255)`, `x / 255`. */
export function jsScaleLine(facts: SourceFacts): number | undefined {
  const first = facts.inputScalings[0];
  return first && first.range.startLine + 1;
}
