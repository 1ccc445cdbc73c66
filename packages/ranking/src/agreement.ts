import { makeRng, type Rng } from "@gauntlet/core";
import { kendallTauB, pearson, spearman } from "./correlation";
import { mmrv } from "./mmrv";
import { sortedQuantile, tailProbabilities } from "./quantiles";
import type { Interval } from "./wilson";

/** A metric's point value with its bootstrap percentile interval (NaN bounds when not bootstrapped). */
export interface MetricEstimate extends Interval {
  value: number;
}

/** Scores per policy, e.g. success rates in simulation and on the real robot. */
export type PolicyScores = Record<string, number>;

export interface AgreementOptions {
  /** Bootstrap resamples; default 1000, 0 for point values only. */
  bootstrap?: number;
  /** Seed of the resampling stream; default 0. */
  seed?: number;
  /** Confidence level; default 0.95. */
  level?: number;
  /**
   * Replaces the default resampling of policies: return one bootstrap replicate of both score sets
   * (e.g. success rates recomputed from episodes resampled within each policy).
   */
  resample?: (rng: Rng, iteration: number) => { predicted: PolicyScores; reference: PolicyScores };
}

export interface Agreement {
  /** Policies compared, in sorted order. */
  policies: string[];
  pearson: MetricEstimate;
  spearman: MetricEstimate;
  kendallTauB: MetricEstimate;
  mmrv: MetricEstimate;
  resamples: number;
  level: number;
}

const METRICS = { pearson, spearman, kendallTauB, mmrv } as const;
type MetricName = keyof typeof METRICS;

/**
 * How well predicted scores (simulation) agree with reference scores (real robot): Pearson, Spearman,
 * Kendall τ_b and MMRV. By default intervals resample *policies* with replacement: the question is how
 * the agreement would look on another set of policies, and with few policies that is the dominant
 * uncertainty. Replicates where a metric is undefined (e.g. all draws one policy) are dropped.
 */
export function agreement(predicted: PolicyScores, reference: PolicyScores, options: AgreementOptions = {}): Agreement {
  const policies = matchedPolicies(predicted, reference);
  const resamples = options.bootstrap ?? 1000;
  const level = options.level ?? 0.95;
  const [lowTail, highTail] = tailProbabilities(level, "agreement");
  if (!Number.isInteger(resamples) || resamples < 0) throw new Error(`agreement: bootstrap must be an integer >= 0, got ${resamples}`);
  const s = policies.map((name) => predicted[name]);
  const r = policies.map((name) => reference[name]);
  const draws: Record<MetricName, number[]> = { pearson: [], spearman: [], kendallTauB: [], mmrv: [] };
  const rng = makeRng(options.seed ?? 0);
  for (let b = 0; b < resamples; b++) {
    let bs: number[];
    let br: number[];
    if (options.resample) {
      const replicate = options.resample(rng, b);
      matchedPolicies(replicate.predicted, replicate.reference, policies);
      bs = policies.map((name) => replicate.predicted[name]);
      br = policies.map((name) => replicate.reference[name]);
    } else {
      const picks = policies.map(() => rng.int(0, policies.length - 1));
      bs = picks.map((k) => s[k]);
      br = picks.map((k) => r[k]);
    }
    for (const name of Object.keys(METRICS) as MetricName[]) {
      const value = METRICS[name](bs, br);
      if (!Number.isNaN(value)) draws[name].push(value);
    }
  }
  const estimate = (name: MetricName): MetricEstimate => {
    const sorted = draws[name].sort((x, y) => x - y);
    return { value: METRICS[name](s, r), low: sortedQuantile(sorted, lowTail), high: sortedQuantile(sorted, highTail) };
  };
  return {
    policies,
    pearson: estimate("pearson"),
    spearman: estimate("spearman"),
    kendallTauB: estimate("kendallTauB"),
    mmrv: estimate("mmrv"),
    resamples,
    level,
  };
}

/** The sorted policy names, after checking both score sets cover exactly the same policies with finite values. */
function matchedPolicies(predicted: PolicyScores, reference: PolicyScores, expected?: string[]): string[] {
  const names = Object.keys(predicted).sort();
  const missing = names.filter((name) => !(name in reference));
  const extra = Object.keys(reference).filter((name) => !(name in predicted));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `agreement: predicted and reference must score the same policies; only in predicted: [${missing.join(", ")}], only in reference: [${extra.join(", ")}]`,
    );
  }
  if (expected && names.join("\u0000") !== expected.join("\u0000")) {
    throw new Error(`agreement: a resample must score the same policies as the data, got [${names.join(", ")}]`);
  }
  for (const name of names) {
    if (!Number.isFinite(predicted[name]) || !Number.isFinite(reference[name])) {
      throw new Error(`agreement: scores for "${name}" must be finite, got ${predicted[name]} and ${reference[name]}`);
    }
  }
  return names;
}
