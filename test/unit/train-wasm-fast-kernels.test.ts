/**
 * The training fast paths on the WebAssembly backend give the CPU backend's numbers: matrix products with every
 * transpose combination, fused bias and activation, and batched products; and the one-pass Adam update gives
 * TF.js's AdamOptimizer's weights, without leaving tensors behind.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type * as tfc from '@tensorflow/tfjs-core';
import { loadBackend, type Tf } from '../../src/train/worker/backend';
import { fastAdam } from '../../src/train/kernels/wasm-adam';

let tf: Tf;
before(async () => {
  tf = (await loadBackend('wasm')).tf;
});

function maxRelativeError(want: ArrayLike<number>, got: ArrayLike<number>): number {
  assert.equal(got.length, want.length);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
  return worst;
}

/** Runs `f` on the CPU backend and on wasm with the same inputs. */
async function onBoth(shapes: number[][], f: (xs: tfc.Tensor[]) => tfc.Tensor): Promise<[Float32Array, Float32Array, number[]]> {
  await tf.setBackend('cpu');
  const inputs = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', i + 1));
  const want = f(inputs);
  const values = inputs.map((t) => t.dataSync());
  await tf.setBackend('wasm');
  const got = f(values.map((v, i) => tf.tensor(v, shapes[i])));
  assert.deepEqual(got.shape, want.shape);
  return [want.dataSync() as Float32Array, got.dataSync() as Float32Array, got.shape];
}

test('matrix products on wasm equal the CPU backend for every transpose combination and shape', async () => {
  // [m, k, n]: the tutorial's Dense products (batch 32 and 1), tall, wide and square ones.
  const sizes = [[32, 784, 256], [1, 784, 256], [784, 32, 256], [256, 32, 784], [5, 7, 3], [64, 64, 64], [3, 300, 2]];
  for (const [m, k, n] of sizes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const a = ta ? [k, m] : [m, k];
      const b = tb ? [n, k] : [k, n];
      const [want, got] = await onBoth([a, b], ([x, y]) => tf.matMul(x, y, ta, tb));
      const err = maxRelativeError(want, got);
      assert.ok(err < 1e-4, `${m}×${k}×${n} transposeA=${ta} transposeB=${tb}: ${err}`);
    }
  }
});

test('fused products (bias and relu) and batched products on wasm equal the CPU backend', async () => {
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
    const [m, k, n] = [32, 96, 40];
    const [want, got] = await onBoth([ta ? [k, m] : [m, k], tb ? [n, k] : [k, n], [n]], ([x, y, bias]) =>
      tf.tidy(() => tf.fused.matMul({ a: x, b: y, transposeA: ta, transposeB: tb, bias, activation: 'relu' })),
    );
    assert.ok(maxRelativeError(want, got) < 1e-4, `fused transposeA=${ta} transposeB=${tb}`);
  }
  const [want, got, shape] = await onBoth([[4, 6, 5], [4, 7, 5]], ([x, y]) => tf.matMul(x, y, false, true));
  assert.deepEqual(shape, [4, 6, 7]);
  assert.ok(maxRelativeError(want, got) < 1e-4, 'batched');
});

test('a constant weights matrix used again gives the same product each time (XNNPACK packs it once)', async () => {
  await tf.setBackend('wasm');
  const w = tf.randomNormal([300, 20], 0, 1, 'float32', 9);
  const x = tf.randomNormal([4, 300], 0, 1, 'float32', 10);
  const first = tf.matMul(x, w).dataSync();
  for (let i = 0; i < 3; i++) assert.deepEqual(tf.matMul(x, w).dataSync(), first);
});

test('gathering rows (how fit takes a batch) on wasm equals the CPU backend; other gathers and bad indices behave as before', async () => {
  const cases: [number[], tfc.DataType, number[], number][] = [
    [[100, 28, 28], 'float32', [3, 99, 0, 3], 0],
    [[10], 'int32', [9, 1], 0],
    [[6, 4], 'bool', [5, 0, 2], -2],
    [[8, 3, 2], 'float32', [1, 7, 7, 0, 2, 2], 0], // indices of shape [2, 3]
    [[5, 6], 'float32', [4, 0, 5], 1], // along the second axis: the backend's own kernel
  ];
  for (const [shape, dtype, ids, axis] of cases) {
    const size = shape.reduce((p, d) => p * d, 1);
    const values = Array.from({ length: size }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 1.5)) as number[] | boolean[];
    const indexShape = ids.length === 6 ? [2, 3] : [ids.length];
    const run = () => tf.gather(tf.tensor(values as number[], shape, dtype), tf.tensor(ids, indexShape, 'int32'), axis);
    await tf.setBackend('cpu');
    const want = run();
    await tf.setBackend('wasm');
    const got = run();
    assert.deepEqual(got.shape, want.shape, `${shape} axis ${axis}`);
    assert.equal(got.dtype, want.dtype);
    assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()), `${shape} axis ${axis}`);
  }
  await tf.setBackend('wasm');
  assert.throws(() => tf.gather(tf.ones([4, 2]), tf.tensor1d([1, 4], 'int32')), /index value 4 is not in \[0, 3\]/);
});

test('transposes on wasm equal the CPU backend (SIMD blocks for multiples of four, the backend otherwise)', async () => {
  const cases: [number[], number[], tfc.DataType][] = [
    [[784, 256], [1, 0], 'float32'],
    [[32, 784], [1, 0], 'float32'],
    [[4, 4], [1, 0], 'int32'],
    [[1, 8, 12], [0, 2, 1], 'float32'],
    [[3, 8, 4], [0, 2, 1], 'float32'],
    [[32, 10], [1, 0], 'float32'], // not multiples of four: the backend's kernel
    [[2, 4, 8], [2, 0, 1], 'float32'], // another permutation: the backend's kernel
  ];
  for (const [shape, perm, dtype] of cases) {
    const size = shape.reduce((p, d) => p * d, 1);
    const values = Array.from({ length: size }, (_, i) => (dtype === 'int32' ? i : i * 0.25 - 7));
    await tf.setBackend('cpu');
    const want = tf.transpose(tf.tensor(values, shape, dtype), perm);
    await tf.setBackend('wasm');
    const got = tf.transpose(tf.tensor(values, shape, dtype), perm);
    assert.deepEqual(got.shape, want.shape, `${shape} ${perm}`);
    assert.deepEqual(Array.from(got.dataSync()), Array.from(want.dataSync()), `${shape} ${perm}`);
  }
});

test('a clone shares its data and outlives the original; a clone of the Adam moments keeps its values after the next step', async () => {
  await tf.setBackend('wasm');
  const a = tf.tensor([1, 2, 3, 4], [2, 2]);
  const b = tf.clone(a);
  a.dispose();
  assert.deepEqual(Array.from(b.dataSync()), [1, 2, 3, 4]);
  b.dispose();

  const w = tf.variable(tf.ones([6]));
  const adam = fastAdam(tf, 0.1, 0.9, 0.999, 1e-7);
  const step = () => {
    const g = tf.ones([6]);
    adam.applyGradients([{ name: w.name, tensor: g }]);
    g.dispose();
  };
  step();
  const moments = (await adam.getWeights()).slice(1).map(({ tensor }) => tf.clone(tensor));
  const before = moments.map((t) => Array.from(t.dataSync()));
  step();
  assert.deepEqual(moments.map((t) => Array.from(t.dataSync())), before, 'the clones did not change');
  const after = (await adam.getWeights()).slice(1).map(({ tensor }) => Array.from(tensor.dataSync()));
  assert.notDeepEqual(after, before, 'the moments did');
});

test('the one-pass Adam update gives TF.js Adam weights (sizes with and without a tail of 1–3 floats) and leaks no tensor', async () => {
  await tf.setBackend('wasm');
  for (const n of [1, 7, 8, 1000, 200704]) {
    const start = tf.randomNormal([n], 0, 1, 'float32', 4);
    const ours = tf.variable(tf.clone(start));
    const theirs = tf.variable(tf.clone(start));
    const fast = fastAdam(tf, 0.01, 0.9, 0.999, 1e-7);
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const step = (k: number) => {
      const g = tf.randomNormal([n], 1, 1, 'float32', 100 + k); // mostly positive: the weights move steadily
      fast.applyGradients([{ name: ours.name, tensor: g }]);
      reference.applyGradients([{ name: theirs.name, tensor: g }]);
      g.dispose();
    };
    step(0);
    const tensors = tf.memory().numTensors;
    for (let k = 1; k < 25; k++) step(k);
    assert.equal(tf.memory().numTensors, tensors, `n=${n}: tensors left behind`);
    const moved = maxRelativeError(start.dataSync(), ours.dataSync());
    const err = maxRelativeError(theirs.dataSync(), ours.dataSync());
    assert.ok(moved > 0.05, `n=${n}: the weights moved (${moved})`);
    assert.ok(err < 1e-5, `n=${n}: max relative difference from TF.js Adam ${err}`);
    assert.equal(fast.iterations, 25);
  }
});
