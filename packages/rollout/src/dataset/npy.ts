/**
 * NumPy `.npy` files (format 1.0), written and read from TypeScript so that Debian's numpy reads
 * the datasets with a plain `np.load` and no extra packages.
 */
import { readFileSync, writeFileSync } from "node:fs";

/** The element types the datasets use. */
export type NpyDtype = "uint8" | "bool" | "float32";

/** A typed array with its NumPy dtype and C-order shape. */
export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: Uint8Array | Float32Array;
}

const DESCR: Record<NpyDtype, string> = { uint8: "|u1", bool: "|b1", float32: "<f4" };
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Serialises an array as `.npy` bytes; the data length must match the shape. */
export function encodeNpy(array: NpyArray): Uint8Array {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (array.data.length !== count) throw new Error(`npy: shape [${array.shape}] holds ${count} values, data has ${array.data.length}`);
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(", ")})`;
  let header = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // The header (with magic, version and length) is padded to a multiple of 64 and ends in a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = `${header}${" ".repeat(total - 10 - header.length - 1)}\n`;
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(total + body.byteLength);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = (total - 10) & 0xff;
  out[9] = (total - 10) >> 8;
  out.set(Buffer.from(header, "latin1"), 10);
  out.set(body, total);
  return out;
}

/** Parses `.npy` bytes written by `encodeNpy` or numpy (C order, uint8 / bool / little-endian float32). */
export function decodeNpy(bytes: Uint8Array, source = "npy"): NpyArray {
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new Error(`${source}: not an .npy file (bad magic)`);
  if (bytes[6] !== 1) throw new Error(`${source}: .npy version ${bytes[6]} is not supported (expected 1)`);
  const length = bytes[8] | (bytes[9] << 8);
  const header = Buffer.from(bytes.subarray(10, 10 + length)).toString("latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const dtype = (Object.keys(DESCR) as NpyDtype[]).find((d) => DESCR[d] === descr);
  if (!dtype) throw new Error(`${source}: dtype ${descr} is not supported (expected ${Object.values(DESCR).join(", ")})`);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${source}: Fortran-order arrays are not supported`);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? "";
  const shape = shapeText.split(",").map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const start = 10 + length;
  const body = bytes.slice(start, start + count * (dtype === "float32" ? 4 : 1));
  const data = dtype === "float32" ? new Float32Array(body.buffer, body.byteOffset, count) : body;
  if (data.length !== count) throw new Error(`${source}: expected ${count} values for shape [${shape}], file holds ${data.length}`);
  return { dtype, shape, data };
}

/** Writes one array to a `.npy` file. */
export function writeNpy(path: string, array: NpyArray): void {
  writeFileSync(path, encodeNpy(array));
}

/** Reads one `.npy` file. */
export function readNpy(path: string): NpyArray {
  return decodeNpy(readFileSync(path), path);
}
