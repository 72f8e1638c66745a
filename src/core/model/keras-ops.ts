/**
 * Output shapes of the `keras.ops` functions people use between layers (in Lambdas, and on tensors in
 * functional code). Undefined for an op we do not follow; a string for a call Keras would reject.
 */
import type { Dim, Shape } from './shape';
import type { PyValue } from './values';

const ELEMENTWISE = new Set([
  'abs', 'absolute', 'square', 'sqrt', 'rsqrt', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'negative', 'sign', 'floor', 'ceil',
  'round', 'sin', 'cos', 'tan', 'tanh', 'sinh', 'cosh', 'arctan', 'erf', 'relu', 'relu6', 'sigmoid', 'softplus', 'softsign', 'silu',
  'swish', 'gelu', 'elu', 'selu', 'leaky_relu', 'hard_sigmoid', 'hard_silu', 'softmax', 'log_softmax', 'cast', 'stop_gradient',
  'clip', 'reciprocal', 'logical_not', 'isnan', 'isfinite', 'zeros_like', 'ones_like', 'normalize', 'l2_normalize', 'copy', 'cumsum', 'cumprod',
]);
const BINARY = new Set(['add', 'subtract', 'multiply', 'divide', 'true_divide', 'maximum', 'minimum', 'power', 'mod', 'floor_divide', 'equal', 'not_equal', 'greater', 'less', 'greater_equal', 'less_equal', 'logical_and', 'logical_or']);
const REDUCTIONS = new Set(['sum', 'mean', 'max', 'min', 'prod', 'std', 'var', 'all', 'any', 'logsumexp', 'amax', 'amin', 'argmax', 'argmin', 'norm']);

export type OpArgs = { readonly positional: readonly PyValue[]; readonly keywords: ReadonlyMap<string, PyValue> };

function intArg(args: OpArgs, index: number, name: string): number | null | undefined {
  const v = args.positional[index] ?? args.keywords.get(name);
  if (v === undefined || v.kind === 'none') return null;
  return v.kind === 'int' ? v.value : undefined;
}

function axesArg(args: OpArgs, index: number, name: string): number[] | null | undefined {
  const v = args.positional[index] ?? args.keywords.get(name);
  if (v === undefined || v.kind === 'none') return null;
  if (v.kind === 'int') return [v.value];
  if ((v.kind === 'tuple' || v.kind === 'list') && v.items.every((i) => i.kind === 'int')) return v.items.map((i) => (i as { value: number }).value);
  return undefined;
}

function norm(axis: number, rank: number): number | undefined {
  const a = axis < 0 ? rank + axis : axis;
  return a >= 0 && a < rank ? a : undefined;
}

export function broadcast(a: Shape, b: Shape): Shape | string {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    // Missing leading dims count as 1; a present `null` (unknown) must stay null.
    const ia = a.length - n + i;
    const ib = b.length - n + i;
    const x = ia >= 0 ? a[ia] : 1;
    const y = ib >= 0 ? b[ib] : 1;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null) out.push(y);
    else if (y === null) out.push(x);
    else if (x === y) out.push(x);
    else return `Cannot broadcast shapes (${a.map((d) => d ?? 'None').join(', ')}) and (${b.map((d) => d ?? 'None').join(', ')})`;
  }
  return out;
}

/**
 * `shapes` are the shapes of the tensor arguments in order (a list argument such as concatenate's counts as
 * its items); scalars have shape [].
 */
export function opOutputShape(name: string, shapes: readonly Shape[], args: OpArgs): Shape | string | undefined {
  const [x, y] = shapes;
  if (!x) return undefined;
  if (ELEMENTWISE.has(name)) return x;
  if (BINARY.has(name)) return y ? broadcast(x, y) : undefined;
  if (REDUCTIONS.has(name)) {
    const axes = axesArg(args, 1, 'axis');
    const keep = args.keywords.get('keepdims');
    const keepdims = keep?.kind === 'bool' && keep.value;
    if (axes === undefined) return undefined;
    if (axes === null) return keepdims ? x.map(() => 1) : [];
    const drop = axes.map((a) => norm(a, x.length));
    if (drop.some((a) => a === undefined)) return `axis ${axes.join(', ')} is out of bounds for a tensor of rank ${x.length}`;
    return keepdims ? x.map((d, i) => (drop.includes(i) ? 1 : d)) : x.filter((_, i) => !drop.includes(i));
  }
  switch (name) {
    case 'expand_dims': {
      const axis = intArg(args, 1, 'axis');
      if (axis === undefined || axis === null) return undefined;
      const at = axis < 0 ? x.length + 1 + axis : axis;
      return at < 0 || at > x.length ? `axis ${axis} is out of bounds` : [...x.slice(0, at), 1, ...x.slice(at)];
    }
    case 'squeeze': {
      const axes = axesArg(args, 1, 'axis');
      if (axes === undefined) return undefined;
      if (axes === null) return x.some((d) => d === null) ? undefined : x.filter((d) => d !== 1);
      const drop = axes.map((a) => norm(a, x.length));
      return drop.some((a) => a === undefined || x[a] !== 1) ? `cannot squeeze axis ${axes.join(', ')} of shape (${x.join(', ')})` : x.filter((_, i) => !drop.includes(i));
    }
    case 'transpose': {
      const axes = axesArg(args, 1, 'axes');
      if (axes === undefined) return undefined;
      return axes === null ? [...x].reverse() : axes.map((a) => x[norm(a, x.length) ?? 0]);
    }
    case 'concatenate': {
      const axis = intArg(args, 1, 'axis') ?? 0;
      const at = norm(axis, x.length);
      if (at === undefined) return `axis ${axis} is out of bounds`;
      let size: Dim = 0;
      for (const s of shapes) {
        if (s.length !== x.length) return 'all the input arrays must have same number of dimensions';
        size = size === null || s[at] === null ? null : size + (s[at] as number);
      }
      return x.map((d, i) => (i === at ? size : d));
    }
    case 'stack': {
      const axis = intArg(args, 1, 'axis') ?? 0;
      const at = axis < 0 ? x.length + 1 + axis : axis;
      return [...x.slice(0, at), shapes.length, ...x.slice(at)];
    }
    case 'matmul':
    case 'dot': {
      if (!y || x.length < 2 || y.length < 2) return undefined;
      const inner = x[x.length - 1];
      const other = y[y.length - 2];
      if (inner !== null && other !== null && inner !== other) return `Incompatible shapes for matmul: (${x.join(', ')}) and (${y.join(', ')})`;
      const batch = broadcast(x.slice(0, -2), y.slice(0, -2));
      return typeof batch === 'string' ? batch : [...batch, x[x.length - 2], y[y.length - 1]];
    }
    default:
      return undefined;
  }
}
