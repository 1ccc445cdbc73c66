import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { logFactorial, sampleBinomial, sampleMultinomial } from "./multinomial";

function moments(draw: () => number, count: number): { mean: number; variance: number } {
  const xs = Array.from({ length: count }, draw);
  const mean = xs.reduce((s, x) => s + x, 0) / count;
  return { mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (count - 1) };
}

describe("logFactorial", () => {
  it("is exact in the table and continuous into Stirling's series", () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 12);
    // ln 256! from ln 255! + ln 256 (table) against the series.
    expect(logFactorial(256)).toBeCloseTo(logFactorial(255) + Math.log(256), 9);
    // math.lgamma(1001) in Python.
    expect(logFactorial(1000)).toBeCloseTo(5912.128178488163, 8);
  });
});

describe("sampleBinomial", () => {
  it("has the binomial mean and variance on both the inversion and the BTRS paths", () => {
    const rng = makeRng(1);
    for (const [n, p] of [
      [20, 0.2], // inversion: n·p = 4
      [100_000, 0.3], // BTRS
      [500, 0.9], // BTRS via the complement
      [1_000_000, 0.00001], // inversion with a huge n
    ]) {
      const { mean, variance } = moments(() => sampleBinomial(n, p, rng), 20_000);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(20_000));
      expect(variance / (sd * sd)).toBeGreaterThan(0.93);
      expect(variance / (sd * sd)).toBeLessThan(1.07);
    }
  });

  it("matches the pmf cell by cell on a small case (BTRS, n = 40, p = 0.5)", () => {
    const rng = makeRng(2);
    const counts = new Array(41).fill(0);
    const draws = 200_000;
    for (let k = 0; k < draws; k++) counts[sampleBinomial(40, 0.5, rng)]++;
    for (let k = 14; k <= 26; k++) {
      const pmf = Math.exp(logFactorial(40) - logFactorial(k) - logFactorial(40 - k) - 40 * Math.LN2);
      const sd = Math.sqrt(draws * pmf * (1 - pmf));
      expect(Math.abs(counts[k] - draws * pmf)).toBeLessThan(4.5 * sd);
    }
  });

  it("handles the edges", () => {
    const rng = makeRng(3);
    expect(sampleBinomial(0, 0.5, rng)).toBe(0);
    expect(sampleBinomial(10, 0, rng)).toBe(0);
    expect(sampleBinomial(10, 1, rng)).toBe(10);
  });
});

describe("sampleMultinomial", () => {
  it("keeps the total and gives each cell n·w/Σw on average", () => {
    const rng = makeRng(4);
    const weights = [5, 0, 1, 3, 1];
    const out = new Float64Array(5);
    const sums = new Array(5).fill(0);
    for (let k = 0; k < 2000; k++) {
      sampleMultinomial(1000, weights, rng, out);
      expect(out.reduce((s, x) => s + x, 0)).toBe(1000);
      expect(out[1]).toBe(0);
      for (let c = 0; c < 5; c++) sums[c] += out[c] / 2000;
    }
    expect(sums[0]).toBeCloseTo(500, -0.5);
    expect(sums[2]).toBeCloseTo(100, -0.5);
    expect(sums[3]).toBeCloseTo(300, -0.5);
  });
});
