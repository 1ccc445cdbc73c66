export { normalQuantile, sortedQuantile } from "@gauntlet/core";

/** Checks a confidence level and returns its two tail probabilities. */
export function tailProbabilities(level: number, caller: string): [number, number] {
  if (!(level > 0 && level < 1)) throw new Error(`${caller}: level must be in (0, 1), got ${level}`);
  return [(1 - level) / 2, (1 + level) / 2];
}
