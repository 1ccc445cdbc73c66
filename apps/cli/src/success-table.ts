import type { EpisodeRecord } from "@gauntlet/core";
import { wilsonInterval } from "@gauntlet/ranking";

export interface SuccessRow {
  policy: string;
  scene: string;
  successes: number;
  episodes: number;
  rate: number;
  low: number;
  high: number;
}

/** Success counts per policy and scene (or per policy over all scenes) with Wilson 95% intervals; errored episodes are left out. */
export function successRows(records: EpisodeRecord[], byScene = true): SuccessRow[] {
  const groups = new Map<string, EpisodeRecord[]>();
  for (const r of records) {
    if (r.status === "errored") continue;
    const key = `${r.policy}\u0000${byScene ? r.sceneId : "all scenes"}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([key, rs]) => {
    const [policy, scene] = key.split("\u0000");
    const successes = rs.filter((r) => r.success).length;
    const { low, high } = wilsonInterval(successes, rs.length);
    return { policy, scene, successes, episodes: rs.length, rate: successes / rs.length, low, high };
  });
}

/** Prints the leaderboard (policies by overall success) and the policy × scene breakdown, with intervals. */
export function printSuccessTable(records: EpisodeRecord[]): SuccessRow[] {
  const rows = successRows(records);
  const pct = (v: number) => `${(100 * v).toFixed(0)}%`;
  const show = (rs: SuccessRow[]) =>
    console.table(rs.map((r) => ({ policy: r.policy, scene: r.scene, success: `${r.successes}/${r.episodes}`, rate: pct(r.rate), "95% CI": `${pct(r.low)}–${pct(r.high)}` })));
  console.log("\nleaderboard");
  show(successRows(records, false).sort((a, b) => b.rate - a.rate));
  console.log("by scene");
  show(rows);
  const errored = records.filter((r) => r.status === "errored").length;
  if (errored) console.log(`${errored} errored episode(s) excluded from the rates`);
  return rows;
}
