import { makeRng } from "@gauntlet/core";
import { davidsonOutcomeProbabilities } from "@gauntlet/ranking";
import { describe, expect, it } from "vitest";
import { EpisodeCatalog, pairKey } from "./catalog";
import type { EpisodeRow } from "./db/tables";
import type { VoteFact } from "./leaderboard";
import { type JudgeHistory, markSeen, pickPair } from "./pair-picker";
import { RatingTally } from "./rating-model";

const TRUTH: Record<string, number> = { runaway: 5, a: 0.3, b: 0.1, c: 0, d: -0.2, e: -0.4 };

function catalog(seeds: number): EpisodeCatalog {
  const rows: EpisodeRow[] = [];
  for (const [k, policy] of Object.keys(TRUTH).entries()) {
    for (let seed = 0; seed < seeds; seed++) {
      rows.push({
        id: `s__${policy}__s${seed}`,
        scene: "s",
        seed,
        policy,
        task: "t",
        instruction: "i",
        envId: "E-v1",
        backend: "sim",
        status: "success",
        success: (seed + k) % 2 === 0,
        steps: 1,
        dir: "/nowhere",
        cameras: [{ camera: "third", video: "third.mp4" }],
        runDir: "/nowhere",
      });
    }
  }
  const c = new EpisodeCatalog();
  c.add(rows);
  return c;
}

const newHistory = (): JudgeHistory => ({ seen: new Set(), seenPerPolicyPair: new Map(), revealedEpisodes: new Set() });

describe("pickPair", () => {
  it("never gives a judge the same pair twice, and runs out exactly when every pair was shown", () => {
    const c = catalog(3);
    const history = newHistory();
    const rng = makeRng(1);
    const tally = new RatingTally();
    let shown = 0;
    for (;;) {
      const picked = pickPair(c, history, tally.fit(), { goldRate: 0.3, epsilon: 0.2, random: rng.next });
      if (!picked) break;
      const key = pairKey(picked.pair.a, picked.pair.b);
      expect(history.seen.has(key)).toBe(false);
      expect(picked.pair.a.seed).toBe(picked.pair.b.seed);
      expect(picked.pair.a.policy).not.toBe(picked.pair.b.policy);
      markSeen(history, key);
      shown++;
    }
    expect(shown).toBe(15 * 3); // C(6, 2) policy pairs × 3 seeds
  });

  it("gold pairs are one simulator success against one failure", () => {
    const c = catalog(10);
    const rng = makeRng(2);
    for (let k = 0; k < 50; k++) {
      const picked = pickPair(c, newHistory(), new RatingTally().fit(), { goldRate: 1, epsilon: 0.2, random: rng.next });
      expect(picked?.gold).toBe(true);
      expect(picked?.pair.a.success).not.toBe(picked?.pair.b.success);
    }
  });

  it("never offers an episode already revealed to the judge, in gold or ordinary pairs", () => {
    const c = catalog(4);
    const rng = makeRng(4);
    for (const goldRate of [0, 1]) {
      const history = newHistory();
      let shown = 0;
      for (;;) {
        const picked = pickPair(c, history, new RatingTally().fit(), { goldRate, epsilon: 0.2, random: rng.next });
        if (!picked) break;
        for (const e of [picked.pair.a, picked.pair.b]) {
          expect(history.revealedEpisodes.has(e.id), e.id).toBe(false);
          history.revealedEpisodes.add(e.id);
        }
        markSeen(history, pairKey(picked.pair.a, picked.pair.b));
        shown++;
      }
      // 6 policies per seed: three disjoint pairs per seed, then nothing left that is still blind.
      expect(shown).toBe(3 * 4);
    }
  });

  it("keeps every policy in play while the model learns that one policy runs away", () => {
    const c = catalog(200);
    const rng = makeRng(3);
    const tally = new RatingTally();
    let model = tally.fit();
    const appearances = new Map(Object.keys(TRUTH).map((p) => [p, 0]));
    const judges = Array.from({ length: 5 }, newHistory);
    const rounds = 1500;
    for (let r = 0; r < rounds; r++) {
      const history = judges[r % judges.length];
      const picked = pickPair(c, history, model, { goldRate: 0, epsilon: 0.2, random: rng.next });
      if (!picked) throw new Error("ran out of pairs");
      markSeen(history, pairKey(picked.pair.a, picked.pair.b));
      const [left, right] = [picked.pair.a.policy, picked.pair.b.policy];
      const [pl, pr] = davidsonOutcomeProbabilities(TRUTH[left], TRUTH[right], 0.5);
      const u = rng.next();
      const choice = u < pl ? "left" : u < pl + pr ? "right" : "tie";
      tally.add({ judge: "j", left, right, leftSuccess: false, rightSuccess: false, choice, gold: false } as VoteFact);
      if (tally.pending >= 50) model = tally.fit();
      for (const p of [left, right]) appearances.set(p, (appearances.get(p) ?? 0) + 1);
    }
    expect(model.theta.runaway).toBeGreaterThan(2);
    // ε-uniform alone gives each policy 2ε/P of the comparisons: 0.2 · 2/6 · 1500 = 100.
    for (const [policy, count] of appearances) expect(count, policy).toBeGreaterThanOrEqual(100);
  });
});
