import { describe, expect, it } from "vitest";
import { approximateRanks } from "./approximate-ranks";

describe("approximateRanks", () => {
  it("counts only the intervals entirely above", () => {
    const intervals = [
      { policy: "A", low: 0.8, high: 1.2 }, // nothing above 1.2                     → 1
      { policy: "B", low: 0.5, high: 0.9 }, // A.low 0.8 is not > 0.9: overlaps A    → 1
      { policy: "C", low: 0.1, high: 0.4 }, // A (0.8) and B (0.5) lie above; D not  → 3
      { policy: "D", low: 0.3, high: 0.45 }, // A and B above; C.low 0.1 is not      → 3
      { policy: "E", low: -1, high: 0.05 }, // A, B, C, D all start above 0.05       → 5
    ];
    expect(approximateRanks(intervals)).toEqual([1, 1, 3, 3, 5]);
  });

  it("treats touching intervals as overlapping, and rejects a reversed interval", () => {
    expect(approximateRanks([{ low: 1, high: 2 }, { low: 0, high: 1 }])).toEqual([1, 1]);
    expect(() => approximateRanks([{ low: 2, high: 1 }])).toThrow(/intervals\[0\]: expected low <= high/);
  });
});
