import { describe, expect, it } from "vitest";
import { decodeMsgpackNumpy, encodeMsgpackNumpy } from "./msgpack-numpy";
import { NdArray } from "./nd-array";

const hex = (s: string) => Uint8Array.from(s.trim().split(/\s+/), (b) => Number.parseInt(b, 16));
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16)).join(" ");

// msgpack_numpy.packb(np.array([[1, 2], [3, 4]], dtype=np.float32)), derived from the msgpack spec:
// a fixmap of 4 whose keys are bin 8 (Python bytes), in msgpack_numpy's insertion order.
const FLOAT32_2X2 = hex(`
  84
  c4 0b ${ascii("__ndarray__")}  c3
  c4 04 ${ascii("data")}         c4 10  00 00 80 3f  00 00 00 40  00 00 40 40  00 00 80 40
  c4 05 ${ascii("dtype")}        a3 ${ascii("<f4")}
  c4 05 ${ascii("shape")}        92 02 02
`);

describe("msgpack-numpy", () => {
  it("packs a float32 2x2 array byte-for-byte as msgpack_numpy does", () => {
    expect(FLOAT32_2X2.length).toBe(60);
    const bytes = encodeMsgpackNumpy(NdArray.from(new Float32Array([1, 2, 3, 4]), [2, 2]));
    expect([...bytes]).toEqual([...FLOAT32_2X2]);
  });

  it("unpacks the same bytes into an NdArray", () => {
    const arr = decodeMsgpackNumpy(FLOAT32_2X2) as NdArray;
    expect(arr).toBeInstanceOf(NdArray);
    expect(arr.dtype).toBe("<f4");
    expect(arr.shape).toEqual([2, 2]);
    expect([...arr.values()]).toEqual([1, 2, 3, 4]);
  });

  it("writes uint8 images with dtype |u1 and an openpi-style observation map with str keys", () => {
    const img = NdArray.from(new Uint8Array([9, 8, 7, 6, 5, 4]), [1, 2, 3]);
    const bytes = encodeMsgpackNumpy({ "observation/image": img, prompt: "go" });
    const expected = hex(`
      82
      b1 ${ascii("observation/image")}
        84 c4 0b ${ascii("__ndarray__")} c3 c4 04 ${ascii("data")} c4 06 09 08 07 06 05 04
           c4 05 ${ascii("dtype")} a3 ${ascii("|u1")} c4 05 ${ascii("shape")} 93 01 02 03
      a6 ${ascii("prompt")} a2 ${ascii("go")}
    `);
    expect([...bytes]).toEqual([...expected]);
  });

  it("packs scalars in the smallest msgpack format, floats as float 64", () => {
    const cases: [unknown, string][] = [
      [0, "00"],
      [127, "7f"],
      [128, "cc 80"],
      [65536, "ce 00 01 00 00"],
      [-1, "ff"],
      [-33, "d0 df"],
      [-40000, "d2 ff ff 63 c0"],
      [0.5, "cb 3f e0 00 00 00 00 00 00"],
      [true, "c3"],
      [null, "c0"],
      ["x".repeat(40), `d9 28 ${"78 ".repeat(40)}`],
    ];
    for (const [value, bytes] of cases) expect([...encodeMsgpackNumpy(value)]).toEqual([...hex(bytes)]);
  });

  it("round-trips nested maps, typed arrays as ndarrays, and decodes numpy scalars to plain values", () => {
    const value = { a: [1, "two", { b: new Float64Array([1.5, -2]) }], c: new Int32Array([7]) };
    const back = decodeMsgpackNumpy(encodeMsgpackNumpy(value)) as { a: [number, string, { b: NdArray }]; c: NdArray };
    expect(back.a[0]).toBe(1);
    expect(back.a[2].b.dtype).toBe("<f8");
    expect([...back.a[2].b.values()]).toEqual([1.5, -2]);
    expect(back.c.dtype).toBe("<i4");
    // msgpack_numpy.packb(np.float32(1.5)): {b"__npgeneric__": True, b"data": 1.5, b"dtype": "<f4"}
    const scalar = hex(`83 c4 0d ${ascii("__npgeneric__")} c3 c4 04 ${ascii("data")} cb 3f f8 00 00 00 00 00 00 c4 05 ${ascii("dtype")} a3 ${ascii("<f4")}`);
    expect(decodeMsgpackNumpy(scalar)).toBe(1.5);
  });

  it("reads big-endian, float16 and int64 arrays, and refuses a size mismatch", () => {
    expect([...new NdArray(">f4", [1], hex("3f c0 00 00")).values()]).toEqual([1.5]);
    expect([...new NdArray("<f2", [2], hex("00 3c 00 c0")).values()]).toEqual([1, -2]);
    expect([...new NdArray("<i8", [1], hex("fe ff ff ff ff ff ff ff")).values()]).toEqual([-2]);
    expect(() => new NdArray("<f4", [3], new Uint8Array(8))).toThrow(/shape \[3\] of <f4 needs 12 bytes, got 8/);
    expect(() => new NdArray("<U4", [1], new Uint8Array(16))).toThrow(/dtype "<U4" is not supported/);
  });
});
