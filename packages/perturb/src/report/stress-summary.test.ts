import { emptyEpisodeRecord, type EpisodeRecord } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { getAxis } from "../registry";
import { relativeArea, summarizeStress } from "./stress-summary";

/** n episodes of a policy at an axis level, the first `wins` successful. */
function episodes(policy: string, level: number, wins: number, n = 4): EpisodeRecord[] {
  return Array.from({ length: n }, (_, seed) => {
    const sceneId = level ? `s.lighting-${level}` : "s";
    const r = emptyEpisodeRecord({ id: `${sceneId}__${policy}__s${seed}`, envId: "E", backend: "sim", sceneId, task: "t", instruction: "", policy, seed }, seed < wins ? "success" : "failure");
    r.success = seed < wins;
    if (level) r.perturbation = { axis: "lighting", level, seed, settings: [] };
    return r;
  });
}

describe("summarizeStress", () => {
  // a: 4/4, 2/4, 0/4 (fragile); b: 2/4, 2/4, 2/4 (flat); c: 1/4, 3/4, 4/4 (improves: the order reverses).
  const records = [
    ...[4, 2, 0].flatMap((w, l) => episodes("a", l, w)),
    ...[2, 2, 2].flatMap((w, l) => episodes("b", l, w)),
    ...[1, 3, 4].flatMap((w, l) => episodes("c", l, w)),
  ];
  const summary = summarizeStress("t", records, [getAxis("lighting")], [0, 1, 2], []);

  it("draws one curve per policy with Wilson intervals, level 0 from the nominal episodes", () => {
    const a = summary.curves.find((c) => c.policy === "a");
    expect(a?.points.map((p) => `${p.successes}/${p.episodes}`)).toEqual(["4/4", "2/4", "0/4"]);
    expect(a?.points[1].low).toBeCloseTo(0.15, 2); // Wilson 95% for 2/4: [0.150, 0.850]
    expect(a?.points[1].high).toBeCloseTo(0.85, 2);
    expect(summary.policies).toEqual(["a", "b", "c"]);
  });

  it("scores robustness as the area under the curve relative to a flat nominal curve", () => {
    const score = (p: string) => summary.robustness.find((r) => r.policy === p)?.score;
    expect(score("a")).toBeCloseTo(0.5, 9); // ((1 + .5) / 2 + (.5 + 0) / 2) / (1 * 2)
    expect(score("b")).toBeCloseTo(1, 9);
    expect(score("c")).toBeCloseTo(((0.25 + 0.75) / 2 + (0.75 + 1) / 2) / (0.25 * 2), 9);
    expect(relativeArea([{ level: 0, rate: 0 }, { level: 1, rate: 0 }], 0)).toBeNull();
  });

  it("measures ranking stability with Kendall tau-b against the nominal order", () => {
    const at = (level: number) => summary.stability.find((s) => s.level === level);
    expect(at(2)?.tau).toBeCloseTo(-1, 9); // nominal a > b > c, at level 2 c > b > a
    expect(at(2)?.ranking).toEqual(["c", "b", "a"]);
    expect(at(1)?.tau).toBeCloseTo(-2 / Math.sqrt(6), 9); // a .5, b .5, c .75 against 1, .5, .25: no concordant pair, two discordant, one tied in y
  });
});
