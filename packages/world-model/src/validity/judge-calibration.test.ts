import { describe, expect, it } from "vitest";
import { judgeCalibration } from "./judge-calibration";

describe("judgeCalibration", () => {
  it("matches a hand-worked case", () => {
    // Positives: 0.9 (hit), 0.3 (miss). Negatives: 0.1, 0.2 (hits), 0.95 (false alarm), 0.05.
    const c = judgeCalibration([0.9, 0.3, 0.1, 0.2, 0.95, 0.05], [true, true, false, false, false, false]);
    expect(c.truePositiveRate).toBe(0.5);
    expect(c.trueNegativeRate).toBe(0.75);
    expect(c.balancedAccuracy).toBeCloseTo(0.625, 12);
    // Bins: [0,.1): 0.05 (y0); [.1,.2): 0.1 (y0); [.2,.3): 0.2 (y0); [.3,.4): 0.3 (y1); [.9,1]: 0.9 (y1), 0.95 (y0).
    const ece = (0.05 + 0.1 + 0.2 + 0.7 + 2 * Math.abs(0.925 - 0.5)) / 6;
    expect(c.ece).toBeCloseTo(ece, 12);
    expect(c.reliability.map((b) => [b.low, b.count])).toEqual([[0, 1], [0.1, 1], [0.2, 1], [0.3, 1], [0.9, 2]]);
    expect(c.reliability[4].fractionPositive).toBe(0.5);
  });

  it("is perfect for a perfectly calibrated, perfectly separating judge", () => {
    const c = judgeCalibration([1, 1, 0, 0, 0], [true, true, false, false, false]);
    expect(c).toMatchObject({ balancedAccuracy: 1, ece: 0, positives: 2, negatives: 3 });
  });

  it("names bad input", () => {
    expect(() => judgeCalibration([0.5], [true, false])).toThrow(/1 probabilities for 2 labels/);
    expect(() => judgeCalibration([1.5], [true])).toThrow(/probability 0 is 1.5/);
  });
});
