import { makeRng } from "@gauntlet/core";
import { type FitOptions, fitPairTable } from "./bradley-terry";
import type { Comparison } from "./comparisons";
import { sampleMultinomial } from "./multinomial";
import { type PairTable, toPairTable } from "./pair-table";
import { sortedQuantile, tailProbabilities } from "./quantiles";
import type { Interval } from "./wilson";

/** A policy's log-strength with an interval around it. */
export interface RatingInterval extends Interval {
  policy: string;
  /** Full-data estimate (Σθ = 0). */
  theta: number;
  /** Standard error behind the interval (bootstrap: SD of the resampled θ; sandwich: robust SE). */
  se: number;
}

export interface BootstrapOptions extends FitOptions {
  /** Number of resamples; default 1000. */
  resamples?: number;
  /** Seed of the resampling stream; default 0. */
  seed?: number;
  /** Confidence level; default 0.95. */
  level?: number;
}

export interface BootstrapRatings {
  /** Percentile intervals of θ, strongest first. */
  intervals: RatingInterval[];
  /** Tie parameter ν with its percentile interval. */
  nu: Interval & { value: number };
  resamples: number;
  level: number;
  /** Resamples whose fit hit maxIterations (expected 0). */
  unconverged: number;
}

/**
 * Percentile bootstrap of Davidson strengths, resampling comparisons with replacement. Only the cell
 * counts (pair × outcome) enter the fit, and resampling N comparisons gives Multinomial(N, counts/N)
 * cell counts, so we draw those counts directly: O(cells) per resample instead of O(N), same law.
 */
export function bootstrapRatings(comparisons: readonly Comparison[] | PairTable, options: BootstrapOptions = {}): BootstrapRatings {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const [lowTail, highTail] = tailProbabilities(level, "bootstrapRatings");
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`bootstrapRatings: resamples must be a positive integer, got ${resamples}`);
  const table = toPairTable(comparisons);
  const p = table.policies.length;
  const pairs = table.first.length;
  const full = fitPairTable(table, options);
  const cells = new Float64Array(3 * pairs);
  let total = 0;
  for (let k = 0; k < pairs; k++) {
    cells[3 * k] = table.firstWins[k];
    cells[3 * k + 1] = table.secondWins[k];
    cells[3 * k + 2] = table.ties[k];
    total += table.firstWins[k] + table.secondWins[k] + table.ties[k];
  }
  const drawn = new Float64Array(3 * pairs);
  const resampled: PairTable = {
    ...table,
    firstWins: new Float64Array(pairs),
    secondWins: new Float64Array(pairs),
    ties: new Float64Array(pairs),
  };
  const rng = makeRng(options.seed ?? 0);
  // Column-major per policy so each policy's draws sort as one contiguous slice.
  const thetas = new Float64Array(resamples * p);
  const logNus = new Float64Array(resamples);
  let unconverged = 0;
  for (let r = 0; r < resamples; r++) {
    sampleMultinomial(total, cells, rng, drawn);
    for (let k = 0; k < pairs; k++) {
      resampled.firstWins[k] = drawn[3 * k];
      resampled.secondWins[k] = drawn[3 * k + 1];
      resampled.ties[k] = drawn[3 * k + 2];
    }
    // Warm start from the full-data fit: resampled optima are close, so Newton needs ~3 steps.
    const fit = fitPairTable(resampled, options, full);
    if (!fit.converged) unconverged++;
    for (let i = 0; i < p; i++) thetas[i * resamples + r] = fit.theta[i];
    logNus[r] = fit.logNu;
  }
  const intervals = table.policies.map((policy, i) => {
    const draws = thetas.subarray(i * resamples, (i + 1) * resamples).sort();
    return { policy, theta: full.theta[i], se: standardDeviation(draws), low: sortedQuantile(draws, lowTail), high: sortedQuantile(draws, highTail) };
  });
  intervals.sort((x, y) => y.theta - x.theta);
  logNus.sort();
  return {
    intervals,
    nu: { value: Math.exp(full.logNu), low: Math.exp(sortedQuantile(logNus, lowTail)), high: Math.exp(sortedQuantile(logNus, highTail)) },
    resamples,
    level,
    unconverged,
  };
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v / values.length;
  let sum = 0;
  for (const v of values) sum += (v - mean) ** 2;
  return values.length > 1 ? Math.sqrt(sum / (values.length - 1)) : 0;
}
