/**
 * TF.js's WebAssembly backend has no Conv2DBackpropFilter kernel, so it cannot train a convolution as it
 * ships. The filter gradient is itself a convolution, of the input with the output gradient:
 *
 *   dW[kh, kw, ci, co] = Σ_{b,i,j} x[b, i·s + kh, j·s + kw, ci] · dy[b, i, j, co]
 *
 * which is conv2d(x as [Ci, H, W, B], dy as [Ho, Wo, B, Co], dilation s), its first KH×KW positions,
 * transposed to [KH, KW, Ci, Co]. Registered as the wasm backend's Conv2DBackpropFilter kernel (so every
 * path that needs it, the plain and the fused convolution's gradient, gets it), built from the backend's own
 * Transpose, PadV2, Conv2D and Slice kernels: convnets train at WebAssembly speed.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { MissingKernel } from './missing-kernel';
import { replaceWasmKernel, type KernelFunc } from './wasm-backend';

type ExplicitPadding = [[number, number], [number, number], [number, number], [number, number]];
type Pad = 'valid' | 'same' | number | ExplicitPadding;

/** What a convolution's gradient kernels are told about the convolution. */
interface ConvolutionAttrs {
  strides: number | [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

interface BackpropFilterAttrs extends ConvolutionAttrs {
  filterShape: [number, number, number, number];
}

interface BackpropInputAttrs extends ConvolutionAttrs {
  inputShape: [number, number, number, number];
}

type Run = (name: string, inputs: Record<string, tfc.TensorInfo>, attrs: Record<string, unknown>, keep?: boolean) => tfc.TensorInfo;

/**
 * Runs `build` with a function that calls the backend's kernels by name; every intermediate it makes is disposed
 * afterwards, except the ones called with `keep` (the result).
 */
function withKernels(tf: Tf, backend: unknown, build: (run: Run) => tfc.TensorInfo): tfc.TensorInfo {
  const temps: tfc.TensorInfo[] = [];
  const run: Run = (name, inputs, attrs, keep = false) => {
    const out = (tf.getKernel(name, 'wasm').kernelFunc as unknown as KernelFunc)({ inputs, backend, attrs: attrs as tfc.NamedAttrMap });
    if (!keep) temps.push(out);
    return out;
  };
  try {
    return build(run);
  } finally {
    for (const t of temps) (backend as { disposeData(id: tfc.DataId): boolean }).disposeData(t.dataId);
  }
}

/** Top/bottom (or left/right) padding as TF computes it for `same`. */
export function samePadding(inSize: number, k: number, stride: number): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + k - inSize, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** The spatial padding of an NHWC input, or undefined for a mode this kernel does not handle. */
function paddings(pad: Pad, x: readonly number[], k: readonly number[], s: readonly number[], rounding?: string): ExplicitPadding | undefined {
  if (pad === 'valid') return [[0, 0], [0, 0], [0, 0], [0, 0]];
  if (pad === 'same') return [[0, 0], samePadding(x[1], k[0], s[0]), samePadding(x[2], k[1], s[1]), [0, 0]];
  if (typeof pad === 'number') return rounding && rounding !== 'floor' ? undefined : [[0, 0], [pad, pad], [pad, pad], [0, 0]];
  return pad;
}

export function registerWasmConv2dBackpropFilter(tf: Tf): void {
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tfc.TensorInfo; dy: tfc.TensorInfo };
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as BackpropFilterAttrs;
      const s = typeof strides === 'number' ? [strides, strides] : strides;
      return withKernels(tf, backend, (run) => {
        if (dataFormat !== 'NHWC') throw new MissingKernel('Conv2DBackpropFilter', 'wasm', `data format ${dataFormat}`);
        const p = paddings(pad, x.shape, filterShape, s, dimRoundingMode);
        if (!p) throw new MissingKernel('Conv2DBackpropFilter', 'wasm', 'this padding');
        const padded = p.some(([a, b]) => a || b) ? run('PadV2', { x }, { paddings: p, constantValue: 0 }) : x;
        const xt = run('Transpose', { x: padded }, { perm: [3, 1, 2, 0] });
        const dyt = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
        const full = run('Conv2D', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: s, dimRoundingMode: undefined });
        const [kh, kw] = filterShape;
        const cropped = run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [full.shape[0], kh, kw, full.shape[3]] });
        return run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] }, true);
      });
    },
  });
}

/**
 * The wasm backend's Conv2DBackpropInput is a direct loop, half of a convnet's training step. For stride 1 it
 * is a convolution too: the output gradient padded by k − 1 − p on each side, correlated with the filter turned
 * 180° and its channels swapped,
 *
 *   dx[b, i, j, ci] = Σ_{u,v,co} dy[b, i + pt − u, j + pl − v, co] · W[u, v, ci, co]
 *
 * built from the backend's Reverse, Transpose, PadV2 and Conv2D (XNNPACK). Strides over 1 keep the original.
 */
export function registerWasmConv2dBackpropInput(tf: Tf): void {
  replaceWasmKernel(tf, 'Conv2DBackpropInput', (original) => (args) => {
    const { dy, filter } = args.inputs as { dy: tfc.TensorInfo; filter: tfc.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = args.attrs as unknown as BackpropInputAttrs;
    const s = typeof strides === 'number' ? [strides, strides] : strides;
    const [kh, kw] = filter.shape;
    const p = dataFormat === 'NHWC' && s[0] === 1 && s[1] === 1 ? paddings(pad, inputShape, filter.shape, s, dimRoundingMode) : undefined;
    if (!p || p[1][0] > kh - 1 || p[1][1] > kh - 1 || p[2][0] > kw - 1 || p[2][1] > kw - 1) return original(args);
    return withKernels(tf, args.backend, (run) => {
      const flipped = run('Reverse', { x: filter }, { dims: [0, 1] });
      const swapped = run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
      const padding: ExplicitPadding = [[0, 0], [kh - 1 - p[1][0], kh - 1 - p[1][1]], [kw - 1 - p[2][0], kw - 1 - p[2][1]], [0, 0]];
      const padded = run('PadV2', { x: dy }, { paddings: padding, constantValue: 0 });
      return run('Conv2D', { x: padded, filter: swapped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined }, true);
    });
  });
}
