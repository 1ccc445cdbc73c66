import { makeRng } from "@gauntlet/core";
import type { Comparison } from "./comparisons";

export interface SimulationSpec {
  /** True log-strength θ per policy. */
  strengths: Record<string, number>;
  /** True Davidson tie parameter ν (≥ 0). */
  nu: number;
  /** Number of comparisons, each between a uniformly drawn pair of different policies. */
  count: number;
  seed: number;
}

/** Draws comparisons from a Davidson model with known strengths: the ground truth for tests and benchmarks. */
export function simulateComparisons(spec: SimulationSpec): Comparison[] {
  const names = Object.keys(spec.strengths);
  if (names.length < 2) throw new Error(`simulateComparisons: need at least 2 policies, got ${names.length}`);
  if (!(spec.nu >= 0)) throw new Error(`simulateComparisons: nu must be >= 0, got ${spec.nu}`);
  const pi = names.map((name) => Math.exp(spec.strengths[name]));
  const rng = makeRng(spec.seed);
  const out: Comparison[] = new Array(spec.count);
  for (let k = 0; k < spec.count; k++) {
    const i = rng.int(0, names.length - 1);
    // Draw j from the others without rejection: skip over i.
    let j = rng.int(0, names.length - 2);
    if (j >= i) j++;
    const tie = spec.nu * Math.sqrt(pi[i] * pi[j]);
    const u = rng.next() * (pi[i] + pi[j] + tie);
    const outcome = u < pi[i] ? "a" : u < pi[i] + pi[j] ? "b" : "tie";
    out[k] = { a: names[i], b: names[j], outcome };
  }
  return out;
}
