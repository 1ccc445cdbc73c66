/** Who won a paired comparison: policy `a`, policy `b`, or neither. */
export type Outcome = "a" | "b" | "tie";

/** One head-to-head result between two different policies. */
export interface Comparison {
  a: string;
  b: string;
  outcome: Outcome;
}

/** The fields of an episode record that pairing needs (a subset of core's EpisodeRecord). */
export interface EpisodeOutcome {
  policy: string;
  sceneId: string;
  seed: number;
  success: boolean;
  status: string;
  /** Per-observation task progress in 0..1; only read when `tieBreakMargin` is set. */
  progress?: number[];
}

export interface ComparisonOptions {
  /**
   * Off by default. When set (e.g. 0.1), two *failed* episodes whose final progress differs by more
   * than this margin are not a tie: the one that got further wins. Two successes always tie.
   */
  tieBreakMargin?: number;
}

/**
 * Pairs episodes that different policies ran on the same scene and seed (errored ones left out):
 * the successful one wins; both succeeded or both failed is a tie unless `tieBreakMargin` says otherwise.
 */
export function comparisonsFromEpisodes(records: readonly EpisodeOutcome[], options: ComparisonOptions = {}): Comparison[] {
  const margin = options.tieBreakMargin;
  if (margin !== undefined && !(margin >= 0)) {
    throw new Error(`comparisonsFromEpisodes: tieBreakMargin must be a number >= 0, got ${margin}`);
  }
  // Group by (scene, seed): only episodes that started from the same initial state are comparable.
  const groups = new Map<string, Map<string, EpisodeOutcome>>();
  for (const record of records) {
    if (record.status === "errored") continue;
    const key = `${record.sceneId}\u0000${record.seed}`;
    let group = groups.get(key);
    if (!group) {
      group = new Map();
      groups.set(key, group);
    }
    if (group.has(record.policy)) {
      throw new Error(
        `comparisonsFromEpisodes: two finished records for policy "${record.policy}" on scene "${record.sceneId}" seed ${record.seed}; keep one per (policy, scene, seed)`,
      );
    }
    group.set(record.policy, record);
  }
  const comparisons: Comparison[] = [];
  for (const group of groups.values()) {
    // Sorted names make the a/b orientation independent of the records' order.
    const policies = [...group.keys()].sort();
    for (let i = 0; i < policies.length; i++) {
      for (let j = i + 1; j < policies.length; j++) {
        const a = group.get(policies[i]) as EpisodeOutcome;
        const b = group.get(policies[j]) as EpisodeOutcome;
        comparisons.push({ a: a.policy, b: b.policy, outcome: decide(a, b, margin) });
      }
    }
  }
  return comparisons;
}

function decide(a: EpisodeOutcome, b: EpisodeOutcome, margin: number | undefined): Outcome {
  if (a.success !== b.success) return a.success ? "a" : "b";
  // Success is the metric of record, so two successes stay a tie even if progress dipped afterwards.
  if (a.success || margin === undefined) return "tie";
  const pa = finalProgress(a);
  const pb = finalProgress(b);
  // Without progress on both sides there is nothing to break the tie with.
  if (pa === undefined || pb === undefined) return "tie";
  const difference = pa - pb;
  if (difference > margin) return "a";
  if (difference < -margin) return "b";
  return "tie";
}

function finalProgress(record: EpisodeOutcome): number | undefined {
  const progress = record.progress;
  return progress && progress.length > 0 ? progress[progress.length - 1] : undefined;
}
