/**
 * What `keras.datasets.X.load_data()` returns, by shape: models are often sized from the data
 * (`input_shape=x_train.shape[1:]`). Shapes and dtypes as Keras documents them.
 */
import type { PyValue } from '../model/values';

const SPLITS: Readonly<Record<string, readonly [readonly number[], readonly number[], readonly number[], readonly number[], string]>> = {
  mnist: [[60000, 28, 28], [60000], [10000, 28, 28], [10000], 'uint8'],
  fashion_mnist: [[60000, 28, 28], [60000], [10000, 28, 28], [10000], 'uint8'],
  cifar10: [[50000, 32, 32, 3], [50000, 1], [10000, 32, 32, 3], [10000, 1], 'uint8'],
  cifar100: [[50000, 32, 32, 3], [50000, 1], [10000, 32, 32, 3], [10000, 1], 'uint8'],
  boston_housing: [[404, 13], [404], [102, 13], [102], 'float64'],
  california_housing: [[16512, 8], [16512], [4128, 8], [4128], 'float32'],
};

const array = (shape: readonly number[], dtype: string): PyValue => ({ kind: 'array', shape, dtype });

/** `((x_train, y_train), (x_test, y_test))`, or undefined for a dataset whose arrays are ragged (imdb, reuters). */
export function loadDataResult(dataset: string): PyValue | undefined {
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
