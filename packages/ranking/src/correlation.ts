/**
 * Correlations between two equally long lists of scores. Each returns NaN when it is undefined
 * (fewer than 2 values, or a list that is constant), as scipy does, rather than a made-up 0 or 1.
 */

function checkLengths(x: readonly number[], y: readonly number[], caller: string): void {
  if (x.length !== y.length) throw new Error(`${caller}: x and y must have the same length, got ${x.length} and ${y.length}`);
}

/** Pearson's product-moment correlation. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y, "pearson");
  const n = x.length;
  if (n < 2) return Number.NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  // Clamp: rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** 1-based ranks, tied values sharing the average of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation: Pearson on average ranks, so ties are handled like scipy.stats.spearmanr. */
export function spearman(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y, "spearman");
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Kendall's τ_b = (C − D) / √((n₀ − n₁)(n₀ − n₂)), n₀ = n(n−1)/2 and n₁, n₂ the pairs tied in x and in
 * y. O(n²), plenty for lists of policies.
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  checkLengths(x, y, "kendallTauB");
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant++;
        else discordant++;
      }
    }
  }
  const pairs = (n * (n - 1)) / 2;
  const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
  return denominator === 0 ? Number.NaN : (concordant - discordant) / denominator;
}
