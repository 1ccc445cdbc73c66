import type { Comparison } from "./comparisons";
import { type PairTable, toPairTable } from "./pair-table";

/**
 * Davidson's (1970) Bradley–Terry model with ties. With π = exp(θ) and ν = exp(λ), for a pair (i, j)
 *   P(i wins) = π_i / D,  P(j wins) = π_j / D,  P(tie) = ν √(π_i π_j) / D,  D = π_i + π_j + ν √(π_i π_j).
 * In log space the three outcomes have scores s = θ_i, θ_j, λ + (θ_i + θ_j)/2, linear in x = (θ, λ), so
 * log D is a log-sum-exp: the log-likelihood is concave and its Hessian is −n × Cov(∂s/∂x) per pair.
 */
export interface DavidsonTerms {
  logLikelihood: number;
  /** ∂LL/∂x, length P + 1 (θ_0 … θ_{P−1}, λ). */
  gradient: Float64Array;
  /** ∂²LL/∂x², row-major (P + 1)². */
  hessian: Float64Array;
  /** Σ over comparisons of score · scoreᵀ (the "meat" of the sandwich), only when asked for. */
  outer?: Float64Array;
}

/** Log-likelihood, gradient, Hessian (and optionally score outer products) at x = (θ, λ), in O(pairs). */
export function davidsonTerms(table: PairTable, theta: ArrayLike<number>, logNu: number, withOuter = false): DavidsonTerms {
  const p = table.policies.length;
  const n1 = p + 1;
  const gradient = new Float64Array(n1);
  const hessian = new Float64Array(n1 * n1);
  const outer = withOuter ? new Float64Array(n1 * n1) : undefined;
  let logLikelihood = 0;
  const { first, second, firstWins, secondWins, ties } = table;
  for (let k = 0; k < first.length; k++) {
    const w = firstWins[k];
    const l = secondWins[k];
    const t = ties[k];
    const n = w + l + t;
    if (n === 0) continue;
    const i = first[k];
    const j = second[k];
    const si = theta[i];
    const sj = theta[j];
    const st = logNu + 0.5 * (si + sj);
    const m = Math.max(si, sj, st);
    const ei = Math.exp(si - m);
    const ej = Math.exp(sj - m);
    const et = Math.exp(st - m);
    const sum = ei + ej + et;
    const pi = ei / sum;
    const pj = ej / sum;
    const pt = et / sum;
    logLikelihood += w * si + l * sj + t * st - n * (m + Math.log(sum));
    // Mean of ∂s/∂(θ_i, θ_j, λ) over the three outcomes: v_i = (1,0,0), v_j = (0,1,0), v_t = (½,½,1).
    const mi = pi + 0.5 * pt;
    const mj = pj + 0.5 * pt;
    const ml = pt;
    gradient[i] += w + 0.5 * t - n * mi;
    gradient[j] += l + 0.5 * t - n * mj;
    gradient[p] += t - n * ml;
    // Cov(v) = E[v vᵀ] − m mᵀ.
    const cii = pi + 0.25 * pt - mi * mi;
    const cjj = pj + 0.25 * pt - mj * mj;
    const cll = pt - ml * ml;
    const cij = 0.25 * pt - mi * mj;
    const cil = 0.5 * pt - mi * ml;
    const cjl = 0.5 * pt - mj * ml;
    addSymmetric(hessian, n1, i, j, p, -n * cii, -n * cjj, -n * cll, -n * cij, -n * cil, -n * cjl);
    if (outer) {
      // Score of one comparison is v_outcome − m; sum the outer products per outcome × its count.
      const a = [1 - mi, -mj, -ml];
      const b = [-mi, 1 - mj, -ml];
      const c = [0.5 - mi, 0.5 - mj, 1 - ml];
      const oii = w * a[0] * a[0] + l * b[0] * b[0] + t * c[0] * c[0];
      const ojj = w * a[1] * a[1] + l * b[1] * b[1] + t * c[1] * c[1];
      const oll = w * a[2] * a[2] + l * b[2] * b[2] + t * c[2] * c[2];
      const oij = w * a[0] * a[1] + l * b[0] * b[1] + t * c[0] * c[1];
      const oil = w * a[0] * a[2] + l * b[0] * b[2] + t * c[0] * c[2];
      const ojl = w * a[1] * a[2] + l * b[1] * b[2] + t * c[1] * c[2];
      addSymmetric(outer, n1, i, j, p, oii, ojj, oll, oij, oil, ojl);
    }
  }
  return { logLikelihood, gradient, hessian, outer };
}

function addSymmetric(
  m: Float64Array,
  n: number,
  i: number,
  j: number,
  l: number,
  ii: number,
  jj: number,
  ll: number,
  ij: number,
  il: number,
  jl: number,
): void {
  m[i * n + i] += ii;
  m[j * n + j] += jj;
  m[l * n + l] += ll;
  m[i * n + j] += ij;
  m[j * n + i] += ij;
  m[i * n + l] += il;
  m[l * n + i] += il;
  m[j * n + l] += jl;
  m[l * n + j] += jl;
}

/** Davidson log-likelihood of comparisons under given log-strengths θ (by policy name) and tie parameter ν. */
export function davidsonLogLikelihood(
  comparisons: readonly Comparison[] | PairTable,
  theta: Record<string, number>,
  nu: number,
): number {
  const table = toPairTable(comparisons);
  const values = table.policies.map((name) => {
    const value = theta[name];
    if (!Number.isFinite(value)) throw new Error(`davidsonLogLikelihood: theta["${name}"]: expected a finite number, got ${value}`);
    return value;
  });
  if (!(nu > 0)) throw new Error(`davidsonLogLikelihood: nu must be > 0, got ${nu}`);
  return davidsonTerms(table, values, Math.log(nu)).logLikelihood;
}
