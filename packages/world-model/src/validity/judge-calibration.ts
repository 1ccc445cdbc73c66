/**
 * How good a success judge is against the simulator's true predicate: balanced accuracy at its
 * threshold, expected calibration error and the reliability table (equal-width probability bins).
 */

export interface ReliabilityBin {
  low: number;
  high: number;
  count: number;
  /** Mean predicted probability in the bin. */
  meanPredicted: number;
  /** Fraction of the bin's frames that truly succeeded. */
  fractionPositive: number;
}

export interface JudgeCalibration {
  balancedAccuracy: number;
  truePositiveRate: number;
  trueNegativeRate: number;
  positives: number;
  negatives: number;
  /** Σ_bins (count / n) · |meanPredicted − fractionPositive|. */
  ece: number;
  reliability: ReliabilityBin[];
}

/** Scores probabilities against true labels; `threshold` is the judge's decision threshold. */
export function judgeCalibration(prob: ArrayLike<number>, label: ArrayLike<boolean>, threshold = 0.5, bins = 10): JudgeCalibration {
  if (prob.length !== label.length) throw new Error(`judgeCalibration: ${prob.length} probabilities for ${label.length} labels`);
  if (prob.length === 0) throw new Error("judgeCalibration: no frames to score");
  let tp = 0;
  let tn = 0;
  let positives = 0;
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < prob.length; i++) {
    const p = prob[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`judgeCalibration: probability ${i} is ${p}, expected a number in [0, 1]`);
    const y = label[i];
    if (y) positives++;
    if (y && p >= threshold) tp++;
    if (!y && p < threshold) tn++;
    const b = Math.min(bins - 1, Math.floor(p * bins));
    count[b]++;
    sumP[b] += p;
    sumY[b] += y ? 1 : 0;
  }
  const negatives = prob.length - positives;
  const tpr = positives > 0 ? tp / positives : Number.NaN;
  const tnr = negatives > 0 ? tn / negatives : Number.NaN;
  let ece = 0;
  const reliability: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b] / count[b];
    const fractionPositive = sumY[b] / count[b];
    ece += (count[b] / prob.length) * Math.abs(meanPredicted - fractionPositive);
    reliability.push({ low: b / bins, high: (b + 1) / bins, count: count[b], meanPredicted, fractionPositive });
  }
  return { balancedAccuracy: (tpr + tnr) / 2, truePositiveRate: tpr, trueNegativeRate: tnr, positives, negatives, ece, reliability };
}
