import { describe, expect, it } from "vitest";
import { makeRng } from "./rng";

describe("makeRng", () => {
  it("repeats its stream for the same seed and differs across seeds", () => {
    const a = Array.from({ length: 5 }, makeRng(42).next);
    const b = makeRng(42);
    expect(Array.from({ length: 5 }, b.next)).toEqual(a);
    expect(makeRng(43).next()).not.toEqual(a[0]);
  });

  it("is uniform enough: mean near 0.5, ints cover their range", () => {
    const rng = makeRng(1);
    let sum = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) {
      sum += rng.next();
      seen.add(rng.int(0, 9));
    }
    expect(sum / 20000).toBeCloseTo(0.5, 1);
    expect([...seen].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("gives normals with unit variance and stable forks", () => {
    const rng = makeRng(3);
    const xs = Array.from({ length: 20000 }, rng.normal);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeCloseTo(1, 1);
    expect(makeRng(9).fork("pose").next()).toBe(makeRng(9).fork("pose").next());
    expect(makeRng(9).fork("pose").next()).not.toBe(makeRng(9).fork("colour").next());
  });

  it("rejects a non-finite seed", () => {
    expect(() => makeRng(Number.NaN)).toThrow(/seed: expected a finite number/);
  });
});
