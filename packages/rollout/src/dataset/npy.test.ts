import { describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy } from "./npy";

describe("npy", () => {
  it("reads files written by numpy.save (numpy 1.24)", () => {
    // np.save(np.arange(1, 7, dtype="<f4").reshape(2, 3)) and np.save(np.array([True, False, True])).
    const f32 = decodeNpy(Buffer.from(NUMPY_F32, "base64"));
    expect(f32).toMatchObject({ dtype: "float32", shape: [2, 3] });
    expect(Array.from(f32.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const bool = decodeNpy(Buffer.from(NUMPY_BOOL, "base64"));
    expect(bool).toMatchObject({ dtype: "bool", shape: [3] });
    expect(Array.from(bool.data)).toEqual([1, 0, 1]);
  });

  it("writes the same bytes as numpy.save", () => {
    const f32 = encodeNpy({ dtype: "float32", shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6) });
    expect(Buffer.from(f32).toString("base64")).toBe(NUMPY_F32);
    const bool = encodeNpy({ dtype: "bool", shape: [3], data: Uint8Array.of(1, 0, 1) });
    expect(Buffer.from(bool).toString("base64")).toBe(NUMPY_BOOL);
  });

  it("round-trips uint8, bool and 1-D shapes", () => {
    for (const array of [
      { dtype: "uint8" as const, shape: [2, 1, 2, 2, 3], data: Uint8Array.from({ length: 24 }, (_, i) => i * 7) },
      { dtype: "bool" as const, shape: [4], data: Uint8Array.of(0, 1, 1, 0) },
      { dtype: "float32" as const, shape: [3], data: Float32Array.of(-1.5, 0, 2.25) },
    ]) {
      const back = decodeNpy(encodeNpy(array));
      expect(back.dtype).toBe(array.dtype);
      expect(back.shape).toEqual(array.shape);
      expect(Array.from(back.data)).toEqual(Array.from(array.data));
    }
  });

  it("rejects a shape that does not match the data, naming both", () => {
    expect(() => encodeNpy({ dtype: "uint8", shape: [2, 2], data: new Uint8Array(3) })).toThrow(/shape \[2,2\] holds 4 values, data has 3/);
  });
});

const NUMPY_F32 =
  "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAIA/AAAAQAAAQEAAAIBAAACgQAAAwEA=";
const NUMPY_BOOL =
  "k05VTVBZAQB2AHsnZGVzY3InOiAnfGIxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoBAAE=";
