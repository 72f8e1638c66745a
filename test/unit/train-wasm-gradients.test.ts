/** The WebAssembly backend's Conv2DBackpropFilter (ours, made of its own convolution) equals the CPU backend's. */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type * as tfc from '@tensorflow/tfjs-core';
import { loadBackend, type Tf } from '../../src/train/backend';

let tf: Tf;
before(async () => {
  tf = (await loadBackend('wasm')).tf;
});

/** d/dW of sum(conv2d(x, W) · dy) is conv2DBackpropFilter(x, dy), on whichever backend is active. */
function filterGradient(x: tfc.Tensor4D, w: tfc.Tensor4D, dy: tfc.Tensor4D, strides: number, pad: 'same' | 'valid'): Float32Array {
  const g = tf.grad((f: tfc.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tfc.Tensor4D, strides, pad), dy)));
  return g(w).dataSync() as Float32Array;
}

test('conv2d filter gradients on wasm equal the CPU backend for strides 1 and 2, same and valid padding', async () => {
  type Shape4 = [number, number, number, number];
  const cases: [Shape4, Shape4, number, 'same' | 'valid'][] = [
    [[4, 28, 28, 1], [3, 3, 1, 8], 1, 'valid'],
    [[3, 13, 11, 3], [3, 3, 3, 5], 1, 'same'],
    [[2, 15, 15, 4], [5, 5, 4, 6], 2, 'valid'],
    [[2, 14, 9, 2], [3, 2, 2, 3], 2, 'same'],
    [[1, 7, 7, 2], [1, 1, 2, 4], 3, 'same'],
  ];
  for (const [xs, ws, s, pad] of cases) {
    await tf.setBackend('cpu');
    const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tfc.Tensor4D;
    const w = tf.randomNormal(ws, 0, 1, 'float32', 2) as tfc.Tensor4D;
    const out = tf.conv2d(x, w, s, pad);
    const dy = tf.randomNormal(out.shape as Shape4, 0, 1, 'float32', 3) as tfc.Tensor4D;
    const want = filterGradient(x, w, dy, s, pad);
    const [xv, wv, dyv] = [x.dataSync(), w.dataSync(), dy.dataSync()];
    await tf.setBackend('wasm');
    const got = filterGradient(tf.tensor(xv, xs) as tfc.Tensor4D, tf.tensor(wv, ws) as tfc.Tensor4D, tf.tensor(dyv, dy.shape as Shape4) as tfc.Tensor4D, s, pad);
    assert.equal(got.length, want.length);
    const err = Math.max(...Array.from(want, (v, i) => Math.abs(v - got[i]) / (1 + Math.abs(v))));
    assert.ok(err < 1e-4, `x ${xs} w ${ws} stride ${s} ${pad}: max relative error ${err}`);
  }
  assert.equal(tf.getBackend(), 'wasm');
});

/** d/dx of sum(conv2d(x, W) · dy) is conv2DBackpropInput(dy, W), on whichever backend is active. */
function inputGradient(x: tfc.Tensor4D, w: tfc.Tensor4D, dy: tfc.Tensor4D, strides: number, pad: 'same' | 'valid'): Float32Array {
  const g = tf.grad((input: tfc.Tensor) => tf.sum(tf.mul(tf.conv2d(input as tfc.Tensor4D, w, strides, pad), dy)));
  return g(x).dataSync() as Float32Array;
}

test('conv2d input gradients on wasm equal the CPU backend (stride 1 as a convolution; other strides the backend own)', async () => {
  type Shape4 = [number, number, number, number];
  const cases: [Shape4, Shape4, number, 'same' | 'valid'][] = [
    [[4, 13, 13, 32], [3, 3, 32, 64], 1, 'valid'],
    [[3, 13, 11, 3], [3, 3, 3, 5], 1, 'same'],
    [[2, 9, 9, 4], [5, 5, 4, 6], 1, 'same'],
    [[2, 8, 7, 2], [2, 3, 2, 3], 1, 'same'],
    [[1, 6, 6, 2], [1, 1, 2, 4], 1, 'valid'],
    [[2, 15, 15, 4], [3, 3, 4, 6], 2, 'valid'],
  ];
  for (const [xs, ws, s, pad] of cases) {
    await tf.setBackend('cpu');
    const x = tf.randomNormal(xs, 0, 1, 'float32', 1) as tfc.Tensor4D;
    const w = tf.randomNormal(ws, 0, 1, 'float32', 2) as tfc.Tensor4D;
    const out = tf.conv2d(x, w, s, pad);
    const dy = tf.randomNormal(out.shape as Shape4, 0, 1, 'float32', 3) as tfc.Tensor4D;
    const want = inputGradient(x, w, dy, s, pad);
    const [xv, wv, dyv] = [x.dataSync(), w.dataSync(), dy.dataSync()];
    await tf.setBackend('wasm');
    const got = inputGradient(tf.tensor(xv, xs) as tfc.Tensor4D, tf.tensor(wv, ws) as tfc.Tensor4D, tf.tensor(dyv, dy.shape as Shape4) as tfc.Tensor4D, s, pad);
    assert.equal(got.length, want.length);
    let err = 0;
    for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
    assert.ok(err < 1e-4, `x ${xs} w ${ws} stride ${s} ${pad}: max relative error ${err}`);
  }
});
