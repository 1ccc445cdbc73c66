/**
 * The arena's leaderboard from the votes, in four steps:
 * 1. gold pairs: a judge who answered at least `goldMinAnswered` gold pairs and failed more than
 *    `goldMaxFailRate` of them is excluded (a gold pair is passed only by picking the episode the
 *    simulator's predicate calls a success);
 * 2. consensus: Davidson Bradley-Terry fit on the remaining votes;
 * 3. outliers: each judge's votes, oldest first, go through the sequential test of @gauntlet/ranking's
 *    detectOutlierJudges against that consensus (α = `outlierAlpha` per judge); flagged judges are excluded;
 * 4. the final fit on the votes left, with intervals (robust sandwich by default, or bootstrap percentile;
 *    widened to cover the Wald interval θ ± z·se) and approximate ranks, beside
 *    the automatic success rates (Wilson) and their agreement (Spearman, Kendall, MMRV).
 * Excluded judges' votes stay in the database and in the exports, flagged.
 */
import {
  agreement,
  aggregateComparisons,
  approximateRanks,
  bootstrapRatings,
  type Comparison,
  davidsonOutcomeProbabilities,
  detectOutlierJudges,
  fitBradleyTerry,
  type JudgeVote,
  type MetricEstimate,
  normalQuantile,
  sandwichRatings,
  wilsonInterval,
} from "@gauntlet/ranking";
import type { Choice } from "./db/tables";

/** A vote as the ranking sees it. */
export interface VoteFact {
  judge: string;
  left: string;
  right: string;
  leftSuccess: boolean;
  rightSuccess: boolean;
  choice: Choice;
  gold: boolean;
}

export interface QualityOptions {
  /** Gold answers needed before a judge can be excluded for failing them; default 3. */
  goldMinAnswered?: number;
  /** Exclude a judge whose share of failed gold answers is above this; default 0.34 (2 of 3, 3 of 6 …). */
  goldMaxFailRate?: number;
  /** Family-wise false-flag rate of the outlier test, per judge; default 0.01. */
  outlierAlpha?: number;
  /**
   * Intervals of θ: "sandwich" (default; robust Huber-White, O(pairs), so the leaderboard stays live at any
   * number of votes) or "bootstrap" (percentile, `resamples` resamples). Either is widened to cover θ ± z·se.
   */
  intervals?: "sandwich" | "bootstrap";
  /** Bootstrap resamples when intervals is "bootstrap"; default 1000. */
  resamples?: number;
  /** Confidence level; default 0.95. */
  level?: number;
}

export interface JudgeStatus {
  judge: string;
  votes: number;
  gold: { answered: number; failed: number };
  outlier: { pValue: number; flaggedAt: number | null } | null;
  excluded: "gold" | "outlier" | null;
}

export interface LeaderboardRow {
  policy: string;
  human: { theta: number; low: number; high: number; rank: number; votes: number; wins: number; losses: number; ties: number; score: number } | null;
  auto: { rate: number; low: number; high: number; rank: number; successes: number; episodes: number } | null;
}

export interface Leaderboard {
  updatedAt: string;
  votes: { total: number; counted: number; excludedJudges: number; gold: number };
  level: number;
  rows: LeaderboardRow[];
  nu: number | null;
  agreement: { policies: number; spearman: MetricEstimate; kendallTauB: MetricEstimate; mmrv: MetricEstimate } | null;
}

/** What the pair selection needs from the latest fit. */
export interface RatingModel {
  theta: Record<string, number>;
  nu: number;
  /** Counted comparisons per unordered pair, keyed "a\u0001b" with a < b. */
  counts: Map<string, number>;
}

export interface LeaderboardResult {
  leaderboard: Leaderboard;
  judges: Map<string, JudgeStatus>;
  model: RatingModel;
}

/** The Bradley-Terry outcome of a vote: left or right wins; tie and both-failed are ties. */
export function voteComparison(v: VoteFact): Comparison {
  return { a: v.left, b: v.right, outcome: v.choice === "left" ? "a" : v.choice === "right" ? "b" : "tie" };
}

/** Whether a gold vote picked the episode that succeeded. */
export function passedGold(v: VoteFact): boolean {
  return (v.choice === "left" && v.leftSuccess && !v.rightSuccess) || (v.choice === "right" && v.rightSuccess && !v.leftSuccess);
}

/** Computes the leaderboard, the judges' status and the model for pair selection. */
export function computeLeaderboard(votes: readonly VoteFact[], successCounts: Map<string, { successes: number; episodes: number }>, options: QualityOptions = {}): LeaderboardResult {
  const level = options.level ?? 0.95;
  const judges = judgeGoldStatus(votes, options);
  // One comparison object per vote, reused by both fits and the outlier test (this runs over every vote).
  const all: JudgeVote[] = votes.map((v) => ({ judge: v.judge, ...voteComparison(v) }));
  const consensusVotes = all.filter((v) => judges.get(v.judge)?.excluded === null);
  const consensusTable = aggregateComparisons(consensusVotes);
  if (consensusTable.policies.length >= 2) {
    const consensus = fitBradleyTerry(consensusTable);
    const theta = Object.fromEntries(consensus.ratings.map((r) => [r.policy, r.theta]));
    for (const result of detectOutlierJudges(consensusVotes, { theta, nu: consensus.nu }, { alpha: options.outlierAlpha ?? 0.01 })) {
      const status = judges.get(result.judge) as JudgeStatus;
      status.outlier = { pValue: result.pValue, flaggedAt: result.flaggedAt };
      if (result.outlier) status.excluded = "outlier";
    }
  }
  const counted = all.filter((v) => judges.get(v.judge)?.excluded === null);
  const table = counted.length === consensusVotes.length ? consensusTable : aggregateComparisons(counted);
  const model: RatingModel = { theta: {}, nu: 1, counts: new Map() };
  for (let k = 0; k < table.first.length; k++) {
    model.counts.set(`${table.policies[table.first[k]]}\u0001${table.policies[table.second[k]]}`, table.firstWins[k] + table.secondWins[k] + table.ties[k]);
  }
  const human = new Map<string, NonNullable<LeaderboardRow["human"]>>();
  if (table.policies.length >= 2) {
    const fit = fitBradleyTerry(table);
    const base =
      options.intervals === "bootstrap" ? bootstrapRatings(table, { resamples: options.resamples ?? 1000, level, seed: 0 }).intervals : sandwichRatings(table, { level }).intervals;
    // Percentile and sandwich intervals collapse with a handful of votes (every resample is the same; the
    // score variance is tiny), so each is widened to cover the model-based θ ± z·se, which the prior keeps honest.
    const z = normalQuantile(0.5 + level / 2);
    const intervals = base.map((b) => {
      const se = fit.ratings.find((r) => r.policy === b.policy)?.se ?? 0;
      return { ...b, low: Math.min(b.low, b.theta - z * se), high: Math.max(b.high, b.theta + z * se) };
    });
    const ranks = approximateRanks(intervals);
    model.nu = fit.nu;
    for (const r of fit.ratings) model.theta[r.policy] = r.theta;
    for (const [k, interval] of intervals.entries()) {
      const rating = fit.ratings.find((r) => r.policy === interval.policy);
      if (!rating) continue;
      human.set(interval.policy, {
        theta: interval.theta,
        low: interval.low,
        high: interval.high,
        rank: ranks[k],
        votes: rating.wins + rating.losses + rating.ties,
        wins: rating.wins,
        losses: rating.losses,
        ties: rating.ties,
        score: expectedScore(interval.policy, model.theta, fit.nu),
      });
    }
  }
  const auto = autoRanking(successCounts);
  const names = [...new Set([...human.keys(), ...auto.keys()])];
  const rows = names.map((policy) => ({ policy, human: human.get(policy) ?? null, auto: auto.get(policy) ?? null }));
  rows.sort((x, y) => (y.human?.theta ?? -Infinity) - (x.human?.theta ?? -Infinity) || (y.auto?.rate ?? 0) - (x.auto?.rate ?? 0) || (x.policy < y.policy ? -1 : 1));
  const both = rows.filter((r) => r.human && r.auto);
  let agreementResult: Leaderboard["agreement"] = null;
  if (both.length >= 3) {
    const predicted = Object.fromEntries(both.map((r) => [r.policy, r.auto?.rate as number]));
    const reference = Object.fromEntries(both.map((r) => [r.policy, r.human?.score as number]));
    const a = agreement(predicted, reference, { bootstrap: 200, seed: 0, level });
    agreementResult = { policies: both.length, spearman: a.spearman, kendallTauB: a.kendallTauB, mmrv: a.mmrv };
  }
  const excludedJudges = [...judges.values()].filter((j) => j.excluded !== null).length;
  return {
    leaderboard: {
      updatedAt: new Date().toISOString(),
      votes: { total: votes.length, counted: counted.length, excludedJudges, gold: votes.filter((v) => v.gold).length },
      level,
      rows,
      nu: table.policies.length >= 2 ? model.nu : null,
      agreement: agreementResult,
    },
    judges,
    model,
  };
}

function judgeGoldStatus(votes: readonly VoteFact[], options: QualityOptions): Map<string, JudgeStatus> {
  const minAnswered = options.goldMinAnswered ?? 3;
  const maxFailRate = options.goldMaxFailRate ?? 0.34;
  const judges = new Map<string, JudgeStatus>();
  for (const v of votes) {
    let status = judges.get(v.judge);
    if (!status) {
      status = { judge: v.judge, votes: 0, gold: { answered: 0, failed: 0 }, outlier: null, excluded: null };
      judges.set(v.judge, status);
    }
    status.votes++;
    if (v.gold) {
      status.gold.answered++;
      if (!passedGold(v)) status.gold.failed++;
    }
  }
  for (const status of judges.values()) {
    if (status.gold.answered >= minAnswered && status.gold.failed / status.gold.answered > maxFailRate) status.excluded = "gold";
  }
  return judges;
}

/** P(win) + ½ P(tie) against each other policy, averaged: a 0..1 score comparable with success rates. */
function expectedScore(policy: string, theta: Record<string, number>, nu: number): number {
  const others = Object.keys(theta).filter((p) => p !== policy);
  let total = 0;
  for (const other of others) {
    const [win, , tie] = davidsonOutcomeProbabilities(theta[policy], theta[other], nu);
    total += win + 0.5 * tie;
  }
  return others.length ? total / others.length : 0.5;
}

function autoRanking(successCounts: Map<string, { successes: number; episodes: number }>): Map<string, NonNullable<LeaderboardRow["auto"]>> {
  const entries = [...successCounts.entries()];
  const intervals = entries.map(([, c]) => wilsonInterval(c.successes, c.episodes));
  const ranks = approximateRanks(intervals);
  return new Map(
    entries.map(([policy, c], k) => [
      policy,
      { rate: c.episodes ? c.successes / c.episodes : 0, low: intervals[k].low, high: intervals[k].high, rank: ranks[k], successes: c.successes, episodes: c.episodes },
    ]),
  );
}
