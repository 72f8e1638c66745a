/** Preprocessing layers (keras/src/layers/preprocessing) that models commonly contain, image augmentation included. */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import { perOutputElement } from './macs-rules';
import type { ArgDef, LayerConfig, LayerSpec } from './spec';
import { arg, asInt, dataFormat, items, known, pyTuple } from './util';

export const Rescaling: LayerSpec = {
  className: 'Rescaling',
  args: [{ name: 'scale' }, { name: 'offset', default: 0, float: true }],
  outputShape: (inputs) => inputs[0],
  doc: 'Multiplies the inputs by `scale` and adds `offset` (e.g. `1/255` turns pixel values 0–255 into 0–1); the shape does not change.',
  docsPath: 'preprocessing_layers/image_preprocessing/rescaling',
  tfjs: { factories: ['rescaling'], keys: { scale: 'scale', offset: 'offset' }, train: {} },
  macs: perOutputElement,
};

/** numpy's `np.shape` of a nested list/tuple literal; undefined when it is not a plain literal. */
function literalShape(v: PyValue): number[] | undefined {
  if (v.kind === 'int' || v.kind === 'float' || v.kind === 'bool') return [];
  if (v.kind !== 'tuple' && v.kind !== 'list') return undefined;
  if (v.items.length === 0) return [0];
  const inner = literalShape(v.items[0]);
  return inner === undefined ? undefined : [v.items.length, ...inner];
}

/** Normalization's `axis`: None → (), an int → (axis,), else a tuple. */
function normalizationAxes(cfg: LayerConfig): number[] {
  const v = arg(cfg, 'axis');
  if (v.kind === 'none') return [];
  const one = asInt(v);
  if (one !== undefined) return [one];
  const list = items(v, 'axis');
  if (!list) throw new ShapeError(`Normalization: expected an int, a tuple of ints or None for argument \`axis\`, received ${describe(v)}`);
  return list.map((x) => {
    const i = asInt(x);
    if (i === undefined) throw new ShapeError(`Normalization: expected integers for argument \`axis\`, received ${describe(v)}`);
    return i;
  });
}

function normalizationCheck(input: Shape, cfg: LayerConfig): number[] {
  const axes = normalizationAxes(cfg);
  const mean = arg(cfg, 'mean');
  const variance = arg(cfg, 'variance');
  if ((mean.kind === 'none') !== (variance.kind === 'none')) {
    throw new ShapeError(
      `When setting values directly, both \`mean\` and \`variance\` must be set. Received: mean=${describe(mean)} and variance=${describe(variance)}`,
    );
  }
  const ndim = input.length;
  const axisRepr = axes.length === 1 ? `(${axes[0]},)` : `(${axes.join(', ')})`;
  if (axes.some((a) => a < -ndim || a >= ndim)) {
    throw new ShapeError(`All \`axis\` values must be in the range [-ndim, ndim). Received inputs with ndim=${ndim}, while axis=${axisRepr}`);
  }
  return axes.map((a) => (a < 0 ? a + ndim : a)).sort((a, b) => a - b);
}

export const Normalization: LayerSpec = {
  className: 'Normalization',
  args: [
    { name: 'axis', default: -1 },
    { name: 'mean', default: null },
    { name: 'variance', default: null },
    { name: 'invert', default: false },
  ],
  outputShape([input], cfg) {
    normalizationCheck(input, cfg);
    const mean = arg(cfg, 'mean');
    const variance = arg(cfg, 'variance');
    if (mean.kind !== 'none') {
      const ms = literalShape(mean);
      const vs = literalShape(variance);
      if (ms && vs && pyTuple(ms) !== pyTuple(vs)) {
        throw new ShapeError(
          `When setting values directly, \`mean\` and \`variance\` must have the same shape. Received: mean shape ${pyTuple(ms)} and variance shape ${pyTuple(vs)}`,
        );
      }
    }
    return input;
  },
  weights([input], cfg) {
    const keep = normalizationCheck(input, cfg);
    // With `mean` and `variance` given, Keras stores them as constants, not weights.
    if (!cfg.isNone('mean')) return [];
    const shape: number[] = keep.map((d) => known(input[d], 'a dimension Normalization keeps'));
    return [
      { name: 'mean', shape, trainable: false },
      { name: 'variance', shape, trainable: false },
      { name: 'count', shape: [], trainable: false },
    ];
  },
  doc: 'Shifts and scales the inputs to mean 0 and variance 1 per feature, using a mean and variance given or learned once with `adapt()`; the shape does not change.',
  docsPath: 'preprocessing_layers/numerical/normalization',
  notInTfjs: 'the Normalization layer needs adapt() on data first',
};

/**
 * Resizing / CenterCrop `compute_output_shape`: rank 4 is a batch of images; any other rank is read as one
 * unbatched image, so Keras overwrites its first two (or, channels_first, second and third) dims.
 */
function imageSize(input: Shape, cfg: LayerConfig): Dim[] {
  const format = dataFormat(cfg);
  const height = cfg.int('height');
  const width = cfg.int('width');
  const out = [...input];
  const [h, w] = input.length === 4 ? (format === 'channels_last' ? [1, 2] : [2, 3]) : format === 'channels_last' ? [0, 1] : [1, 2];
  if (w >= out.length) throw new ShapeError('list assignment index out of range');
  out[h] = height;
  out[w] = width;
  return out;
}

export const Resizing: LayerSpec = {
  className: 'Resizing',
  args: [
    { name: 'height' },
    { name: 'width' },
    { name: 'interpolation', default: 'bilinear' },
    { name: 'crop_to_aspect_ratio', default: false },
    { name: 'pad_to_aspect_ratio', default: false },
    { name: 'fill_mode', default: 'constant' },
    { name: 'fill_value', default: 0, float: true },
    { name: 'antialias', default: false },
    { name: 'data_format', default: null },
  ],
  outputShape([input], cfg) {
    return imageSize(input, cfg);
  },
  doc: 'Resizes each image to `height` × `width` (bilinear by default); the channel count does not change.',
  docsPath: 'preprocessing_layers/image_preprocessing/resizing',
  tfjs: {
    factories: ['resizing'],
    keys: { height: 'height', width: 'width', interpolation: 'interpolation', cropToAspectRatio: 'crop_to_aspect_ratio' },
    // TF.js's Resizing returns `[height, width, inputShape[2]]` for its symbolic shape: no batch, and the third input dim.
    outputShape: ([input], cfg) => [cfg.int('height'), cfg.int('width'), input[2] ?? null],
    warning: "TF.js's resizing layer reports its output shape as [height, width, input dim 2], without the batch dimension; layers after it are built for that shape (the Keras shape would be [batch, height, width, channels])",
    train: { without: { crop_to_aspect_ratio: false, pad_to_aspect_ratio: false, antialias: false } },
  },
};

export const CenterCrop: LayerSpec = {
  className: 'CenterCrop',
  args: [{ name: 'height' }, { name: 'width' }, { name: 'data_format', default: null }],
  outputShape([input], cfg) {
    if (input.length !== 3 && input.length !== 4) {
      throw new ShapeError('`input_shape` must be a non-nested tuple or list of rank-1 with size 3 (unbatched) or 4 (batched). ');
    }
    return imageSize(input, cfg);
  },
  doc: 'Cuts the central `height` × `width` window out of each image (resizing first if the image is smaller).',
  docsPath: 'preprocessing_layers/image_preprocessing/center_crop',
  tfjs: {
    factories: ['centerCrop'],
    keys: { height: 'height', width: 'width' },
    note: "TF.js's centerCrop writes its height and width into the shape TF.js records for its input, so model.summary() shows the layer before it with the cropped size; the shapes here are the real ones",
    train: {},
  },
};

/** Image augmentation layers that keep the shape: active only while training, no weights. */
function augmentation(className: string, args: ArgDef[], doc: string, page: string): LayerSpec {
  return {
    className,
    args,
    outputShape([input], cfg) {
      if (args.some((a) => a.name === 'data_format')) dataFormat(cfg);
      return input;
    },
    doc,
    docsPath: `preprocessing_layers/image_augmentation/${page}`,
  };
}

const FILL: ArgDef[] = [
  { name: 'fill_mode', default: 'reflect' },
  { name: 'interpolation', default: 'bilinear' },
  { name: 'seed', default: null },
  { name: 'fill_value', default: 0, float: true },
  { name: 'data_format', default: null },
];

export const RandomFlip = augmentation(
  'RandomFlip',
  [{ name: 'mode', default: 'horizontal_and_vertical' }, { name: 'seed', default: null }, { name: 'data_format', default: null }],
  'While training, randomly mirrors each image horizontally and/or vertically; the shape does not change.',
  'random_flip',
);
export const RandomRotation = augmentation(
  'RandomRotation',
  [{ name: 'factor' }, ...FILL],
  'While training, rotates each image by a random angle (a fraction `factor` of a full turn); the shape does not change.',
  'random_rotation',
);
export const RandomZoom = augmentation(
  'RandomZoom',
  [{ name: 'height_factor' }, { name: 'width_factor', default: null }, ...FILL],
  'While training, zooms each image in or out by a random amount; the shape does not change.',
  'random_zoom',
);
export const RandomTranslation = augmentation(
  'RandomTranslation',
  [{ name: 'height_factor' }, { name: 'width_factor' }, ...FILL],
  'While training, shifts each image by a random fraction of its height and width; the shape does not change.',
  'random_translation',
);
export const RandomContrast = augmentation(
  'RandomContrast',
  [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'seed', default: null }],
  'While training, changes the contrast of each image by a random factor; the shape does not change.',
  'random_contrast',
);
export const RandomBrightness = augmentation(
  'RandomBrightness',
  [{ name: 'factor' }, { name: 'value_range', default: [0, 255] }, { name: 'seed', default: null }],
  'While training, brightens or darkens each image by a random amount; the shape does not change.',
  'random_brightness',
);

export const RandomCrop: LayerSpec = {
  className: 'RandomCrop',
  args: [{ name: 'height' }, { name: 'width' }, { name: 'seed', default: null }, { name: 'data_format', default: null }],
  outputShape([input], cfg) {
    const format = dataFormat(cfg);
    const out = [...input];
    // Keras sets axes -3/-2 (channels_last) or -2/-1 (channels_first).
    const [h, w] = format === 'channels_last' ? [out.length - 3, out.length - 2] : [out.length - 2, out.length - 1];
    if (h < 0) throw new ShapeError('list assignment index out of range');
    out[h] = cfg.int('height');
    out[w] = cfg.int('width');
    return out;
  },
  doc: 'While training, cuts a random `height` × `width` window out of each image (at inference, the central one); the output has that size.',
  docsPath: 'preprocessing_layers/image_augmentation/random_crop',
};

const TEXT_OUTPUT_MODES = ['int', 'one_hot', 'multi_hot', 'count', 'tf_idf'];

/** TextVectorization's `output_mode`, its deprecated spellings (`binary`, `tf-idf`) read as Keras reads them. */
function textOutputMode(cfg: LayerConfig): string {
  const given = cfg.str('output_mode');
  const mode = given === 'binary' ? 'multi_hot' : given === 'tf-idf' ? 'tf_idf' : given;
  if (!TEXT_OUTPUT_MODES.includes(mode)) {
    throw new ShapeError(`Unknown value for \`output_mode\` argument of TextVectorization. Allowed values are: (${TEXT_OUTPUT_MODES.map((m) => `'${m}'`).join(', ')}). Received: output_mode=${given}`);
  }
  const maxTokens = cfg.optInt('max_tokens');
  if (maxTokens !== null && maxTokens <= 1) throw new ShapeError(`If set, \`max_tokens\` must be greater than 1. Received: max_tokens=${maxTokens}`);
  if (cfg.bool('pad_to_max_tokens') && maxTokens === null) throw new ShapeError('If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens=None');
  const length = arg(cfg, 'output_sequence_length');
  if (mode === 'int' && length.kind !== 'none' && length.kind !== 'int') {
    throw new ShapeError(`\`output_sequence_length\` must be either None or an integer when \`output_mode\` is 'int'. Received: output_sequence_length=${describe(length)}`);
  }
  if (mode !== 'int' && length.kind !== 'none') {
    throw new ShapeError(`\`output_sequence_length\` must not be set if \`output_mode\` is not 'int'. Received output_sequence_length=${describe(length)}.`);
  }
  return mode;
}

/**
 * The size of the encoded dim (multi_hot, count, tf_idf, one_hot): `max_tokens` when padded to it, else the
 * vocabulary's size (Keras's frozen vocabulary size), which only a literal `vocabulary=` list tells before the data.
 */
function textDepth(cfg: LayerConfig): number {
  if (cfg.bool('pad_to_max_tokens')) return cfg.int('max_tokens');
  const vocabulary = arg(cfg, 'vocabulary');
  const words = vocabulary.kind === 'list' || vocabulary.kind === 'tuple' ? vocabulary.items : undefined;
  if (words && cfg.isNone('max_tokens') && words.every((w) => w.kind === 'str') && new Set(words.map((w) => (w.kind === 'str' ? w.value : ''))).size === words.length) {
    return words.length + 1; // the OOV token; only output_mode='int' reserves a mask token too
  }
  throw new Unresolved(
    "TextVectorization's output size is the vocabulary's size, which adapt() takes from the data (and is None if the layer is called before adapt()); pass pad_to_max_tokens=True with max_tokens for a fixed size",
  );
}

export const TextVectorization: LayerSpec = {
  className: 'TextVectorization',
  args: [
    { name: 'max_tokens', default: null },
    { name: 'standardize', default: 'lower_and_strip_punctuation' },
    { name: 'split', default: 'whitespace' },
    { name: 'ngrams', default: null },
    { name: 'output_mode', default: 'int' },
    { name: 'output_sequence_length', default: null },
    { name: 'pad_to_max_tokens', default: false },
    { name: 'vocabulary', default: null },
    { name: 'idf_weights', default: null },
    { name: 'sparse', default: false },
    { name: 'ragged', default: false },
    { name: 'encoding', default: 'utf-8' },
  ],
  // keras/src/layers/preprocessing/text_vectorization.py compute_output_shape, then IndexLookup's.
  outputShape([input], cfg) {
    const mode = textOutputMode(cfg);
    if (mode === 'int') return [input[0] ?? null, cfg.optInt('output_sequence_length')];
    const tokens: Dim[] = cfg.isNone('split') ? (input.length <= 1 ? [...input, 1] : [...input]) : [...input, null];
    const depth = textDepth(cfg);
    if (mode === 'one_hot') return tokens.length > 1 && tokens[tokens.length - 1] === 1 ? [...tokens.slice(0, -1), depth] : [...tokens, depth];
    return [...tokens.slice(0, -1), depth];
  },
  doc: 'Turns strings into token indices (`int`, padded or cut to `output_sequence_length`) or into one vector per string over the vocabulary (`multi_hot`, `count`, `tf_idf`); its vocabulary comes from `adapt()` on text and holds no weights.',
  docsPath: 'preprocessing_layers/text/text_vectorization',
};

/**
 * Why `vectorizer.vocabulary_size()` has no value here: after `adapt()` it counts the distinct tokens of the data
 * (plus the mask and OOV tokens); `max_tokens` only caps it, and reaching the cap needs that many distinct tokens.
 */
export function vocabularySizeUnknown(cfg: LayerConfig | undefined): string {
  const cap = cfg?.raw('max_tokens');
  const capped = cap?.kind === 'int' ? `, at most max_tokens=${cap.value} (reached only if the data has that many distinct tokens)` : '';
  return `vocabulary_size() is the number of distinct tokens adapt() finds in the data plus the reserved tokens${capped}; Model Lens does not read the data`;
}

/** This family, in the order the catalogue lists it. */
export const PREPROCESSING_LAYERS: readonly LayerSpec[] = [
  Rescaling, Normalization, Resizing, CenterCrop,
  RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast, RandomBrightness, RandomCrop,
  TextVectorization,
];
