export { type Interval, wilsonInterval } from "./wilson";
export { type Comparison, type ComparisonOptions, comparisonsFromEpisodes, type EpisodeOutcome, type Outcome } from "./comparisons";
export { aggregateComparisons, type PairTable } from "./pair-table";
export { davidsonLogLikelihood } from "./davidson";
export { type FitOptions, fitBradleyTerry, type PolicyRating, type Ratings } from "./bradley-terry";
export { type BootstrapOptions, type BootstrapRatings, bootstrapRatings, type RatingInterval } from "./bootstrap-ratings";
export { type SandwichOptions, type SandwichRatings, sandwichRatings } from "./sandwich-ratings";
export { approximateRanks } from "./approximate-ranks";
export { averageRanks, kendallTauB, pearson, spearman } from "./correlation";
export { mmrv } from "./mmrv";
export { type Agreement, type AgreementOptions, agreement, type MetricEstimate, type PolicyScores } from "./agreement";
export { type SimulationSpec, simulateComparisons } from "./simulate-comparisons";
export { type BenchRankingOptions, type BenchRankingResult, benchBradleyTerry } from "./bench-ranking";
export {
  davidsonOutcomeProbabilities,
  type PairSelectionModel,
  type PairSelectionOptions,
  pairInformationGains,
  ratingCovariance,
  sampleByGain,
  selectPair,
} from "./pair-selection";
export {
  type ConsensusModel,
  chiSquareEvenTail,
  DEFAULT_CHECKPOINTS,
  detectOutlierJudges,
  type JudgeOutlierResult,
  type JudgeVote,
  type OutlierOptions,
  votePValue,
} from "./judge-outliers";
export { normalQuantile } from "./quantiles";
