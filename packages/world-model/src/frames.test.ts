import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { ByteGrid, imagesToTensor, tensorToImages } from "./frames";

/** What ByteGrid replaces, written plainly: clamp each value to the range, then round it to the range's byte grid. */
function roundToGrid(x: Float32Array, [lo, hi]: readonly [number, number]): Float32Array {
  const clamped = Float32Array.from(x, (v) => Math.min(hi, Math.max(lo, v)));
  return Float32Array.from(clamped, (v) => lo + (Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * 255) / 255) * (hi - lo));
}

/** Values where rounding is delicate: ties, their float32 neighbours, the ends, out of range, NaN, infinities, -0. */
function trickyValues([lo, hi]: readonly [number, number], n: number): Float32Array {
  const rng = makeRng(3);
  const span = hi - lo;
  const values: number[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, lo, hi, lo - span, hi + span, lo + (0.49999999999999994 / 255) * span];
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let b = 0; b <= 256; b++) {
    for (const at of [b, b - 0.5]) {
      f32[0] = lo + (at / 255) * span;
      values.push(f32[0]);
      u32[0]++;
      values.push(f32[0]);
      u32[0] -= 2;
      values.push(f32[0]);
    }
  }
  while (values.length < n) values.push(rng.uniform(lo - 0.2 * span, hi + 0.2 * span));
  return Float32Array.from(values.slice(0, n));
}

describe("ByteGrid", () => {
  const views = ["left", "right"];
  const [W, H] = [16, 16];
  const frameSize = 3 * views.length * W * H;

  it.each([
    [0, 1],
    [-1, 1],
    [0.1, 0.7],
    [0, 255],
    // Far from 0 for its span: float32 rounds the levels coarsely, and the grid keeps a byte table.
    [1e6, 1e6 + 1],
  ] as const)("rounds unclamped frames and reads them exactly as clamping, rounding and tensorToImages do, range [%s, %s]", (lo, hi) => {
    const range = [lo, hi] as const;
    const grid = new ByteGrid(range);
    // Two frames back to back, the second read at an offset.
    const tensor = trickyValues(range, 2 * frameSize);
    for (const offset of [0, frameSize]) {
      const { frame, images } = grid.snap(tensor, offset, views, W, H);
      const expected = roundToGrid(tensor.subarray(offset, offset + frameSize), range);
      expect(frame.length).toBe(frameSize);
      for (let i = 0; i < frameSize; i++) {
        if (Number.isNaN(expected[i])) expect(frame[i]).toBeNaN();
        else expect(Object.is(frame[i], expected[i]), `value ${tensor[offset + i]} at ${i}: got ${frame[i]}, expected ${expected[i]}`).toBe(true);
      }
      expect(images).toEqual(tensorToImages(expected, 0, views, W, H, range));
    }
  });

  it("round-trips camera frames unchanged: their bytes are already on the grid", () => {
    const rng = makeRng(9);
    const image = { width: W, height: H, data: Uint8Array.from({ length: 4 * W * H }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rng.uniform(0, 256)))) };
    const range = [-1, 1] as const;
    const tensor = imagesToTensor({ left: image, right: image }, views, W, H, range);
    const { frame, images } = new ByteGrid(range).snap(tensor, 0, views, W, H);
    expect(frame).toEqual(tensor);
    expect(images.left).toEqual(image);
    expect(images.right).toEqual(image);
  });
});
