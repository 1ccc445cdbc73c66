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
        const worldModel = config.worldModel ? { model: config.worldModel, judge: config.judge, batch: config.batch } : undefined;
        jobs.push({ scenePath, sceneId, policy, seed: config.seeds.start + k, cameras: config.cameras, maxRetries: config.maxRetries, out, ...(worldModel && { worldModel }) });
      }
    }
  });
  return jobs;
}

/** Runs the evaluation into `opts.out`; a killed run restarted with the same folder finishes each episode exactly once. */
export async function runEvaluation(config: EvaluationConfig, opts: EvaluationRunOptions): Promise<EpisodeRecord[]> {
  await new EpisodeStore(opts.out).writeConfig({ ...config, hashes: inputHashes(config) });
  return runJobs(planJobs(config, opts.out), opts);
}

/** Runs the jobs that `opts.out` does not hold yet on a pool, with a progress bar; returns the records of every job. */
export async function runJobs(jobs: EpisodeJob[], opts: EvaluationRunOptions & { label?: string }): Promise<EpisodeRecord[]> {
  const store = new EpisodeStore(opts.out);
  const pending = jobs.filter((job) => !store.has(jobId(job)));
  const workers = Math.min(opts.workers ?? defaultWorkerCount(), Math.max(1, pending.length));
  if (!opts.quiet) console.error(`${jobs.length} episodes planned, ${jobs.length - pending.length} already stored, ${pending.length} to run on ${workers} worker(s)`);
  if (pending.length > 0) {
    const pool = workers === 1 ? createLocalPool() : createWorkerPool(workers);
    const progress = opts.quiet ? undefined : startProgress(opts.label ?? "evaluate", pending.length, "episodes");
    try {
      const batches = worldModelBatches(jobs, pending);
      await Promise.all([
        ...pending.filter((job) => !job.worldModel).map((job) => pool.run(job).then(() => progress?.tick())),
        ...batches.map((batch) => pool.runBatch(batch).then(() => progress?.tick(batch.filter((j) => pending.includes(j)).length))),
      ]);
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

/**
 * World-model jobs in lockstep batches, cut from the whole plan (not just the pending jobs) so a
 * batch always holds the same episodes: ONNX Runtime's CPU kernels round slightly differently for
 * other batch shapes, and a resumed run must give the same frames as an uninterrupted one. A batch
 * with any pending job runs whole; its stored episodes are recomputed but not rewritten.
 */
function worldModelBatches(jobs: EpisodeJob[], pending: EpisodeJob[]): EpisodeJob[][] {
  const todo = new Set(pending);
  const groups = new Map<string, EpisodeJob[]>();
  for (const job of jobs) {
    if (!job.worldModel) continue;
    const key = `${job.worldModel.model}|${job.worldModel.judge ?? ""}`;
    groups.set(key, [...(groups.get(key) ?? []), job]);
  }
  const batches: EpisodeJob[][] = [];
  for (const group of groups.values()) {
    const size = group[0].worldModel?.batch ?? 16;
    for (let i = 0; i < group.length; i += size) {
      const batch = group.slice(i, i + size);
      if (batch.some((j) => todo.has(j))) batches.push(batch);
    }
  }
  return batches;
}

/** SHA-256 of every scene file and model file the config uses, so a run says exactly what it ran. */
export function inputHashes(config: Pick<EvaluationConfig, "scenePaths" | "policies" | "worldModel" | "judge">): Record<string, string> {
  const files = [...config.scenePaths];
  for (const p of config.policies) if (p.kind === "onnx") files.push(...listFiles(p.path));
  for (const dir of [config.worldModel, config.judge]) if (dir) files.push(...listFiles(dir));
  return Object.fromEntries(files.map((f) => [f, createHash("sha256").update(readFileSync(f)).digest("hex")]));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());
}
