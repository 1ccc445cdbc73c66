/**
 * Closed-loop validity: the same policies, scenes and seeds in two backends (the world model and
 * the simulator), success rates per policy side by side, and how well one ranking predicts the
 * other (Pearson, Spearman, Kendall, MMRV, with bootstrap intervals from @gauntlet/ranking).
 */
import type { EpisodeRecord } from "@gauntlet/core";
import { type Agreement, agreement } from "@gauntlet/ranking";
import { type RateRow, rateRows } from "../report/summarize";

export interface BackendRow {
  policy: string;
  /** The backend being validated (the world model). */
  predicted: RateRow;
  /** The reference backend (the simulator). */
  reference: RateRow;
}

export interface BackendComparison {
  rows: BackendRow[];
  agreement: Agreement;
  /** Episodes compared per backend (each present, not errored, in both). */
  matchedEpisodes: number;
  /** Episodes left out because the other backend lacks them or either errored. */
  unmatched: number;
}

/** Compares per-policy success rates over the (policy, scene, seed) episodes both backends completed. */
export function compareBackends(predicted: EpisodeRecord[], reference: EpisodeRecord[], opts: { bootstrap?: number; seed?: number } = {}): BackendComparison {
  const key = (r: EpisodeRecord) => `${r.policy}\u0000${r.sceneId}\u0000${r.seed}`;
  const done = (rs: EpisodeRecord[]) => new Map(rs.filter((r) => r.status !== "errored").map((r) => [key(r), r]));
  const p = done(predicted);
  const r = done(reference);
  const shared = [...p.keys()].filter((k) => r.has(k));
  const pick = (m: Map<string, EpisodeRecord>) => shared.map((k) => m.get(k) as EpisodeRecord);
  const byPolicy = (rs: EpisodeRecord[]) => new Map(rateRows(rs, (x) => ({ policy: x.policy })).map((row) => [row.policy, row]));
  const pr = byPolicy(pick(p));
  const rr = byPolicy(pick(r));
  const policies = [...rr.keys()].sort();
  if (policies.length < 3) throw new Error(`compareBackends: ${policies.length} policies completed in both backends; agreement needs at least 3`);
  const rows = policies.map((policy) => ({ policy, predicted: pr.get(policy) as RateRow, reference: rr.get(policy) as RateRow }));
  const scores = (side: "predicted" | "reference") => Object.fromEntries(rows.map((row) => [row.policy, row[side].rate]));
  return {
    rows,
    agreement: agreement(scores("predicted"), scores("reference"), { bootstrap: opts.bootstrap ?? 1000, seed: opts.seed ?? 0 }),
    matchedEpisodes: shared.length,
    unmatched: predicted.length + reference.length - 2 * shared.length,
  };
}
