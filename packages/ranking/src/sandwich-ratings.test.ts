import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry";
import { SYNTHETIC, TRUE_NU, TRUE_THETA } from "./test-fixtures";
import type { Comparison } from "./comparisons";
import { sandwichRatings } from "./sandwich-ratings";

describe("sandwichRatings", () => {
  it("covers the true strengths and matches the model-based SE when the model is right", () => {
    const sandwich = sandwichRatings(SYNTHETIC, { level: 0.95 });
    const fit = fitBradleyTerry(SYNTHETIC);
    const covered = sandwich.intervals.filter((i) => i.low <= TRUE_THETA[i.policy] && TRUE_THETA[i.policy] <= i.high);
    expect(covered.length).toBeGreaterThanOrEqual(6);
    expect(sandwich.nu.low).toBeLessThanOrEqual(TRUE_NU);
    expect(sandwich.nu.high).toBeGreaterThanOrEqual(TRUE_NU);
    for (const i of sandwich.intervals) {
      const model = fit.ratings.find((r) => r.policy === i.policy);
      expect(i.theta).toBe(model?.theta);
      // Information equality: E[J] = −H for a correct model, so the sandwich collapses to H⁻¹.
      expect(Math.abs(i.se / (model?.se ?? 0) - 1)).toBeLessThan(0.1);
      expect(i.high - i.theta).toBeCloseTo(1.959964 * i.se, 5);
    }
  });

  it("equals the model-based covariance exactly when the model is saturated", () => {
    // Two policies: the fit reproduces the observed outcome frequencies, so Σ count·score·scoreᵀ = −H.
    const data: Comparison[] = [];
    for (let k = 0; k < 60; k++) data.push({ a: "X", b: "Y", outcome: k < 30 ? "a" : k < 40 ? "b" : "tie" });
    const flat = { priorSd: 1e4, nuPriorSd: 1e4 };
    const fit = fitBradleyTerry(data, flat);
    const sandwich = sandwichRatings(data, flat);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) expect(sandwich.covariance[r][c]).toBeCloseTo(fit.covariance[r][c], 8);
    }
  });
});
