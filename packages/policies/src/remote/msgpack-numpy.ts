/**
 * msgpack with numpy arrays, byte-compatible with openpi's `openpi_client.msgpack_numpy`.
 *
 * An array travels as the map `{b"__ndarray__": True, b"data": <bin>, b"dtype": <str>, b"shape": [..]}`
 * in that key order. The keys are msgpack *bin*, not str, because Python packs the `bytes` keys
 * msgpack_numpy writes as bin; its decoder looks them up as bytes, so str keys would arrive as a
 * plain dict and never become an array. That is why encoding is done here rather than by
 * @msgpack/msgpack, which only writes str keys.
 */
import { Decoder } from "@msgpack/msgpack";
import { NdArray, type NumericTypedArray } from "./nd-array";

const utf8 = new TextEncoder();
const NDARRAY_KEY = utf8.encode("__ndarray__");
const DATA_KEY = utf8.encode("data");
const DTYPE_KEY = utf8.encode("dtype");
const SHAPE_KEY = utf8.encode("shape");

class Writer {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v;
  }

  /** A head byte followed by a big-endian unsigned length or integer of `size` bytes. */
  head(byte: number, size: 1 | 2 | 4, v: number): void {
    this.ensure(1 + size);
    this.buf[this.pos++] = byte;
    if (size === 1) this.view.setUint8(this.pos, v);
    else if (size === 2) this.view.setUint16(this.pos, v);
    else this.view.setUint32(this.pos, v);
    this.pos += size;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function writeInt(w: Writer, v: number): void {
  if (v >= 0) {
    if (v < 0x80) w.u8(v);
    else if (v <= 0xff) w.head(0xcc, 1, v);
    else if (v <= 0xffff) w.head(0xcd, 2, v);
    else if (v <= 0xffffffff) w.head(0xce, 4, v);
    else writeInt64(w, 0xcf, BigInt(v));
  } else if (v >= -32) w.u8(v & 0xff);
  else if (v >= -0x80) w.head(0xd0, 1, v & 0xff);
  else if (v >= -0x8000) w.head(0xd1, 2, v & 0xffff);
  else if (v >= -0x80000000) w.head(0xd2, 4, v >>> 0);
  else writeInt64(w, 0xd3, BigInt(v));
}

function writeInt64(w: Writer, byte: number, v: bigint): void {
  w.ensure(9);
  w.buf[w.pos++] = byte;
  if (byte === 0xcf) w.view.setBigUint64(w.pos, v);
  else w.view.setBigInt64(w.pos, v);
  w.pos += 8;
}

function writeStr(w: Writer, s: string): void {
  const b = utf8.encode(s);
  if (b.length < 32) w.u8(0xa0 | b.length);
  else if (b.length <= 0xff) w.head(0xd9, 1, b.length);
  else if (b.length <= 0xffff) w.head(0xda, 2, b.length);
  else w.head(0xdb, 4, b.length);
  w.bytes(b);
}

function writeBin(w: Writer, b: Uint8Array): void {
  if (b.length <= 0xff) w.head(0xc4, 1, b.length);
  else if (b.length <= 0xffff) w.head(0xc5, 2, b.length);
  else w.head(0xc6, 4, b.length);
  w.bytes(b);
}

function writeLength(w: Writer, n: number, fix: number, b16: number): void {
  if (n < 16) w.u8(fix | n);
  else if (n <= 0xffff) w.head(b16, 2, n);
  else w.head(b16 + 1, 4, n);
}

function writeValue(w: Writer, v: unknown): void {
  if (v === null || v === undefined) w.u8(0xc0);
  else if (typeof v === "boolean") w.u8(v ? 0xc3 : 0xc2);
  else if (typeof v === "number") {
    if (Number.isSafeInteger(v)) writeInt(w, v);
    else {
      // Python floats are doubles and msgpack-python packs them as float 64.
      w.ensure(9);
      w.buf[w.pos++] = 0xcb;
      w.view.setFloat64(w.pos, v);
      w.pos += 8;
    }
  } else if (typeof v === "bigint") writeInt64(w, v < 0n ? 0xd3 : 0xcf, v);
  else if (typeof v === "string") writeStr(w, v);
  else if (v instanceof NdArray) {
    w.u8(0x84);
    writeBin(w, NDARRAY_KEY);
    w.u8(0xc3);
    writeBin(w, DATA_KEY);
    writeBin(w, v.data);
    writeBin(w, DTYPE_KEY);
    writeStr(w, v.dtype);
    writeBin(w, SHAPE_KEY);
    writeLength(w, v.shape.length, 0x90, 0xdc);
    for (const d of v.shape) writeInt(w, d);
  } else if (v instanceof Uint8Array) writeBin(w, v);
  else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) writeValue(w, NdArray.from(v as NumericTypedArray));
  else if (Array.isArray(v)) {
    writeLength(w, v.length, 0x90, 0xdc);
    for (const item of v) writeValue(w, item);
  } else if (typeof v === "object") {
    const entries = Object.entries(v);
    writeLength(w, entries.length, 0x80, 0xde);
    for (const [k, item] of entries) {
      writeStr(w, k);
      writeValue(w, item);
    }
  } else throw new Error(`msgpack: cannot encode a ${typeof v}`);
}

/**
 * Packs a value as `msgpack_numpy.packb` would: NdArray (and typed arrays other than Uint8Array)
 * become ndarray maps, Uint8Array becomes bin, integers the smallest int format, other numbers float 64.
 */
export function encodeMsgpackNumpy(value: unknown): Uint8Array {
  const w = new Writer(64 * 1024);
  writeValue(w, value);
  return w.buf.subarray(0, w.pos);
}

const latin1 = new TextDecoder("latin1");
const decoder = new Decoder({
  // msgpack_numpy's keys are bin; read them as strings so ndarray maps look like any other map.
  mapKeyConverter: (key) => (key instanceof Uint8Array ? latin1.decode(key) : (key as string | number)),
});

function revive(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(revive);
  if (v === null || typeof v !== "object" || v instanceof Uint8Array) return v;
  const map = v as Record<string, unknown>;
  if (map.__ndarray__ === true) {
    const { data, dtype, shape } = map;
    if (!(data instanceof Uint8Array) || typeof dtype !== "string" || !Array.isArray(shape)) {
      throw new Error(`msgpack: malformed ndarray map (data ${typeof data}, dtype ${String(dtype)}, shape ${String(shape)})`);
    }
    return new NdArray(dtype, shape as number[], data);
  }
  // A numpy scalar (np.float32(1.5) and friends): msgpack_numpy sends its Python value.
  if (map.__npgeneric__ === true) return map.data;
  for (const k of Object.keys(map)) map[k] = revive(map[k]);
  return map;
}

/** Unpacks bytes as `msgpack_numpy.unpackb` would: ndarray maps become NdArray, numpy scalars plain values. */
export function decodeMsgpackNumpy(bytes: Uint8Array): unknown {
  return revive(decoder.decode(bytes));
}
