import { describe, expect, it } from "vitest";
import { normalQuantile, sortedQuantile } from "./quantiles";

describe("normalQuantile", () => {
  it("matches tabulated values in the centre and both tails", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 6);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 6);
    expect(() => normalQuantile(1)).toThrow(/p must be in \(0, 1\)/);
  });
});

describe("sortedQuantile", () => {
  it("interpolates like numpy.quantile", () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.9]) = [1.75, 2.5, 3.7]
    expect(sortedQuantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(sortedQuantile([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(sortedQuantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(sortedQuantile([7], 0.3)).toBe(7);
    expect(sortedQuantile([], 0.5)).toBeNaN();
  });
});
