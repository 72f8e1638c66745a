/**
 * What the hover says about Keras names that are not layers: activations, optimizers, losses, metrics and
 * the model-level API. Plain words in the manner of the TensorFlow "Basic classification" (Fashion-MNIST)
 * tutorial, but never about the tutorial's model: the hover adds what the name does in the person's own model
 * (report/in-your-model.ts). Formulas in backticks; worked examples computed here, not copied. Pure data and lookups: no `vscode`, no I/O.
 *
 * Lookups follow Keras: activation, loss and metric strings are case-sensitive (`'mse'` and `'MSE'` both
 * exist, `'Mse'` does not), optimizer strings are not (Keras lowercases them), and `'accuracy'` / `'acc'`
 * match in any case as `compile` does. A dotted path (`tf.nn.relu`) is looked up by its last component.
 *
 * Default values were checked against Keras 3 (`keras/src/optimizers/*.py`, `keras/src/activations`).
 */

export interface SymbolDoc {
  title: string;
  summary: string;
  details?: string;
  docsUrl?: string;
  /** The link's words when the docs are not Keras's (`TF.js docs`). */
  docsLabel?: string;
}

const KERAS_API = 'https://keras.io/api/';

interface Text {
  readonly summary: string;
  readonly details?: string;
}

/** keras.io heading anchors: lowercase, everything but letters and digits dropped (`leaky_relu` → `leakyrelu`). */
function anchor(name: string, kind: 'function' | 'class' | 'method'): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]/g, '')}-${kind}`;
}

function lastComponent(name: string): string {
  const trimmed = name.trim().replace(/^['"]|['"]$/g, '');
  const dot = trimmed.lastIndexOf('.');
  return dot >= 0 ? trimmed.slice(dot + 1) : trimmed;
}

function withText(title: string, text: Text, docsUrl: string | undefined): SymbolDoc {
  const doc: SymbolDoc = { title, summary: text.summary };
  if (text.details !== undefined) doc.details = text.details;
  if (docsUrl !== undefined) doc.docsUrl = docsUrl;
  return doc;
}

/** "mse loss (mean_squared_error)" when an alias was looked up, "mean_squared_error loss" otherwise. */
function titleFor(looked: string, canonical: string, kind: string): string {
  return looked === canonical ? `${canonical} ${kind}` : `${looked} ${kind} (${canonical})`;
}

// ---------------------------------------------------------------------------------------------------------
// Activations

const softmax = (x: readonly number[]): number[] => {
  const top = Math.max(...x);
  const e = x.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};
const logSoftmax = (x: readonly number[]): number[] => softmax(x).map(Math.log);
const relu = (x: readonly number[]): number[] => x.map((v) => Math.max(0, v));

/** `[0.0, -1.0, 2.0, 3.0]` becomes `[0.0347, 0.0128, 0.2562, 0.6964]`, computed: inputs with one decimal, outputs with four. */
export function workedExample(fn: (x: readonly number[]) => readonly number[], input: readonly number[], decimals = 4): string {
  const list = (xs: readonly number[], d: number) => `[${xs.map((v) => (Object.is(v, -0) ? 0 : v).toFixed(d)).join(', ')}]`;
  return `\`${list(input, 1)}\` becomes \`${list(fn(input), decimals)}\``;
}

/** The worked example of softmax: four scores, the largest of which gets the largest probability. */
export const SOFTMAX_EXAMPLE_SCORES: readonly number[] = [0, -1, 2, 3];

interface ActivationEntry extends Text {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** False when keras.io has no section for it. */
  readonly onKerasIo?: boolean;
}

const ACTIVATIONS: readonly ActivationEntry[] = [
  {
    name: 'relu',
    summary: 'Rectified linear unit: `relu(x) = max(0, x)`, so negative values become 0 and positive values pass through unchanged.',
    details:
      'The usual choice for hidden layers. ' +
      `For example, ${workedExample(relu, [-3, -1, 0, 2], 1)}.`,
  },
  {
    name: 'softmax',
    summary:
      'Turns a vector of scores (logits) into probabilities between 0 and 1 that sum to 1: `softmax(x) = exp(x) / sum(exp(x))`.',
    details:
      `For example, ${workedExample(softmax, SOFTMAX_EXAMPLE_SCORES)}: the largest score gets the largest probability. ` +
      "Use it on the last layer of a classifier so each output is the model's confidence in one class, or keep the last layer " +
      'linear and give the loss `from_logits=True` instead (not both). ' +
      'It works along the last axis by default.',
  },
  {
    name: 'sigmoid',
    summary: 'Squashes any value into the range 0 to 1: `sigmoid(x) = 1 / (1 + exp(-x))`.',
    details:
      'Use it on a single output unit for yes/no (binary) classification, together with `binary_crossentropy`. ' +
      'It equals a 2-class softmax whose second score is fixed at 0, and `sigmoid(0) = 0.5`.',
  },
  {
    name: 'tanh',
    summary: 'Hyperbolic tangent, squashes values into the range -1 to 1: `tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))`.',
    details:
      'A zero-centred relative of sigmoid: `tanh(x) = 2 * sigmoid(2 * x) - 1`. ' +
      'It is the default activation of the `LSTM` and `GRU` layers.',
  },
  {
    name: 'elu',
    summary: 'Exponential linear unit: `elu(x) = x if x > 0 else alpha * (exp(x) - 1)`, with `alpha = 1.0`.',
    details:
      'Like relu for positive values, but negative values curve smoothly down toward `-alpha` instead of being cut to 0, ' +
      'which keeps the average output closer to zero.',
  },
  {
    name: 'selu',
    summary:
      'Scaled exponential linear unit: `selu(x) = scale * (x if x > 0 else alpha * (exp(x) - 1))`, with `alpha = 1.67326324` and `scale = 1.05070098`.',
    details:
      'The constants are chosen so that outputs keep a mean of 0 and a variance of 1 from layer to layer (self-normalizing). ' +
      "Use it with `kernel_initializer='lecun_normal'` and `AlphaDropout` rather than plain `Dropout`.",
  },
  {
    name: 'gelu',
    summary:
      'Gaussian error linear unit: `gelu(x) = 0.5 * x * (1 + erf(x / sqrt(2)))`, which is `x` times the chance that a standard normal value is below `x`.',
    details:
      'Common in Transformer models. ' +
      'With `approximate=True` Keras uses the faster `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.',
  },
  {
    name: 'silu',
    aliases: ['swish'],
    summary: 'Sigmoid linear unit, also called swish: `silu(x) = x * sigmoid(x)`.',
    details:
      'A smooth relu-like curve that dips slightly below 0 for negative inputs (its lowest value is about `-0.278`). ' +
      "`'swish'` and `'silu'` are the same function.",
  },
  {
    name: 'softplus',
    summary: '`softplus(x) = log(exp(x) + 1)`, a smooth version of relu whose output is always positive.',
    details: 'For large `x` it is close to `x`, and for very negative `x` it is close to 0.',
  },
  {
    name: 'softsign',
    summary: '`softsign(x) = x / (abs(x) + 1)` squashes values into the range -1 to 1, like tanh but approaching the limits more slowly.',
  },
  {
    name: 'exponential',
    aliases: ['exp'],
    summary: '`exponential(x) = exp(x)`, so every output is positive.',
    details: 'Useful when the output must be a positive rate or count, as with the `poisson` loss.',
  },
  {
    name: 'hard_sigmoid',
    summary:
      'A fast, piecewise-linear stand-in for sigmoid: `hard_sigmoid(x) = relu6(x + 3) / 6`, which is 0 below -3, 1 above 3 and `x / 6 + 0.5` in between.',
    details:
      'Keras 2 (tf.keras before Keras 3) used a steeper version, `clip(0.2 * x + 0.5, 0, 1)`, which reaches 0 and 1 at -2.5 and 2.5.',
  },
  {
    name: 'hard_silu',
    aliases: ['hard_swish'],
    summary:
      'A fast, piecewise approximation of silu: `hard_silu(x) = x * relu6(x + 3) / 6`, which is 0 below -3, `x` above 3 and `x * (x + 3) / 6` in between.',
    details: "Also called `'hard_swish'`; MobileNetV3 uses it.",
  },
  {
    name: 'leaky_relu',
    summary:
      "`leaky_relu(x) = x if x > 0 else negative_slope * x`, with `negative_slope = 0.2` for the `'leaky_relu'` activation.",
    details:
      'Negative values keep a small slope instead of becoming 0, so those units still learn. ' +
      'The `LeakyReLU` layer defaults to a slope of 0.3 instead.',
  },
  {
    name: 'relu6',
    summary: '`relu6(x) = min(max(0, x), 6)`: relu capped at 6.',
    details: 'The cap keeps values small, which suits low-precision (mobile) models such as MobileNet.',
  },
  {
    name: 'mish',
    summary: '`mish(x) = x * tanh(softplus(x))`, a smooth relu-like curve similar to silu.',
  },
  {
    name: 'log_softmax',
    summary: '`log_softmax(x) = x - log(sum(exp(x)))`, the logarithm of softmax computed in a numerically stable way.',
    details: `For example, ${workedExample(logSoftmax, SOFTMAX_EXAMPLE_SCORES)}.`,
  },
  {
    name: 'linear',
    summary: '`linear(x) = x`: the identity, values pass through unchanged.',
    details:
      'This is what a layer does when it has no `activation` (`activation=None`). ' +
      'A linear last layer of a classifier outputs logits: raw scores that softmax (or a loss given `from_logits=True`) turns into probabilities.',
  },
  {
    name: 'crelu',
    onKerasIo: false,
    summary:
      '`crelu(x) = concatenate([relu(x), relu(-x)], axis=-1)` keeps the positive and the negative part separately, so the last axis doubles in size.',
  },
];

const ACTIVATION_BY_NAME = new Map<string, SymbolDoc>();
for (const a of ACTIVATIONS) {
  const url = `${KERAS_API}layers/activations/${a.onKerasIo === false ? '' : `#${anchor(a.name, 'function')}`}`;
  for (const n of [a.name, ...(a.aliases ?? [])]) ACTIVATION_BY_NAME.set(n, withText(titleFor(n, a.name, 'activation'), a, url));
}

/** Activation by Keras name ('relu', 'softmax', 'tanh', ...; also 'linear'). */
export function activationDoc(name: string): SymbolDoc | undefined {
  return ACTIVATION_BY_NAME.get(lastComponent(name));
}

// ---------------------------------------------------------------------------------------------------------
// Optimizers

interface OptimizerEntry extends Text {
  readonly className: string;
  /** keras.io page under /api/optimizers/. */
  readonly page: string;
}

const OPTIMIZERS: readonly OptimizerEntry[] = [
  {
    className: 'Adam',
    page: 'adam',
    summary:
      'The optimizer is how the model is updated based on the data it sees and its loss function; Adam gives every weight its own step size from running averages of its gradients.',
    details:
      'Defaults: `learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`. ' +
      "A good first choice: `optimizer='adam'`.",
  },
  {
    className: 'SGD',
    page: 'sgd',
    summary:
      'Plain stochastic gradient descent: after each batch every weight moves a small step against its gradient, `w = w - learning_rate * g`.',
    details:
      'Defaults: `learning_rate=0.01`, `momentum=0.0`, `nesterov=False`. ' +
      'With `momentum` above 0 each step also carries on part of the previous one, which smooths and speeds up training.',
  },
  {
    className: 'RMSprop',
    page: 'rmsprop',
    summary:
      'Divides each gradient by a running average of its recent size (root mean square), so every weight gets its own step size.',
    details: 'Defaults: `learning_rate=0.001`, `rho=0.9`, `momentum=0.0`, `epsilon=1e-7`, `centered=False`.',
  },
  {
    className: 'Adagrad',
    page: 'adagrad',
    summary: 'Gives each weight its own step size, which shrinks the more (and the larger) gradient updates that weight has received.',
    details:
      'Defaults: `learning_rate=0.001`, `initial_accumulator_value=0.1`, `epsilon=1e-7`. ' +
      'It often needs a higher learning rate than other optimizers; the original paper uses `1.0`.',
  },
  {
    className: 'Adadelta',
    page: 'adadelta',
    summary: 'An extension of Adagrad that adapts step sizes from a moving window of recent gradients, so learning does not slow to a stop.',
    details:
      'Defaults: `learning_rate=0.001`, `rho=0.95`, `epsilon=1e-7`. ' +
      'It tends to need a higher learning rate; the original paper uses `1.0`.',
  },
  {
    className: 'Adamax',
    page: 'adamax',
    summary: 'A variant of Adam that scales each step by the largest recent gradient (the infinity norm) instead of an average of squares.',
    details: 'Defaults: `learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`.',
  },
  {
    className: 'Nadam',
    page: 'Nadam',
    summary: 'Adam with Nesterov momentum, in the same way that Adam is roughly RMSprop with momentum.',
    details: 'Defaults: `learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`.',
  },
  {
    className: 'AdamW',
    page: 'adamw',
    summary: 'Adam with decoupled weight decay: every step also shrinks the weights a little, which helps against overfitting.',
    details: 'Defaults: `learning_rate=0.001`, `weight_decay=0.004`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`.',
  },
  {
    className: 'Ftrl',
    page: 'ftrl',
    summary:
      '"Follow The Regularized Leader", made at Google for click-through-rate prediction and best for shallow models with large, sparse inputs.',
    details:
      'Defaults: `learning_rate=0.001`, `learning_rate_power=-0.5`, `initial_accumulator_value=0.1`, ' +
      '`l1_regularization_strength=0.0`, `l2_regularization_strength=0.0`.',
  },
  {
    className: 'Lion',
    page: 'lion',
    summary:
      'Moves every weight by the sign of a momentum-smoothed gradient, so all steps have the same size and only one momentum value is stored per weight.',
    details:
      'Defaults: `learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.99`. ' +
      'Because sign updates are large, a good learning rate is typically 3 to 10 times smaller than for AdamW.',
  },
  {
    className: 'Adafactor',
    page: 'adafactor',
    summary: 'A memory-saving relative of Adam that stores only row and column averages of the squared gradients of matrix weights.',
    details:
      'Defaults: `learning_rate=0.001`, `beta_2_decay=-0.8`, `clip_threshold=1.0`, `relative_step=True` ' +
      '(which also caps the learning rate at `1 / sqrt(step)`). ' +
      'Common for large language models.',
  },
  {
    className: 'Lamb',
    page: 'lamb',
    summary:
      "Adam with a per-layer trust ratio: each weight tensor's step is scaled by its norm over its update's norm, which keeps very large batches stable.",
    details: 'Defaults: `learning_rate=0.001`, `beta_1=0.9`, `beta_2=0.999`, `epsilon=1e-7`.',
  },
];

const OPTIMIZER_BY_KEY = new Map<string, OptimizerEntry>(OPTIMIZERS.map((o) => [o.className.toLowerCase(), o]));

/** Optimizer by class name ('Adam', 'SGD', ...) or Keras string alias ('adam', 'sgd', 'rmsprop'). */
export function optimizerDoc(name: string): SymbolDoc | undefined {
  const looked = lastComponent(name);
  // Keras lowercases optimizer identifiers before it looks them up, so 'Adam' and 'adam' are both fine.
  const o = OPTIMIZER_BY_KEY.get(looked.toLowerCase());
  if (!o) return undefined;
  return withText(`${o.className} optimizer`, o, `${KERAS_API}optimizers/${o.page}/`);
}

// ---------------------------------------------------------------------------------------------------------
// Losses

interface LossEntry extends Text {
  /** The Keras string (function name). */
  readonly fn: string;
  readonly className?: string;
  /** Other strings Keras accepts: Keras 3 short names, and tf.keras 2 spellings. */
  readonly aliases?: readonly string[];
  readonly page: 'probabilistic_losses' | 'regression_losses' | 'hinge_losses';
  /** False when keras.io documents only the class. */
  readonly fnOnKerasIo?: boolean;
}

const LOSSES: readonly LossEntry[] = [
  {
    fn: 'sparse_categorical_crossentropy',
    className: 'SparseCategoricalCrossentropy',
    page: 'probabilistic_losses',
    summary:
      'Measures how accurate the model is during training when labels are integers (like 0–9 for 10 classes) and the model outputs one probability per class.',
    details:
      '`loss = -log(p[label])`: the lower the probability given to the right class, the higher the loss, and training minimizes it to steer the model in the right direction. ' +
      'If the last layer has no softmax (it outputs logits), use `SparseCategoricalCrossentropy(from_logits=True)`. ' +
      'For one-hot labels use `categorical_crossentropy` instead.',
  },
  {
    fn: 'categorical_crossentropy',
    className: 'CategoricalCrossentropy',
    page: 'probabilistic_losses',
    summary:
      'Crossentropy for one-hot labels (a vector with 1 for the right class and 0 elsewhere) when the model outputs one probability per class.',
    details:
      '`loss = -sum(y_true * log(y_pred))`. ' +
      'Use `sparse_categorical_crossentropy` when labels are plain integers, and `from_logits=True` when the last layer has no softmax.',
  },
  {
    fn: 'binary_crossentropy',
    className: 'BinaryCrossentropy',
    aliases: ['bce', 'BCE'],
    page: 'probabilistic_losses',
    summary: 'Crossentropy for yes/no labels (0 or 1) with one sigmoid output per label.',
    details:
      '`loss = -(y * log(p) + (1 - y) * log(1 - p))`, averaged over the outputs. ' +
      'Pass `from_logits=True` when the last layer has no sigmoid.',
  },
  {
    fn: 'binary_focal_crossentropy',
    className: 'BinaryFocalCrossentropy',
    page: 'probabilistic_losses',
    fnOnKerasIo: false,
    summary: 'Binary crossentropy that down-weights easy, well-classified examples so training focuses on the hard ones.',
    details: '`gamma=2.0` sets how strongly easy examples are down-weighted, which helps when one class is rare.',
  },
  {
    fn: 'categorical_focal_crossentropy',
    className: 'CategoricalFocalCrossentropy',
    page: 'probabilistic_losses',
    fnOnKerasIo: false,
    summary: 'Categorical crossentropy that down-weights easy, well-classified examples so training focuses on the hard ones.',
    details: 'Defaults: `alpha=0.25`, `gamma=2.0`; labels are one-hot.',
  },
  {
    fn: 'kl_divergence',
    className: 'KLDivergence',
    aliases: ['kld', 'KLD', 'kullback_leibler_divergence'],
    page: 'probabilistic_losses',
    summary:
      'Kullback–Leibler divergence, how much the predicted probability distribution differs from the true one: `sum(y_true * log(y_true / y_pred))`.',
    details: 'Both labels and predictions should be probability distributions; it is 0 when they match.',
  },
  {
    fn: 'poisson',
    className: 'Poisson',
    page: 'probabilistic_losses',
    summary: '`loss = mean(y_pred - y_true * log(y_pred))`, for counts (how many times something happens) predicted as a positive rate.',
    details: 'The model output must be positive, so use an `exponential` or `softplus` activation.',
  },
  {
    fn: 'ctc',
    className: 'CTC',
    page: 'probabilistic_losses',
    summary:
      'Connectionist temporal classification, for sequence labels (speech, handwriting) whose alignment with the input steps is unknown.',
  },
  {
    fn: 'mean_squared_error',
    className: 'MeanSquaredError',
    aliases: ['mse', 'MSE'],
    page: 'regression_losses',
    summary: 'The average squared difference between labels and predictions, `mean(square(y_true - y_pred))`, the usual loss for regression.',
    details: 'Large errors count much more than small ones because they are squared.',
  },
  {
    fn: 'mean_absolute_error',
    className: 'MeanAbsoluteError',
    aliases: ['mae', 'MAE'],
    page: 'regression_losses',
    summary: 'The average size of the error, `mean(abs(y_true - y_pred))`, in the same units as the labels.',
    details: 'Less sensitive to outliers than `mean_squared_error`.',
  },
  {
    fn: 'mean_absolute_percentage_error',
    className: 'MeanAbsolutePercentageError',
    aliases: ['mape', 'MAPE'],
    page: 'regression_losses',
    summary: 'The average error as a percentage of the true value, `100 * mean(abs((y_true - y_pred) / y_true))`.',
    details: 'Avoid it when labels can be 0 or close to 0.',
  },
  {
    fn: 'mean_squared_logarithmic_error',
    className: 'MeanSquaredLogarithmicError',
    aliases: ['msle', 'MSLE'],
    page: 'regression_losses',
    summary: '`loss = mean(square(log(y_true + 1) - log(y_pred + 1)))`, which compares values by ratio rather than by difference.',
    details: 'Good for positive targets that span several orders of magnitude.',
  },
  {
    fn: 'huber',
    className: 'Huber',
    aliases: ['huber_loss'],
    page: 'regression_losses',
    summary:
      'Squared error for small errors and absolute error for large ones: with `e = y_true - y_pred`, `loss = 0.5 * e^2` if `abs(e) <= delta`, else `delta * (abs(e) - 0.5 * delta)`.',
    details: 'Default `delta=1.0`. Robust to outliers like `mean_absolute_error`, but smooth near zero like `mean_squared_error`.',
  },
  {
    fn: 'log_cosh',
    className: 'LogCosh',
    aliases: ['logcosh'],
    page: 'regression_losses',
    summary: '`loss = mean(log(cosh(y_pred - y_true)))`: about `e^2 / 2` for a small error `e` and `abs(e) - log(2)` for a large one.',
    details: 'It behaves like `huber` but is smooth everywhere.',
  },
  {
    fn: 'cosine_similarity',
    className: 'CosineSimilarity',
    page: 'regression_losses',
    summary:
      'Negative cosine similarity, `loss = -sum(l2_normalize(y_true) * l2_normalize(y_pred))`, from -1 (same direction, best) to 1 (opposite directions).',
    details: 'Only the direction of the vectors counts, not their length.',
  },
  {
    fn: 'dice',
    className: 'Dice',
    page: 'regression_losses',
    summary:
      'One minus the overlap of predicted and true masks, `1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred))`, used for image segmentation.',
  },
  {
    fn: 'hinge',
    className: 'Hinge',
    page: 'hinge_losses',
    summary: 'Maximum-margin loss for yes/no classification: `loss = mean(maximum(1 - y_true * y_pred, 0))`.',
    details: 'Labels should be -1 or 1 (Keras converts 0/1 labels to -1/1), with a `tanh` or linear output.',
  },
  {
    fn: 'squared_hinge',
    className: 'SquaredHinge',
    page: 'hinge_losses',
    summary: 'The hinge loss squared, `loss = mean(square(maximum(1 - y_true * y_pred, 0)))`, which punishes large margin violations more.',
    details: 'Labels should be -1 or 1 (Keras converts 0/1 labels to -1/1).',
  },
  {
    fn: 'categorical_hinge',
    className: 'CategoricalHinge',
    page: 'hinge_losses',
    summary:
      'Hinge loss for several classes with one-hot labels: `loss = maximum(neg - pos + 1, 0)`, where `pos = sum(y_true * y_pred)` and `neg = max((1 - y_true) * y_pred)`.',
  },
];

const LOSS_BY_NAME = new Map<string, SymbolDoc>();
for (const l of LOSSES) {
  const page = `${KERAS_API}losses/${l.page}/`;
  const classUrl = l.className ? `${page}#${anchor(l.className, 'class')}` : page;
  const fnUrl = l.fnOnKerasIo === false ? classUrl : `${page}#${anchor(l.fn, 'function')}`;
  for (const n of [l.fn, ...(l.aliases ?? [])]) LOSS_BY_NAME.set(n, withText(titleFor(n, l.fn, 'loss'), l, fnUrl));
  if (l.className) LOSS_BY_NAME.set(l.className, withText(`${l.className} loss`, l, classUrl));
}

/** Loss by Keras string ('sparse_categorical_crossentropy', 'mse', ...) or class name ('SparseCategoricalCrossentropy'). */
export function lossDoc(name: string): SymbolDoc | undefined {
  return LOSS_BY_NAME.get(lastComponent(name));
}

// ---------------------------------------------------------------------------------------------------------
// Metrics

interface MetricEntry extends Text {
  /** The Keras string. */
  readonly fn: string;
  readonly className?: string;
  readonly aliases?: readonly string[];
  readonly page: 'accuracy_metrics' | 'regression_metrics' | 'classification_metrics';
}

const METRICS: readonly MetricEntry[] = [
  {
    fn: 'accuracy',
    aliases: ['acc'],
    page: 'accuracy_metrics',
    summary: 'Accuracy: the fraction of examples that are correctly classified.',
    details:
      "With the string `'accuracy'` (or `'acc'`) Keras picks the right kind from the shapes: `binary_accuracy` for a single output, " +
      '`sparse_categorical_accuracy` for integer labels, otherwise `categorical_accuracy`. ' +
      'Metrics monitor the training and testing steps in `fit` and `evaluate`; they do not change how the model learns.',
  },
  {
    fn: 'sparse_categorical_accuracy',
    className: 'SparseCategoricalAccuracy',
    page: 'accuracy_metrics',
    summary: 'The fraction of examples where the class with the highest predicted score (`argmax`) equals the integer label.',
    details: "This is what `'accuracy'` becomes with integer labels such as Fashion-MNIST's 0–9.",
  },
  {
    fn: 'categorical_accuracy',
    className: 'CategoricalAccuracy',
    page: 'accuracy_metrics',
    summary: 'The fraction of examples where the highest predicted score is at the position of the 1 in the one-hot label.',
  },
  {
    fn: 'binary_accuracy',
    className: 'BinaryAccuracy',
    page: 'accuracy_metrics',
    summary: 'The fraction of yes/no predictions that match the label, counting a prediction above `threshold=0.5` as yes.',
  },
  {
    fn: 'top_k_categorical_accuracy',
    className: 'TopKCategoricalAccuracy',
    page: 'accuracy_metrics',
    summary: 'The fraction of examples whose true class (one-hot label) is among the `k` highest predictions, with `k=5` by default.',
  },
  {
    fn: 'sparse_top_k_categorical_accuracy',
    className: 'SparseTopKCategoricalAccuracy',
    page: 'accuracy_metrics',
    summary: 'The fraction of examples whose integer label is among the `k` highest predictions, with `k=5` by default.',
  },
  {
    fn: 'mean_absolute_error',
    className: 'MeanAbsoluteError',
    aliases: ['mae', 'MAE'],
    page: 'regression_metrics',
    summary: 'Mean absolute error, `mean(abs(y_true - y_pred))`, reported while training: the typical size of the error in label units.',
  },
  {
    fn: 'mean_squared_error',
    className: 'MeanSquaredError',
    aliases: ['mse', 'MSE'],
    page: 'regression_metrics',
    summary: 'Mean squared error, `mean(square(y_true - y_pred))`, reported while training.',
  },
  {
    fn: 'root_mean_squared_error',
    className: 'RootMeanSquaredError',
    page: 'regression_metrics',
    summary: 'Root mean squared error, `sqrt(mean(square(y_true - y_pred)))`, the error in the same units as the labels.',
  },
  {
    fn: 'r2_score',
    className: 'R2Score',
    page: 'regression_metrics',
    summary:
      'Coefficient of determination, `1 - sum(square(y_true - y_pred)) / sum(square(y_true - mean(y_true)))`: 1 is perfect, 0 is no better than predicting the mean.',
  },
  {
    fn: 'auc',
    className: 'AUC',
    page: 'classification_metrics',
    summary:
      'Area under the ROC curve: the chance that a random positive example is scored above a random negative one (1.0 is perfect, 0.5 is guessing).',
    details: "Computed from `num_thresholds=200` thresholds; `curve='PR'` gives the area under the precision-recall curve instead.",
  },
  {
    fn: 'precision',
    className: 'Precision',
    page: 'classification_metrics',
    summary: 'Of the examples predicted positive, the fraction that really are positive: `TP / (TP + FP)`.',
    details: 'A prediction counts as positive above a threshold of 0.5 unless `thresholds` says otherwise.',
  },
  {
    fn: 'recall',
    className: 'Recall',
    page: 'classification_metrics',
    summary: 'Of the examples that really are positive, the fraction the model finds: `TP / (TP + FN)`.',
    details: 'A prediction counts as positive above a threshold of 0.5 unless `thresholds` says otherwise.',
  },
  {
    fn: 'f1_score',
    className: 'F1Score',
    page: 'classification_metrics',
    summary: 'The harmonic mean of precision and recall, `2 * precision * recall / (precision + recall)`.',
  },
];

/** The class `Accuracy` is not the string `'accuracy'`: it checks exact equality. */
const ACCURACY_CLASS: Text = {
  summary: 'How often predictions exactly equal the labels.',
  details:
    "It compares the values as they are, so on probability outputs it is almost always 0; for classifiers use the string `'accuracy'` " +
    'or `SparseCategoricalAccuracy` instead.',
};

/** tf.keras 2 only: `'crossentropy'` / `'ce'` chose binary, sparse or categorical crossentropy from the shapes. */
const CROSSENTROPY_STRING: Text = {
  summary: 'Crossentropy as a metric, picked from the shapes like `accuracy`: binary, sparse categorical or categorical.',
  details: 'tf.keras 2 understands this string; Keras 3 wants the full name, such as `sparse_categorical_crossentropy`.',
};

/** Loss strings and classes that Keras also accepts as metrics; their hover is the loss's, titled as a metric. */
const LOSSES_AS_METRICS = new Set([
  'binary_crossentropy', 'BinaryCrossentropy', 'bce', 'BCE',
  'categorical_crossentropy', 'CategoricalCrossentropy',
  'sparse_categorical_crossentropy', 'SparseCategoricalCrossentropy',
  'kl_divergence', 'KLDivergence', 'kld', 'KLD', 'kullback_leibler_divergence',
  'poisson', 'Poisson',
  'hinge', 'Hinge', 'squared_hinge', 'SquaredHinge', 'categorical_hinge', 'CategoricalHinge',
  'cosine_similarity', 'CosineSimilarity',
  'mean_absolute_percentage_error', 'MeanAbsolutePercentageError', 'mape', 'MAPE',
  'mean_squared_logarithmic_error', 'MeanSquaredLogarithmicError', 'msle', 'MSLE',
]);
const LOG_COSH_METRIC = ['log_cosh_error', 'LogCoshError', 'logcosh'];

const METRIC_BY_NAME = new Map<string, SymbolDoc>();
for (const m of METRICS) {
  const page = `${KERAS_API}metrics/${m.page}/`;
  const classUrl = m.className ? `${page}#${anchor(m.className, 'class')}` : page;
  for (const n of [m.fn, ...(m.aliases ?? [])]) METRIC_BY_NAME.set(n, withText(titleFor(n, m.fn, 'metric'), m, classUrl));
  if (m.className) METRIC_BY_NAME.set(m.className, withText(`${m.className} metric`, m, classUrl));
}
METRIC_BY_NAME.set('Accuracy', withText('Accuracy metric', ACCURACY_CLASS, `${KERAS_API}metrics/accuracy_metrics/#accuracy-class`));

function metricFromLoss(looked: string, lossName: string): SymbolDoc | undefined {
  const loss = lossDoc(lossName);
  if (!loss) return undefined;
  const title = looked === lossName ? loss.title.replace(/ loss\b/, ' metric') : `${looked} metric (${lossName})`;
  return { ...loss, title };
}

/** Metric by Keras string ('accuracy', 'acc', 'mae', ...) or class name. */
export function metricDoc(name: string): SymbolDoc | undefined {
  const looked = lastComponent(name);
  const direct = METRIC_BY_NAME.get(looked);
  if (direct) return direct;
  const lower = looked.toLowerCase();
  // compile() compares 'accuracy' / 'acc' (and in tf.keras 2 'crossentropy' / 'ce') without regard to case.
  if (lower === 'accuracy' || lower === 'acc') {
    return { ...METRIC_BY_NAME.get(lower)!, title: `${looked} metric (accuracy)` };
  }
  if (lower === 'crossentropy' || lower === 'ce') {
    return withText(`${looked} metric`, CROSSENTROPY_STRING, `${KERAS_API}metrics/probabilistic_metrics/`);
  }
  if (LOSSES_AS_METRICS.has(looked)) return metricFromLoss(looked, looked);
  if (LOG_COSH_METRIC.includes(looked)) return metricFromLoss(looked, 'log_cosh');
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Model-level API

interface ModelApiEntry extends Text {
  readonly names: readonly string[];
  readonly title: string;
  readonly docsUrl: string;
}

const TRAINING_APIS = `${KERAS_API}models/model_training_apis/`;

const MODEL_API: readonly ModelApiEntry[] = [
  {
    names: ['Sequential'],
    title: 'Sequential model',
    docsUrl: `${KERAS_API}models/sequential/`,
    summary: 'A plain stack of layers where each layer has exactly one input tensor and one output tensor.',
    details:
      'Data flows through the layers in order, each one taking the output of the one before. ' +
      'For several inputs or outputs, shared layers or branches, use the functional API (`keras.Model(inputs, outputs)`) instead.',
  },
  {
    names: ['Model', 'Functional'],
    title: 'Model',
    docsUrl: `${KERAS_API}models/model/`,
    summary: 'Groups layers into one object with training and inference features; with the functional API you build it as `keras.Model(inputs, outputs)`.',
    details:
      'Unlike `Sequential`, the layers may form any graph: several inputs and outputs, shared layers, branches and merges. ' +
      'It has the same `compile`, `fit`, `evaluate`, `predict` and `summary` methods.',
  },
  {
    names: ['Input'],
    title: 'Input',
    docsUrl: `${KERAS_API}layers/core_layers/input/`,
    summary: 'Creates a symbolic input tensor with a given `shape` (without the batch size) to start a model.',
    details:
      '`keras.Input(shape=(28, 28))` says each example is a 28×28 image; the batch dimension is added as `None`. ' +
      'At the start of a `Sequential` model it replaces the older `input_shape=` argument of the first layer.',
  },
  {
    names: ['InputLayer'],
    title: 'InputLayer',
    docsUrl: `${KERAS_API}layers/core_layers/input/`,
    summary: 'The layer behind `keras.Input`: it holds the input shape and passes data through unchanged.',
    details: "You rarely create it yourself: `Input(...)` or the first layer's `input_shape` makes one for you. It has no weights.",
  },
  {
    names: ['compile'],
    title: 'Model.compile',
    docsUrl: `${TRAINING_APIS}#${anchor('compile', 'method')}`,
    summary: 'Configures the model for training: the optimizer, the loss function and the metrics to report.',
    details:
      'The loss function measures how accurate the model is during training, the optimizer is how the model is updated based on ' +
      'the data it sees and its loss function, and metrics monitor the training and testing steps.',
  },
  {
    names: ['fit'],
    title: 'Model.fit',
    docsUrl: `${TRAINING_APIS}#${anchor('fit', 'method')}`,
    summary: 'Trains the model: feeds it the training data in batches for a number of `epochs` so it learns to associate inputs (images) with labels.',
    details:
      'Loss and metrics are shown as it trains and returned in a `History` object. ' +
      'Defaults: `batch_size=32`, `epochs=1`; `validation_data` or `validation_split` also reports results on held-out data after each epoch.',
  },
  {
    names: ['evaluate'],
    title: 'Model.evaluate',
    docsUrl: `${TRAINING_APIS}#${anchor('evaluate', 'method')}`,
    summary: 'Computes the loss and metrics on data the model did not train on, such as the test set.',
    details:
      'If test accuracy is clearly lower than training accuracy, the model is overfitting: it does worse on new data than on the data it learned from.',
  },
  {
    names: ['predict'],
    title: 'Model.predict',
    docsUrl: `${TRAINING_APIS}#${anchor('predict', 'method')}`,
    summary: 'Runs the model on new inputs and returns its outputs, such as one score per class for each image.',
    details:
      "For 10 classes a prediction is an array of 10 numbers, the model's confidence in each class; `argmax` picks the most likely one. " +
      'If the last layer outputs logits, add a `Softmax` layer to read them as probabilities.',
  },
  {
    names: ['summary'],
    title: 'Model.summary',
    docsUrl: `${KERAS_API}models/model/#${anchor('summary', 'method')}`,
    summary: "Prints a table of the model's layers with each layer's output shape and number of parameters, plus the totals.",
    details:
      'Trainable parameters are learned during training; non-trainable ones (like the moving statistics of `BatchNormalization`) are not. ' +
      'Until the model knows its input shape (is built) Keras shows `?` for shapes and `0 (unbuilt)` for parameters.',
  },
  {
    names: ['add'],
    title: 'Sequential.add',
    docsUrl: `${KERAS_API}models/sequential/#${anchor('add', 'method')}`,
    summary: 'Adds a layer on top of the stack of a `Sequential` model.',
    details:
      "The new layer's input is the previous layer's output, so their shapes must fit. " +
      '`model.add(layers.Dense(10))` is the same as listing the layer in `Sequential([...])`.',
  },
];

const MODEL_API_BY_NAME = new Map<string, SymbolDoc>();
for (const e of MODEL_API) for (const n of e.names) MODEL_API_BY_NAME.set(n, withText(e.title, e, e.docsUrl));

/** Model-level API: 'Sequential', 'Model', 'Input', 'InputLayer', 'compile', 'fit', 'evaluate', 'predict', 'summary', 'add'. */
export function modelApiDoc(name: string): SymbolDoc | undefined {
  return MODEL_API_BY_NAME.get(lastComponent(name));
}
