/**
 * The WebAssembly backend's convolution gradients (ours: the filter gradient it lacks, and the input gradient
 * at stride 1, both made of its own convolution) equal the CPU backend's.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type * as tfc from '@tensorflow/tfjs-core';
import { MissingKernel, missingKernel } from '../../src/train/kernels/missing-kernel';
import { loadBackend, type Tf } from '../../src/train/worker/backend';

let tf: Tf;
before(async () => {
  tf = (await loadBackend('wasm')).tf;
});

type Shape4 = [number, number, number, number];
type Case = [x: Shape4, w: Shape4, stride: number, pad: 'same' | 'valid'];
type Of = 'filter' | 'input';

/** d/dW (or d/dx) of sum(conv2d(x, W) · dy): conv2DBackpropFilter (or …Input), on whichever backend is active. */
function gradient(of: Of, x: tfc.Tensor4D, w: tfc.Tensor4D, dy: tfc.Tensor4D, strides: number, pad: 'same' | 'valid'): Float32Array {
  const loss = (input: tfc.Tensor4D, filter: tfc.Tensor4D) => tf.sum(tf.mul(tf.conv2d(input, filter, strides, pad), dy));
  const g = of === 'filter' ? tf.grad((f: tfc.Tensor) => loss(x, f as tfc.Tensor4D))(w) : tf.grad((i: tfc.Tensor) => loss(i as tfc.Tensor4D, w))(x);
  return g.dataSync() as Float32Array;
}

async function sameOnBothBackends(of: Of, cases: readonly Case[]): Promise<void> {
  for (const [xs, ws, s, pad] of cases) {
    await tf.setBackend('cpu');
    const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tfc.Tensor4D;
    const w = tf.randomNormal(ws, 0, 1, 'float32', 2) as tfc.Tensor4D;
    const out = tf.conv2d(x, w, s, pad);
    const dy = tf.randomNormal(out.shape as Shape4, 0, 1, 'float32', 3) as tfc.Tensor4D;
    const want = gradient(of, x, w, dy, s, pad);
    const [xv, wv, dyv] = [x.dataSync(), w.dataSync(), dy.dataSync()];
    await tf.setBackend('wasm');
    const got = gradient(of, tf.tensor(xv, xs) as tfc.Tensor4D, tf.tensor(wv, ws) as tfc.Tensor4D, tf.tensor(dyv, dy.shape as Shape4) as tfc.Tensor4D, s, pad);
    assert.equal(got.length, want.length);
    let err = 0;
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
    assert.ok(err < 1e-4, `${of} gradient, x ${xs} w ${ws} stride ${s} ${pad}: max relative error ${err}`);
  }
  assert.equal(tf.getBackend(), 'wasm');
}

test('conv2d filter gradients on wasm equal the CPU backend for strides 1 and 2, same and valid padding', async () => {
  await sameOnBothBackends('filter', [
    [[4, 28, 28, 1], [3, 3, 1, 8], 1, 'valid'],
    [[3, 13, 11, 3], [3, 3, 3, 5], 1, 'same'],
    [[2, 15, 15, 4], [5, 5, 4, 6], 2, 'valid'],
    [[2, 14, 9, 2], [3, 2, 2, 3], 2, 'same'],
    [[1, 7, 7, 2], [1, 1, 2, 4], 3, 'same'],
  ]);
});

test('conv2d input gradients on wasm equal the CPU backend (stride 1 as a convolution; other strides the backend own)', async () => {
  await sameOnBothBackends('input', [
    [[4, 13, 13, 32], [3, 3, 32, 64], 1, 'valid'],
    [[3, 13, 11, 3], [3, 3, 3, 5], 1, 'same'],
    [[2, 9, 9, 4], [5, 5, 4, 6], 1, 'same'],
    [[2, 8, 7, 2], [2, 3, 2, 3], 1, 'same'],
    [[1, 6, 6, 2], [1, 1, 2, 4], 1, 'valid'],
    [[2, 15, 15, 4], [3, 3, 4, 6], 2, 'valid'],
  ]);
});

test('max-pooling gradients on wasm equal the CPU backend (overlapping and padded windows, ties to the first)', async () => {
  const cases: [Shape4, number, number, 'same' | 'valid'][] = [
    [[4, 26, 26, 32], 2, 2, 'valid'],
    [[2, 11, 11, 64], 2, 2, 'valid'],
    [[2, 9, 7, 3], 3, 2, 'same'],
    [[1, 6, 6, 5], 3, 1, 'same'],
    [[3, 5, 5, 1], 2, 1, 'valid'],
  ];
  for (const [xs, size, stride, pad] of cases) {
    for (const ties of [false, true]) {
      const values = ties ? new Float32Array(xs.reduce((p, d) => p * d, 1)).fill(1) : undefined;
      await tf.setBackend('cpu');
      const x = values ? (tf.tensor(values, xs) as tfc.Tensor4D) : (tf.randomNormal(xs, 0, 1, 'float32', 5) as tfc.Tensor4D);
      const outShape = tf.maxPool(x, size, stride, pad).shape as Shape4;
      const dy = tf.randomNormal(outShape, 0, 1, 'float32', 6) as tfc.Tensor4D;
      const grad = (input: tfc.Tensor4D, d: tfc.Tensor4D) => tf.grad((t: tfc.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tfc.Tensor4D, size, stride, pad), d)))(input).dataSync();
      const want = grad(x, dy);
      const [xv, dyv] = [x.dataSync(), dy.dataSync()];
      await tf.setBackend('wasm');
      const got = grad(tf.tensor(xv, xs) as tfc.Tensor4D, tf.tensor(dyv, outShape) as tfc.Tensor4D);
      let err = 0;
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(want[i] - got[i]));
      assert.ok(err < 1e-5, `maxPool ${size}/${stride} ${pad} on ${xs}${ties ? ', all equal' : ''}: max error ${err}`);
    }
  }
});

test('a case our filter gradient does not handle is a typed missing kernel, which the trainer falls back from', async () => {
  await tf.setBackend('wasm');
  const x = tf.ones([1, 5, 5, 1]);
  const dy = tf.ones([1, 3, 3, 1]);
  // An explicit padding rounded up: not a padding the kernel handles.
  const filterGradient = () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 2, pad: 1, dataFormat: 'NHWC', dimRoundingMode: 'ceil', filterShape: [2, 2, 1, 1] } as never);
  assert.throws(filterGradient, (e: unknown) => {
    const missing = missingKernel(e);
    return e instanceof MissingKernel && missing?.kernel === 'Conv2DBackpropFilter' && missing.backend === 'wasm';
  });
  // TF.js's own error for a kernel nobody registered has only its message, which is read the same way.
  assert.deepEqual({ ...missingKernel(new Error("Kernel 'MaxPoolGrad' not registered for backend 'wasm'")) }, { kernel: 'MaxPoolGrad', backend: 'wasm', detail: undefined, name: 'MissingKernel' });
  assert.equal(missingKernel(new Error('out of memory')), undefined);
});
