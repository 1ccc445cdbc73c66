/**
 * The imported episodes, indexed for pairing: comparable episodes share a scene and a seed (a "group");
 * a pair is two policies' episodes in one group. The database is the record; this is its in-memory view
 * (the arena is the only writer, so the two cannot drift).
 */
import type { EpisodeRow } from "./db/tables";

/** One concrete pair: a group and two policies (in name order) that both have an episode there. */
export interface PairRef {
  group: string;
  a: EpisodeRow;
  b: EpisodeRow;
}

/** The identity of a pair for "never the same pair twice": scene, seed and the two policies, unordered. */
export function pairKey(a: EpisodeRow, b: EpisodeRow): string {
  const [x, y] = a.policy < b.policy ? [a, b] : [b, a];
  return `${x.scene}\u0001${x.seed}\u0001${x.policy}\u0001${y.policy}`;
}

export class EpisodeCatalog {
  readonly episodes = new Map<string, EpisodeRow>();
  /** Sorted policy names: the index space of the pair-selection model. */
  policies: string[] = [];
  private groups = new Map<string, Map<string, EpisodeRow>>();
  /** "i,j" (policy indices, i < j) → the groups where both have an episode. */
  private pairGroups = new Map<string, string[]>();
  /** Gold candidates: pairs whose simulator verdicts differ (one success, one failure). */
  private gold: PairRef[] = [];

  /** Adds episodes (judgeable ones only: finished, with a video) and rebuilds the indices. */
  add(rows: Iterable<EpisodeRow>): void {
    for (const row of rows) {
      if (row.status === "errored" || row.cameras.length === 0) continue;
      this.episodes.set(row.id, row);
      const group = `${row.scene}\u0001${row.seed}`;
      let members = this.groups.get(group);
      if (!members) {
        members = new Map();
        this.groups.set(group, members);
      }
      members.set(row.policy, row);
    }
    this.reindex();
  }

  /** Policy-index pairs with at least one group in common. */
  pairIndices(): Array<[number, number]> {
    return [...this.pairGroups.keys()].map((k) => k.split(",").map(Number) as [number, number]);
  }

  /** The groups where policies i and j (indices) both have an episode. */
  groupsOf(i: number, j: number): string[] {
    return this.pairGroups.get(i < j ? `${i},${j}` : `${j},${i}`) ?? [];
  }

  /** The concrete pair of policies i and j in a group. */
  pairIn(group: string, i: number, j: number): PairRef {
    const members = this.groups.get(group) as Map<string, EpisodeRow>;
    const [x, y] = i < j ? [i, j] : [j, i];
    return { group, a: members.get(this.policies[x]) as EpisodeRow, b: members.get(this.policies[y]) as EpisodeRow };
  }

  /** Every success-versus-failure pair. */
  goldPairs(): readonly PairRef[] {
    return this.gold;
  }

  /** Episodes and successes per policy, for the automatic ranking. */
  successCounts(): Map<string, { successes: number; episodes: number }> {
    const counts = new Map<string, { successes: number; episodes: number }>();
    for (const e of this.episodes.values()) {
      const c = counts.get(e.policy) ?? { successes: 0, episodes: 0 };
      c.episodes++;
      if (e.success) c.successes++;
      counts.set(e.policy, c);
    }
    return counts;
  }

  private reindex(): void {
    this.policies = [...new Set([...this.episodes.values()].map((e) => e.policy))].sort();
    const index = new Map(this.policies.map((p, k) => [p, k]));
    this.pairGroups.clear();
    this.gold = [];
    for (const [group, members] of [...this.groups.entries()].sort(([x], [y]) => (x < y ? -1 : 1))) {
      const rows = [...members.values()].sort((x, y) => (x.policy < y.policy ? -1 : 1));
      for (let s = 0; s < rows.length; s++) {
        for (let t = s + 1; t < rows.length; t++) {
          const key = `${index.get(rows[s].policy)},${index.get(rows[t].policy)}`;
          const list = this.pairGroups.get(key);
          if (list) list.push(group);
          else this.pairGroups.set(key, [group]);
          if (rows[s].success !== rows[t].success) this.gold.push({ group, a: rows[s], b: rows[t] });
        }
      }
    }
  }
}
