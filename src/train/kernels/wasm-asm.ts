/**
 * A small WebAssembly assembler for the training kernels: one exported function per module, working on the
 * memory of TF.js's wasm backend (imported, so tensors are read and written where they are). The bytes are
 * built opcode by opcode because no WebAssembly toolchain is a dependency; the engine validates the module
 * when it is compiled, so a wrong encoding fails loudly at the first use, never silently.
 */
import type { WasmMemory } from './wasm-backend';

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;

const simd = (code: number) => [0xfd, ...uleb(code)];

export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  tee: (i: number) => [0x22, ...uleb(i)],
  i32: (n: number) => [0x41, ...uleb(n)], // constants below 64 only (the signed LEB128 of those equals the unsigned)
  f32: (x: number) => [0x43, ...new Uint8Array(new Float32Array([x]).buffer)],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32GeU: [0x4f],
  f32Sub: [0x93],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  end: [0x0b],
  load: [...simd(0x00), 0, 0], // v128.load (alignment hint 1, offset 0)
  store: [...simd(0x0b), 0, 0], // v128.store
  /** i8x16.shuffle: sixteen byte lanes picked from the two operands (0–15 the first, 16–31 the second). */
  shuffle: (lanes: readonly number[]) => [...simd(0x0d), ...lanes],
  splat: simd(0x13), // f32x4.splat
  abs: simd(0xe0),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  ge: simd(0x46), // f32x4.ge: all ones where a ≥ b
  and: simd(0x4e), // v128.and
};

/** Byte lanes of a shuffle that picks 32-bit lanes (0–3 of the first operand, 4–7 of the second). */
export function lanes32(picks: readonly number[]): number[] {
  return picks.flatMap((p) => [0, 1, 2, 3].map((b) => p * 4 + b));
}

/** A module importing env.memory and exporting one function `name` of `params` (returning nothing). */
export function functionModule(exportName: string, params: readonly number[], locals: readonly [count: number, type: number][], body: readonly number[]): Uint8Array {
  const localBytes = [...uleb(locals.length), ...locals.flatMap(([count, type]) => [...uleb(count), type])];
  const code = [...uleb(localBytes.length + body.length + 1), ...localBytes, ...body, ...op.end];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, ...uleb(params.length), ...params, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exportName), 0x00, 0]),
    ...section(10, [1, ...code]),
  ]);
}

/** The WebAssembly API as used here (Node has it; this project's TypeScript libraries do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Compiles `bytes` once and instantiates it once per memory; returns the exported function. */
export function exportedFunction<F>(bytes: () => Uint8Array, exportName: string): (memory: WasmMemory) => F {
  let compiled: object | undefined;
  const instances = new WeakMap<WasmMemory, F>();
  return (memory) => {
    let f = instances.get(memory);
    if (!f) {
      compiled ??= new WebAssemblyApi.Module(bytes());
      f = new WebAssemblyApi.Instance(compiled, { env: { memory } }).exports[exportName] as F;
      instances.set(memory, f);
    }
    return f;
  };
}
