/**
 * A numpy array as it crosses the wire: raw C-order bytes, a numpy dtype string (`np.dtype.str`,
 * e.g. "|u1", "<f4") and a shape. Kept as bytes so encoding never reinterprets values.
 */

/** Typed arrays that map onto a numpy dtype. */
export type NumericTypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** Typed arrays of plain numbers: what NdArray#values returns. */
export type NumberArray = Exclude<NumericTypedArray, BigInt64Array | BigUint64Array>;

const HOST_ORDER = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? "<" : ">";

type Kind = "b" | "i" | "u" | "f";
interface Dtype {
  order: "<" | ">" | "|";
  kind: Kind;
  size: number;
}

/** Parses a numpy dtype string such as "<f4"; throws, naming it, for anything not numeric. */
function parseDtype(dtype: string): Dtype {
  const m = /^([<>|=])([biuf])(1|2|4|8)$/.exec(dtype);
  if (!m || (m[2] === "b" && m[3] !== "1") || (m[2] === "f" && m[3] === "1")) {
    throw new Error(`ndarray dtype "${dtype}" is not supported (expected a numeric dtype like "|u1", "<f4", "<f8")`);
  }
  const order = m[1] === "=" ? HOST_ORDER : (m[1] as Dtype["order"]);
  return { order, kind: m[2] as Kind, size: Number(m[3]) };
}

function dtypeOf(values: NumericTypedArray): string {
  const kind =
    values instanceof Float32Array || values instanceof Float64Array
      ? "f"
      : values instanceof Int8Array || values instanceof Int16Array || values instanceof Int32Array || values instanceof BigInt64Array
        ? "i"
        : "u";
  const size = values.BYTES_PER_ELEMENT;
  return `${size === 1 ? "|" : HOST_ORDER}${kind}${size}`;
}

function viewAs(kind: Kind, size: number, buffer: ArrayBufferLike, offset: number, n: number): NumericTypedArray {
  if (kind === "f") return size === 4 ? new Float32Array(buffer, offset, n) : new Float64Array(buffer, offset, n);
  const signed = kind === "i";
  if (size === 1) return signed ? new Int8Array(buffer, offset, n) : new Uint8Array(buffer, offset, n);
  if (size === 2) return signed ? new Int16Array(buffer, offset, n) : new Uint16Array(buffer, offset, n);
  if (size === 4) return signed ? new Int32Array(buffer, offset, n) : new Uint32Array(buffer, offset, n);
  return signed ? new BigInt64Array(buffer, offset, n) : new BigUint64Array(buffer, offset, n);
}

function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** A numpy array: `data` holds the C-order bytes described by `dtype` and `shape`. */
export class NdArray {
  constructor(
    readonly dtype: string,
    readonly shape: readonly number[],
    readonly data: Uint8Array,
  ) {
    const { size } = parseDtype(dtype);
    const count = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isInteger(d) && d >= 0) || count * size !== data.byteLength) {
      throw new Error(`ndarray: shape [${shape.join(", ")}] of ${dtype} needs ${count * size} bytes, got ${data.byteLength}`);
    }
  }

  /** Wraps a typed array (no copy) as an ndarray of the matching dtype; `shape` defaults to 1-D. */
  static from(values: NumericTypedArray, shape: readonly number[] = [values.length]): NdArray {
    return new NdArray(dtypeOf(values), shape, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  /** The element values in C order, as numbers (64-bit integers are converted, possibly losing precision). */
  values(): NumberArray {
    const { order, kind, size } = parseDtype(this.dtype);
    const n = this.data.byteLength / size;
    if ((size === 1 || order === HOST_ORDER) && !(kind === "f" && size === 2)) {
      // Decoded bytes are often a view at an odd offset into the message and typed arrays need
      // alignment; copy with the Uint8Array constructor because Buffer#slice would not copy.
      const bytes = this.data.byteOffset % size === 0 ? this.data : new Uint8Array(this.data);
      const typed = viewAs(kind, size, bytes.buffer, bytes.byteOffset, n);
      return typed instanceof BigInt64Array || typed instanceof BigUint64Array ? Float64Array.from(typed, Number) : typed;
    }
    const view = new DataView(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    const le = order === "<";
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const at = i * size;
      if (kind === "f") out[i] = size === 2 ? halfToNumber(view.getUint16(at, le)) : size === 4 ? view.getFloat32(at, le) : view.getFloat64(at, le);
      else if (size === 2) out[i] = kind === "i" ? view.getInt16(at, le) : view.getUint16(at, le);
      else if (size === 4) out[i] = kind === "i" ? view.getInt32(at, le) : view.getUint32(at, le);
      else out[i] = Number(kind === "i" ? view.getBigInt64(at, le) : view.getBigUint64(at, le));
    }
    return out;
  }
}
