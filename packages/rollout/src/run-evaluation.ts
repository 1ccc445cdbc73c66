/**
 * Runs an evaluation config: plans one job per policy × scene × seed, skips what the run folder
 * already holds, runs the rest on a pool with a progress bar, and returns every record.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { EpisodeRecord } from "@gauntlet/core";
import { loadScene } from "@gauntlet/sim";
import { createLocalPool, createWorkerPool, defaultWorkerCount } from "./episode-pool";
import { type EpisodeJob, jobId } from "./episode-runner";
import { EpisodeStore } from "./episode-store";
import type { EvaluationConfig } from "./evaluation-config";
import { startProgress } from "./progress";
import { writeRunIndex } from "./run-index";

export interface EvaluationRunOptions {
  out: string;
  /** Worker threads; 1 runs in this thread. Default: one per core. */
  workers?: number;
  quiet?: boolean;
}

/** Every job of a config, in a fixed order. */
export function planJobs(config: EvaluationConfig, out: string): EpisodeJob[] {
  const jobs: EpisodeJob[] = [];
  config.scenePaths.forEach((scenePath) => {
    const sceneId = loadScene(scenePath).id;
    for (const policy of config.policies) {
      for (let k = 0; k < config.seeds.count; k++) {
        jobs.push({ scenePath, sceneId, policy, seed: config.seeds.start + k, cameras: config.cameras, maxRetries: config.maxRetries, out });
      }
    }
  });
  return jobs;
}

/** Runs the evaluation into `opts.out`; a killed run restarted with the same folder finishes each episode exactly once. */
export async function runEvaluation(config: EvaluationConfig, opts: EvaluationRunOptions): Promise<EpisodeRecord[]> {
  const store = new EpisodeStore(opts.out);
  const jobs = planJobs(config, opts.out);
  await store.writeConfig({ ...config, hashes: inputHashes(config) });
  const pending = jobs.filter((job) => !store.has(jobId(job)));
  const workers = Math.min(opts.workers ?? defaultWorkerCount(), Math.max(1, pending.length));
  if (!opts.quiet) console.error(`${jobs.length} episodes planned, ${jobs.length - pending.length} already stored, ${pending.length} to run on ${workers} worker(s)`);
  if (pending.length > 0) {
    const pool = workers === 1 ? createLocalPool() : createWorkerPool(workers);
    const progress = opts.quiet ? undefined : startProgress("evaluate", pending.length, "episodes");
    try {
      await Promise.all(pending.map((job) => pool.run(job).then(() => progress?.tick())));
    } finally {
      progress?.done();
      await pool.close();
    }
  }
  const wanted = new Set(jobs.map(jobId));
  const records = (await store.records()).filter((r) => wanted.has(r.id));
  await writeRunIndex(opts.out, records);
  return records;
}

/** SHA-256 of every scene file and model file the config uses, so a run says exactly what it ran. */
function inputHashes(config: EvaluationConfig): Record<string, string> {
  const files = [...config.scenePaths];
  for (const p of config.policies) if (p.kind === "onnx") files.push(...listFiles(p.path));
  return Object.fromEntries(files.map((f) => [f, createHash("sha256").update(readFileSync(f)).digest("hex")]));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}
