import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { chiSquareEvenTail, detectOutlierJudges, type JudgeVote, votePValue } from "./judge-outliers";
import { davidsonOutcomeProbabilities } from "./pair-selection";

describe("chiSquareEvenTail", () => {
  it("matches the closed forms and a table value", () => {
    for (const x of [0.5, 3, 20]) {
      expect(chiSquareEvenTail(x, 1)).toBeCloseTo(Math.exp(-x / 2), 14);
      expect(chiSquareEvenTail(x, 2)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 14);
    }
    expect(chiSquareEvenTail(18.307, 5)).toBeCloseTo(0.05, 4); // χ²(10) 95th percentile
    expect(chiSquareEvenTail(2 * 2560, 2560)).toBeGreaterThan(0.4); // mean of χ²(5120), no overflow
    expect(chiSquareEvenTail(20_000, 2560)).toBeLessThan(1e-300);
  });
});

describe("votePValue", () => {
  it("ranks the answer on weaker wins < tie < stronger wins (hand-worked)", () => {
    // π = (4, 1), ν = 1: tie weight √4 = 2, D = 7 → P(x wins) = 4/7, P(y wins) = 1/7, P(tie) = 2/7; x is stronger.
    const consensus = { theta: { x: Math.log(4), y: 0 }, nu: 1 };
    expect(votePValue({ a: "x", b: "y", outcome: "b" }, consensus, 0.5)).toBeCloseTo(0.5 / 7, 14);
    expect(votePValue({ a: "y", b: "x", outcome: "a" }, consensus, 1)).toBeCloseTo(1 / 7, 14);
    expect(votePValue({ a: "x", b: "y", outcome: "tie" }, consensus, 0)).toBeCloseTo(1 / 7, 14);
    expect(votePValue({ a: "x", b: "y", outcome: "tie" }, consensus, 1)).toBeCloseTo(3 / 7, 14);
    expect(votePValue({ a: "y", b: "x", outcome: "b" }, consensus, 0)).toBeCloseTo(3 / 7, 14);
    expect(votePValue({ a: "y", b: "x", outcome: "b" }, consensus, 1)).toBeCloseTo(1, 14);
  });

  it("is uniform for votes drawn from the consensus", () => {
    const consensus = { theta: { x: 0.7, y: -0.2 }, nu: 0.6 };
    const [pa, pb] = davidsonOutcomeProbabilities(0.7, -0.2, 0.6);
    const rng = makeRng(9);
    const bins = new Array(10).fill(0);
    for (let k = 0; k < 20_000; k++) {
      const v = rng.next();
      const outcome = v < pa ? "a" : v < pa + pb ? "b" : "tie";
      bins[Math.min(9, Math.floor(10 * votePValue({ a: "x", b: "y", outcome }, consensus, rng.next())))]++;
    }
    for (const count of bins) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });
});

describe("detectOutlierJudges", () => {
  const theta: Record<string, number> = { p0: 1.5, p1: 0.8, p2: 0.2, p3: -0.4, p4: -0.9, p5: -1.2 };
  const names = Object.keys(theta);
  const nu = 0.5;

  function honestVotes(judge: string, count: number, seed: number): JudgeVote[] {
    const rng = makeRng(seed);
    return Array.from({ length: count }, () => {
      const i = rng.int(0, names.length - 1);
      let j = rng.int(0, names.length - 2);
      if (j >= i) j++;
      const [pa, pb] = davidsonOutcomeProbabilities(theta[names[i]], theta[names[j]], nu);
      const u = rng.next();
      return { judge, a: names[i], b: names[j], outcome: u < pa ? "a" : u < pa + pb ? "b" : "tie" } as JudgeVote;
    });
  }

  it("flags a planted judge who prefers the weaker policy, and none of 40 honest judges", () => {
    const votes: JudgeVote[] = [];
    for (let k = 0; k < 40; k++) votes.push(...honestVotes(`honest-${k}`, 60, 100 + k));
    // The planted judge answers the consensus backwards on 60 votes.
    for (const v of honestVotes("contrarian", 60, 7)) {
      const aStronger = theta[v.a] > theta[v.b];
      votes.push({ ...v, outcome: aStronger ? "b" : "a" });
    }
    const results = detectOutlierJudges(votes, { theta, nu });
    const flagged = results.filter((r) => r.outlier).map((r) => r.judge);
    expect(flagged).toEqual(["contrarian"]);
    const contrarian = results.find((r) => r.judge === "contrarian");
    expect(contrarian?.votes).toBe(60);
    expect(contrarian?.flaggedAt).toBeLessThanOrEqual(10);
  });

  it("flags a judge who always says tie between clearly different policies", () => {
    const votes = honestVotes("tier", 200, 3)
      .filter((v) => Math.abs(theta[v.a] - theta[v.b]) > 1)
      .map((v) => ({ ...v, outcome: "tie" as const }));
    expect(votes.length).toBeGreaterThanOrEqual(80);
    expect(detectOutlierJudges(votes, { theta, nu })[0].outlier).toBe(true);
  });

  it("keeps the false-flag rate of honest judges below alpha", () => {
    const votes: JudgeVote[] = [];
    for (let k = 0; k < 400; k++) votes.push(...honestVotes(`h${k}`, 40, 1000 + k));
    const flagged = detectOutlierJudges(votes, { theta, nu }, { alpha: 0.05 }).filter((r) => r.outlier).length;
    expect(flagged / 400).toBeLessThanOrEqual(0.05);
  });

  it("only looks at checkpoints, and skips votes on unknown policies", () => {
    const backwards: JudgeVote[] = Array.from({ length: 4 }, () => ({ judge: "j", a: "p0", b: "p5", outcome: "b" }));
    expect(detectOutlierJudges(backwards, { theta, nu })[0]).toMatchObject({ votes: 4, outlier: false, pValue: 1 });
    const withUnknown = [...backwards, { judge: "j", a: "p0", b: "new", outcome: "b" as const }, backwards[0]];
    // P(p5 beats p0) ≈ 0.056: five such votes give M ≥ 28.8 on χ²(10), p < 0.0013·…, flagged at the first look.
    expect(detectOutlierJudges(withUnknown, { theta, nu })[0]).toMatchObject({ votes: 5, outlier: true, flaggedAt: 5 });
    expect(() => detectOutlierJudges([], { theta, nu }, { alpha: 2 })).toThrow(/alpha must be in/);
  });
});
