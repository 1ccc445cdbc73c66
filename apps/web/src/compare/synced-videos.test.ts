import { describe, expect, it } from "vitest";
import { videoTimeAt } from "./synced-videos";

describe("videoTimeAt", () => {
  it("follows the shared clock, then holds the last frame of a shorter video", () => {
    expect(videoTimeAt(0.7, 5.1, 0.1)).toBeCloseTo(0.7);
    expect(videoTimeAt(3, 1.2, 0.1)).toBeCloseTo(1.15);
    expect(videoTimeAt(-1, 1.2, 0.1)).toBe(0);
  });
  it("is 0 until the duration is known", () => {
    expect(videoTimeAt(2, Number.NaN, 0.1)).toBe(0);
  });
});
