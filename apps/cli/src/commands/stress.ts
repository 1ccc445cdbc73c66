/**
 * `gauntlet stress`: runs an evaluation's policies across perturbation axes and severity levels,
 * then writes summary.json and a self-contained report.html.
 *
 *   gauntlet stress --config evaluations/stress-default.json --axes all --levels 0-3
 *   gauntlet stress --config evaluations/stress-default.json --axes lighting,camera-pose --levels 0,3 --workers 2 --out runs/stress-light
 *
 * Axes and levels default to the config's `perturbations` block, else all axes at levels 0-3.
 * The run folder resumes like `gauntlet evaluate`: restart the same command to finish it.
 */
import { parseArgs } from "node:util";
import { parseAxes, parseLevels, runStress, writeStressReport } from "@gauntlet/perturb";
import { defaultWorkerCount, loadEvaluationConfig } from "@gauntlet/rollout";
import { positiveInt } from "./rollout";

/** Runs the stress test; returns the run folder. */
export async function stress(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: { config: { type: "string" }, axes: { type: "string" }, levels: { type: "string" }, workers: { type: "string" }, out: { type: "string" } },
  });
  if (!values.config) throw new Error("--config: expected an evaluation config, e.g. gauntlet stress --config evaluations/stress-default.json --axes all --levels 0-3");
  const config = loadEvaluationConfig(values.config);
  const axes = parseAxes(values.axes ?? config.perturbations?.axes ?? "all");
  const levels = values.levels ? parseLevels(values.levels) : (config.perturbations?.levels ?? [0, 1, 2, 3]);
  const out = values.out ?? `runs/${config.name}`;
  const workers = values.workers ? positiveInt(values.workers, "--workers") : defaultWorkerCount();
  const run = await runStress(config, { out, axes, levels, workers });
  const { summary, reportPath } = await writeStressReport(out, config.name, run, { scenePath: config.scenePaths[0], seed: config.seeds.start });
  console.log(`\nrobustness: ${config.name}`);
  console.table(
    summary.robustness.map((r) => ({
      policy: r.policy,
      nominal: `${(100 * r.nominal).toFixed(0)}%`,
      robustness: r.score?.toFixed(2) ?? "–",
      ...Object.fromEntries(Object.entries(r.byAxis).map(([axis, v]) => [axis, v?.toFixed(2) ?? "–"])),
    })),
  );
  console.log(`\nsummary.json and ${reportPath} written; episodes in ${out}/episodes`);
  return out;
}
