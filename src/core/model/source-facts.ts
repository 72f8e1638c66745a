/**
 * What a source shows about its training data, recorded by the evaluator as it walks the code (not read again
 * from the syntax): the Keras datasets it loads, where it divides its inputs by 255, and (TF.js) the strings
 * that name a dataset's files. Training takes its data and its rescaling from here.
 */
import type { SourceRange } from './graph';
import type { PyValue } from './values';

/** `keras.datasets.fashion_mnist.load_data()`: `dataset` is Keras's module name (`mnist`, `fashion_mnist`, `cifar10`, ...). */
export interface DatasetLoad {
  readonly dataset: string;
  readonly range: SourceRange;
}

/** `x / 255.0`, `x /= 255`, `x.div(255)`, `x.mul(1 / 255)`: the plain rescaling of pixel values. */
export interface InputScaling {
  readonly divisor: 255;
  readonly range: SourceRange;
}

/** A string that names a dataset's files: `'data/fashion-mnist'`, an MNIST download URL. */
export interface DatasetMention {
  readonly dataset: 'fashion_mnist' | 'mnist';
  readonly range: SourceRange;
}

export interface SourceFacts {
  /** In source order, each place once. */
  readonly datasetLoads: readonly DatasetLoad[];
  readonly inputScalings: readonly InputScaling[];
  readonly datasetMentions: readonly DatasetMention[];
}

export const NO_SOURCE_FACTS: SourceFacts = { datasetLoads: [], inputScalings: [], datasetMentions: [] };

const isNumber = (v: PyValue | undefined): v is Extract<PyValue, { kind: 'int' | 'float' }> => v?.kind === 'int' || v?.kind === 'float';
const is255 = (v: PyValue | undefined): boolean => isNumber(v) && v.value === 255;
const isOver255 = (v: PyValue | undefined): boolean => isNumber(v) && Math.abs(v.value * 255 - 1) < 1e-9;

/** The dataset a string names, Fashion-MNIST before MNIST (its names contain `mnist`). */
function datasetNamed(text: string): DatasetMention['dataset'] | undefined {
  const t = text.toLowerCase();
  if (['fashion-mnist', 'fashion_mnist', 'fashionmnist'].some((n) => t.includes(n))) return 'fashion_mnist';
  return t.includes('mnist') ? 'mnist' : undefined;
}

/**
 * The evaluators' recorder: each hook is one call at the point where the evaluator knows the fact, and decides
 * here whether it is one. Code evaluated more than once (a function called twice) is recorded once per place.
 */
export class SourceFactsRecorder {
  private readonly loads = new Map<number, DatasetLoad>();
  private readonly scalings = new Map<number, InputScaling>();
  private readonly mentions = new Map<number, DatasetMention>();

  /** A call of `keras.datasets.<dataset>` (its `load_data()`). */
  datasetLoad(dataset: string, range: SourceRange): void {
    this.loads.set(range.startIndex, { dataset, range });
  }

  /**
   * A binary or augmented operator `op` with `right` as its right operand: `/` by 255 is the rescaling. A number
   * divided by 255 (`Rescaling(1 / 255)`, `scale = 1.0 / 255`) is a constant, not data being rescaled: counting it
   * made a model with `Rescaling(1 / 255)` train on inputs divided twice.
   */
  operator(op: string, right: PyValue, range: SourceRange, left?: PyValue): void {
    if (isNumber(left)) return;
    if ((op === '/' || op === '/=') && is255(right)) this.scalings.set(range.startIndex, { divisor: 255, range });
  }

  /** `operator` as an expression's step: records, and gives back the right operand (`x /= 255` in TF.js). */
  operand(op: string, right: PyValue, range: SourceRange): PyValue {
    this.operator(op, right, range);
    return right;
  }

  /** A call of `method` (TF.js: `x.div(255)` as a method, `tf.div(x, 255)` as a function of two; `x.mul(1 / 255)`). */
  call(method: string | undefined, args: readonly PyValue[], range: SourceRange): void {
    const factor = args.length === 1 ? args[0] : args.length === 2 ? args[1] : undefined;
    if ((method === 'div' && is255(factor)) || (method === 'mul' && isOver255(factor))) this.scalings.set(range.startIndex, { divisor: 255, range });
  }

  /** A string literal's text (without its quotes and interpolations). */
  string(text: string, range: SourceRange): void {
    const dataset = datasetNamed(text);
    if (dataset) this.mentions.set(range.startIndex, { dataset, range });
  }

  result(): SourceFacts {
    const ordered = <T extends { range: SourceRange }>(m: Map<number, T>): T[] => [...m.values()].sort((a, b) => a.range.startIndex - b.range.startIndex);
    return { datasetLoads: ordered(this.loads), inputScalings: ordered(this.scalings), datasetMentions: ordered(this.mentions) };
  }
}

/** The facts at places `keep` accepts, moved by `move` (a notebook cell's part of the notebook's facts). */
export function factsWithin(facts: SourceFacts, keep: (r: SourceRange) => boolean, move: (r: SourceRange) => SourceRange): SourceFacts {
  const within = <T extends { range: SourceRange }>(items: readonly T[]): T[] => items.filter((i) => keep(i.range)).map((i) => ({ ...i, range: move(i.range) }));
  return { datasetLoads: within(facts.datasetLoads), inputScalings: within(facts.inputScalings), datasetMentions: within(facts.datasetMentions) };
}
