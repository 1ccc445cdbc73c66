import { emptyEpisodeRecord, type EpisodeRecord } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { compareBackends } from "./compare-backends";

/** Records of one backend: successes[policy] lists the successful seeds out of 0..n-1. */
function records(backend: "sim" | "world-model", n: number, successes: Record<string, number[]>, errored: string[] = []): EpisodeRecord[] {
  return Object.entries(successes).flatMap(([policy, ok]) =>
    Array.from({ length: n }, (_, seed) => {
      const r = emptyEpisodeRecord({ id: `${policy}-${seed}`, envId: "PickCube-v1", backend, sceneId: "pick-cube", task: "pick-lift", instruction: "", policy, seed });
      r.success = ok.includes(seed);
      r.status = errored.includes(`${policy}-${seed}`) ? "errored" : r.success ? "success" : "failure";
      return r;
    }),
  );
}

describe("compareBackends", () => {
  it("computes per-policy rates on matched episodes and the agreement of the two rankings", () => {
    const sim = records("sim", 4, { a: [0, 1, 2, 3], b: [0, 1], c: [] });
    const wm = records("world-model", 4, { a: [0, 1, 2], b: [0, 1, 2], c: [0] });
    const c = compareBackends(wm, sim, { bootstrap: 0 });
    expect(c.rows.map((r) => [r.policy, r.reference.rate, r.predicted.rate])).toEqual([["a", 1, 0.75], ["b", 0.5, 0.75], ["c", 0, 0.25]]);
    expect(c.matchedEpisodes).toBe(12);
    // Reference order a > b > c; predicted ties a and b: Spearman on average ranks = 0.866.
    expect(c.agreement.spearman.value).toBeCloseTo(Math.sqrt(3) / 2, 10);
    // MMRV: the only violation is a vs b (tied in the prediction), charging |1 - 0.5| to a; mean over 3 policies.
    expect(c.agreement.mmrv.value).toBeCloseTo(0.5 / 3, 10);
  });

  it("leaves out episodes that errored in either backend, from both sides", () => {
    const sim = records("sim", 2, { a: [0, 1], b: [1], c: [] }, ["a-1"]);
    const wm = records("world-model", 2, { a: [0], b: [1], c: [] });
    const c = compareBackends(wm, sim, { bootstrap: 0 });
    expect(c.rows.find((r) => r.policy === "a")).toMatchObject({ predicted: { episodes: 1, rate: 1 }, reference: { episodes: 1, rate: 1 } });
    expect(c.matchedEpisodes).toBe(5);
    expect(c.unmatched).toBe(2);
  });

  it("refuses fewer than 3 policies", () => {
    const sim = records("sim", 2, { a: [0], b: [] });
    expect(() => compareBackends(sim, sim)).toThrow(/2 policies completed in both backends; agreement needs at least 3/);
  });
});
