/**
 * The scalars of a TensorBoard event file (`events.out.tfevents.*`): TFRecord framing (length, masked CRC-32C of
 * the length, the record, its masked CRC-32C) around `Event` protocol buffers, of which only the scalar summaries
 * are read: TF1's `simple_value` and TF2's scalar tensors (`tf.summary.scalar`, Keras's TensorBoard callback).
 * Written by hand because no maintained JavaScript reader of event files exists and the few protobuf fields read
 * here do not justify a schema toolchain; every read is bounded, and a torn or corrupt record ends the file's
 * reading there (what came before is kept), never a throw.
 */

export interface ScalarPoint {
  readonly tag: string;
  readonly step: number;
  /** Seconds since the epoch, as the writer recorded it. */
  readonly wallTime: number;
  readonly value: number;
}

export interface EventScalars {
  readonly points: ScalarPoint[];
  /** Why reading stopped before the end (a torn last record, a CRC mismatch); undefined when the file was whole. */
  readonly stoppedEarly?: string;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC32C_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotated right by 15 bits plus a constant, so CRCs of CRCs do not collide. */
export function maskedCrc(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function readEventScalars(file: Uint8Array): EventScalars {
  const points: ScalarPoint[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) return { points, stoppedEarly: `a torn record at byte ${at}` };
    const header = file.subarray(at, at + 8);
    if (view.getUint32(at + 8, true) !== maskedCrc(header)) return { points, stoppedEarly: `a corrupt record length at byte ${at}` };
    const length = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    const start = at + 12;
    if (start + length + 4 > file.length) return { points, stoppedEarly: `a torn record at byte ${at}` };
    const data = file.subarray(start, start + length);
    if (view.getUint32(start + length, true) !== maskedCrc(data)) return { points, stoppedEarly: `a corrupt record at byte ${at}` };
    decodeEvent(data, points);
    at = start + length + 4;
  }
  return { points };
}

/** A protocol buffer's fields in order: number, wire type and value (a number, or the bytes of a length-delimited one). */
type Field = { no: number; wire: number; int: number; bytes: Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (at >= buf.length) throw new RangeError('truncated varint');
      const b = buf[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return value;
    }
    throw new RangeError('varint too long');
  };
  while (at < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) yield { no, wire, int: varint(), bytes: buf.subarray(0, 0) };
    else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at + size > buf.length) throw new RangeError('truncated fixed field');
      yield { no, wire, int: wire === 1 ? view.getFloat64(at, true) : view.getFloat32(at, true), bytes: buf.subarray(at, at + size) };
      at += size;
    } else if (wire === 2) {
      const length = varint();
      if (at + length > buf.length) throw new RangeError('truncated field');
      yield { no, wire, int: length, bytes: buf.subarray(at, at + length) };
      at += length;
    } else throw new RangeError(`wire type ${wire}`);
  }
}

const text = new TextDecoder();

/** Event: wall_time = 1 (double), step = 2 (int64), summary = 5 (Summary: repeated value = 1). */
function decodeEvent(data: Uint8Array, out: ScalarPoint[]): void {
  try {
    let wallTime = 0;
    let step = 0;
    const values: Uint8Array[] = [];
    for (const f of fields(data)) {
      if (f.no === 1 && f.wire === 1) wallTime = f.int;
      else if (f.no === 2 && f.wire === 0) step = f.int;
      else if (f.no === 5 && f.wire === 2) for (const v of fields(f.bytes)) if (v.no === 1 && v.wire === 2) values.push(v.bytes);
    }
    for (const v of values) {
      const scalar = decodeValue(v);
      if (scalar) out.push({ ...scalar, step, wallTime });
    }
  } catch {
    // A record that is not an Event as read here: skipped, the file goes on.
  }
}

/** Summary.Value: tag = 1, simple_value = 2 (float), tensor = 8 (a scalar float or double tensor). */
function decodeValue(v: Uint8Array): { tag: string; value: number } | undefined {
  let tag: string | undefined;
  let value: number | undefined;
  for (const f of fields(v)) {
    if (f.no === 1 && f.wire === 2) tag = text.decode(f.bytes);
    else if (f.no === 2 && f.wire === 5) value = f.int;
    else if (f.no === 8 && f.wire === 2) value = scalarOfTensor(f.bytes);
  }
  return tag !== undefined && value !== undefined && Number.isFinite(value) ? { tag, value } : undefined;
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;

/** TensorProto: dtype = 1, tensor_shape = 2 (no dims: a scalar), tensor_content = 4, float_val = 5, double_val = 6. */
function scalarOfTensor(t: Uint8Array): number | undefined {
  let dtype = 0;
  let scalarShape = true;
  let value: number | undefined;
  let content: Uint8Array | undefined;
  for (const f of fields(t)) {
    if (f.no === 1 && f.wire === 0) dtype = f.int;
    else if (f.no === 2 && f.wire === 2) scalarShape = ![...fields(f.bytes)].some((d) => d.no === 2);
    else if (f.no === 4 && f.wire === 2) content = f.bytes;
    else if (f.no === 5 && f.wire === 5) value = f.int;
    else if (f.no === 5 && f.wire === 2 && f.bytes.length === 4) value = new DataView(f.bytes.buffer, f.bytes.byteOffset, 4).getFloat32(0, true);
    else if (f.no === 6 && f.wire === 1) value = f.int;
    else if (f.no === 6 && f.wire === 2 && f.bytes.length === 8) value = new DataView(f.bytes.buffer, f.bytes.byteOffset, 8).getFloat64(0, true);
  }
  if (!scalarShape || (dtype !== DT_FLOAT && dtype !== DT_DOUBLE)) return undefined;
  if (content) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length === 4) return view.getFloat32(0, true);
    if (dtype === DT_DOUBLE && content.length === 8) return view.getFloat64(0, true);
    return undefined;
  }
  return value;
}
