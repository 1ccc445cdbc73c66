import type { Comparison } from "./comparisons";
import { davidsonTerms } from "./davidson";
import { cholesky, choleskyInverse, choleskySolve } from "./linear-algebra";
import { type PairTable, policyCounts, toPairTable } from "./pair-table";
import { expandCovariance, expandParameters, reduceGradient, reduceMatrix, reduceParameters } from "./sum-to-zero";

export interface FitOptions {
  /**
   * Standard deviation σ of the N(0, σ²) prior on each θ; default 2. It adds 1/σ² = 0.25 to each
   * policy's information, the weight of one comparison between equals, so an undefeated policy gets a
   * large but finite θ while a policy with hundreds of comparisons is shrunk by well under 1%.
   */
  priorSd?: number;
  /** σ of the N(0, σ²) prior on log ν (centred on ν = 1); default 2, for the same reason. Keeps ν > 0 finite with no ties. */
  nuPriorSd?: number;
  /** Newton iterations at most; default 100. */
  maxIterations?: number;
  /**
   * Stop when the largest Newton step is below this; default 1e-6. Newton converges quadratically, so
   * after a step of size δ the remaining error is O(δ²): about 1e-12 here.
   */
  tolerance?: number;
}

export interface PolicyRating {
  policy: string;
  /** Log-strength, centred so that Σθ = 0 over the fitted policies. */
  theta: number;
  /** Standard error from the observed information (likelihood plus prior) at the estimate. */
  se: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface Ratings {
  /** One per policy, strongest first. */
  ratings: PolicyRating[];
  /** Davidson tie parameter ν and its log-scale standard error. */
  nu: number;
  logNuSe: number;
  /** Davidson log-likelihood at the estimate, prior excluded. */
  logLikelihood: number;
  /** Log-likelihood plus log-prior (up to a constant): what the fit maximised. */
  logPosterior: number;
  iterations: number;
  converged: boolean;
  comparisons: number;
  /** Policy order of `covariance` (sorted names). */
  policies: string[];
  /** Covariance of (θ in `policies` order, log ν), (P+1)×(P+1). */
  covariance: number[][];
}

/** Internal result of a fit on a pair table, in table order. */
export interface TableFit {
  theta: Float64Array;
  logNu: number;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
  logPosterior: number;
}

/**
 * Fits Davidson's Bradley–Terry model with ties by penalised maximum likelihood (Newton's method with
 * step halving on the concave log-posterior), with Σθ = 0 for identifiability.
 */
export function fitBradleyTerry(comparisons: readonly Comparison[] | PairTable, options: FitOptions = {}): Ratings {
  const table = toPairTable(comparisons);
  const fit = fitPairTable(table, options);
  const p = table.policies.length;
  const information = posteriorInformation(table, fit.theta, fit.logNu, options);
  const factor = cholesky(information, p) as Float64Array;
  const covariance = expandCovariance(choleskyInverse(factor, p), p);
  const counts = policyCounts(table);
  const ratings = table.policies.map((policy, k) => ({
    policy,
    theta: fit.theta[k],
    se: Math.sqrt(covariance[k * (p + 1) + k]),
    ...counts[k],
  }));
  ratings.sort((x, y) => y.theta - x.theta);
  return {
    ratings,
    nu: Math.exp(fit.logNu),
    logNuSe: Math.sqrt(covariance[p * (p + 1) + p]),
    logLikelihood: fit.logLikelihood,
    logPosterior: fit.logPosterior,
    iterations: fit.iterations,
    converged: fit.converged,
    comparisons: table.total,
    policies: table.policies,
    covariance: Array.from({ length: p + 1 }, (_, r) => Array.from(covariance.subarray(r * (p + 1), (r + 1) * (p + 1)))),
  };
}

/** Newton's method on a pair table, optionally warm-started (the bootstrap starts from the full-data fit). */
export function fitPairTable(table: PairTable, options: FitOptions = {}, start?: { theta: ArrayLike<number>; logNu: number }): TableFit {
  const p = table.policies.length;
  if (p < 2) throw new Error(`fitBradleyTerry: need comparisons between at least 2 policies, got ${p}`);
  for (const key of ["priorSd", "nuPriorSd"] as const) {
    const value = options[key];
    if (value !== undefined && !(value > 0 && Number.isFinite(value))) {
      throw new Error(`fitBradleyTerry: ${key} must be a finite number > 0, got ${value}`);
    }
  }
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  let phi = start ? reduceParameters(start.theta, start.logNu, p) : new Float64Array(p);
  let current = evaluate(table, phi, options);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const factor = cholesky(negate(reduceMatrix(current.hessian, p)), p);
    // The prior makes the negated Hessian positive definite; a failure here means non-finite input.
    if (!factor) throw new Error("fitBradleyTerry: information matrix is not positive definite (non-finite counts?)");
    const step = choleskySolve(factor, p, reduceGradient(current.gradient, p));
    let scale = 1;
    let next = evaluate(table, addScaled(phi, step, scale), options);
    while (next.objective < current.objective - 1e-12 * Math.abs(current.objective) && scale > 1e-8) {
      scale /= 2;
      next = evaluate(table, addScaled(phi, step, scale), options);
    }
    phi = addScaled(phi, step, scale);
    current = next;
    let largest = 0;
    for (const s of step) largest = Math.max(largest, Math.abs(s * scale));
    if (largest < tolerance) {
      converged = true;
      break;
    }
  }
  const { theta, logNu } = expandParameters(phi, p);
  return { theta, logNu, iterations, converged, logLikelihood: current.logLikelihood, logPosterior: current.objective };
}

/** −Zᵀ ∇²(log-likelihood + log-prior) Z at (θ, λ): the observed information in the reduced coordinates. */
export function posteriorInformation(table: PairTable, theta: ArrayLike<number>, logNu: number, options: FitOptions): Float64Array {
  const p = table.policies.length;
  const terms = davidsonTerms(table, theta, logNu);
  addPrior(terms.gradient, terms.hessian, theta, logNu, p, options);
  return negate(reduceMatrix(terms.hessian, p));
}

interface Evaluation {
  objective: number;
  logLikelihood: number;
  gradient: Float64Array;
  hessian: Float64Array;
}

function evaluate(table: PairTable, phi: Float64Array, options: FitOptions): Evaluation {
  const p = table.policies.length;
  const { theta, logNu } = expandParameters(phi, p);
  const terms = davidsonTerms(table, theta, logNu);
  const logPrior = addPrior(terms.gradient, terms.hessian, theta, logNu, p, options);
  return { objective: terms.logLikelihood + logPrior, logLikelihood: terms.logLikelihood, gradient: terms.gradient, hessian: terms.hessian };
}

/** Adds the Gaussian priors' gradient and Hessian in place and returns the log-prior (constants dropped). */
function addPrior(g: Float64Array, h: Float64Array, theta: ArrayLike<number>, logNu: number, p: number, options: FitOptions): number {
  const thetaPrecision = 1 / (options.priorSd ?? 2) ** 2;
  const nuPrecision = 1 / (options.nuPriorSd ?? 2) ** 2;
  const n1 = p + 1;
  let logPrior = 0;
  for (let k = 0; k < p; k++) {
    logPrior -= 0.5 * thetaPrecision * theta[k] * theta[k];
    g[k] -= thetaPrecision * theta[k];
    h[k * n1 + k] -= thetaPrecision;
  }
  logPrior -= 0.5 * nuPrecision * logNu * logNu;
  g[p] -= nuPrecision * logNu;
  h[p * n1 + p] -= nuPrecision;
  return logPrior;
}

function negate(m: Float64Array): Float64Array {
  for (let i = 0; i < m.length; i++) m[i] = -m[i];
  return m;
}

function addScaled(x: Float64Array, step: Float64Array, scale: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] + scale * step[i];
  return out;
}
