import { describe, expect, it } from "vitest";
import type { Comparison } from "./comparisons";
import { davidsonLogLikelihood, davidsonTerms } from "./davidson";
import { aggregateComparisons } from "./pair-table";

const repeat = (n: number, c: Comparison): Comparison[] => Array.from({ length: n }, () => c);

// π_A = 4, π_B = 1, π_C = 1/4, ν = 1, so √(π_i π_j) is exact:
//   A–B: D = 4 + 1 + 2 = 7        → P(A) = 4/7,   P(tie) = 2/7, P(B) = 1/7
//   B–C: D = 1 + 1/4 + 1/2 = 7/4  → P(B) = 4/7,   P(tie) = 2/7, P(C) = 1/7
//   A–C: D = 4 + 1/4 + 1 = 21/4   → P(A) = 16/21, P(tie) = 4/21, P(C) = 1/21
// Data: A beats B twice, A ties B once, C beats B once, A beats C once, A ties C once:
//   LL = 2 ln(4/7) + ln(2/7) + ln(1/7) + ln(16/21) + ln(4/21)
//      = −1.119232 − 1.252763 − 1.945910 − 0.271934 − 1.658228 = −6.248066
const TOY: Comparison[] = [
  ...repeat(2, { a: "A", b: "B", outcome: "a" }),
  { a: "B", b: "A", outcome: "tie" },
  { a: "B", b: "C", outcome: "b" },
  { a: "C", b: "A", outcome: "b" },
  { a: "A", b: "C", outcome: "tie" },
];

describe("davidsonLogLikelihood", () => {
  it("matches the hand-computed 3-policy toy", () => {
    const theta = { A: Math.log(4), B: 0, C: Math.log(0.25) };
    expect(davidsonLogLikelihood(TOY, theta, 1)).toBeCloseTo(-6.2480664855, 9);
    // Only differences of θ matter.
    const shifted = { A: theta.A + 3, B: 3, C: theta.C + 3 };
    expect(davidsonLogLikelihood(TOY, shifted, 1)).toBeCloseTo(-6.2480664855, 9);
  });

  it("names a missing strength", () => {
    expect(() => davidsonLogLikelihood(TOY, { A: 0, B: 0 }, 1)).toThrow(/theta\["C"\]: expected a finite number/);
  });
});

describe("davidsonTerms", () => {
  it("has a gradient and Hessian that match finite differences", () => {
    const table = aggregateComparisons(TOY);
    const x = [0.3, -0.2, 0.5, Math.log(0.7)];
    const at = (v: number[]) => davidsonTerms(table, v.slice(0, 3), v[3]);
    const base = at(x);
    const h = 1e-5;
    for (let k = 0; k < 4; k++) {
      const plus = x.slice();
      const minus = x.slice();
      plus[k] += h;
      minus[k] -= h;
      const up = at(plus);
      const down = at(minus);
      expect(base.gradient[k]).toBeCloseTo((up.logLikelihood - down.logLikelihood) / (2 * h), 6);
      for (let l = 0; l < 4; l++) {
        expect(base.hessian[k * 4 + l]).toBeCloseTo((up.gradient[l] - down.gradient[l]) / (2 * h), 6);
      }
    }
  });
});
