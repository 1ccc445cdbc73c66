import { describe, expect, it } from "vitest";
import { resizeArea } from "./resize-area";

/** A w x h RGBA image from per-pixel [r, g, b] triples, row 0 first. */
function rgba(width: number, height: number, pixels: number[][]) {
  const data = new Uint8Array(width * height * 4);
  for (const [i, [r, g, b]] of pixels.entries()) data.set([r, g, b, 255], i * 4);
  return { width, height, data };
}

describe("resizeArea", () => {
  it("averages each 2x2 block of a 4x4 image into a 2x2 RGB image, alpha dropped", () => {
    // Top-left block: red values 0, 10, 40, 50 -> 25; green 4 everywhere; blue 1, 2, 3, 4 -> 2.5 rounds to 3.
    // Top-right block: 100, 102, 104, 106 -> 103. Bottom-left: constant 7. Bottom-right: 255 and 0 -> 127.5 rounds to 128.
    const image = rgba(4, 4, [
      [0, 4, 1], [10, 4, 2], [100, 0, 0], [102, 0, 0],
      [40, 4, 3], [50, 4, 4], [104, 0, 0], [106, 0, 0],
      [7, 7, 7], [7, 7, 7], [255, 0, 0], [0, 0, 0],
      [7, 7, 7], [7, 7, 7], [255, 0, 0], [0, 0, 0],
    ]);
    expect(Array.from(resizeArea(image, 2, 2))).toEqual([
      25, 4, 3, 103, 0, 0,
      7, 7, 7, 128, 0, 0,
    ]);
  });

  it("weights partly covered pixels by their area (3 -> 2 columns)", () => {
    // Output column 0 covers source 0 fully and half of 1: (30 * 1 + 60 * 0.5) / 1.5 = 40.
    const image = rgba(3, 1, [[30, 0, 0], [60, 0, 0], [90, 0, 0]]);
    expect(Array.from(resizeArea(image, 2, 1))).toEqual([40, 0, 0, 80, 0, 0]);
  });

  it("keeps the size unchanged as an identity and rejects a wrong buffer length", () => {
    const image = rgba(2, 1, [[1, 2, 3], [4, 5, 6]]);
    expect(Array.from(resizeArea(image, 2, 1))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => resizeArea({ width: 4, height: 4, data: new Uint8Array(10) }, 2, 2)).toThrow(/expected 4x4 RGBA \(64 bytes\), got 10 bytes/);
  });
});
