/**
 * TF.js's WebAssembly backend multiplies matrices fast (XNNPACK) only when neither operand is transposed; a
 * transposed operand takes a naive triple loop about 15× slower (and, with a fused bias, adds the bias to the
 * wrong elements). Training is made of transposed products (a Dense layer's gradients are xᵀ·dy and dy·Wᵀ), so as
 * shipped they took three quarters of every step.
 *
 * These kernels replace the backend's BatchMatMul and _FusedMatMul by untransposed products on XNNPACK, built
 * with the backend's own Transpose kernel. XNNPACK packs its right operand ("weights") before multiplying and
 * caches the packed form per tensor; in training the weights are a new tensor every step, so the form that
 * packs the small operand instead of the weights wins. Batched products (more than one matrix) keep the
 * original kernel.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { replaceWasmKernel, type KernelFunc } from './wasm-backend';

interface MatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}


/** Rows and columns of a matrix stored as [..., r, c], or undefined when it holds more than one matrix. */
function single(shape: readonly number[]): [number, number] | undefined {
  const lead = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return lead === 1 && shape.length >= 2 ? [shape[shape.length - 2], shape[shape.length - 1]] : undefined;
}

function transposePerm(rank: number): number[] {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

/**
 * Relative costs per element, measured on the backend (bench/ has the probes): XNNPACK packs a weights matrix
 * it has not seen at about 3.5 ns an element, several times the backend's transpose (about 0.6 ns).
 */
const PACK_COST = 5;
const COPY_COST = 1;

/**
 * The product as untransposed operations: `original` is the backend's kernel, called only with
 * transposeA = transposeB = false on single matrices; batched products go to it unchanged.
 *
 * C = op(A)·op(B), [m, n], is computed either directly (the right operand op(B) is packed, unless XNNPACK
 * still holds it from an earlier call) or as (op(B)ᵀ·op(A)ᵀ)ᵀ (op(A)ᵀ is packed, and the result is transposed
 * back), whichever copies and packs fewer elements. A training step's weights are new tensors every step, so
 * packing them would cost more than the product itself; a weights tensor used again (inference) is packed once.
 */
function untransposed(tf: Tf, original: KernelFunc, fused: boolean): KernelFunc {
  // Looked up at each call, so a faster Transpose registered later (wasm-transpose.ts) is the one used.
  const transpose: KernelFunc = (args) => (tf.getKernel('Transpose', 'wasm').kernelFunc as unknown as KernelFunc)(args);
  /** Tensors already passed to XNNPACK as the right operand: their packed form is cached by the backend. */
  const packed = new WeakSet<object>();
  /** Tensors seen in an earlier product: likely to be used again, so worth packing once. */
  const seen = new WeakSet<object>();
  return (args) => {
    const { inputs, backend } = args;
    const attrs = args.attrs as unknown as MatMulAttrs;
    const a = inputs.a as tfc.TensorInfo;
    const b = inputs.b as tfc.TensorInfo;
    const am = single(a.shape);
    const bm = single(b.shape);
    if (!am || !bm || a.dtype !== 'float32' || b.dtype !== 'float32') return original(args);
    const be = backend as { disposeData(id: tfc.DataId): boolean };
    const temps: tfc.TensorInfo[] = [];
    const t = (x: tfc.TensorInfo, keep = false) => {
      const out = transpose({ inputs: { x }, backend, attrs: { perm: transposePerm(x.shape.length) } as unknown as tfc.NamedAttrMap });
      if (!keep) temps.push(out);
      return out;
    };
    const plain = (x: tfc.TensorInfo, y: tfc.TensorInfo, keep: boolean) => {
      if (y === b || y === a) packed.add(y.dataId);
      const out = original({ inputs: { ...inputs, a: x, b: y }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as tfc.NamedAttrMap });
      if (!keep) temps.push(out);
      return out;
    };
    const { transposeA: ta, transposeB: tb } = attrs;
    const [m, k] = ta ? [am[1], am[0]] : am;
    const n = tb ? bm[0] : bm[1];
    const reusedB = !tb && (packed.has(b.dataId) || seen.has(b.dataId));
    const reusedA = ta && (packed.has(a.dataId) || seen.has(a.dataId));
    seen.add(a.dataId);
    seen.add(b.dataId);
    const direct = (ta ? COPY_COST * m * k : 0) + (tb ? COPY_COST * k * n : 0) + (reusedB ? 0 : PACK_COST * k * n);
    const flipped = (tb ? 0 : COPY_COST * k * n) + (ta ? 0 : COPY_COST * m * k) + (reusedA ? 0 : PACK_COST * m * k) + COPY_COST * m * n;
    try {
      // A fused bias is added per output column, which the flipped form does not have: fused products stay direct.
      if (fused || direct <= flipped) {
        if (!ta && !tb) return original(args);
        return plain(ta ? t(a) : a, tb ? t(b) : b, true);
      }
      // (op(B)ᵀ·op(A)ᵀ)ᵀ: op(B)ᵀ is B as stored when transposed, op(A)ᵀ is A as stored when transposed.
      const product = plain(tb ? b : t(b), ta ? a : t(a), false);
      return t(product, true);
    } finally {
      for (const x of temps) be.disposeData(x.dataId);
    }
  };
}

/** Replaces the wasm backend's matrix products by ones that keep transposed operands on XNNPACK. */
export function registerWasmFastMatMul(tf: Tf): void {
  replaceWasmKernel(tf, 'BatchMatMul', (original) => untransposed(tf, original, false));
  replaceWasmKernel(tf, '_FusedMatMul', (original) => untransposed(tf, original, true));
}
