/**
 * Mean Maximum Rank Violation (Li et al. 2024, SIMPLER), as in simpler_env/utils/metrics.py:
 *   MMRV = (1/N) Σ_i max_j |R_i − R_j| · 1[(S_i > S_j) ≠ (R_i > R_j)]
 * with S the predicted (e.g. simulated) and R the reference (e.g. real) success rates. The strict
 * inequalities make it asymmetric under ties: if S_i = S_j but R_i > R_j, pair (i, j) is a violation
 * charged to i, while (j, i) compares false with false and charges nothing to j. 0 is perfect.
 */
export function mmrv(predicted: readonly number[], reference: readonly number[]): number {
  if (predicted.length !== reference.length) {
    throw new Error(`mmrv: predicted and reference must have the same length, got ${predicted.length} and ${reference.length}`);
  }
  const n = predicted.length;
  if (n === 0) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let worst = 0;
    for (let j = 0; j < n; j++) {
      if (predicted[i] > predicted[j] !== reference[i] > reference[j]) {
        worst = Math.max(worst, Math.abs(reference[i] - reference[j]));
      }
    }
    total += worst;
  }
  return total / n;
}
