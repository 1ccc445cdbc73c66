import type { Summary } from "@gauntlet/rollout";

const pct = (v: number) => `${(100 * v).toFixed(0)}%`;

/** Prints the leaderboard and the per-scene rates of a summary as tables. */
export function printSummary(summary: Summary): void {
  console.log(`\nleaderboard: ${summary.name}`);
  console.table(
    summary.leaderboard.map((r) => ({
      rank: r.rank,
      policy: r.policy,
      success: `${r.successes}/${r.episodes}`,
      rate: pct(r.rate),
      "95% CI": `${pct(r.low)}–${pct(r.high)}`,
      ...(r.theta === undefined ? {} : { "BT θ": `${r.theta.toFixed(2)} [${r.thetaLow?.toFixed(2)}, ${r.thetaHigh?.toFixed(2)}]` }),
    })),
  );
  console.log("by scene");
  console.table(summary.byScene.map((r) => ({ policy: r.policy, scene: r.scene, success: `${r.successes}/${r.episodes}`, rate: pct(r.rate), "95% CI": `${pct(r.low)}–${pct(r.high)}` })));
  if (summary.episodes.errored) console.log(`${summary.episodes.errored} errored episode(s) excluded from the rates; see summary.json`);
}
