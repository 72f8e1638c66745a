/**
 * What `keras.datasets.X.load_data()` returns, by shape: models are often sized from the data
 * (`input_shape=x_train.shape[1:]`). Shapes and dtypes as Keras documents them.
 */
import { unknown, type PyValue } from '../model/values';

const SPLITS: Readonly<Record<string, readonly [readonly number[], readonly number[], readonly number[], readonly number[], string]>> = {
  mnist: [[60000, 28, 28], [60000], [10000, 28, 28], [10000], 'uint8'],
  fashion_mnist: [[60000, 28, 28], [60000], [10000, 28, 28], [10000], 'uint8'],
  cifar10: [[50000, 32, 32, 3], [50000, 1], [10000, 32, 32, 3], [10000, 1], 'uint8'],
  cifar100: [[50000, 32, 32, 3], [50000, 1], [10000, 32, 32, 3], [10000, 1], 'uint8'],
  boston_housing: [[404, 13], [404], [102, 13], [102], 'float64'],
  california_housing: [[16512, 8], [16512], [4128, 8], [4128], 'float32'],
};

/**
 * `pad_sequences(sequences, maxlen=N)`: one row of N per sequence. Without `maxlen` the rows are as long as the
 * longest sequence, which only the data knows.
 */
export function padSequences(positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): PyValue {
  const sequences = positional[0] ?? keywords.get('sequences');
  const maxlen = positional[1] ?? keywords.get('maxlen');
  const count = sequences?.kind === 'array' ? sequences.shape[0] : sequences?.kind === 'list' || sequences?.kind === 'tuple' ? sequences.items.length : undefined;
  if (count === undefined) return unknown('pad_sequences() of sequences whose number is not known');
  if (maxlen?.kind !== 'int' || maxlen.value < 0) return unknown('pad_sequences() without maxlen= pads to the longest sequence, which only the data knows');
  return array([count, maxlen.value], 'int32');
}

const array = (shape: readonly number[], dtype: string): PyValue => ({ kind: 'array', shape, dtype });

/**
 * The text datasets: as many sequences of word indices, each of its own length (NumPy arrays of lists), with
 * the default split. `maxlen=` drops the longer ones and reuters's `test_split=` moves the split: then the counts
 * are not known.
 */
const SEQUENCES: Readonly<Record<string, readonly [number, number]>> = {
  imdb: [25000, 25000],
  reuters: [8982, 2246],
};

/** `((x_train, y_train), (x_test, y_test))`, or undefined for a dataset whose arrays have no fixed shape. */
export function loadDataResult(dataset: string, keywords: ReadonlyMap<string, PyValue> = new Map()): PyValue | undefined {
  const sequences = SEQUENCES[dataset];
  if (sequences) {
    if (keywords.has('maxlen') || keywords.has('test_split')) return undefined;
    const [train, test] = sequences;
    return {
      kind: 'tuple',
      items: [
        { kind: 'tuple', items: [array([train], 'object'), array([train], 'int64')] },
        { kind: 'tuple', items: [array([test], 'object'), array([test], 'int64')] },
      ],
    };
  }
  const split = SPLITS[dataset];
  if (!split) return undefined;
  const [xTrain, yTrain, xTest, yTest, dtype] = split;
  return {
    kind: 'tuple',
    items: [
      { kind: 'tuple', items: [array(xTrain, dtype), array(yTrain, dataset.includes('housing') ? 'float32' : 'uint8')] },
      { kind: 'tuple', items: [array(xTest, dtype), array(yTest, dataset.includes('housing') ? 'float32' : 'uint8')] },
    ],
  };
}
