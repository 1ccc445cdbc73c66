import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { bootstrapRatings } from "./bootstrap-ratings";
import { fitBradleyTerry } from "./bradley-terry";
import { SYNTHETIC, TRUE_NU, TRUE_THETA } from "./test-fixtures";
import { sandwichRatings } from "./sandwich-ratings";

describe("bootstrapRatings", () => {
  const boot = bootstrapRatings(SYNTHETIC, { resamples: 1000, seed: 11, level: 0.95 });

  it("covers the true strengths with its 95% percentile intervals", () => {
    const covered = boot.intervals.filter((i) => i.low <= TRUE_THETA[i.policy] && TRUE_THETA[i.policy] <= i.high);
    expect(covered.length).toBeGreaterThanOrEqual(6);
    expect(boot.nu.low).toBeLessThanOrEqual(TRUE_NU);
    expect(boot.nu.high).toBeGreaterThanOrEqual(TRUE_NU);
    expect(boot.unconverged).toBe(0);
    for (const i of boot.intervals) {
      expect(i.low).toBeLessThan(i.theta);
      expect(i.high).toBeGreaterThan(i.theta);
    }
  });

  it("agrees with the sandwich standard errors (both resample-robust) to within 15%", () => {
    const sandwich = sandwichRatings(SYNTHETIC);
    for (const i of boot.intervals) {
      const s = sandwich.intervals.find((x) => x.policy === i.policy);
      expect(Math.abs(i.se / (s?.se ?? 0) - 1)).toBeLessThan(0.15);
    }
  });

  it("matches a naive bootstrap that resamples the comparisons themselves", () => {
    // Same law, different route: the naive way draws N comparison indices per resample.
    const data = SYNTHETIC.slice(0, 3000);
    const rng = makeRng(99);
    const draws: Record<string, number[]> = {};
    for (let r = 0; r < 300; r++) {
      const resample = data.map(() => data[rng.int(0, data.length - 1)]);
      for (const rating of fitBradleyTerry(resample).ratings) {
        draws[rating.policy] = [...(draws[rating.policy] ?? []), rating.theta];
      }
    }
    const fast = bootstrapRatings(data, { resamples: 300, seed: 4 });
    for (const i of fast.intervals) {
      const xs = draws[i.policy];
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
      // Two independent 300-draw estimates of one SD differ by ~6% (1 sd); allow 20%.
      expect(Math.abs(i.se / sd - 1)).toBeLessThan(0.2);
    }
  });

  it("is reproducible from its seed", () => {
    const small = SYNTHETIC.slice(0, 2000);
    expect(bootstrapRatings(small, { resamples: 50, seed: 5 })).toEqual(bootstrapRatings(small, { resamples: 50, seed: 5 }));
    expect(bootstrapRatings(small, { resamples: 50, seed: 5 }).intervals[0].low).not.toBe(
      bootstrapRatings(small, { resamples: 50, seed: 6 }).intervals[0].low,
    );
    expect(() => bootstrapRatings(small, { resamples: 0 })).toThrow(/resamples must be a positive integer/);
  });
});
