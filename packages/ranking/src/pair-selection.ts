import { cholesky, choleskyInverse } from "./linear-algebra";

/**
 * Active pair selection for a pairwise arena: the next comparison should be the one expected to shrink
 * the leaderboard's uncertainty most, Σ_k Var(θ_k) (an A-optimal design step), with ε-uniform mixing
 * so that no pair, and hence no policy, is ever starved.
 *
 * Model: the Laplace approximation of the Davidson posterior. Its precision is
 *   J = I/σ² + Σ_pairs n_ij w_ij x_ij x_ijᵀ,   x_ij = e_i − e_j,
 * where w_ij is the Fisher information of one comparison of i with j along x_ij. Projected on x_ij the
 * outcome scores are +1 (i wins), −1 (j wins) and 0 (tie), so w_ij = p_i + p_j − (p_i − p_j)². One
 * more comparison adds w x xᵀ, and by Sherman–Morrison the trace of Σ = J⁻¹ drops by
 *   gain_ij = w ‖Σx‖² / (1 + w xᵀΣx).
 */
export interface PairSelectionModel {
  /** Current log-strengths (e.g. the latest Davidson fit), one per policy; zeros before any data. */
  theta: ArrayLike<number>;
  /** Davidson tie parameter ν (> 0); 1 before any data. */
  nu: number;
  /** counts[i][j]: comparisons of policy i with policy j so far (symmetric). */
  counts: ArrayLike<ArrayLike<number>>;
  /** σ of the N(0, σ²) prior on each θ; default 2, as in fitBradleyTerry. */
  priorSd?: number;
}

/** Probabilities (i wins, j wins, tie) of one Davidson comparison. */
export function davidsonOutcomeProbabilities(thetaI: number, thetaJ: number, nu: number): [number, number, number] {
  const m = Math.max(thetaI, thetaJ);
  const pi = Math.exp(thetaI - m);
  const pj = Math.exp(thetaJ - m);
  const pt = nu * Math.sqrt(pi * pj);
  const d = pi + pj + pt;
  return [pi / d, pj / d, pt / d];
}

/** Posterior covariance of θ under the model (P×P, row-major). */
export function ratingCovariance(model: PairSelectionModel): Float64Array {
  const p = model.theta.length;
  const precision = 1 / (model.priorSd ?? 2) ** 2;
  if (!(precision > 0 && Number.isFinite(precision))) throw new Error(`pair selection: priorSd must be a finite number > 0, got ${model.priorSd}`);
  if (!(model.nu > 0)) throw new Error(`pair selection: nu must be > 0, got ${model.nu}`);
  if (model.counts.length !== p) throw new Error(`pair selection: counts must be ${p}×${p}, got ${model.counts.length} rows`);
  const j = new Float64Array(p * p);
  for (let i = 0; i < p; i++) j[i * p + i] = precision;
  for (let a = 0; a < p; a++) {
    for (let b = a + 1; b < p; b++) {
      const n = model.counts[a][b];
      if (!(n >= 0)) throw new Error(`pair selection: counts[${a}][${b}] must be a number >= 0, got ${n}`);
      if (n === 0) continue;
      const w = n * comparisonInformation(model.theta[a], model.theta[b], model.nu);
      j[a * p + a] += w;
      j[b * p + b] += w;
      j[a * p + b] -= w;
      j[b * p + a] -= w;
    }
  }
  return choleskyInverse(cholesky(j, p) as Float64Array, p);
}

/** Expected drop of Σ_k Var(θ_k) from one more comparison of each candidate pair [i, j]. */
export function pairInformationGains(model: PairSelectionModel, candidates: ReadonlyArray<readonly [number, number]>): number[] {
  const p = model.theta.length;
  const sigma = ratingCovariance(model);
  return candidates.map(([a, b], k) => {
    if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < p && b < p && a !== b)) {
      throw new Error(`pair selection: candidates[${k}]: expected two different policy indices in 0..${p - 1}, got [${a}, ${b}]`);
    }
    const w = comparisonInformation(model.theta[a], model.theta[b], model.nu);
    // Σx for x = e_a − e_b is the difference of two columns of Σ.
    let norm2 = 0;
    for (let r = 0; r < p; r++) {
      const v = sigma[r * p + a] - sigma[r * p + b];
      norm2 += v * v;
    }
    const quad = sigma[a * p + a] + sigma[b * p + b] - 2 * sigma[a * p + b];
    return (w * norm2) / (1 + w * quad);
  });
}

export interface PairSelectionOptions {
  /** Probability of a uniformly random candidate instead of an informative one; default 0.2. */
  epsilon?: number;
  /** Uniform [0, 1) source, e.g. makeRng(seed).next. */
  random: () => number;
}

/**
 * Index of the chosen candidate: with probability ε uniform, otherwise drawn ∝ its information gain
 * (sampling rather than argmax spreads concurrent judges over several good pairs). Every candidate
 * therefore has probability ≥ ε / candidates, which is what keeps every policy in play.
 */
export function selectPair(model: PairSelectionModel, candidates: ReadonlyArray<readonly [number, number]>, options: PairSelectionOptions): number {
  if (candidates.length === 0) throw new Error("selectPair: no candidate pairs");
  return sampleByGain(pairInformationGains(model, candidates), options);
}

/** The sampling step of selectPair on precomputed gains (e.g. cached while the model is unchanged). */
export function sampleByGain(gains: readonly number[], options: PairSelectionOptions): number {
  if (gains.length === 0) throw new Error("sampleByGain: no candidate pairs");
  const epsilon = options.epsilon ?? 0.2;
  if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`selectPair: epsilon must be in [0, 1], got ${epsilon}`);
  if (options.random() < epsilon) return Math.min(gains.length - 1, Math.floor(options.random() * gains.length));
  let total = 0;
  for (const g of gains) total += g;
  let u = options.random() * total;
  for (let k = 0; k < gains.length; k++) {
    u -= gains[k];
    if (u < 0) return k;
  }
  return gains.length - 1;
}

/** Fisher information of one comparison of i with j along θ_i − θ_j. */
function comparisonInformation(thetaI: number, thetaJ: number, nu: number): number {
  const [pi, pj] = davidsonOutcomeProbabilities(thetaI, thetaJ, nu);
  return pi + pj - (pi - pj) ** 2;
}
