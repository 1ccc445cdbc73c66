import { makeRng } from "@gauntlet/core";
import { davidsonOutcomeProbabilities } from "@gauntlet/ranking";
import { describe, expect, it } from "vitest";
import { computeLeaderboard, passedGold, type VoteFact } from "./leaderboard";

const THETA: Record<string, number> = { strong: 1.2, good: 0.5, fair: -0.2, weak: -1.5 };
const NAMES = Object.keys(THETA);
const SUCCESS = new Map(NAMES.map((p, k) => [p, { successes: 40 - 10 * k, episodes: 40 }]));

/** Votes of a judge who follows the true model (choices drawn from Davidson with ν = 0.5). */
function honest(judge: string, count: number, seed: number): VoteFact[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, () => {
    const i = rng.int(0, 3);
    const j = (i + rng.int(1, 3)) % 4;
    const [pl, pr] = davidsonOutcomeProbabilities(THETA[NAMES[i]], THETA[NAMES[j]], 0.5);
    const u = rng.next();
    const choice = u < pl ? "left" : u < pl + pr ? "right" : "tie";
    return { judge, left: NAMES[i], right: NAMES[j], leftSuccess: false, rightSuccess: false, choice, gold: false } as VoteFact;
  });
}

describe("computeLeaderboard", () => {
  it("ranks policies from honest votes, beside success rates, with agreement", () => {
    // (An honest judge is wrongly flagged with probability ≤ α = 1%; these seeds happen to flag none.)
    const votes = Array.from({ length: 10 }, (_, k) => honest(`j${k}`, 60, 100 + k)).flat();
    const { leaderboard, judges } = computeLeaderboard(votes, SUCCESS, { intervals: "bootstrap", resamples: 200 });
    expect(leaderboard.rows.map((r) => r.policy)).toEqual(["strong", "good", "fair", "weak"]);
    expect(leaderboard.votes).toEqual({ total: 600, counted: 600, excludedJudges: 0, gold: 0 });
    for (const row of leaderboard.rows) {
      expect(row.human?.low).toBeLessThan(row.human?.theta as number);
      expect(row.human?.high).toBeGreaterThan(row.human?.theta as number);
      expect(row.auto?.episodes).toBe(40);
    }
    expect(leaderboard.rows[0].human?.rank).toBe(1);
    expect(leaderboard.rows[3].human?.rank).toBeGreaterThan(1);
    expect(leaderboard.agreement?.spearman.value).toBeCloseTo(1, 10);
    expect(leaderboard.agreement?.mmrv.value).toBe(0);
    expect([...judges.values()].every((j) => j.excluded === null)).toBe(true);
  });

  it("flags a planted judge who votes against the consensus, and removes their pull on the ranking", () => {
    const votes = Array.from({ length: 10 }, (_, k) => honest(`j${k}`, 60, 100 + k)).flat();
    // The planted judge always prefers the weaker policy, 200 times: enough to flip a close pair if counted.
    const planted = honest("planted", 200, 99).map((v) => ({ ...v, choice: (THETA[v.left] > THETA[v.right] ? "right" : "left") as VoteFact["choice"] }));
    const { leaderboard, judges } = computeLeaderboard([...votes, ...planted], SUCCESS, { resamples: 200 });
    expect(judges.get("planted")).toMatchObject({ excluded: "outlier" });
    expect(judges.get("planted")?.outlier?.flaggedAt).toBeLessThanOrEqual(20);
    expect([...judges.values()].filter((j) => j.excluded !== null).map((j) => j.judge)).toEqual(["planted"]);
    expect(leaderboard.votes).toMatchObject({ total: 800, counted: 600, excludedJudges: 1 });
    expect(leaderboard.rows.map((r) => r.policy)).toEqual(["strong", "good", "fair", "weak"]);
  });

  it("excludes a judge who fails gold pairs beyond the threshold, not one who slips once", () => {
    const gold = (judge: string, passes: boolean[]): VoteFact[] =>
      passes.map((pass) => ({ judge, left: "strong", right: "weak", leftSuccess: true, rightSuccess: false, choice: pass ? "left" : "right", gold: true }));
    const votes = [...honest("a", 30, 1), ...gold("a", [true, true, false]), ...honest("b", 30, 2), ...gold("b", [false, true, false]), ...honest("c", 30, 3)];
    const { judges, leaderboard } = computeLeaderboard(votes, SUCCESS, { resamples: 100 });
    expect(judges.get("a")).toMatchObject({ excluded: null, gold: { answered: 3, failed: 1 } });
    expect(judges.get("b")).toMatchObject({ excluded: "gold", gold: { answered: 3, failed: 2 } });
    expect(leaderboard.votes).toMatchObject({ total: 96, counted: 63, excludedJudges: 1, gold: 6 });
    // Ties and "both failed" on a gold pair are failures too: the success was there to be seen.
    expect(passedGold({ judge: "x", left: "a", right: "b", leftSuccess: true, rightSuccess: false, choice: "tie", gold: true })).toBe(false);
    expect(passedGold({ judge: "x", left: "a", right: "b", leftSuccess: false, rightSuccess: true, choice: "right", gold: true })).toBe(true);
  });

  it("has success rates but no human ratings before any vote", () => {
    const { leaderboard } = computeLeaderboard([], SUCCESS);
    expect(leaderboard.rows.map((r) => [r.policy, r.human, r.auto?.rate])).toEqual([
      ["strong", null, 1],
      ["good", null, 0.75],
      ["fair", null, 0.5],
      ["weak", null, 0.25],
    ]);
    expect(leaderboard.agreement).toBeNull();
    expect(leaderboard.nu).toBeNull();
  });
});
