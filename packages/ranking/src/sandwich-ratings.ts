import type { RatingInterval } from "./bootstrap-ratings";
import { type FitOptions, fitPairTable, posteriorInformation } from "./bradley-terry";
import type { Comparison } from "./comparisons";
import { davidsonTerms } from "./davidson";
import { cholesky, choleskyInverse, multiply } from "./linear-algebra";
import { type PairTable, toPairTable } from "./pair-table";
import { normalQuantile, tailProbabilities } from "./quantiles";
import { expandCovariance, reduceMatrix } from "./sum-to-zero";
import type { Interval } from "./wilson";

export interface SandwichOptions extends FitOptions {
  /** Confidence level; default 0.95. */
  level?: number;
}

export interface SandwichRatings {
  /** Wald intervals θ ± z·se with robust standard errors, strongest first. */
  intervals: RatingInterval[];
  /** ν with its interval, formed on the log scale. */
  nu: Interval & { value: number };
  level: number;
  /** Robust covariance of (θ in sorted-name order, log ν). */
  covariance: number[][];
}

/**
 * Huber–White (sandwich) intervals: Cov = H⁻¹ J H⁻¹, with H the observed information of the
 * penalised fit and J = Σ score·scoreᵀ over comparisons (per cell × count). Unlike the model-based
 * SE it stays honest when outcomes are overdispersed or the tie rate differs between pairs.
 */
export function sandwichRatings(comparisons: readonly Comparison[] | PairTable, options: SandwichOptions = {}): SandwichRatings {
  const level = options.level ?? 0.95;
  const [, highTail] = tailProbabilities(level, "sandwichRatings");
  const z = normalQuantile(highTail);
  const table = toPairTable(comparisons);
  const p = table.policies.length;
  const fit = fitPairTable(table, options);
  const bread = choleskyInverse(cholesky(posteriorInformation(table, fit.theta, fit.logNu, options), p) as Float64Array, p);
  const meat = reduceMatrix(davidsonTerms(table, fit.theta, fit.logNu, true).outer as Float64Array, p);
  const covariance = expandCovariance(multiply(multiply(bread, meat, p, p, p), bread, p, p, p), p);
  const n1 = p + 1;
  const intervals = table.policies.map((policy, i) => {
    const se = Math.sqrt(Math.max(0, covariance[i * n1 + i]));
    return { policy, theta: fit.theta[i], se, low: fit.theta[i] - z * se, high: fit.theta[i] + z * se };
  });
  intervals.sort((x, y) => y.theta - x.theta);
  const logNuSe = Math.sqrt(Math.max(0, covariance[p * n1 + p]));
  return {
    intervals,
    nu: { value: Math.exp(fit.logNu), low: Math.exp(fit.logNu - z * logNuSe), high: Math.exp(fit.logNu + z * logNuSe) },
    level,
    covariance: Array.from({ length: n1 }, (_, r) => Array.from(covariance.subarray(r * n1, (r + 1) * n1))),
  };
}
