/**
 * Loads TensorFlow.js in the worker with the fastest backend that works: `@tensorflow/tfjs-node` (native
 * TensorFlow, an optional dependency whose install often cannot fetch libtensorflow), else the WebAssembly
 * backend, else plain JavaScript. A forced choice that fails is an error, not a silent fallback.
 *
 * The WebAssembly backend is the single-threaded SIMD build. The threaded build can be started under Node (its
 * pthread worker written to a file instead of the blob: URL Node cannot load), but it was slower here: it sizes
 * its pool at half the logical cores (one thread on two cores), every heap access pays a growth check, and two
 * forced threads on two cores ran a training step three times slower. Speed comes instead from wasm-matmul.ts
 * (transposed products on XNNPACK), wasm-adam.ts (Adam in one SIMD pass), wasm-gather.ts (batches as rows),
 * wasm-transpose.ts (SIMD transposes) and wasm-identity.ts (clones share their data).
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
// Tensor methods such as `t.flatten()`, which tfjs-layers calls (the orthogonal initializer of LSTM, GRU and
// SimpleRNN): `@tensorflow/tfjs` registers them, and training imports TF.js's parts one by one.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
// Used, not just imported: the package's sideEffects list would let the bundler drop a bare import, and with it the backend.
import { version_cpu } from '@tensorflow/tfjs-backend-cpu';
import type { BackendChoice, BackendName } from '../../shared/training-protocol';
import { registerWasmConv2dBackpropFilter, registerWasmConv2dBackpropInput } from '../kernels/wasm-gradients';
import { registerWasmRowGather } from '../kernels/wasm-gather';
import { registerWasmSharedIdentity } from '../kernels/wasm-identity';
import { registerWasmFastMatMul } from '../kernels/wasm-matmul';
import { registerWasmMaxPoolGrad } from '../kernels/wasm-pool-gradient';
import { registerWasmFastTranspose } from '../kernels/wasm-transpose';

/** The parts of TF.js training uses: core ops, training, io and the layers API (what `@tensorflow/tfjs` exports). */
export type Tf = typeof tfc & typeof tfl;

export interface LoadedBackend {
  readonly tf: Tf;
  readonly name: BackendName;
  /** Why faster backends were not used. */
  readonly notes: readonly string[];
}

export class BackendError extends Error {
  override readonly name = 'BackendError';
}

/** Where the wasm binaries are: beside the bundle (dist/), else in node_modules (tests from source). */
export function wasmDirectory(): string {
  if (existsSync(join(__dirname, 'tfjs-backend-wasm.wasm'))) return __dirname + '/';
  return dirname(createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + '/';
}

function tryNode(): { tf?: Tf; reason?: string } {
  // Look before loading: a tfjs-node without its native library still loads its own copy of TF.js before it
  // fails, and that copy would then share the process's kernel registry with ours.
  // MODEL_LENS_TFJS_NODE: a tfjs-node built elsewhere (scripts/build-tfjs-node.sh builds one from the Keras venv's wheel).
  const built = process.env.MODEL_LENS_TFJS_NODE;
  let packageDir: string;
  try {
    packageDir = built ? dirname(require.resolve(join(built, 'package.json'))) : dirname(createRequire(__filename).resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return { reason: built ? `MODEL_LENS_TFJS_NODE names ${built}, which holds no @tensorflow/tfjs-node` : '@tensorflow/tfjs-node is not installed' };
  }
  const lib = join(packageDir, 'lib');
  const binding = existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  if (!binding) return { reason: '@tensorflow/tfjs-node is installed without its native library (its install step downloads libtensorflow, and that did not happen)' };
  try {
    // Marked external in esbuild.mjs: looked up in node_modules at run time, never bundled.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tf = require(built ? packageDir : '@tensorflow/tfjs-node') as Tf;
    return { tf };
  } catch (e) {
    return { reason: `@tensorflow/tfjs-node did not load (${(e as Error).message.split('\n')[0].slice(0, 200)})` };
  }
}

async function tryWasm(tf: Tf): Promise<string | undefined> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(wasmDirectory());
    if (!(await tf.setBackend('wasm'))) return 'the WebAssembly backend did not start';
    await tf.ready();
    // The backend ships without the filter gradient of a convolution; ours is made of its own convolution.
    if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) registerWasmConv2dBackpropFilter(tf);
    registerWasmConv2dBackpropInput(tf);
    registerWasmMaxPoolGrad(tf);
    registerWasmFastMatMul(tf);
    registerWasmRowGather(tf);
    registerWasmFastTranspose(tf);
    registerWasmSharedIdentity(tf);
    return undefined;
  } catch (e) {
    return `the WebAssembly backend did not start (${(e as Error).message.split('\n')[0].slice(0, 200)})`;
  }
}

export async function loadBackend(choice: BackendChoice): Promise<LoadedBackend> {
  const notes: string[] = [];
  if (choice === 'auto' || choice === 'tensorflow') {
    const node = tryNode();
    if (node.tf) {
      await node.tf.setBackend('tensorflow');
      await node.tf.ready();
      return { tf: node.tf, name: 'tensorflow', notes };
    }
    if (choice === 'tensorflow') throw new BackendError(`The TensorFlow native backend was chosen, but ${node.reason}. Choose "auto", "wasm" or "cpu" instead.`);
    notes.push(`native TensorFlow: ${node.reason}`);
  }
  const tf = { ...tfc, ...tfl } as Tf;
  if (choice === 'auto' || choice === 'wasm') {
    const failure = await tryWasm(tf);
    if (!failure) return { tf, name: 'wasm', notes };
    if (choice === 'wasm') throw new BackendError(`The WebAssembly backend was chosen, but ${failure}.`);
    notes.push(`WebAssembly: ${failure}`);
  }
  if (!(await tf.setBackend('cpu'))) throw new BackendError(`The JavaScript CPU backend (${version_cpu}) did not start.`);
  await tf.ready();
  return { tf, name: 'cpu', notes };
}
