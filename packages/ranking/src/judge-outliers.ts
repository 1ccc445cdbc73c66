import { hashString, makeRng, type Rng } from "@gauntlet/core";
import type { Outcome } from "./comparisons";
import { davidsonOutcomeProbabilities } from "./pair-selection";

/**
 * Sequential outlier test of each judge's votes against the consensus, after Chatbot Arena's anomalous-user
 * test (Chiang et al. 2024, §5): each vote gets a one-sided p-value, the rank of the judge's answer on the
 * ordinal scale "weaker wins < tie < stronger wins" under the consensus; the p-values are combined with
 * Fisher's method; and the combined statistic is checked at a fixed set of checkpoints with a Bonferroni
 * split of α, so looking repeatedly does not inflate the false-flag rate.
 *
 * Difference from the original: there a vote's rank is taken among the pair's historical votes; an arena
 * of rollouts has few votes per pair, so the distribution comes from the fitted Davidson model instead,
 * with "stronger" meaning the consensus's higher θ. The outcome is discrete, so the p-value is randomised
 * within the observed outcome's probability mass (p = P(less agreeable outcomes) + U·P(observed), U
 * uniform from a seeded stream): exactly Uniform(0, 1) for an honest judge, hence M_n = −2 Σ log p_k is
 * exactly χ²(2n) and the per-judge false-flag rate is α. Small p means "disagrees with the consensus":
 * a judge who keeps preferring the weaker rollout, or calls clearly different rollouts a tie, is caught.
 *
 * χ²(2n) has a closed-form tail for even degrees of freedom: Q(x; 2n) = e^{−x/2} Σ_{k<n} (x/2)^k / k!.
 */
export interface JudgeVote {
  judge: string;
  a: string;
  b: string;
  outcome: Outcome;
}

/** The consensus the votes are tested against: Davidson strengths by policy and the tie parameter. */
export interface ConsensusModel {
  theta: Record<string, number>;
  nu: number;
}

export interface OutlierOptions {
  /** Family-wise false-flag rate per judge; default 0.01. */
  alpha?: number;
  /** Vote counts at which the test looks; default 5, 10, 20, …, 2560 (ten looks, α/10 each). */
  checkpoints?: number[];
  /** Seed of the randomisation of the p-values (per judge, so results do not depend on other judges); default 0. */
  seed?: number;
}

export interface JudgeOutlierResult {
  judge: string;
  /** Votes that could be tested (both policies in the consensus). */
  votes: number;
  /** Smallest combined p-value over the checkpoints reached; 1 before the first checkpoint. */
  pValue: number;
  /** The checkpoint at which the judge was flagged, or null. */
  flaggedAt: number | null;
  outlier: boolean;
}

export const DEFAULT_CHECKPOINTS = Array.from({ length: 10 }, (_, k) => 5 * 2 ** k);

/**
 * One-sided randomised p-value of a vote under the consensus: P(an outcome less agreeable than the observed
 * one) + u · P(observed), on the scale weaker wins < tie < stronger wins. `u` in [0, 1); 0.5 gives the mid-p.
 */
export function votePValue(vote: Omit<JudgeVote, "judge">, consensus: ConsensusModel, u: number): number {
  const [pa, pb, pt] = davidsonOutcomeProbabilities(consensus.theta[vote.a], consensus.theta[vote.b], consensus.nu);
  return pValueFrom(pa, pb, pt, consensus.theta[vote.a] >= consensus.theta[vote.b], vote.outcome, u);
}

function pValueFrom(pa: number, pb: number, pt: number, aStronger: boolean, outcome: JudgeVote["outcome"], u: number): number {
  const [strong, weak] = aStronger ? [pa, pb] : [pb, pa];
  const won = outcome === "tie" ? "tie" : (outcome === "a") === aStronger ? "strong" : "weak";
  const below = won === "weak" ? 0 : won === "tie" ? weak : weak + pt;
  const mass = won === "weak" ? weak : won === "tie" ? pt : strong;
  // Floor at the smallest double so log p stays finite even for a (practically) impossible outcome.
  return Math.max(Number.MIN_VALUE, Math.min(1, below + u * mass));
}

/** Upper tail of the χ² distribution with 2n degrees of freedom at x, computed in log space. */
export function chiSquareEvenTail(x: number, n: number): number {
  if (!(x >= 0) || !Number.isInteger(n) || n < 1) throw new Error(`chiSquareEvenTail: expected x >= 0 and an integer n >= 1, got x=${x}, n=${n}`);
  if (x === 0) return 1;
  const half = x / 2;
  // log of each term (x/2)^k / k!, summed with log-sum-exp.
  let logTerm = 0;
  let max = 0;
  const logs = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (k > 0) logTerm += Math.log(half) - Math.log(k);
    logs[k] = logTerm;
    if (logTerm > max) max = logTerm;
  }
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, Math.exp(-half + max + Math.log(sum)));
}

/**
 * Runs the sequential test for every judge, votes taken in the order given (oldest first). Votes on a
 * policy the consensus does not know are skipped.
 */
export function detectOutlierJudges(votes: readonly JudgeVote[], consensus: ConsensusModel, options: OutlierOptions = {}): JudgeOutlierResult[] {
  const alpha = options.alpha ?? 0.01;
  if (!(alpha > 0 && alpha < 1)) throw new Error(`detectOutlierJudges: alpha must be in (0, 1), got ${alpha}`);
  const checkpoints = [...(options.checkpoints ?? DEFAULT_CHECKPOINTS)].sort((x, y) => x - y);
  if (checkpoints.length === 0 || checkpoints.some((c) => !Number.isInteger(c) || c < 1)) {
    throw new Error(`detectOutlierJudges: checkpoints must be positive integers, got [${checkpoints.join(", ")}]`);
  }
  if (!(consensus.nu > 0)) throw new Error(`detectOutlierJudges: consensus.nu must be > 0, got ${consensus.nu}`);
  const perLook = alpha / checkpoints.length;
  const seed = options.seed ?? 0;
  // Outcome probabilities per ordered pair of policies, computed once: there are far fewer pairs than votes.
  const names = Object.keys(consensus.theta);
  const index = new Map(names.map((name, k) => [name, k]));
  const p = names.length;
  const table = new Float64Array(p * p * 4).fill(-1);
  const state = new Map<string, { n: number; statistic: number; next: number; pValue: number; flaggedAt: number | null; rng: Rng }>();
  for (const vote of votes) {
    let s = state.get(vote.judge);
    if (!s) {
      s = { n: 0, statistic: 0, next: 0, pValue: 1, flaggedAt: null, rng: makeRng((hashString(vote.judge) ^ seed) >>> 0) };
      state.set(vote.judge, s);
    }
    const ia = index.get(vote.a);
    const ib = index.get(vote.b);
    if (ia === undefined || ib === undefined) continue;
    const at = (ia * p + ib) * 4;
    if (table[at] < 0) {
      const [pa, pb, pt] = davidsonOutcomeProbabilities(consensus.theta[vote.a], consensus.theta[vote.b], consensus.nu);
      table.set([pa, pb, pt, consensus.theta[vote.a] >= consensus.theta[vote.b] ? 1 : 0], at);
    }
    s.n++;
    s.statistic -= 2 * Math.log(pValueFrom(table[at], table[at + 1], table[at + 2], table[at + 3] === 1, vote.outcome, s.rng.next()));
    if (s.next < checkpoints.length && s.n === checkpoints[s.next]) {
      s.next++;
      const pv = chiSquareEvenTail(s.statistic, s.n);
      s.pValue = Math.min(s.pValue, pv);
      if (s.flaggedAt === null && pv < perLook) s.flaggedAt = s.n;
    }
  }
  return [...state.entries()].map(([judge, s]) => ({ judge, votes: s.n, pValue: s.pValue, flaggedAt: s.flaggedAt, outlier: s.flaggedAt !== null }));
}
