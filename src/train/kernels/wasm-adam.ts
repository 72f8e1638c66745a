/**
 * Adam's update as one pass over memory. TF.js's Adam is thirteen element-wise kernels per variable, each
 * reading and writing the whole variable; for the tutorial model that was a third of a training step. Here
 * the update is a WebAssembly SIMD loop (four floats at a time) that runs on the wasm backend's own memory:
 * it reads the weights, gradient and moments once, updates the moments in place and writes the new weights.
 *
 * The loop is a hand-assembled module (wasm-asm.ts); the arithmetic is TF.js's AdamOptimizer's, so results
 * match it to float rounding, and the optimizer state keeps TF.js's layout (it saves and loads the same way).
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { exportedFunction, F32, functionModule, I32, op, V128 } from './wasm-asm';
import { byteOffset, type WasmBackendLike } from './wasm-backend';

const KERNEL = 'ModelLensAdamUpdate';

// Parameters: pointers (bytes) w, g, m, v, out; n4 = vectors of four floats; then beta1, beta2, a, c2, eps where
// a = lr / (1 - beta1^t) and c2 = 1 / (1 - beta2^t).
const [W, G, M, V, OUT, N4, B1, B2, A, C2, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
// Locals: the index and byte offset, then the gradient and moments of four elements, then splatted scalars.
const [I, OFF, VG, VM, VV, SB1, S1, SB2, S2, SA, SC2, SE, SG, ST] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

/**
 * WebAssembly cannot flush subnormal floats to zero (TensorFlow's CPU kernels do), and x86 computes with them
 * about a hundred times slower. Weights fed by pixels that are always 0 get gradients of 0, so their moments
 * decay by β each step into the subnormal range, and there Adam took a fifth of a training step. Values far
 * below anything that moves a weight are therefore set to 0: gradients under 1e-15 (their square times 1 − β2
 * stays normal) and moments under 1e-30 (times β stays normal). A moment of 1e-30 moves a weight by about
 * lr·1e-30/ε, nothing a float32 weight can hold.
 */
const TINY_GRADIENT = 1e-15;
const TINY_MOMENT = 1e-30;

function adamModule(): Uint8Array {
  const at = (ptr: number) => [...op.get(ptr), ...op.get(OFF), ...op.i32Add];
  // x AND (|x| ≥ threshold): the value, or 0 where it is smaller than the threshold. x is on the stack and in `local`.
  const flush = (local: number, threshold: number) => [...op.get(local), ...op.abs, ...op.get(threshold), ...op.ge, ...op.and];
  const body = [
    ...op.get(B1), ...op.splat, ...op.set(SB1),
    ...op.f32(1), ...op.get(B1), ...op.f32Sub, ...op.splat, ...op.set(S1),
    ...op.get(B2), ...op.splat, ...op.set(SB2),
    ...op.f32(1), ...op.get(B2), ...op.f32Sub, ...op.splat, ...op.set(S2),
    ...op.get(A), ...op.splat, ...op.set(SA),
    ...op.get(C2), ...op.splat, ...op.set(SC2),
    ...op.get(EPS), ...op.splat, ...op.set(SE),
    ...op.f32(TINY_GRADIENT), ...op.splat, ...op.set(SG),
    ...op.f32(TINY_MOMENT), ...op.splat, ...op.set(ST),
    ...op.block, ...op.loop,
    ...op.get(I), ...op.get(N4), ...op.i32GeU, ...op.brIf(1),
    ...op.get(I), ...op.i32(4), ...op.i32Shl, ...op.set(OFF),
    ...at(G), ...op.load, ...op.tee(VG), ...flush(VG, SG), ...op.set(VG),
    // m = m·β1 + g·(1 − β1), stored in place
    ...at(M),
    ...at(M), ...op.load, ...op.get(SB1), ...op.mul, ...op.get(VG), ...op.get(S1), ...op.mul, ...op.add, ...op.tee(VM),
    ...flush(VM, ST), ...op.tee(VM),
    ...op.store,
    // v = v·β2 + g²·(1 − β2), stored in place
    ...at(V),
    ...at(V), ...op.load, ...op.get(SB2), ...op.mul, ...op.get(VG), ...op.get(VG), ...op.mul, ...op.get(S2), ...op.mul, ...op.add, ...op.tee(VV),
    ...flush(VV, ST), ...op.tee(VV),
    ...op.store,
    // out = w − a·m / (√(v·c2) + ε)
    ...at(OUT),
    ...at(W), ...op.load,
    ...op.get(VM), ...op.get(SA), ...op.mul,
    ...op.get(VV), ...op.get(SC2), ...op.mul, ...op.sqrt, ...op.get(SE), ...op.add,
    ...op.div, ...op.sub,
    ...op.store,
    ...op.get(I), ...op.i32(1), ...op.i32Add, ...op.set(I),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
  return functionModule('adam', [I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32], [[2, I32], [12, V128]], body);
}

type AdamLoop = (w: number, g: number, m: number, v: number, out: number, n4: number, b1: number, b2: number, a: number, c2: number, eps: number) => void;

const adamLoop = exportedFunction<AdamLoop>(adamModule, 'adam');

interface AdamAttrs {
  beta1: number;
  beta2: number;
  a: number;
  c2: number;
  epsilon: number;
}

/** Registers the update kernel on the wasm backend: inputs w, g, m, v; m and v are updated in place; returns the new w. */
function registerKernel(tf: Tf): void {
  if (tf.getKernel(KERNEL, 'wasm')) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { w, g, m, v } = inputs as Record<'w' | 'g' | 'm' | 'v', tfc.TensorInfo>;
      const { beta1, beta2, a, c2, epsilon } = attrs as unknown as AdamAttrs;
      const be = backend as unknown as WasmBackendLike;
      const out = be.makeOutput([...w.shape], 'float32');
      const ptr = (t: tfc.TensorInfo) => byteOffset(be, t);
      const n = w.shape.reduce((p, d) => p * d, 1);
      const memory = be.wasm.asm.memory;
      adamLoop(memory)(ptr(w), ptr(g), ptr(m), ptr(v), ptr(out), n >> 2, beta1, beta2, a, c2, epsilon);
      // The last n mod 4 elements, in JavaScript (the heap's buffer is taken after the call: it may have grown).
      const heap = new Float32Array(memory.buffer);
      for (let i = n - (n & 3); i < n; i++) {
        const [wi, gi, mi, vi, oi] = [ptr(w) / 4 + i, ptr(g) / 4 + i, ptr(m) / 4 + i, ptr(v) / 4 + i, ptr(out) / 4 + i];
        const gv = Math.abs(heap[gi]) >= TINY_GRADIENT ? heap[gi] : 0;
        const mv = heap[mi] * beta1 + gv * (1 - beta1);
        const vv = heap[vi] * beta2 + gv * gv * (1 - beta2);
        heap[mi] = Math.abs(mv) >= TINY_MOMENT ? mv : 0;
        heap[vi] = Math.abs(vv) >= TINY_MOMENT ? vv : 0;
        heap[oi] = heap[wi] - (a * heap[mi]) / (Math.sqrt(heap[vi] * c2) + epsilon);
      }
      return out;
    },
  });
}

/**
 * TF.js's AdamOptimizer with the update done by the kernel above when the wasm backend runs (any other
 * backend, or a variable that is not float32, takes TF.js's own update).
 */
export function fastAdam(tf: Tf, learningRate: number, beta1: number, beta2: number, epsilon: number): tfc.Optimizer {
  if (tf.getBackend() !== 'wasm') return tf.train.adam(learningRate, beta1, beta2, epsilon);
  registerKernel(tf);
  class WasmAdam extends tf.AdamOptimizer {
    override applyGradients(variableGradients: Parameters<tfc.AdamOptimizer['applyGradients']>[0]): void {
      const named = Array.isArray(variableGradients) ? variableGradients : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
      const variables = tf.engine().registeredVariables;
      if (named.some(({ name, tensor }) => tensor && (variables[name].dtype !== 'float32' || tensor.dtype !== 'float32'))) {
        super.applyGradients(variableGradients);
        return;
      }
      const t = this.iterations + 1;
      const attrs: AdamAttrs = { beta1: this.beta1, beta2: this.beta2, a: this.learningRate / (1 - this.beta1 ** t), c2: 1 / (1 - this.beta2 ** t), epsilon: this.epsilon };
      const self = this as unknown as { accumulatedFirstMoment: { originalName: string; variable: tfc.Variable }[]; accumulatedSecondMoment: { originalName: string; variable: tfc.Variable }[] };
      tf.tidy(() => {
        named.forEach(({ name, tensor: gradient }, i) => {
          const value = variables[name];
          self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.variable(tf.zerosLike(value), false)) };
          self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.variable(tf.zerosLike(value), false)) };
          if (!gradient) return;
          // The moments are written in place: a moment whose data another tensor shares gets its own copy first.
          for (const moment of [self.accumulatedFirstMoment[i].variable, self.accumulatedSecondMoment[i].variable]) {
            if ((tf.backend() as unknown as WasmBackendLike).refCount(moment.dataId) > 1) moment.assign(tf.add(moment, 0));
          }
          const inputs = { w: value, g: gradient, m: self.accumulatedFirstMoment[i].variable, v: self.accumulatedSecondMoment[i].variable };
          const next = tf.engine().runKernel(KERNEL, inputs as unknown as tfc.NamedTensorMap, attrs as unknown as tfc.NamedAttrMap) as tfc.Tensor;
          value.assign(next);
        });
        // TF.js's bias-correction accumulators, kept in step so that saved optimizer state stays TF.js's.
        const acc = this as unknown as { accBeta1: tfc.Variable; accBeta2: tfc.Variable };
        acc.accBeta1.assign(tf.mul(acc.accBeta1, this.beta1));
        acc.accBeta2.assign(tf.mul(acc.accBeta2, this.beta2));
      });
      this.incrementIterations();
    }
  }
  return new WasmAdam(learningRate, beta1, beta2, epsilon);
}
