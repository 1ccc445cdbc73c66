import { describe, expect, it } from "vitest";
import { wilsonInterval } from "./wilson";

describe("wilsonInterval", () => {
  it("matches known values", () => {
    // 8 of 10: the textbook Wilson 95% interval is [0.490, 0.943].
    const a = wilsonInterval(8, 10);
    expect(a.low).toBeCloseTo(0.4902, 3);
    expect(a.high).toBeCloseTo(0.9433, 3);
    // 0 of 20: [0, 0.161].
    const b = wilsonInterval(0, 20);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.1611, 3);
  });

  it("narrows with more trials and rejects impossible counts", () => {
    const small = wilsonInterval(5, 10);
    const large = wilsonInterval(500, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(() => wilsonInterval(11, 10)).toThrow(/0 <= successes <= trials/);
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });
});
