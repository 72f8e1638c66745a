/**
 * TensorFlow functions applied to symbolic Keras tensors in a functional model (`x = tf.nn.relu(x)`): tf.keras 2
 * wraps each in a TFOpLambda layer named by the function's canonical TensorFlow name (`tf.sigmoid` and
 * `tf.nn.sigmoid` are both `tf.math.sigmoid`); Keras 3 raises. Only element-wise functions, whose output has the
 * input's shape, are known here. Names checked with tf-keras 2.21.
 */

const CANONICAL: Readonly<Record<string, string>> = {};
const add = (canonical: string, ...aliases: string[]) => {
  for (const a of [canonical, ...aliases]) (CANONICAL as Record<string, string>)[a] = canonical;
};
add('tf.nn.relu');
add('tf.nn.relu6');
add('tf.nn.elu');
add('tf.nn.selu');
add('tf.nn.gelu');
add('tf.nn.leaky_relu');
add('tf.nn.softmax', 'tf.math.softmax');
add('tf.nn.silu', 'tf.nn.swish');
add('tf.math.sigmoid', 'tf.nn.sigmoid', 'tf.sigmoid');
add('tf.math.tanh', 'tf.nn.tanh', 'tf.tanh');
add('tf.math.softplus', 'tf.nn.softplus');
add('tf.math.exp', 'tf.exp');
add('tf.math.log', 'tf.log');
add('tf.math.sqrt', 'tf.sqrt');
add('tf.math.square', 'tf.square');
add('tf.math.abs', 'tf.abs');

/** The canonical name of an element-wise TensorFlow function at a resolved path (`tensorflow.nn.relu`), if known. */
export function elementwiseTensorflowFunction(path: string): string | undefined {
  if (!path.startsWith('tensorflow.')) return undefined;
  const name = `tf.${path.slice('tensorflow.'.length)}`;
  return Object.hasOwn(CANONICAL, name) ? CANONICAL[name] : undefined;
}

/** Keras 3's words when a TensorFlow function is given a KerasTensor (keras/src/backend/common/keras_tensor.py). */
export const KERAS_TENSOR_IN_TF_FUNCTION =
  'A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a symbolic placeholder for a shape and dtype, used when constructing Keras Functional models or Keras Functions. You can only use it as input to a Keras layer or a Keras operation (from the namespaces `keras.layers` and `keras.ops`).';

/** Whether a resolved path is a TensorFlow function outside Keras (`tensorflow.nn.relu`, not `tensorflow.keras...`). */
export function isTensorflowFunction(path: string): boolean {
  return path.startsWith('tensorflow.') && !/^tensorflow\.(keras|compat\.v\d\.keras|compat)\b/.test(path);
}
