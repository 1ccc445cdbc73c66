import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry";
import type { Comparison, Outcome } from "./comparisons";
import { SYNTHETIC, TRUE_NU, TRUE_THETA } from "./test-fixtures";

const games = (a: string, b: string, outcome: Outcome, n: number): Comparison[] => Array.from({ length: n }, () => ({ a, b, outcome }));

describe("fitBradleyTerry", () => {
  it("recovers known strengths and tie parameter from 20k synthetic comparisons", () => {
    const fit = fitBradleyTerry(SYNTHETIC);
    expect(fit.converged).toBe(true);
    expect(fit.comparisons).toBe(20_000);
    expect(fit.ratings.map((r) => r.policy)).toEqual(["p7", "p6", "p5", "p4", "p3", "p2", "p1", "p0"]);
    for (const r of fit.ratings) {
      expect(Math.abs(r.theta - TRUE_THETA[r.policy])).toBeLessThan(0.1);
      // Each policy meets ~5000 opponents: its standard error should be a few hundredths.
      expect(r.se).toBeGreaterThan(0.01);
      expect(r.se).toBeLessThan(0.05);
    }
    expect(Math.abs(fit.nu / TRUE_NU - 1)).toBeLessThan(0.1);
    expect(fit.ratings.reduce((s, r) => s + r.theta, 0)).toBeCloseTo(0, 10);
  });

  it("matches the closed form for two policies: θ_A − θ_B = ln(w/l), ν = t/√(wl)", () => {
    // Two policies saturate the model: the three outcome frequencies are fitted exactly.
    const comparisons = [...games("A", "B", "a", 30), ...games("A", "B", "b", 10), ...games("B", "A", "tie", 20)];
    const fit = fitBradleyTerry(comparisons, { priorSd: 1e4, nuPriorSd: 1e4 });
    const byName = Object.fromEntries(fit.ratings.map((r) => [r.policy, r.theta]));
    expect(byName.A).toBeCloseTo(Math.log(3) / 2, 6);
    expect(byName.B).toBeCloseTo(-Math.log(3) / 2, 6);
    expect(fit.nu).toBeCloseTo(20 / Math.sqrt(300), 6);
    // LL at the saturated fit: Σ count · ln(frequency).
    expect(fit.logLikelihood).toBeCloseTo(30 * Math.log(0.5) + 10 * Math.log(1 / 6) + 20 * Math.log(1 / 3), 6);
    expect(fit.ratings[0]).toMatchObject({ policy: "A", wins: 30, losses: 10, ties: 20 });
  });

  it("keeps an undefeated policy finite and on top", () => {
    const comparisons = [
      ...games("champ", "mid", "a", 20),
      ...games("low", "champ", "b", 20),
      ...games("mid", "low", "a", 12),
      ...games("mid", "low", "b", 8),
    ];
    const fit = fitBradleyTerry(comparisons);
    expect(fit.converged).toBe(true);
    expect(fit.ratings[0].policy).toBe("champ");
    expect(Number.isFinite(fit.ratings[0].theta)).toBe(true);
    expect(Number.isFinite(fit.ratings[0].se)).toBe(true);
    expect(fit.ratings[0].theta).toBeGreaterThan(fit.ratings[1].theta + 1.5);
    expect(fit.ratings[0].theta).toBeLessThan(10);
    // No ties at all: ν is pushed towards 0 but stays positive and finite.
    expect(fit.nu).toBeGreaterThan(0);
    expect(fit.nu).toBeLessThan(0.1);
  });

  it("reports a covariance consistent with the standard errors, and rejects a single policy", () => {
    const fit = fitBradleyTerry(SYNTHETIC);
    const k = fit.policies.indexOf("p3");
    expect(Math.sqrt(fit.covariance[k][k])).toBeCloseTo(fit.ratings.find((r) => r.policy === "p3")?.se ?? 0, 12);
    // Σθ = 0 exactly, so each row of the θ block sums to zero.
    expect(fit.covariance[k].slice(0, 8).reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
    expect(() => fitBradleyTerry([])).toThrow(/at least 2 policies/);
    expect(() => fitBradleyTerry(SYNTHETIC, { priorSd: 0 })).toThrow(/priorSd must be a finite number > 0, got 0/);
  });
});
