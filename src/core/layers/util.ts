/**
 * Argument checks and shape arithmetic that several layer families share, each a copy of the Keras 3
 * helper it is named after (`standardize_tuple`, `standardize_data_format`, `compute_conv_output_shape`, ...)
 * so that the numbers and the error messages come out as Keras's do.
 */
import { ShapeError, Unresolved } from '../model/errors';
import { formatShape, type Dim, type Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import type { ArgDef, LayerConfig, Weight } from './spec';

export type DataFormat = 'channels_last' | 'channels_first';

/** An argument's value; Unresolved when the analyzer could not work it out. */
export function arg(cfg: LayerConfig, name: string): PyValue {
  const v = cfg.raw(name);
  if (v === undefined) throw new ShapeError(`${cfg.className}: missing required argument '${name}'`);
  if (v.kind === 'unknown') throw new Unresolved(`${name}: ${v.reason}`);
  return v;
}

/** The items of a tuple or list, each resolved; undefined for anything else. */
export function items(v: PyValue, name: string): PyValue[] | undefined {
  if (v.kind !== 'tuple' && v.kind !== 'list') return undefined;
  for (const item of v.items) if (item.kind === 'unknown') throw new Unresolved(`${name}: ${item.reason}`);
  return [...v.items];
}

/** An int, or a bool (Python's bools are ints); undefined otherwise. */
export function asInt(v: PyValue): number | undefined {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

/** Python's repr of a set of ints, `{0, -1}`. */
const pySet = (values: readonly number[]): string => `{${[...new Set(values)].join(', ')}}`;

/** `keras.src.utils.argument_validation.standardize_tuple`: an int repeated n times or exactly n ints. */
export function standardizeTuple(v: PyValue, n: number, name: string, allowZero = false): number[] {
  let msg = `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${describe(v)}`;
  let values: number[];
  const single = asInt(v);
  if (single !== undefined) {
    values = Array<number>(n).fill(single);
  } else {
    const list = items(v, name);
    if (!list || list.length !== n) throw new ShapeError(msg);
    values = list.map((item) => {
      const x = asInt(item);
      if (x === undefined) {
        // Python's int() would accept a float or a numeric string here; what follows is not worth guessing.
        if (item.kind === 'float' || item.kind === 'str') throw new Unresolved(`${name}: ${describe(item)} is not an integer`);
        throw new ShapeError(`${msg}including element ${describe(item)} of type ${pyType(item)}`);
      }
      return x;
    });
  }
  const bad = values.filter((x) => (allowZero ? x < 0 : x <= 0));
  if (bad.length > 0) {
    msg += `, including values ${pySet(bad)} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``;
    throw new ShapeError(msg);
  }
  return values;
}

export function tupleArg(cfg: LayerConfig, name: string, n: number, allowZero = false): number[] {
  return standardizeTuple(arg(cfg, name), n, name, allowZero);
}

function pyType(v: PyValue): string {
  const t: Partial<Record<PyValue['kind'], string>> = { none: 'NoneType', tuple: 'tuple', list: 'list', dict: 'dict', str: 'str', float: 'float' };
  return `<class '${t[v.kind] ?? 'object'}'>`;
}

/** `keras.backend.standardize_data_format`; None is Keras's default `image_data_format()`, channels_last. */
export function dataFormat(cfg: LayerConfig, name = 'data_format'): DataFormat {
  const v = arg(cfg, name);
  if (v.kind === 'none') return 'channels_last';
  const s = (v.kind === 'str' ? v.value : describe(v)).toLowerCase();
  if (s !== 'channels_last' && s !== 'channels_first') {
    throw new ShapeError(
      `The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${s}`,
    );
  }
  return s;
}

/** `keras.src.utils.argument_validation.standardize_padding` for conv layers (case-insensitive). */
export function convPadding(cfg: LayerConfig, allowCausal: boolean): 'valid' | 'same' | 'causal' {
  const v = arg(cfg, 'padding');
  if (v.kind !== 'str') throw new Unresolved(`padding ${describe(v)} is not a padding mode Model Lens knows`);
  const p = v.value.toLowerCase();
  if (p === 'valid' || p === 'same' || (allowCausal && p === 'causal')) return p;
  const allowed = allowCausal ? "{'valid', 'same', 'causal'}" : "{'valid', 'same'}";
  throw new ShapeError(`The \`padding\` argument must be a list/tuple or one of ${allowed}. Received: ${p}`);
}

/** numpy's str() of a 1-D array, as Keras's messages print it: ints right-aligned, `None` unpadded. */
export function npArray(dims: readonly Dim[]): string {
  if (dims.some((d) => d === null)) return `[${dims.map((d) => (d === null ? 'None' : String(d))).join(' ')}]`;
  const width = Math.max(...dims.map((d) => String(d).length));
  return `[${dims.map((d) => String(d).padStart(width)).join(' ')}]`;
}

/** Python's repr of a tuple of ints. */
export const pyTuple = (values: readonly Dim[]): string => formatShape(values);

/** Python's repr of a list of shapes: `[(None, 3), (None, 4)]`. */
export const pyShapeList = (shapes: readonly Shape[]): string => `[${shapes.map((s) => formatShape(s)).join(', ')}]`;

/** Spatial dims and channel axis of an input in the given data format. */
export function splitChannels(shape: Shape, format: DataFormat): { spatial: Dim[]; channels: Dim } {
  return format === 'channels_last'
    ? { spatial: shape.slice(1, -1), channels: shape[shape.length - 1] }
    : { spatial: shape.slice(2), channels: shape[1] };
}

export function joinChannels(batch: Dim, spatial: readonly Dim[], channels: Dim, format: DataFormat): Dim[] {
  return format === 'channels_last' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}

/** A dim the weights depend on: Keras cannot build with it unknown, and neither can we say what it is. */
export function known(d: Dim | undefined, what: string): number {
  if (d === null || d === undefined) throw new Unresolved(`${what} is not known`);
  return d;
}

/** `keras.src.ops.operation_utils.compute_conv_output_shape`. */
export function convOutputShape(
  input: Shape,
  filters: number,
  kernelSize: readonly number[],
  strides: readonly number[],
  padding: 'valid' | 'same' | 'causal',
  format: DataFormat,
  dilation: readonly number[],
): Dim[] {
  const { spatial, channels } = splitChannels(input, format);
  const kernelShape: Dim[] = [...kernelSize, channels, filters];
  if (kernelShape.length !== input.length) {
    throw new ShapeError(
      `Kernel shape must have the same length as input, but received kernel of shape ${pyTuple(kernelShape)} and input of shape ${pyTuple(input)}.`,
    );
  }
  const out = spatial.map((s, i) => {
    if (s === null) return null;
    if (padding === 'valid') {
      const o = Math.floor((s - dilation[i] * (kernelSize[i] - 1) - 1) / strides[i]) + 1;
      if (o <= 0) {
        throw new ShapeError(
          `Computed output size would be zero or negative. Received \`inputs shape=${pyTuple(input)}\`, \`kernel shape=${pyTuple(kernelShape)}\`, \`dilation_rate=${npArray(dilation)}\`, \`strides=${pyTuple(strides)}\`, \`padding=${padding}\`.`,
        );
      }
      return o;
    }
    return Math.floor((s - 1) / strides[i]) + 1;
  });
  return joinChannels(input[0], out, filters, format);
}

/** `keras.src.ops.operation_utils.compute_pooling_output_shape`; the padding is not lower-cased. */
export function poolOutputShape(
  input: Shape,
  poolSize: readonly number[],
  strides: readonly number[],
  padding: string,
  format: DataFormat,
): Dim[] {
  const { spatial, channels } = splitChannels(input, format);
  let out: Dim[];
  if (padding === 'valid') {
    out = spatial.map((s, i) => {
      if (s === null) return null;
      const o = Math.floor((s - poolSize[i]) / strides[i]) + 1;
      if (o <= 0) {
        throw new ShapeError(
          `Computed output size would be zero or negative. Received: \`inputs.shape=${npArray(input)}\`, \`pool_size=${npArray(poolSize)}\`, \`strides=${pyTuple(strides)}\`, \`padding=${padding}\`.`,
        );
      }
      return o;
    });
  } else if (padding === 'same') {
    out = spatial.map((s, i) => (s === null ? null : Math.floor((s - 1) / strides[i]) + 1));
  } else {
    throw new ShapeError(`Argument \`padding\` must be either 'valid' or 'same'. Received: padding=${padding}`);
  }
  return joinChannels(input[0], out, channels, format);
}

/** Keras's check that an RNN-style `units` is positive, in the RNN layers' words. */
export function rnnUnits(cfg: LayerConfig, name = 'units'): number {
  const v = arg(cfg, name);
  const n = asInt(v);
  if (n === undefined) throw new ShapeError(`${cfg.className}: expected an integer for argument \`${name}\`, received ${describe(v)}`);
  if (n <= 0) {
    throw new ShapeError(`Received an invalid value for argument \`${name}\`, expected a positive integer, got ${n}.`);
  }
  return n;
}

/** Keras's `to_snake_case`, which names layers: `Conv2DTranspose` → `conv2d_transpose`. */
export { snakeCase as snake } from '../model/naming';

/** LoRA (`lora_rank=`) makes the kernel non-trainable and adds two trainable low-rank factors after the others. */
export function withLora(weights: Weight[], cfg: LayerConfig, kernelName: string, a: string, b: string): Weight[] {
  if (cfg.isNone('lora_rank')) return weights;
  const rank = cfg.int('lora_rank');
  if (rank === 0) return weights;
  if (!cfg.isNone(`${kernelName}_constraint`)) {
    const what = kernelName === 'embeddings' ? 'embedding' : 'kernel';
    throw new ShapeError(`Lora is incompatible with ${what} constraints. In order to enable lora on this layer, remove the \`${kernelName}_constraint\` argument.`);
  }
  const kernel = weights.find((w) => w.name === kernelName);
  if (!kernel) return weights;
  const out = weights.map((w) => (w === kernel ? { ...w, trainable: false } : w));
  const last = kernel.shape[kernel.shape.length - 1];
  out.push({ name: a, shape: [...kernel.shape.slice(0, -1), rank], trainable: true });
  out.push({ name: b, shape: [rank, last], trainable: true });
  return out;
}

export const LORA_ARGS: ArgDef[] = [
  { name: 'lora_rank', default: null, keywordOnly: true },
  { name: 'lora_alpha', default: null, keywordOnly: true },
];

