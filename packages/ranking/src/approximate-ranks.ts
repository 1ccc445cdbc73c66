import type { Interval } from "./wilson";

/**
 * Ranks that only count clear wins, in input order: rank_i = 1 + the number of others whose interval
 * lies entirely above i's (low_j > high_i). Overlapping policies share a rank, as on LMSYS's leaderboard.
 */
export function approximateRanks(intervals: readonly Interval[]): number[] {
  for (const [k, interval] of intervals.entries()) {
    if (!(interval.low <= interval.high)) {
      throw new Error(`approximateRanks: intervals[${k}]: expected low <= high, got [${interval.low}, ${interval.high}]`);
    }
  }
  return intervals.map((interval) => {
    let above = 0;
    for (const other of intervals) if (other.low > interval.high) above++;
    return 1 + above;
  });
}
