/**
 * Runs a stress plan through the ordinary runner and run folder: resumable (stored episodes are
 * skipped), parallel (worker threads), and deterministic whatever the worker count, since every
 * perturbation and episode seed comes from the plan.
 */
import type { EpisodeRecord } from "@gauntlet/core";
import { EpisodeStore, type EvaluationConfig, inputHashes, runJobs } from "@gauntlet/rollout";
import type { PerturbationAxis } from "../axis";
import { planStress, type Rejection } from "./plan-stress";

export interface StressRunOptions {
  out: string;
  axes: PerturbationAxis[];
  levels: number[];
  /** Worker threads; 1 runs in this thread. Default: one per core. */
  workers?: number;
  quiet?: boolean;
}

export interface StressRun {
  records: EpisodeRecord[];
  rejected: Rejection[];
  axes: PerturbationAxis[];
  levels: number[];
}

/** Plans and runs the stress test of an evaluation config into `opts.out`. */
export async function runStress(config: EvaluationConfig, opts: StressRunOptions): Promise<StressRun> {
  const plan = planStress(config, opts.axes, opts.levels, opts.out);
  const perturbations = { axes: opts.axes.map((a) => a.name), levels: opts.levels };
  await new EpisodeStore(opts.out).writeConfig({ ...config, perturbations, hashes: inputHashes(config), rejected: plan.rejected });
  if (!opts.quiet && plan.rejected.length) console.error(`${plan.rejected.length} perturbation(s) rejected as invalid; see the report`);
  const records = await runJobs(plan.jobs, { out: opts.out, workers: opts.workers, quiet: opts.quiet, label: "stress" });
  return { records, rejected: plan.rejected, axes: opts.axes, levels: opts.levels };
}
