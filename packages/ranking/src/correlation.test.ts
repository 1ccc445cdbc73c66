import { describe, expect, it } from "vitest";
import { averageRanks, kendallTauB, pearson, spearman } from "./correlation";

describe("correlations", () => {
  it("match hand-worked values without ties", () => {
    // x = 1..5, y = [2, 1, 4, 3, 5]: deviations (−2,−1,0,1,2) and (−1,−2,1,0,2) give
    // Σdxdy = 2+2+0+0+4 = 8, Σdx² = Σdy² = 10, r = 0.8. Ranks equal the values, so ρ = 0.8.
    // Of 10 pairs, (1,2) and (3,4) swap: C = 8, D = 2, τ = 6/10.
    const x = [1, 2, 3, 4, 5];
    const y = [2, 1, 4, 3, 5];
    expect(pearson(x, y)).toBeCloseTo(0.8, 12);
    expect(spearman(x, y)).toBeCloseTo(0.8, 12);
    expect(kendallTauB(x, y)).toBeCloseTo(0.6, 12);
  });

  it("match hand-worked values with ties (scipy agrees)", () => {
    // x = [1, 2, 2, 3], y = [1, 3, 2, 3]
    // Pearson: dx = (−1,0,0,1), dy = (−1.25,.75,−.25,.75): 2 / √(2 · 2.75) = 0.852803.
    // Average ranks: x → (1, 2.5, 2.5, 4), y → (1, 3.5, 2, 3.5); their Pearson is 3.75/4.5 = 0.833333.
    // τ_b: 6 pairs, C = 4, D = 0, one tied in x (2,2), one tied in y (3,3): 4/√(5·5) = 0.8.
    const x = [1, 2, 2, 3];
    const y = [1, 3, 2, 3];
    expect(averageRanks(x)).toEqual([1, 2.5, 2.5, 4]);
    expect(pearson(x, y)).toBeCloseTo(0.8528028654, 9);
    expect(spearman(x, y)).toBeCloseTo(0.8333333333, 9);
    expect(kendallTauB(x, y)).toBeCloseTo(0.8, 12);
    // scipy.stats pearsonr / spearmanr / kendalltau on a longer list with ties in both:
    const u = [3, 1, 4, 1, 5, 9, 2, 6];
    const v = [2, 7, 1, 8, 2, 8, 1, 8];
    expect(pearson(u, v)).toBeCloseTo(0.2096553191, 9);
    expect(spearman(u, v)).toBeCloseTo(0.1988536812, 9);
    expect(kendallTauB(u, v)).toBeCloseTo(0.1605144708, 9);
  });

  it("are ±1 for monotone data and NaN when undefined", () => {
    expect(spearman([1, 2, 3], [10, 100, 1000])).toBeCloseTo(1, 12);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(kendallTauB([1, 1], [1, 2])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(/same length/);
  });
});
