/**
 * The gradient of max pooling: each output's gradient goes to the input that was the window's maximum (the first
 * one, in row-major window order, as TF.js's CPU backend and TensorFlow pick). The wasm backend's MaxPoolGrad took
 * a quarter of a convnet's training step; this pass finds each window's maximum once, for all channels together
 * (contiguous in NHWC), and adds the gradient there. Float32 only; other types keep the backend's kernel.
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';
import { byteOffset, replaceWasmKernel, type WasmBackendLike } from './wasm-backend';

interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function registerWasmMaxPoolGrad(tf: Tf): void {
  replaceWasmKernel(tf, 'MaxPoolGrad', (original) => (args) => {
    const { dy, input } = args.inputs as Record<'dy' | 'input', tfc.TensorInfo>;
    if (dy.dtype !== 'float32' || input.dtype !== 'float32') return original(args);
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    const backend = args.backend as WasmBackendLike;
    const dx = backend.makeOutput([...input.shape], 'float32');
    const heap = new Float32Array(backend.wasm.asm.memory.buffer);
    const [x0, dy0, dx0] = [byteOffset(backend, input) / 4, byteOffset(backend, dy) / 4, byteOffset(backend, dx) / 4];
    const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
    const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, padInfo } = info;
    heap.fill(0, dx0, dx0 + batchSize * H * W * C);
    const best = new Float32Array(C);
    const where = new Int32Array(C);
    for (let b = 0; b < batchSize; b++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          best.fill(-Infinity);
          where.fill(-1);
          for (let i = 0; i < fh; i++) {
            const ih = oh * sh - padInfo.top + i;
            if (ih < 0 || ih >= H) continue;
            for (let j = 0; j < fw; j++) {
              const iw = ow * sw - padInfo.left + j;
              if (iw < 0 || iw >= W) continue;
              const at = ((b * H + ih) * W + iw) * C;
              for (let c = 0; c < C; c++) {
                const v = heap[x0 + at + c];
                if (v > best[c]) {
                  best[c] = v;
                  where[c] = at + c;
                }
              }
            }
          }
          const from = dy0 + ((b * OH + oh) * OW + ow) * C;
          for (let c = 0; c < C; c++) if (where[c] >= 0) heap[dx0 + where[c]] += heap[from + c];
        }
      }
    }
    return dx;
  });
}
