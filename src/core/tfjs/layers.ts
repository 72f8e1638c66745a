/**
 * TensorFlow.js layer factories (`tf.layers.dense({...})`) over the layer catalogue: each spec's `tfjs` part
 * says its factory names, how its camelCase config keys become Keras arguments, where TF.js's defaults differ
 * from Keras 3's, and the few shape rules TF.js applies on top. This module turns that into the evaluator's
 * lookups; it knows no layer itself.
 */
import { LAYER_SPECS } from '../layers/catalogue';
import { snakeCase } from '../model/naming';
import type { LayerSpec, TfjsKey, TfjsLayerSpec } from '../layers/spec';
import { snakeKey, snakeValue, tfjsShape } from '../layers/tfjs-keys';
import { formatShape } from '../model/shape';
import type { PyValue } from '../model/values';

/** One `tf.layers` factory: its spec's `tfjs` part (checks, defaults, quirks), or just its class when there is no spec. */
export interface TfjsLayerDef extends Pick<TfjsLayerSpec, 'defaults' | 'required' | 'check' | 'outputShape' | 'warning' | 'note' | 'doc'> {
  /** The TF.js class name: automatic layer names are `${snake(tfClass)}_${tfClass}${n}`. */
  readonly tfClass: string;
  /** The catalogue's (Keras) class; undefined when Model Lens has no spec for it. */
  readonly keras?: string;
  /** Config keys TF.js reads that change shapes or weights (the spec's `tfjs.keys`). */
  readonly args: Readonly<Record<string, TfjsKey>>;
  /** How the layer is called when not a single tensor (merge layers take a list). */
  readonly list?: boolean;
  /** The catalogue spec it comes from. */
  readonly spec?: LayerSpec;
}

export { tfjsSnakeCase } from '../model/naming';

/** `kernel_size` → `kernelSize`: a Keras argument in TF.js's terms. */
export function camelKey(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** Keys every layer reads (tfjs-layers' LayerArgs); the evaluator handles them, not the spec. */
export const COMMON_KEYS: ReadonlySet<string> = new Set(['inputShape', 'batchInputShape', 'batchSize', 'dtype', 'name', 'trainable', 'weights', 'inputDType']);

/** Initializers, regularizers and constraints: read by TF.js, never a shape. */
export function isWeightSetting(key: string): boolean {
  return /(Initializer|Regularizer|Constraint)$/.test(key);
}

/**
 * `tf.layers` factories of tfjs-layers 4.22 that the catalogue has no spec for (no Keras 3 counterpart, or
 * generic recurrent containers whose cell decides everything): known by name, so they read as TF.js layers
 * Model Lens does not analyze yet rather than as unknown names.
 */
const TFJS_WITHOUT_SPEC: Readonly<Record<string, string>> = {
  thresholdedReLU: 'ThresholdedReLU',
  categoryEncoding: 'CategoryEncoding',
  randomWidth: 'RandomWidth',
  rnn: 'RNN',
  simpleRNNCell: 'SimpleRNNCell',
  lstmCell: 'LSTMCell',
  gruCell: 'GRUCell',
  stackedRNNCells: 'StackedRNNCells',
  convLstm2dCell: 'ConvLSTM2DCell',
};

/** One def per factory, so messages name the factory as written (`maxPool2d`, not `maxPooling2d`). */
function defOf(spec: LayerSpec): TfjsLayerDef {
  const t = spec.tfjs!;
  return {
    tfClass: t.className ?? spec.className,
    keras: spec.className,
    args: t.keys,
    defaults: t.defaults,
    required: t.required,
    check: t.check,
    outputShape: t.outputShape,
    list: spec.call === 'list' || undefined,
    warning: t.warning,
    note: t.note,
    doc: t.doc,
    spec,
  };
}

/** Every `tf.layers.*` factory of tfjs-layers 4.22, by factory name. */
export const TFJS_LAYERS: ReadonlyMap<string, TfjsLayerDef> = new Map<string, TfjsLayerDef>([
  ...LAYER_SPECS.flatMap((spec) => (spec.tfjs?.factories ?? []).map((factory): [string, TfjsLayerDef] => [factory, defOf(spec)])),
  ...Object.entries(TFJS_WITHOUT_SPEC).map(([factory, tfClass]): [string, TfjsLayerDef] => [factory, { tfClass, args: {} }]),
]);

/** The result of translating one `tf.layers.x({...})` config. */
export interface TranslatedConfig {
  /** Keras keyword arguments for `bindArgs`. */
  readonly keywords: Map<string, PyValue>;
  /** Keys TF.js does not read, or reads without effect; each becomes a warning. */
  readonly ignored: { key: string; why: string }[];
  /** A value TF.js itself rejects (the constructor throws). */
  readonly error?: string;
}

/**
 * The Keras keywords for a TF.js config object. Undefined values count as absent (TF.js tests `== null`);
 * null is None where TF.js distinguishes it (Bidirectional's mergeMode).
 */
export function translateConfig(def: TfjsLayerDef, config: ReadonlyMap<string, PyValue>, isUndefined: (v: PyValue) => boolean): TranslatedConfig {
  const keywords = new Map<string, PyValue>();
  for (const [k, v] of Object.entries(def.defaults ?? {})) keywords.set(k, v);
  const ignored: { key: string; why: string }[] = [];
  let error: string | undefined;
  for (const [key, value] of config) {
    if (COMMON_KEYS.has(key)) continue;
    // Initializers, regularizers and constraints do not change shapes; kept under Keras's name for training's rebuild.
    if (isWeightSetting(key)) {
      const given = value.kind !== 'none' && !isUndefined(value);
      if (given && tfjsSpec(def)?.args.some((a) => a.name === snakeKey(key))) keywords.set(snakeKey(key), value);
      continue;
    }
    // Own keys only: a config key such as `__proto__` or `constructor` must not find Object.prototype's members.
    const map = Object.hasOwn(def.args, key) ? def.args[key] : undefined;
    if (map === undefined) {
      ignored.push({ key, why: `tf.layers.${factoryOf(def)} does not read \`${key}\`; TF.js ignores it` });
      continue;
    }
    // TF.js reads `x == null` as "not given" for every argument but mergeMode.
    if (isUndefined(value) || (value.kind === 'none' && key !== 'mergeMode')) continue;
    if (typeof map === 'string') {
      keywords.set(map, map === 'activation' || map === 'recurrent_activation' || map === 'interpolation' ? snakeValue(value) : value);
      continue;
    }
    const out = map(value);
    if (Array.isArray(out)) keywords.set(out[0], out[1]);
    else if ('unresolved' in out) keywords.set(snakeKey(key), { kind: 'unknown', reason: out.unresolved });
    else if ('error' in out) error ??= out.error;
    else if (out.ignored) ignored.push({ key, why: out.ignored });
  }
  for (const key of def.required ?? []) {
    const v = config.get(key);
    if (v === undefined || v.kind === 'none') error ??= `tf.layers.${factoryOf(def)} needs \`${key}\``;
  }
  return { keywords, ignored, error };
}

function factoryOf(def: TfjsLayerDef): string {
  for (const [name, d] of TFJS_LAYERS) if (d === def) return name;
  return def.tfClass;
}

const wrapped = new Map<TfjsLayerDef, LayerSpec>();

/**
 * The catalogue spec with TF.js's own rules around it. The Keras spec stays the source of the shape and the
 * weights; the wrapper adds TF.js's checks and, where TF.js differs, its shape.
 */
export function tfjsSpec(def: TfjsLayerDef): LayerSpec | undefined {
  const keras = def.spec;
  if (!keras) return undefined;
  const cached = wrapped.get(def);
  if (cached) return cached;
  const spec: LayerSpec = {
    ...keras,
    // `input_length` is TF.js's Embedding argument; Keras 3 dropped it.
    args: def.args.inputLength ? [...keras.args, { name: 'input_length', default: null, keywordOnly: true }] : keras.args,
    outputShape(inputs, cfg) {
      def.check?.(inputs, cfg, snakeCase(keras.className));
      return def.outputShape ? def.outputShape(inputs, cfg, keras) : keras.outputShape(inputs, cfg);
    },
  };
  wrapped.set(def, spec);
  return spec;
}

export { formatShape, snakeKey, tfjsShape };
