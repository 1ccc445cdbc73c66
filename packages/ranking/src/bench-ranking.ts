/**
 * Bradley–Terry benchmark: 20 policies, 100,000 comparisons with ties, fit + 1000 bootstrap resamples.
 *
 *   npm run bench -w @gauntlet/ranking        # prints the figures and one JSON line
 */
import { pathToFileURL } from "node:url";
import { bootstrapRatings } from "./bootstrap-ratings";
import { fitBradleyTerry } from "./bradley-terry";
import { sandwichRatings } from "./sandwich-ratings";
import { simulateComparisons } from "./simulate-comparisons";

export interface BenchRankingOptions {
  policies?: number;
  comparisons?: number;
  resamples?: number;
  seed?: number;
}

export interface BenchRankingResult {
  policies: number;
  comparisons: number;
  resamples: number;
  /** Aggregation + Newton fit with standard errors, from raw comparisons. */
  fitMs: number;
  /** bootstrapRatings from raw comparisons (its own aggregation and full fit included). */
  bootstrapMs: number;
  /** fitMs + bootstrapMs: the target is ≤ 2000 ms. */
  totalMs: number;
  /** Sandwich intervals, for reference (not in the total). */
  sandwichMs: number;
  /** Largest |θ̂ − θ| over policies: a sanity check that the timed fit is a correct one. */
  maxThetaError: number;
  iterations: number;
}

/** Times fitBradleyTerry and bootstrapRatings on synthetic Davidson data with known strengths. */
export function benchBradleyTerry(options: BenchRankingOptions = {}): BenchRankingResult {
  const p = options.policies ?? 20;
  const count = options.comparisons ?? 100_000;
  const resamples = options.resamples ?? 1000;
  // Evenly spread strengths summing to zero, so the estimates are directly comparable.
  const strengths: Record<string, number> = {};
  for (let i = 0; i < p; i++) strengths[`policy-${String(i).padStart(2, "0")}`] = -1.5 + (3 * i) / (p - 1);
  const comparisons = simulateComparisons({ strengths, nu: 0.6, count, seed: options.seed ?? 1 });

  const t0 = performance.now();
  const fit = fitBradleyTerry(comparisons);
  const t1 = performance.now();
  bootstrapRatings(comparisons, { resamples, seed: 7 });
  const t2 = performance.now();
  sandwichRatings(comparisons);
  const t3 = performance.now();

  let maxThetaError = 0;
  for (const r of fit.ratings) maxThetaError = Math.max(maxThetaError, Math.abs(r.theta - strengths[r.policy]));
  return {
    policies: p,
    comparisons: count,
    resamples,
    fitMs: t1 - t0,
    bootstrapMs: t2 - t1,
    totalMs: t2 - t0,
    sandwichMs: t3 - t2,
    maxThetaError,
    iterations: fit.iterations,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = benchBradleyTerry();
  console.log(`Bradley-Terry (Davidson), ${result.policies} policies, ${result.comparisons} comparisons, ${result.resamples} resamples`);
  console.log(`  fit:       ${result.fitMs.toFixed(1)} ms (${result.iterations} Newton iterations)`);
  console.log(`  bootstrap: ${result.bootstrapMs.toFixed(1)} ms`);
  console.log(`  total:     ${result.totalMs.toFixed(1)} ms  (target <= 2000 ms)`);
  console.log(`  sandwich:  ${result.sandwichMs.toFixed(1)} ms;  max |theta error| ${result.maxThetaError.toFixed(3)}`);
  console.log(JSON.stringify(result));
}
