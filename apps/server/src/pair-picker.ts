/**
 * Chooses the next pair for one judge: with probability `goldRate` a gold pair (one simulator success
 * against one failure), otherwise the policy pair chosen by @gauntlet/ranking's selectPair (largest
 * expected shrink of the leaderboard's variance, ε-mixed), then a uniformly random scene and seed where
 * both policies ran and this judge has not seen them. Episodes whose policy was revealed to this judge
 * (after a vote) are never shown to them again: they would no longer be blind.
 */
import { pairInformationGains, sampleByGain } from "@gauntlet/ranking";
import { type EpisodeCatalog, type PairRef, pairKey } from "./catalog";
import type { RatingModel } from "./leaderboard";

/** What the picker needs to know about one judge. */
export interface JudgeHistory {
  /** Pair keys already shown. */
  seen: Set<string>;
  /** Pairs shown per policy pair, keyed "a\u0001b" (names, a < b). */
  seenPerPolicyPair: Map<string, number>;
  /** Episode ids whose policy this judge has been told (the two sides of every vote). */
  revealedEpisodes: Set<string>;
}

export interface PickOptions {
  goldRate: number;
  epsilon: number;
  random: () => number;
}

/** Records that a judge was shown a pair. */
export function markSeen(history: JudgeHistory, key: string): void {
  if (history.seen.has(key)) return;
  history.seen.add(key);
  const [, , a, b] = key.split("\u0001");
  const policies = `${a}\u0001${b}`;
  history.seenPerPolicyPair.set(policies, (history.seenPerPolicyPair.get(policies) ?? 0) + 1);
}

/** The next pair for this judge, or undefined when they have seen every pair there is. */
export function pickPair(catalog: EpisodeCatalog, history: JudgeHistory, model: RatingModel, options: PickOptions): { pair: PairRef; gold: boolean } | undefined {
  if (options.goldRate > 0 && options.random() < options.goldRate) {
    const gold = pickGold(catalog, history, options.random);
    if (gold) return { pair: gold, gold: true };
  }
  const candidates = pairGains(catalog, model).filter((c) => (history.seenPerPolicyPair.get(c.names) ?? 0) < c.groups);
  // A policy pair can still have unseen pairs that all hold a revealed episode: drop it and sample again.
  while (candidates.length > 0) {
    const k = sampleByGain(candidates.map((c) => c.gain), { epsilon: options.epsilon, random: options.random });
    const { i, j } = candidates[k];
    const open = catalog
      .groupsOf(i, j)
      .map((group) => catalog.pairIn(group, i, j))
      .filter((pair) => showable(history, pair));
    if (open.length > 0) return { pair: open[Math.floor(options.random() * open.length)], gold: false };
    candidates.splice(k, 1);
  }
  return undefined;
}

/** Whether a pair is new to this judge and still blind to them. */
function showable(history: JudgeHistory, pair: PairRef): boolean {
  return !history.seen.has(pairKey(pair.a, pair.b)) && !history.revealedEpisodes.has(pair.a.id) && !history.revealedEpisodes.has(pair.b.id);
}

/** A random showable gold pair: a few quick tries, then a scan (late in a judge's history most are used up). */
function pickGold(catalog: EpisodeCatalog, history: JudgeHistory, random: () => number): PairRef | undefined {
  const gold = catalog.goldPairs();
  for (let attempt = 0; attempt < 16 && gold.length > 0; attempt++) {
    const pair = gold[Math.floor(random() * gold.length)];
    if (showable(history, pair)) return pair;
  }
  const open = gold.filter((pair) => showable(history, pair));
  return open.length ? open[Math.floor(random() * open.length)] : undefined;
}

interface PairGain {
  i: number;
  j: number;
  /** "a\u0001b": the policy names, as in JudgeHistory.seenPerPolicyPair. */
  names: string;
  groups: number;
  gain: number;
}

const gainCache = new WeakMap<RatingModel, { policies: string[]; gains: PairGain[] }>();

/**
 * The information gain of every policy pair under a model, in the catalog's policy order (policies without
 * votes at θ = 0). Computed once per model and catalog: the model changes every few dozen votes, pairs
 * are asked for on every request.
 */
function pairGains(catalog: EpisodeCatalog, model: RatingModel): PairGain[] {
  const names = catalog.policies;
  const cached = gainCache.get(model);
  if (cached && cached.policies === names) return cached.gains;
  const counts = names.map(() => new Array(names.length).fill(0));
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) counts[i][j] = counts[j][i] = model.counts.get(`${names[i]}\u0001${names[j]}`) ?? 0;
  }
  const pairs = catalog.pairIndices();
  const gains = pairs.length ? pairInformationGains({ theta: names.map((n) => model.theta[n] ?? 0), nu: model.nu, counts }, pairs) : [];
  const result = pairs.map(([i, j], k) => ({ i, j, names: `${names[i]}\u0001${names[j]}`, groups: catalog.groupsOf(i, j).length, gain: gains[k] }));
  gainCache.set(model, { policies: names, gains: result });
  return result;
}
