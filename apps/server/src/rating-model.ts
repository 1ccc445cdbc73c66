/**
 * A running tally of vote outcomes per policy pair, fitted cheaply (O(pairs) per Newton step, whatever
 * the number of votes) to keep the pair-selection model fresh between full leaderboard computations.
 */
import { fitBradleyTerry, type PairTable } from "@gauntlet/ranking";
import type { RatingModel, VoteFact } from "./leaderboard";
import { voteComparison } from "./leaderboard";

export class RatingTally {
  /** "a\u0001b" (a < b) → [a wins, b wins, ties]. */
  private cells = new Map<string, [number, number, number]>();
  /** Votes added since the last fit. */
  pending = 0;

  /** Counts one vote. */
  add(vote: VoteFact): void {
    const c = voteComparison(vote);
    const flip = c.a > c.b;
    const key = flip ? `${c.b}\u0001${c.a}` : `${c.a}\u0001${c.b}`;
    let cell = this.cells.get(key);
    if (!cell) {
      cell = [0, 0, 0];
      this.cells.set(key, cell);
    }
    const winnerIsFirst = (c.outcome === "a") !== flip;
    cell[c.outcome === "tie" ? 2 : winnerIsFirst ? 0 : 1]++;
    this.pending++;
  }

  /** Fits Davidson strengths to the tally (θ = 0 and ν = 1 with fewer than two policies). */
  fit(): RatingModel {
    this.pending = 0;
    const counts = new Map<string, number>();
    for (const [key, [w, l, t]] of this.cells) counts.set(key, w + l + t);
    const policies = [...new Set([...this.cells.keys()].flatMap((k) => k.split("\u0001")))].sort();
    if (policies.length < 2) return { theta: {}, nu: 1, counts };
    const index = new Map(policies.map((p, k) => [p, k]));
    const keys = [...this.cells.keys()];
    const table: PairTable = {
      policies,
      first: Int32Array.from(keys, (k) => index.get(k.split("\u0001")[0]) as number),
      second: Int32Array.from(keys, (k) => index.get(k.split("\u0001")[1]) as number),
      firstWins: Float64Array.from(keys, (k) => (this.cells.get(k) as number[])[0]),
      secondWins: Float64Array.from(keys, (k) => (this.cells.get(k) as number[])[1]),
      ties: Float64Array.from(keys, (k) => (this.cells.get(k) as number[])[2]),
      total: [...counts.values()].reduce((x, y) => x + y, 0),
    };
    const fit = fitBradleyTerry(table);
    return { theta: Object.fromEntries(fit.ratings.map((r) => [r.policy, r.theta])), nu: fit.nu, counts };
  }
}
