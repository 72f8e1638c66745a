/**
 * Matrix transposes, four by four with SIMD shuffles. The matrix products of a training step transpose their
 * operands (wasm-matmul.ts: the weights in the forward product, the inputs for the weight gradient), and the
 * backend's Transpose walks an index per element; for the tutorial model that was a tenth of a step. This
 * kernel handles 4-byte matrices whose two last dimensions are multiples of four (one or more of them) and
 * leaves every other transpose to the backend's kernel.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { exportedFunction, functionModule, I32, lanes32, op, V128 } from './wasm-asm';
import { byteOffset, replaceWasmKernel, type WasmBackendLike } from './wasm-backend';

// Parameters: source and destination (bytes), rows and columns of the source (multiples of 4).
const [SRC, DST, ROWS, COLS] = [0, 1, 2, 3];
// Locals: block row and column, source row stride, destination row stride, the block's source and destination
// addresses; then the four source rows of a block and two pairs of half-transposed rows.
const [I, J, SRC_STRIDE, DST_STRIDE, P, Q] = [4, 5, 6, 7, 8, 9];
const [R0, R1, R2, R3, T0, T1, T2, T3] = [10, 11, 12, 13, 14, 15, 16, 17];

/*
 * A 4×4 block of rows a, b, c, d becomes columns:
 *   t0 = a0 b0 a1 b1   t1 = a2 b2 a3 b3   (interleave a and b)   t2, t3 the same of c and d
 *   out row 0 = a0 b0 c0 d0 = t0[0,1] t2[0,1]; row 1 = t0[2,3] t2[2,3]; row 2, 3 the same of t1 and t3.
 */
const LOW_PAIRS = lanes32([0, 4, 1, 5]);
const HIGH_PAIRS = lanes32([2, 6, 3, 7]);
const FIRST_HALVES = lanes32([0, 1, 4, 5]);
const SECOND_HALVES = lanes32([2, 3, 6, 7]);

function transposeModule(): Uint8Array {
  const row = (k: number) => [...op.get(P), ...op.get(SRC_STRIDE), ...op.i32(k), ...op.i32Mul, ...op.i32Add, ...op.load];
  const out = (k: number, a: number, b: number, lanes: number[]) => [
    ...op.get(Q), ...op.get(DST_STRIDE), ...op.i32(k), ...op.i32Mul, ...op.i32Add,
    ...op.get(a), ...op.get(b), ...op.shuffle(lanes),
    ...op.store,
  ];
  const body = [
    ...op.get(COLS), ...op.i32(4), ...op.i32Mul, ...op.set(SRC_STRIDE),
    ...op.get(ROWS), ...op.i32(4), ...op.i32Mul, ...op.set(DST_STRIDE),
    // Block columns outside, block rows inside: each output row is written front to back.
    ...op.block, ...op.loop,
    ...op.get(J), ...op.get(COLS), ...op.i32GeU, ...op.brIf(1),
    ...op.i32(0), ...op.set(I),
    ...op.block, ...op.loop,
    ...op.get(I), ...op.get(ROWS), ...op.i32GeU, ...op.brIf(1),
    // P = src + (i·cols + j)·4, Q = dst + (j·rows + i)·4
    ...op.get(SRC), ...op.get(I), ...op.get(COLS), ...op.i32Mul, ...op.get(J), ...op.i32Add, ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.set(P),
    ...op.get(DST), ...op.get(J), ...op.get(ROWS), ...op.i32Mul, ...op.get(I), ...op.i32Add, ...op.i32(4), ...op.i32Mul, ...op.i32Add, ...op.set(Q),
    ...row(0), ...op.set(R0),
    ...row(1), ...op.set(R1),
    ...row(2), ...op.set(R2),
    ...row(3), ...op.set(R3),
    ...op.get(R0), ...op.get(R1), ...op.shuffle(LOW_PAIRS), ...op.set(T0),
    ...op.get(R0), ...op.get(R1), ...op.shuffle(HIGH_PAIRS), ...op.set(T1),
    ...op.get(R2), ...op.get(R3), ...op.shuffle(LOW_PAIRS), ...op.set(T2),
    ...op.get(R2), ...op.get(R3), ...op.shuffle(HIGH_PAIRS), ...op.set(T3),
    ...out(0, T0, T2, FIRST_HALVES),
    ...out(1, T0, T2, SECOND_HALVES),
    ...out(2, T1, T3, FIRST_HALVES),
    ...out(3, T1, T3, SECOND_HALVES),
    ...op.get(I), ...op.i32(4), ...op.i32Add, ...op.set(I),
    ...op.br(0),
    ...op.end, ...op.end,
    ...op.get(J), ...op.i32(4), ...op.i32Add, ...op.set(J),
    ...op.br(0),
    ...op.end, ...op.end,
  ];
  return functionModule('transpose', [I32, I32, I32, I32], [[6, I32], [8, V128]], body);
}

type TransposeBlocks = (src: number, dst: number, rows: number, cols: number) => void;
const transposeBlocks = exportedFunction<TransposeBlocks>(transposeModule, 'transpose');

/** Whether `perm` swaps the last two axes and keeps the others in place. */
function swapsLastTwo(perm: readonly number[]): boolean {
  const n = perm.length;
  return n >= 2 && perm[n - 2] === n - 1 && perm[n - 1] === n - 2 && perm.slice(0, -2).every((p, i) => p === i);
}

export function registerWasmFastTranspose(tf: Tf): void {
  replaceWasmKernel(tf, 'Transpose', (original) => (args) => {
    const x = args.inputs.x as tfc.TensorInfo;
    const { perm } = args.attrs as unknown as { perm: number[] };
    const shape = x.shape;
    const [rows, cols] = shape.slice(-2);
    if (!swapsLastTwo(perm) || (x.dtype !== 'float32' && x.dtype !== 'int32') || rows % 4 || cols % 4 || rows === 0 || cols === 0) return original(args);
    const backend = args.backend as WasmBackendLike;
    const out = backend.makeOutput(perm.map((p) => shape[p]), x.dtype);
    const run = transposeBlocks(backend.wasm.asm.memory);
    const matrices = shape.slice(0, -2).reduce((p, d) => p * d, 1);
    const [from, to, bytes] = [byteOffset(backend, x), byteOffset(backend, out), rows * cols * 4];
    for (let m = 0; m < matrices; m++) run(from + m * bytes, to + m * bytes, rows, cols);
    return out;
  });
}
