/**
 * TensorFlow functions on tensors (`tf.nn.relu`, `tf.reduce_mean`, `tf.concat`, `tf.matmul`) as the `keras.ops`
 * they compute the same shape as, and the shape helpers `call()` methods use (`ops.shape(x)[-1]`,
 * `ops.arange(...)`, `tf.range(...)`). Keras 3 runs a layer's `call()` on backend tensors, where these work; on
 * symbolic tensors in functional code they do not, so the evaluator follows them only inside a layer or model call.
 */
import type { PyValue } from '../model/values';
import { NONE, unknown } from '../model/values';
import { toDims } from './python-ops';

const SAME_NAME = [
  'abs', 'square', 'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'negative', 'sign', 'floor', 'ceil', 'round', 'sin', 'cos', 'tan',
  'tanh', 'sinh', 'cosh', 'sigmoid', 'softplus', 'erf', 'add', 'subtract', 'multiply', 'divide', 'maximum', 'minimum', 'equal',
  'not_equal', 'greater', 'less', 'greater_equal', 'less_equal', 'logical_and', 'logical_or', 'logical_not', 'matmul', 'expand_dims',
  'squeeze', 'stack', 'cast', 'stop_gradient', 'zeros_like', 'ones_like', 'reciprocal', 'cumsum', 'cumprod', 'argmax', 'argmin',
];
const NN = ['relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'log_softmax', 'elu', 'selu', 'gelu', 'swish', 'silu', 'softplus', 'softsign', 'leaky_relu', 'l2_normalize'];
const RENAMED: Readonly<Record<string, string>> = {
  reduce_mean: 'mean', reduce_sum: 'sum', reduce_max: 'max', reduce_min: 'min', reduce_prod: 'prod', reduce_std: 'std',
  reduce_variance: 'var', reduce_logsumexp: 'logsumexp', reduce_all: 'all', reduce_any: 'any', concat: 'concatenate', pow: 'power',
  truediv: 'true_divide',
};

const TF_OPS: ReadonlyMap<string, string> = new Map([
  ...SAME_NAME.flatMap((n): [string, string][] => [[`tensorflow.${n}`, n], [`tensorflow.math.${n}`, n]]),
  ...NN.flatMap((n): [string, string][] => [[`tensorflow.nn.${n}`, n], [`tensorflow.math.${n}`, n]]),
  ...Object.entries(RENAMED).flatMap(([tf, k]): [string, string][] => [[`tensorflow.${tf}`, k], [`tensorflow.math.${tf}`, k]]),
  ['tensorflow.linalg.matmul', 'matmul'],
]);

/** The `keras.ops` function a TensorFlow function computes shapes as, if it is one the evaluator follows. */
export function tfOpName(path: string): string | undefined {
  return TF_OPS.get(path);
}

/**
 * `keras.ops.shape(x)` / `tf.shape(x)`: the dims as a tuple (None where unknown); `keras.ops.arange(...)` /
 * `tf.range(...)` of whole numbers: a 1-D array of that length.
 */
export function shapeHelper(op: 'shape' | 'arange', positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): PyValue {
  if (op === 'shape') {
    const x = positional[0] ?? keywords.get('x') ?? keywords.get('input');
    if (x?.kind !== 'tensor' || !x.tensor.shape) return unknown('the shape of a value that is not a tensor of known shape');
    return { kind: 'tuple', items: x.tensor.shape.map((d): PyValue => (d === null ? NONE : { kind: 'int', value: d })) };
  }
  const arg = (i: number, ...names: string[]): PyValue | undefined => positional[i] ?? names.map((n) => keywords.get(n)).find((v) => v !== undefined);
  let start = arg(0, 'start');
  let stop = arg(1, 'stop', 'limit');
  const step = arg(2, 'step', 'delta') ?? { kind: 'int', value: 1 };
  if (stop === undefined || stop.kind === 'none') {
    stop = start;
    start = { kind: 'int', value: 0 };
  }
  if (start?.kind !== 'int' || stop?.kind !== 'int' || step.kind !== 'int' || step.value === 0) return unknown('a range whose bounds are not known');
  return { kind: 'array', shape: [Math.max(0, Math.ceil((stop.value - start.value) / step.value))], dtype: 'int32' };
}

/** `shape` / `arange` for the paths that mean them, else undefined. */
export function shapeHelperName(path: string, kerasOp: string | undefined): 'shape' | 'arange' | undefined {
  if (kerasOp === 'shape' || path === 'tensorflow.shape') return 'shape';
  if (kerasOp === 'arange' || path === 'tensorflow.range') return 'arange';
  return undefined;
}

/** `tf.random_normal_initializer()` and its kin: objects that, called with a shape, give a tensor of that shape. */
export function isInitializerFactory(path: string): boolean {
  return /^tensorflow\.(random_normal|random_uniform|truncated_normal|zeros|ones|constant|glorot_uniform|glorot_normal|variance_scaling)_initializer$/.test(path)
    || /(^|\.)keras\.initializers\.[A-Za-z_]+$/.test(path);
}

/** An initializer called with `shape=` (`w_init(shape=(input_dim, units), dtype="float32")`): an array of that shape. */
export function initializerCall(positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): PyValue {
  const shape = keywords.get('shape') ?? positional[0];
  const dims = shape ? toDims(shape) : undefined;
  const dtype = keywords.get('dtype') ?? positional[1];
  if (!dims || dims.some((d) => d === null || d < 0)) return unknown('an initializer called with a shape that is not known');
  return { kind: 'array', shape: dims as number[], dtype: dtype?.kind === 'str' ? dtype.value : 'float32' };
}
