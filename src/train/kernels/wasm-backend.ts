/**
 * What the training fast paths need from TF.js's WebAssembly backend: where a tensor lives in the module's
 * memory, new outputs, and replacing one of its kernels by a wrapper around it (once per process, however many
 * runs load the backend).
 */
import type * as tfc from '@tensorflow/tfjs-core';
import type { Tf } from '../worker/backend';

/** The module's memory (the backend reads and writes tensors there; so do our kernels). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** The parts of the wasm backend the kernels touch. */
export interface WasmBackendLike {
  makeOutput(shape: number[], dtype: tfc.DataType): tfc.TensorInfo;
  readSync(dataId: tfc.DataId): ArrayLike<number>;
  /** How many tensors share the data (clones share it: wasm-identity.ts). */
  refCount(dataId: tfc.DataId): number;
  dataIdMap: { get(id: tfc.DataId): { memoryOffset: number } };
  wasm: { asm: { memory: WasmMemory } };
}

/** Byte offset of a tensor's data in the module's memory. */
export function byteOffset(backend: WasmBackendLike, t: tfc.TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

export type KernelFunc = (args: { inputs: Record<string, tfc.TensorInfo | undefined>; backend: unknown; attrs: tfc.NamedAttrMap }) => tfc.TensorInfo;

/** Kernels made by replaceWasmKernel, so that a second registration does not wrap them again. */
const replacements = new WeakSet<object>();

/** Registers `wrap(original)` as the wasm backend's kernel `name`, unless it already is one of ours. */
export function replaceWasmKernel(tf: Tf, name: string, wrap: (original: KernelFunc) => KernelFunc): void {
  const config = tf.getKernel(name, 'wasm');
  if (!config || replacements.has(config.kernelFunc)) return;
  const kernelFunc = wrap(config.kernelFunc as unknown as KernelFunc) as unknown as tfc.KernelFunc;
  replacements.add(kernelFunc);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...config, kernelFunc });
}
