/**
 * The numbers of an evaluation: success rates with Wilson intervals per policy and per
 * policy × scene, a Bradley-Terry ranking from episodes that share a scene and seed, and the
 * errored episodes. Nothing here depends on timing or worker count, so the same episodes give
 * the same summary.
 */
import type { EpisodeRecord } from "@gauntlet/core";
import { approximateRanks, bootstrapRatings, comparisonsFromEpisodes, fitBradleyTerry, wilsonInterval } from "@gauntlet/ranking";

export interface RateRow {
  policy: string;
  scene?: string;
  successes: number;
  episodes: number;
  rate: number;
  low: number;
  high: number;
}

export interface Summary {
  name: string;
  episodes: { total: number; completed: number; errored: number };
  leaderboard: (RateRow & { rank: number; theta?: number; thetaLow?: number; thetaHigh?: number })[];
  byScene: RateRow[];
  bradleyTerry?: { comparisons: number; nu: number };
  errored: { id: string; error: string }[];
}

/** Groups completed episodes by key and computes success rates with Wilson 95% intervals. */
export function rateRows(records: EpisodeRecord[], key: (r: EpisodeRecord) => { policy: string; scene?: string }): RateRow[] {
  const groups = new Map<string, { policy: string; scene?: string; rs: EpisodeRecord[] }>();
  for (const r of records) {
    if (r.status === "errored") continue;
    const k = key(r);
    const id = `${k.policy}\u0000${k.scene ?? ""}`;
    const group = groups.get(id) ?? { ...k, rs: [] };
    group.rs.push(r);
    groups.set(id, group);
  }
  return [...groups.values()].map(({ policy, scene, rs }) => {
    const successes = rs.filter((r) => r.success).length;
    const { low, high } = wilsonInterval(successes, rs.length);
    return { policy, ...(scene ? { scene } : {}), successes, episodes: rs.length, rate: successes / rs.length, low, high };
  });
}

/** Summarises an evaluation's records. */
export function summarize(name: string, records: EpisodeRecord[]): Summary {
  const errored = records.filter((r) => r.status === "errored");
  const overall = rateRows(records, (r) => ({ policy: r.policy })).sort((a, b) => b.rate - a.rate || a.policy.localeCompare(b.policy));
  const ranks = approximateRanks(overall.map((r) => ({ low: r.low, high: r.high })));
  const leaderboard: Summary["leaderboard"] = overall.map((r, i) => ({ ...r, rank: ranks[i] }));
  const comparisons = comparisonsFromEpisodes(records);
  let bradleyTerry: Summary["bradleyTerry"];
  if (leaderboard.length > 1 && comparisons.length > 0) {
    const fit = fitBradleyTerry(comparisons);
    const boot = bootstrapRatings(comparisons, { resamples: 500, seed: 0 });
    for (const row of leaderboard) {
      const rating = fit.ratings.find((x) => x.policy === row.policy);
      const interval = boot.intervals.find((x) => x.policy === row.policy);
      if (rating) row.theta = rating.theta;
      if (interval) [row.thetaLow, row.thetaHigh] = [interval.low, interval.high];
    }
    bradleyTerry = { comparisons: comparisons.length, nu: fit.nu };
  }
  return {
    name,
    episodes: { total: records.length, completed: records.length - errored.length, errored: errored.length },
    leaderboard,
    byScene: rateRows(records, (r) => ({ policy: r.policy, scene: r.sceneId })).sort(
      (a, b) => (a.scene as string).localeCompare(b.scene as string) || b.rate - a.rate || a.policy.localeCompare(b.policy),
    ),
    bradleyTerry,
    errored: errored.map((r) => ({ id: r.id, error: r.error ?? "unknown" })),
  };
}
