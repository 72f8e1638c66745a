/**
 * A reader for exactly the pickles CIFAR-10's batches are (`cifar-10-batches-py/data_batch_1`): a dict of
 * byte strings, a list of ints and one NumPy array, written by Python 2's cPickle (protocol 2) or, for files
 * people make themselves, Python 3's pickle (protocols 3–5). It runs no code: the only globals it knows are
 * the four Keras's own `RestrictedUnpickler` (keras/src/datasets/npz_utils.py) allows, NumPy's array
 * reconstruction; any other is refused, as Keras refuses it.
 */
import { DataError } from './errors';

/** A NumPy array as pickled: `_reconstruct(ndarray, (0,), b'b')` then BUILD with `(1, shape, dtype, fortran, raw)`. */
export interface PickledArray {
  readonly kind: 'ndarray';
  shape: readonly number[];
  dtype: string;
  fortran: boolean;
  raw: Uint8Array;
}

export type PickleValue = null | boolean | number | bigint | string | Uint8Array | PickleValue[] | Map<string, PickleValue> | PickledArray | Opaque;

/** A global, a dtype or a call result the reader keeps only to hand to REDUCE or BUILD. */
interface Opaque {
  readonly kind: 'global' | 'dtype';
  readonly name: string;
  args?: PickleValue[];
}

const KNOWN_GLOBALS = new Set(['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct', 'numpy.ndarray', 'numpy.dtype']);

const isObject = (v: PickleValue, kind: string): boolean => typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v) && !(v instanceof Map) && v.kind === kind;

/** Bytes as Python 2 `str` / Python 3 `bytes`, turned into a dict key the way `encoding="bytes"` and `.decode()` do. */
const keyOf = (v: PickleValue): string => (v instanceof Uint8Array ? new TextDecoder('latin1').decode(v) : String(v));

/** Parses one pickle; throws a DataError naming `name` for anything outside the layout above. */
export function readPickle(bytes: Uint8Array, name: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: PickleValue[] = [];
  const marks: number[] = [];
  const memo = new Map<number, PickleValue>();
  let at = 0;
  const fail = (why: string): never => {
    throw new DataError(`${name} is not a pickle Model Lens reads (${why}, at byte ${at}); it expects a CIFAR-10 batch as keras.datasets downloads it.`);
  };
  const need = (n: number) => {
    if (at + n > bytes.length) fail('it ends too early');
  };
  const u8 = () => (need(1), bytes[at++]);
  const u32 = () => (need(4), (at += 4), view.getUint32(at - 4, true));
  const take = (n: number) => (need(n), (at += n), bytes.subarray(at - n, at));
  const line = () => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) fail('a line never ends');
    const s = new TextDecoder('latin1').decode(bytes.subarray(at, end));
    at = end + 1;
    return s;
  };
  const pop = () => (stack.length === 0 ? fail('the stack is empty') : stack.pop()!);
  const popMark = () => {
    const m = marks.pop();
    if (m === undefined) fail('no mark');
    return stack.splice(m!);
  };
  const top = () => (stack.length === 0 ? fail('the stack is empty') : stack[stack.length - 1]);
  const utf8 = (b: Uint8Array) => new TextDecoder().decode(b);
  const global = (module: string, attr: string): PickleValue => {
    const full = `${module}.${attr}`;
    if (!KNOWN_GLOBALS.has(full)) fail(`it calls ${full}, which a data file has no need of`);
    return { kind: 'global', name: full };
  };
  const setItems = (dict: PickleValue, items: PickleValue[]) => {
    if (!(dict instanceof Map) || items.length % 2) fail('SETITEMS on something that is not a dict');
    for (let i = 0; i < items.length; i += 2) (dict as Map<string, PickleValue>).set(keyOf(items[i]), items[i + 1]);
  };
  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME (protocol 4): the frame's length only
        take(8);
        break;
      case 0x2e: // STOP
        return pop();
      case 0x28: // MARK
        marks.push(stack.length);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        need(2);
        stack.push(view.getUint16(at, true));
        at += 2;
        break;
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(at, true));
        at += 4;
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        if (b.length && b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        stack.push(view.getFloat64(at, false));
        at += 8;
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str): bytes, as encoding="bytes" reads it
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x54: // BINSTRING
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x8e: {
        // BINBYTES8
        need(8);
        const n = Number(view.getBigUint64(at, true));
        at += 8;
        stack.push(take(n));
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(utf8(take(u32())));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(take(u8())));
        break;
      case 0x63: // GLOBAL
        stack.push(global(line(), line()));
        break;
      case 0x93: {
        // STACK_GLOBAL
        const attr = pop();
        const module = pop();
        stack.push(global(String(module), String(attr)));
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : u32();
        if (!memo.has(key)) fail(`memo ${key} was never stored`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) fail('APPEND to something that is not a list');
        (list as PickleValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) fail('APPENDS to something that is not a list');
        for (const v of items) (list as PickleValue[]).push(v);
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        setItems(top(), items);
        break;
      }
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(call(fn, args, fail));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        build(top(), state, fail);
        break;
      }
      default:
        fail(`opcode 0x${op.toString(16).padStart(2, '0')} is not one a data file uses`);
    }
  }
}

function call(fn: PickleValue, args: PickleValue, fail: (why: string) => never): PickleValue {
  if (!isObject(fn, 'global') || !Array.isArray(args)) return fail('REDUCE on something that is not a known call');
  const name = (fn as Opaque).name;
  if (name.endsWith('._reconstruct')) return { kind: 'ndarray', shape: [0], dtype: '', fortran: false, raw: new Uint8Array(0) };
  if (name === 'numpy.dtype') return { kind: 'dtype', name: String(args[0] instanceof Uint8Array ? new TextDecoder('latin1').decode(args[0]) : args[0]), args };
  return fail(`${name} is not callable here`);
}

/** The state NumPy pickles an array with: `(version, shape, dtype, is_fortran, raw bytes)`. */
function build(target: PickleValue, state: PickleValue, fail: (why: string) => never): void {
  if (isObject(target, 'dtype')) return; // byte order and flags: CIFAR's arrays are bytes, for which it does not matter
  if (!isObject(target, 'ndarray') || !Array.isArray(state) || state.length < 5) return fail('BUILD on something that is not a NumPy array');
  const [, shape, dtype, fortran, raw] = state;
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number')) return fail('the array has no shape');
  if (!isObject(dtype, 'dtype')) return fail('the array has no dtype');
  if (!(raw instanceof Uint8Array)) return fail('the array holds Python objects, not numbers');
  const a = target as PickledArray;
  a.shape = shape as number[];
  a.dtype = (dtype as Opaque).name;
  a.fortran = fortran === true;
  a.raw = raw;
}
