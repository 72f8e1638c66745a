/**
 * Merge layers (keras/src/layers/merging), called on a list of tensors. The element-wise ones broadcast like
 * Keras's `Merge._compute_elemwise_op_output_shape`; Concatenate and Dot follow their own `build` checks.
 */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { describe } from '../model/values';
import { noMacs } from './macs-rules';
import type { LayerConfig, LayerSpec } from './spec';
import { arg, asInt, items, pyShapeList, pyTuple } from './util';

/** `Merge._compute_elemwise_op_output_shape` on shapes without their batch dim. */
function elemwise(shape1: Shape, shape2: Shape): Dim[] {
  if (shape1.length < shape2.length) return elemwise(shape2, shape1);
  if (shape2.length === 0) return [...shape1];
  const out: Dim[] = shape1.slice(0, shape1.length - shape2.length);
  shape1.slice(shape1.length - shape2.length).forEach((i, k) => {
    const j = shape2[k];
    if (i === null || j === null) out.push(null);
    else if (i === 1) out.push(j);
    else if (j === 1) out.push(i);
    else if (i !== j) throw new ShapeError(`Inputs have incompatible shapes. Received shapes ${pyTuple(shape1)} and ${pyTuple(shape2)}`);
    else out.push(i);
  });
  return out;
}

/** `Merge.build` + `Merge.compute_output_shape`. */
function mergeShape(inputs: readonly Shape[]): Dim[] {
  const batches = new Set(inputs.filter((s) => s.length > 0).map((s) => s[0]).filter((d) => d !== null));
  if (batches.size > 1) {
    throw new ShapeError(`Cannot merge tensors with different batch sizes. Received tensors with shapes ${pyShapeList(inputs)}`);
  }
  let out: Dim[] = inputs[0].slice(1);
  for (const s of inputs.slice(1)) out = elemwise(out, s.slice(1));
  return [batches.size === 1 ? [...batches][0] : null, ...out];
}

function needList(inputs: readonly Shape[]): void {
  if (inputs.length < 1) {
    throw new ShapeError(`A merge layer should be called on a list of at least 1 input. Received ${inputs.length} inputs.`);
  }
}

function elementwise(className: string, doc: string, docsPath: string): LayerSpec {
  return {
    className,
    args: [],
    call: 'list',
    outputShape(inputs) {
      needList(inputs);
      return mergeShape(inputs);
    },
    doc,
    docsPath,
    tfjs: { factories: [className.toLowerCase()], keys: {}, train: {} },
    macs: noMacs,
  };
}

// Keras's lower-case `add`, `concatenate`, ... are functions that take the tensors, not layer classes; the same
// names are TF.js's factories (`tf.layers.add()`), which only the TF.js side reads.
export const Add = elementwise('Add', 'Adds a list of tensors element by element; the shapes must match (or broadcast).', 'merging_layers/add');
export const Multiply = elementwise('Multiply', 'Multiplies a list of tensors element by element; the shapes must match (or broadcast).', 'merging_layers/multiply');
export const Average = elementwise('Average', 'Averages a list of tensors element by element; the shapes must match (or broadcast).', 'merging_layers/average');
export const Maximum = elementwise('Maximum', 'Takes the element-wise maximum of a list of tensors; the shapes must match (or broadcast).', 'merging_layers/maximum');
export const Minimum = elementwise('Minimum', 'Takes the element-wise minimum of a list of tensors; the shapes must match (or broadcast).', 'merging_layers/minimum');

export const Subtract: LayerSpec = {
  className: 'Subtract',
  args: [],
  call: 'list',
  outputShape(inputs) {
    needList(inputs);
    const out = mergeShape(inputs);
    if (inputs.length !== 2) {
      throw new ShapeError(`A \`Subtract\` layer should be called on exactly 2 inputs. Received: input_shape=${pyShapeList(inputs)}`);
    }
    return out;
  },
  doc: 'Subtracts the second of two tensors from the first, element by element; the shapes must match (or broadcast).',
  docsPath: 'merging_layers/subtract',
  macs: noMacs,
};

export const Concatenate: LayerSpec = {
  className: 'Concatenate',
  args: [{ name: 'axis', default: -1 }],
  call: 'list',
  outputShape(inputs, cfg) {
    const axis = cfg.int('axis');
    if (inputs.length < 1) {
      throw new ShapeError(`A \`Concatenate\` layer should be called on a list of at least 1 input. Received: input_shape=${pyShapeList(inputs)}`);
    }
    // Concatenate.build: every shape without the concatenation axis must agree, None matching anything.
    const reduced = inputs.map((s) => {
      const r = [...s];
      if (r.length > axis) {
        const at = axis < 0 ? axis + r.length : axis;
        if (at < 0) throw new ShapeError('list assignment index out of range');
        r.splice(at, 1);
      }
      return r;
    });
    const distinct = [...new Map(reduced.map((r) => [JSON.stringify(r), r])).values()];
    if (distinct.length !== 1) {
      const err = new ShapeError(
        `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${pyShapeList(inputs)}`,
      );
      const ranks = new Set(distinct.map((r) => r.length));
      if (ranks.size !== 1) throw err;
      const rank = distinct[0].length;
      for (let a = 0; a < rank; a++) {
        const dims = new Set(distinct.map((r) => r[a]).filter((d) => d !== null));
        if (dims.size > 1) throw err;
      }
    }
    // Concatenate.compute_output_shape: the first input's dims, the axis summed (None if any is None).
    const out = [...inputs[0]];
    const at = axis < 0 ? axis + out.length : axis;
    if (at < 0 || at >= out.length) throw new ShapeError('list index out of range');
    for (const s of inputs.slice(1)) {
      const sat = axis < 0 ? axis + s.length : axis;
      if (sat < 0 || sat >= s.length) throw new ShapeError('tuple index out of range');
      const d = s[sat];
      if (out[at] === null || d === null) {
        out[at] = null;
        break;
      }
      out[at] = (out[at] as number) + d;
    }
    return out;
  },
  doc: 'Joins a list of tensors along `axis` (the last one by default); all other dimensions must match, and the joined dimension is the sum of theirs.',
  docsPath: 'merging_layers/concatenate',
  tfjs: { factories: ['concatenate'], keys: { axis: 'axis' }, train: {} },
  macs: noMacs,
};

/** Dot's `axes` as Keras resolves them: an int for both inputs (negative ones taken modulo the rank) or a pair. */
function dotAxes(cfg: LayerConfig, shape1: Shape, shape2: Shape): [number, number] {
  const v = arg(cfg, 'axes');
  const one = asInt(v);
  if (one !== undefined) return one < 0 ? [mod(one, shape1.length), mod(one, shape2.length)] : [one, one];
  const list = items(v, 'axes');
  if (!list) throw new ShapeError(`Invalid type for argument \`axes\`: it should be a list or an int. Received: axes=${describe(v)}`);
  if (list.length !== 2) throw new ShapeError(`Invalid format for argument \`axes\`: it should contain two elements. Received: axes=${describe(v)}`);
  const a = asInt(list[0]);
  const b = asInt(list[1]);
  if (a === undefined || b === undefined) {
    throw new ShapeError(`Invalid format for argument \`axes\`: list elements should be integers. Received: axes=${describe(v)}`);
  }
  return [a, b];
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** Python's `shape[i]` for a possibly negative i. */
function at(shape: Shape, i: number): Dim {
  const k = i < 0 ? i + shape.length : i;
  if (k < 0 || k >= shape.length) throw new ShapeError('tuple index out of range');
  return shape[k];
}

export const Dot: LayerSpec = {
  className: 'Dot',
  args: [{ name: 'axes' }, { name: 'normalize', default: false }],
  call: 'list',
  outputShape(inputs, cfg) {
    if (inputs.length !== 2) {
      throw new ShapeError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${pyShapeList(inputs)}`);
    }
    const [shape1, shape2] = inputs;
    const [a1, a2] = dotAxes(cfg, shape1, shape2);
    const d1 = at(shape1, a1);
    const d2 = at(shape2, a2);
    if (d1 !== d2) {
      if (d1 === null || d2 === null) throw new Unresolved('the size of an axis Dot multiplies over is not known');
      throw new ShapeError(
        `Incompatible input shapes: axis values ${d1} (at axis ${a1}) != ${d2} (at axis ${a2}). Full input shapes: ${pyTuple(shape1)}, ${pyTuple(shape2)}`,
      );
    }
    const s1 = [...shape1];
    const s2 = [...shape2];
    s1.splice(a1 < 0 ? a1 + s1.length : a1, 1);
    s2.splice(a2 < 0 ? a2 + s2.length : a2, 1);
    s2.shift();
    const out = [...s1, ...s2];
    return out.length === 1 ? [...out, 1] : out;
  },
  doc: 'Takes the dot product of two tensors along the given `axes` for each sample (with `normalize=True`, the cosine similarity).',
  docsPath: 'merging_layers/dot',
  tfjs: {
    factories: ['dot'],
    keys: { axes: 'axes', normalize: 'normalize' },
    check: (inputs) => {
      if (inputs.some((s) => s.length > 3)) throw new ShapeError('Dot layer does not support tensors of 4D or higher rank yet.');
    },
    train: {},
  },
};

/** This family, in the order the catalogue lists it. */
export const MERGING_LAYERS: readonly LayerSpec[] = [Concatenate, Add, Subtract, Multiply, Average, Maximum, Minimum, Dot];
