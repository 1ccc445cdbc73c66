import type { Rng } from "@gauntlet/core";

/**
 * Exact multinomial and binomial sampling. The bootstrap draws the resampled count of every
 * (pair, outcome) cell at once instead of drawing N comparisons one by one.
 */

const TABLE_SIZE = 256;
const LOG_FACTORIALS = new Float64Array(TABLE_SIZE);
for (let k = 2; k < TABLE_SIZE; k++) LOG_FACTORIALS[k] = LOG_FACTORIALS[k - 1] + Math.log(k);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln k! for an integer k ≥ 0: a table below 256, Stirling's series (error < 1e-15) above. */
export function logFactorial(k: number): number {
  if (k < TABLE_SIZE) return LOG_FACTORIALS[k];
  const r = 1 / k;
  const r2 = r * r;
  return (k + 0.5) * Math.log(k) - k + HALF_LOG_TWO_PI + r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}

/** One Binomial(n, p) draw: inversion when n·min(p, 1−p) < 10, else Hörmann's (1993) BTRS rejection. */
export function sampleBinomial(n: number, p: number, rng: Rng): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(n, 1 - p, rng);
  return n * p < 10 ? binomialInversion(n, p, rng) : binomialBtrs(n, p, rng);
}

function binomialInversion(n: number, p: number, rng: Rng): number {
  const q = 1 - p;
  const odds = p / q;
  const base = q ** n;
  for (;;) {
    let u = rng.next();
    let pmf = base;
    let x = 0;
    // Walk the CDF; pmf(x) = pmf(x−1) · (n − x + 1)/x · p/q. Rounding can run past n: redraw then.
    while (u > pmf && x <= n) {
      u -= pmf;
      x++;
      pmf *= ((n - x + 1) / x) * odds;
    }
    if (x <= n) return x;
  }
}

function binomialBtrs(n: number, p: number, rng: Rng): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const logOdds = Math.log(p / q);
  const m = Math.floor((n + 1) * p);
  // ln(m! (n−m)!): with it, ln[pmf(k) / pmf(m)] needs only the log-factorials of k.
  const logModeFactorials = logFactorial(m) + logFactorial(n - m);
  for (;;) {
    const u = rng.next() - 0.5;
    let v = rng.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    // Squeeze: this region lies under the scaled pmf, so accept without any logarithm.
    if (us >= 0.07 && v <= vr) return k;
    v = Math.log((v * alpha) / (a / (us * us) + b));
    if (v <= logModeFactorials - logFactorial(k) - logFactorial(n - k) + (k - m) * logOdds) return k;
  }
}

/**
 * Multinomial(n, weights / Σweights) into `out`, by conditional binomials: cell k gets
 * Binomial(n left, w_k / weight left). O(cells) draws, independent of n.
 */
export function sampleMultinomial(n: number, weights: ArrayLike<number>, rng: Rng, out: Float64Array): Float64Array {
  let remaining = n;
  let weightLeft = 0;
  for (let k = 0; k < weights.length; k++) weightLeft += weights[k];
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (remaining === 0 || w <= 0) {
      out[k] = 0;
    } else if (w >= weightLeft) {
      out[k] = remaining;
      remaining = 0;
    } else {
      const x = sampleBinomial(remaining, w / weightLeft, rng);
      out[k] = x;
      remaining -= x;
    }
    weightLeft -= w;
  }
  return out;
}
