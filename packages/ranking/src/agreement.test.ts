import { describe, expect, it } from "vitest";
import { agreement } from "./agreement";

const SIM = { a: 0.9, b: 0.5, c: 0.5, d: 0.1, e: 0.7, f: 0.3 };
const REAL = { a: 0.6, b: 0.8, c: 0.3, d: 0.2, e: 0.65, f: 0.1 };

describe("agreement", () => {
  it("reports each metric's point value inside its bootstrap interval", () => {
    const result = agreement(SIM, REAL, { bootstrap: 500, seed: 1 });
    expect(result.policies).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(result.resamples).toBe(500);
    for (const metric of [result.pearson, result.spearman, result.kendallTauB, result.mmrv]) {
      expect(metric.low).toBeLessThanOrEqual(metric.high);
      expect(Number.isFinite(metric.value)).toBe(true);
    }
    expect(result.mmrv.low).toBeGreaterThanOrEqual(0);
    expect(result.spearman.value).toBeLessThanOrEqual(result.spearman.high);
    expect(result.spearman.value).toBeGreaterThanOrEqual(result.spearman.low);
    expect(agreement(SIM, REAL, { bootstrap: 500, seed: 1 })).toEqual(result);
  });

  it("gives point values only with bootstrap 0, and perfect scores for identical rankings", () => {
    const result = agreement({ x: 0.1, y: 0.5, z: 0.9 }, { x: 0.2, y: 0.4, z: 0.95 }, { bootstrap: 0 });
    expect(result.spearman.value).toBeCloseTo(1, 12);
    expect(result.kendallTauB.value).toBe(1);
    expect(result.mmrv.value).toBe(0);
    expect(result.pearson.low).toBeNaN();
  });

  it("lets the caller resample episodes instead of policies", () => {
    let calls = 0;
    const result = agreement(SIM, REAL, {
      bootstrap: 20,
      resample: (rng) => {
        calls++;
        const jitter = (scores: Record<string, number>) =>
          Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, v + 0.01 * rng.normal()]));
        return { predicted: jitter(SIM), reference: jitter(REAL) };
      },
    });
    expect(calls).toBe(20);
    // Small jitter around the data: the interval hugs the point value.
    expect(result.pearson.high - result.pearson.low).toBeLessThan(0.2);
  });

  it("names policies scored on one side only", () => {
    expect(() => agreement({ a: 1, b: 0 }, { a: 1, c: 0 })).toThrow(/only in predicted: \[b\], only in reference: \[c\]/);
  });
});
