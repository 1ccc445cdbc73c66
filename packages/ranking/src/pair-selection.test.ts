import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { fitBradleyTerry } from "./bradley-terry";
import type { Comparison } from "./comparisons";
import { cholesky, choleskyInverse } from "./linear-algebra";
import { davidsonOutcomeProbabilities, type PairSelectionModel, pairInformationGains, ratingCovariance, selectPair } from "./pair-selection";

const zeros = (p: number) => Array.from({ length: p }, () => new Array(p).fill(0));

describe("pairInformationGains", () => {
  it("matches the hand-worked two-policy case", () => {
    // θ = 0, ν = 1: p = (1/3, 1/3, 1/3), w = 2/3; Σ = 4I, x = (1, −1): ‖Σx‖² = 32, xᵀΣx = 8 → (2/3·32)/(1 + 2/3·8) = 64/19.
    const [gain] = pairInformationGains({ theta: [0, 0], nu: 1, counts: zeros(2) }, [[0, 1]]);
    expect(gain).toBeCloseTo(64 / 19, 12);
    expect(davidsonOutcomeProbabilities(0, 0, 1)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it("equals the drop in the trace of the covariance computed by direct inversion", () => {
    const model = {
      theta: [0.8, -0.3, 0.1, -0.6],
      nu: 0.5,
      counts: [
        [0, 12, 3, 0],
        [12, 0, 7, 1],
        [3, 7, 0, 20],
        [0, 1, 20, 0],
      ],
    };
    const before = trace(ratingCovariance(model), 4);
    const candidates: Array<[number, number]> = [
      [0, 3],
      [2, 3],
      [1, 0],
    ];
    const gains = pairInformationGains(model, candidates);
    for (const [k, [a, b]] of candidates.entries()) {
      const counts = model.counts.map((row) => [...row]);
      // One comparison is n = 1 of information w; add it to a copy and invert directly.
      counts[a][b] += 1;
      counts[b][a] += 1;
      const after = trace(ratingCovariance({ ...model, counts }), 4);
      expect(gains[k]).toBeCloseTo(before - after, 10);
    }
  });

  it("prefers pairs that have not been compared, and close pairs over lopsided ones", () => {
    const counts = zeros(3);
    counts[0][1] = counts[1][0] = 200;
    const [measured, fresh] = pairInformationGains({ theta: [0, 0, 0], nu: 1, counts }, [
      [0, 1],
      [0, 2],
    ]);
    expect(fresh).toBeGreaterThan(5 * measured);
    const [close, lopsided] = pairInformationGains({ theta: [0, 0.1, -4], nu: 1, counts: zeros(3) }, [
      [0, 1],
      [0, 2],
    ]);
    expect(close).toBeGreaterThan(lopsided);
  });

  it("rejects bad candidates and models with a message naming the field", () => {
    expect(() => pairInformationGains({ theta: [0, 0], nu: 1, counts: zeros(2) }, [[0, 0]])).toThrow(/candidates\[0\]/);
    expect(() => pairInformationGains({ theta: [0, 0], nu: 0, counts: zeros(2) }, [[0, 1]])).toThrow(/nu must be > 0/);
  });
});

describe("selectPair", () => {
  it("samples in proportion to the gain when epsilon is 0", () => {
    const model = { theta: [0, 0, 0], nu: 1, counts: zeros(3) };
    model.counts[0][1] = model.counts[1][0] = 50;
    const candidates: Array<[number, number]> = [
      [0, 1],
      [1, 2],
    ];
    const gains = pairInformationGains(model, candidates);
    const rng = makeRng(5);
    let first = 0;
    const n = 20_000;
    for (let k = 0; k < n; k++) if (selectPair(model, candidates, { epsilon: 0, random: rng.next }) === 0) first++;
    expect(first / n).toBeCloseTo(gains[0] / (gains[0] + gains[1]), 2);
  });

  /** Runs an arena loop: select, simulate a Davidson outcome from true strengths, refit every 50 comparisons. */
  function simulateArena(epsilon: number, truth: number[], rounds: number, seed: number) {
    const p = truth.length;
    const names = truth.map((_, k) => `p${k}`);
    const rng = makeRng(seed);
    const counts = zeros(p);
    const appearances = new Array(p).fill(0);
    const comparisons: Comparison[] = [];
    let model: PairSelectionModel = { theta: new Array(p).fill(0), nu: 1, counts };
    const candidates: Array<[number, number]> = [];
    for (let a = 0; a < p; a++) for (let b = a + 1; b < p; b++) candidates.push([a, b]);
    for (let r = 0; r < rounds; r++) {
      const [a, b] = candidates[selectPair(model, candidates, { epsilon, random: rng.next })];
      const [pa, pb] = davidsonOutcomeProbabilities(truth[a], truth[b], 0.5);
      const u = rng.next();
      comparisons.push({ a: names[a], b: names[b], outcome: u < pa ? "a" : u < pa + pb ? "b" : "tie" });
      counts[a][b]++;
      counts[b][a]++;
      appearances[a]++;
      appearances[b]++;
      if ((r + 1) % 50 === 0) {
        const fit = fitBradleyTerry(comparisons);
        const theta = new Array(p).fill(0);
        for (const rating of fit.ratings) theta[names.indexOf(rating.policy)] = rating.theta;
        model = { theta, nu: fit.nu, counts };
      }
    }
    return { appearances, variance: trace(ratingCovariance(model), p) };
  }

  it("keeps every policy in play: each appears in at least epsilon's share of comparisons", () => {
    const truth = [6, 0.2, 0.1, 0, -0.1, -0.2];
    const rounds = 1500;
    const { appearances } = simulateArena(0.2, truth, rounds, 11);
    // ε-uniform alone puts a policy in 2ε/P of the comparisons: 0.2·2/6 of 1500 = 100.
    const floor = (0.2 * 2 * rounds) / truth.length;
    for (const count of appearances) expect(count).toBeGreaterThanOrEqual(floor);
  });

  it("rescues a policy whose estimate makes its pairs look uninformative (greedy would starve it)", () => {
    // θ_0 = 20 (e.g. from a lucky start): w ≈ ν e⁻¹⁰ for its pairs (ties dominate), so their gains are ~10⁴ times smaller.
    const model = { theta: [20, 0, 0, 0], nu: 1, counts: zeros(4) };
    const candidates: Array<[number, number]> = [];
    for (let a = 0; a < 4; a++) for (let b = a + 1; b < 4; b++) candidates.push([a, b]);
    const draws = (epsilon: number) => {
      const rng = makeRng(3);
      let withZero = 0;
      for (let k = 0; k < 3000; k++) if (candidates[selectPair(model, candidates, { epsilon, random: rng.next })][0] === 0) withZero++;
      return withZero;
    };
    expect(draws(0)).toBeLessThan(5);
    // With ε = 0.2 its 3 of 6 pairs get at least ε/2 of the draws: 300 of 3000, minus sampling noise.
    expect(draws(0.2)).toBeGreaterThan(250);
  });

  it("shrinks the total variance faster than uniform pair choice", () => {
    const truth = [1.5, 1, 0.5, 0, -0.5, -1, -1.5, -3];
    let adaptive = 0;
    let uniform = 0;
    for (const seed of [1, 2, 3, 4]) {
      adaptive += simulateArena(0.2, truth, 600, seed).variance;
      uniform += simulateArena(1, truth, 600, seed).variance;
    }
    expect(adaptive).toBeLessThan(uniform);
  });
});

function trace(m: Float64Array, p: number): number {
  let t = 0;
  for (let i = 0; i < p; i++) t += m[i * p + i];
  return t;
}

// Keep the direct-inversion helpers honest: Σ is the inverse of a known precision.
it("ratingCovariance inverts prior plus information", () => {
  const sigma = ratingCovariance({ theta: [0, 0], nu: 1, counts: zeros(2) });
  expect(Array.from(sigma)).toEqual(Array.from(choleskyInverse(cholesky(Float64Array.from([0.25, 0, 0, 0.25]), 2) as Float64Array, 2)));
});
