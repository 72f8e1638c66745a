/**
 * Batches are gathered rows: fit() takes each batch from the whole training set with gather(x, indices) along
 * the first axis. The wasm backend's Gather computes every element's address (about 15 ns an element), which
 * made taking a batch of 32 images a tenth of a training step. Rows along the first axis are contiguous, so
 * this kernel copies whole rows (one memmove each) and leaves every other gather to the backend's kernel.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { byteOffset, replaceWasmKernel, type WasmBackendLike } from './wasm-backend';

const BYTES: Partial<Record<tfc.DataType, number>> = { float32: 4, int32: 4, bool: 1 };

export function registerWasmRowGather(tf: Tf): void {
  replaceWasmKernel(tf, 'GatherV2', (original) => (args) => {
    const x = args.inputs.x as tfc.TensorInfo;
    const indices = args.inputs.indices as tfc.TensorInfo;
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    const bytes = BYTES[x.dtype];
    if ((axis !== 0 && axis !== -x.shape.length) || batchDims || !bytes || x.shape.length === 0 || indices.dtype !== 'int32') return original(args);
    const backend = args.backend as WasmBackendLike;
    const ids = backend.readSync(indices.dataId);
    const rows = x.shape[0];
    // Out-of-range indices: the backend's kernel reports them in its words.
    for (let i = 0; i < ids.length; i++) if (!(ids[i] >= 0 && ids[i] < rows)) return original(args);
    const rowBytes = (x.shape.slice(1).reduce((p, d) => p * d, 1)) * bytes;
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // The heap view is taken after makeOutput, which may grow (and so replace) the memory's buffer.
    const heap = new Uint8Array(backend.wasm.asm.memory.buffer);
    const from = byteOffset(backend, x);
    const to = byteOffset(backend, out);
    for (let i = 0; i < ids.length; i++) heap.copyWithin(to + i * rowBytes, from + ids[i] * rowBytes, from + (ids[i] + 1) * rowBytes);
    return out;
  });
}
