/**
 * The sum-to-zero parametrisation of Davidson strengths. The likelihood only sees differences of θ,
 * so we optimise over φ = (θ_0 … θ_{P−2}, λ) with θ_{P−1} = −Σ θ_k: x = Z φ for a fixed (P+1)×P
 * matrix Z. Gradients map as Zᵀ g, Hessians as Zᵀ H Z, covariances back as Z C Zᵀ.
 */

/** x = Z φ: full (θ, λ) from the reduced vector. */
export function expandParameters(phi: ArrayLike<number>, p: number): { theta: Float64Array; logNu: number } {
  const theta = new Float64Array(p);
  let sum = 0;
  for (let k = 0; k < p - 1; k++) {
    theta[k] = phi[k];
    sum += phi[k];
  }
  theta[p - 1] = -sum;
  return { theta, logNu: phi[p - 1] };
}

/** φ from a full θ (re-centred to sum to zero first) and λ. */
export function reduceParameters(theta: ArrayLike<number>, logNu: number, p: number): Float64Array {
  let mean = 0;
  for (let k = 0; k < p; k++) mean += theta[k] / p;
  const phi = new Float64Array(p);
  for (let k = 0; k < p - 1; k++) phi[k] = theta[k] - mean;
  phi[p - 1] = logNu;
  return phi;
}

/** Zᵀ g for a full gradient g of length P + 1. */
export function reduceGradient(g: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p);
  const last = g[p - 1];
  for (let k = 0; k < p - 1; k++) out[k] = g[k] - last;
  out[p - 1] = g[p];
  return out;
}

/** Zᵀ M Z for a full symmetric (P+1)² matrix M, without forming Z. */
export function reduceMatrix(m: Float64Array, p: number): Float64Array {
  const n1 = p + 1;
  const q = p - 1;
  const out = new Float64Array(p * p);
  const mqq = m[q * n1 + q];
  for (let a = 0; a < q; a++) {
    const maq = m[a * n1 + q];
    for (let b = 0; b < q; b++) out[a * p + b] = m[a * n1 + b] - maq - m[q * n1 + b] + mqq;
    const cross = m[a * n1 + p] - m[q * n1 + p];
    out[a * p + q] = cross;
    out[q * p + a] = cross;
  }
  out[q * p + q] = m[p * n1 + p];
  return out;
}

/** Z C Zᵀ: the (P+1)² covariance of (θ, λ) from the P² covariance of φ. */
export function expandCovariance(c: Float64Array, p: number): Float64Array {
  const n1 = p + 1;
  // Column k of Z: e_k − e_{P−1} for k < P−1, and e_P (λ) for k = P−1.
  const zRow = (row: number, k: number): number => {
    if (k === p - 1) return row === p ? 1 : 0;
    if (row === k) return 1;
    return row === p - 1 ? -1 : 0;
  };
  const zc = new Float64Array(n1 * p);
  for (let r = 0; r < n1; r++) {
    for (let b = 0; b < p; b++) {
      let sum = 0;
      for (let k = 0; k < p; k++) {
        const z = zRow(r, k);
        if (z !== 0) sum += z * c[k * p + b];
      }
      zc[r * p + b] = sum;
    }
  }
  const out = new Float64Array(n1 * n1);
  for (let r = 0; r < n1; r++) {
    for (let s = 0; s < n1; s++) {
      let sum = 0;
      for (let b = 0; b < p; b++) {
        const z = zRow(s, b);
        if (z !== 0) sum += zc[r * p + b] * z;
      }
      out[r * n1 + s] = sum;
    }
  }
  return out;
}
