/**
 * `clone` shares the data instead of copying it, as TF.js's CPU backend and the wasm backend's own Reshape do:
 * tensors are immutable, and the backend counts references to a buffer. The wasm backend's Identity copies, and
 * every op that keeps a tensor for its gradient clones it, so a training step copied twenty-odd tensors,
 * the weights among them. The one kernel here that writes in place (wasm-adam.ts) first makes sure no other
 * tensor shares what it writes.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { replaceWasmKernel } from './wasm-backend';

export function registerWasmSharedIdentity(tf: Tf): void {
  replaceWasmKernel(tf, 'Identity', (original) => (args) => {
    const x = args.inputs.x as tfc.TensorInfo;
    if (x.dtype === 'string') return original(args);
    (args.backend as { incRef(id: tfc.DataId): void }).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
