/**
 * What the hover says about TensorFlow.js names: a `tf.layers.*` factory with the config keys TF.js reads
 * (camelCase: `units`, `inputShape`, `kernelInitializer`), and TF.js's activation identifiers (`'relu'`,
 * `'hardSigmoid'`). The words come from the Keras catalogue and docs.ts, spoken in TF.js's names; where TF.js
 * computes something differently (its hardSigmoid is Keras 2's) or the Keras text shows Python, TF.js's own
 * text replaces it. Pure data and lookups.
 */
import { activationDoc, type SymbolDoc } from '../python/docs';
import type { LayerDocText } from '../report/explain';
import { camelKey, COMMON_KEYS, isWeightSetting, TFJS_LAYERS, type TfjsLayerDef } from './layers';

export const TFJS_API = 'https://js.tensorflow.org/api/latest/';

/** Python's literals in a code span of the Keras text, as JavaScript writes them. */
const JS_LITERALS: Readonly<Record<string, string>> = { True: 'true', False: 'false', None: 'null' };

/**
 * A catalogue description, in TF.js's words: argument names as TF.js's config keys (`target_shape` →
 * `targetShape`, LeakyReLU's `negative_slope` → `alpha`), `name=value` written as a config entry
 * (`returnSequences: true`), tuples as arrays. The text is ours (the layer specs' `doc`), so its code spans
 * are few and simple.
 */
export function tfjsWords(doc: string, def?: TfjsLayerDef): string {
  const keys = new Map<string, string>();
  for (const [key, map] of Object.entries(def?.args ?? {})) if (typeof map === 'string') keys.set(map, key);
  const keyOf = (arg: string) => keys.get(arg) ?? camelKey(arg);
  const parts = doc.split('`');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i % 2 === 0) {
      // Outside code spans, only the Keras arguments this layer has, written out (`depth_multiplier`).
      parts[i] = [...keys.keys()].filter((arg) => arg.includes('_')).reduce((text, arg) => text.split(arg).join(keyOf(arg)), part).split('Keras').join('TF.js');
      continue;
    }
    const eq = part.indexOf('=');
    if (eq > 0 && part[eq + 1] !== '=' && part[eq - 1] !== ' ') {
      const value = part.slice(eq + 1);
      parts[i] = `${keyOf(part.slice(0, eq))}: ${JS_LITERALS[value] ?? value.split('(').join('[').split(')').join(']')}`;
    } else if (/^[a-z][a-z0-9_]*$/.test(part)) {
      parts[i] = keyOf(part);
    }
  }
  return parts.join('`');
}

function factoryOf(def: TfjsLayerDef): string | undefined {
  for (const [name, d] of TFJS_LAYERS) if (d === def) return name;
  return undefined;
}

/**
 * The config keys TF.js reads for a factory: its own (`units`, `activation`), the weight settings of the layer's
 * weights (`kernelInitializer`, `biasRegularizer`), then the keys every layer takes (`inputShape`, `name`).
 */
export function tfjsConfigKeys(factory: string): { own: string[]; common: string[] } | undefined {
  const def = TFJS_LAYERS.get(factory);
  if (!def) return undefined;
  const spec = def.spec;
  const weightSettings = (spec?.args ?? []).map((a) => camelKey(a.name)).filter(isWeightSetting);
  const own = [...new Set([...Object.keys(def.args), ...weightSettings])];
  const common = [...COMMON_KEYS].filter((k) => k !== 'weights' && k !== 'inputDType');
  return { own, common };
}

/** The hover's words for a layer made by `tf.layers.<factory>(...)`; undefined for a factory TF.js does not have. */
export function tfjsLayerText(factory: string): LayerDocText | undefined {
  const def = TFJS_LAYERS.get(factory);
  const keys = tfjsConfigKeys(factory);
  if (!def || !keys) return undefined;
  const spec = def.spec;
  const name = factoryOf(def) ?? factory;
  const config = [keys.own.map((k) => `\`${k}\``).join(', '), `and every layer's ${keys.common.map((k) => `\`${k}\``).join(', ')}`].filter((s) => !s.startsWith('and') || keys.own.length).join('; ');
  return {
    title: `tf.layers.${name}`,
    // TF.js's own words where the layer differs from the Keras text (an argument TF.js does not have).
    doc: def.doc ?? (spec ? tfjsWords(spec.doc, def) : `A TF.js ${def.tfClass} layer.`),
    config: `Config: ${keys.own.length ? config : keys.common.map((k) => `\`${k}\``).join(', ')}.`,
    link: `[TF.js docs: tf.layers.${name}](${TFJS_API}#layers.${name})`,
  };
}

/** TF.js's activation identifiers (tfjs-layers activations.ts) → the Keras activation whose words fit, and TF.js's own where they differ. */
const TFJS_ACTIVATIONS: Readonly<Record<string, { keras: string; summary?: string; details?: string }>> = {
  relu: {
    keras: 'relu',
    details: "The usual choice for hidden layers, as in `tf.layers.dense({units: 128, activation: 'relu'})`. For example, `[-3, -1, 0, 2]` becomes `[0, 0, 0, 2]`.",
  },
  relu6: { keras: 'relu6' },
  elu: { keras: 'elu' },
  selu: {
    keras: 'selu',
    details: "The constants keep outputs at a mean of 0 and a variance of 1 from layer to layer (self-normalizing). Use it with `kernelInitializer: 'leCunNormal'` and `tf.layers.alphaDropout` rather than plain dropout.",
  },
  sigmoid: {
    keras: 'sigmoid',
    details: "Use it on a single output unit for yes/no (binary) classification, with the loss `'binaryCrossentropy'`. `sigmoid(0) = 0.5`.",
  },
  hardSigmoid: {
    keras: 'hard_sigmoid',
    summary: 'A fast, piecewise-linear stand-in for sigmoid: `hardSigmoid(x) = clip(0.2 * x + 0.5, 0, 1)`, which is 0 below -2.5, 1 above 2.5.',
    details: "TF.js keeps Keras 2's version; Keras 3's `hard_sigmoid` is the gentler `relu6(x + 3) / 6`.",
  },
  softmax: {
    keras: 'softmax',
    details:
      "For example, `[0, -1, 2, 3]` becomes `[0.0347, 0.0128, 0.2562, 0.6964]`. Use it on the last layer of a classifier, with the loss `'sparseCategoricalCrossentropy'` (integer labels) or `'categoricalCrossentropy'` (one-hot labels): TF.js's named losses take probabilities. It works along the last axis.",
  },
  logSoftmax: { keras: 'log_softmax' },
  softplus: { keras: 'softplus' },
  softsign: { keras: 'softsign' },
  tanh: { keras: 'tanh', details: 'A zero-centred relative of sigmoid: `tanh(x) = 2 * sigmoid(2 * x) - 1`. It is the default activation of `tf.layers.lstm` and `tf.layers.gru`.' },
  linear: {
    keras: 'linear',
    details: "What a layer does when it has no `activation` (TF.js's default for dense and convolution layers). A last `tf.layers.dense({units: 10})` outputs logits: raw scores, for `tf.losses.softmaxCrossEntropy`.",
  },
  swish: { keras: 'silu', summary: '`swish(x) = x * sigmoid(x)`, also called silu.', details: 'A smooth relu-like curve that dips slightly below 0 for negative inputs (its lowest value is about `-0.278`).' },
  mish: { keras: 'mish' },
  gelu: { keras: 'gelu', details: "Common in Transformer models. `'gelu_new'` is the faster tanh approximation." },
  gelu_new: { keras: 'gelu', summary: 'The tanh approximation of gelu: `0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x^3)))`.', details: "`'gelu'` computes the exact `0.5 * x * (1 + erf(x / sqrt(2)))`." },
};

/** An activation by its TF.js identifier (`'relu'`, `'hardSigmoid'`); TF.js's identifiers are case-sensitive. */
export function tfjsActivationDoc(name: string): SymbolDoc | undefined {
  const entry = TFJS_ACTIVATIONS[name];
  const keras = entry ? activationDoc(entry.keras) : undefined;
  if (!entry || !keras) return undefined;
  const doc: SymbolDoc = { title: `'${name}' activation`, summary: entry.summary ?? keras.summary, docsUrl: `${TFJS_API}#layers.activation`, docsLabel: 'TF.js docs' };
  const details = entry.details ?? keras.details;
  if (details !== undefined) doc.details = details;
  return doc;
}

/** TF.js's identifier for an activation the analyzer holds by its Keras name (`hard_sigmoid` → `hardSigmoid`). */
export function tfjsActivationName(kerasName: string): string {
  return kerasName === 'gelu_new' ? kerasName : camelKey(kerasName);
}
