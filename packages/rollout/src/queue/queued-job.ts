/**
 * An episode job as it travels through the queue: the same `EpisodeJob` the local pool runs,
 * minus the run folder, with file paths relative to the working directory (workers on other
 * machines run from their own checkout) and the SHA-256 of every input file, which each worker
 * checks before it runs, so no worker silently runs a different scene or model.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { type EpisodeJob, jobId } from "../episode-runner";

/** The one BullMQ queue every coordinator and worker shares; jobs carry their run. */
export const QUEUE_NAME = "gauntlet-episodes";

export interface QueuedEpisode {
  /** The run (the evaluation's name): the result store's key, as the run folder is locally. */
  run: string;
  job: Omit<EpisodeJob, "out">;
  /** SHA-256 of every input file of this job, by (portable) path. */
  inputs: Record<string, string>;
}

/** The deterministic BullMQ id of a run's episode, so enqueuing it twice is a no-op. */
export function queueJobId(run: string, episode: string): string {
  return `${run}/${episode}`;
}

/** Builds the queued form of a job; `hashes` are the run's input hashes by absolute path. */
export function toQueuedEpisode(run: string, job: EpisodeJob, hashes: Record<string, string>, cwd = process.cwd()): QueuedEpisode {
  const { out: _, ...rest } = job;
  const portable = (p: string) => {
    const rel = relative(cwd, p);
    return rel.startsWith("..") || isAbsolute(rel) ? p : rel;
  };
  const model = job.policy.kind === "onnx" ? resolve(job.policy.path) + sep : undefined;
  const inputs = Object.fromEntries(Object.entries(hashes).filter(([file]) => file === job.scenePath || (model !== undefined && file.startsWith(model))).map(([file, sha]) => [portable(file), sha]));
  const policy = job.policy.kind === "onnx" ? { ...job.policy, path: portable(job.policy.path) } : job.policy;
  return { run, job: { ...rest, scenePath: portable(job.scenePath), policy }, inputs };
}

/** The local job a worker runs: paths resolved against its working directory, results into `out`. */
export function fromQueuedEpisode(queued: QueuedEpisode, out: string, cwd = process.cwd()): EpisodeJob {
  const { job } = queued;
  const policy = job.policy.kind === "onnx" ? { ...job.policy, path: resolve(cwd, job.policy.path) } : job.policy;
  return { ...job, scenePath: resolve(cwd, job.scenePath), policy, out };
}

/** The episode id of a queued job. */
export function queuedEpisodeId(queued: QueuedEpisode): string {
  return jobId(queued.job);
}

/** This worker's checkout cannot run the job; another worker's may. */
export class InputMismatchError extends Error {
  override name = "InputMismatchError";
}

/** Returns a checker that throws `InputMismatchError` when an input file is missing or differs from the coordinator's. */
export function makeInputVerifier(cwd = process.cwd()): (inputs: Record<string, string>) => void {
  const verified = new Set<string>();
  return (inputs) => {
    for (const [file, sha] of Object.entries(inputs)) {
      const key = `${file}@${sha}`;
      if (verified.has(key)) continue;
      let actual: string;
      try {
        actual = createHash("sha256").update(readFileSync(resolve(cwd, file))).digest("hex");
      } catch {
        throw new InputMismatchError(`${file}: not found under ${cwd}; start the worker in a checkout of the same repository as the coordinator`);
      }
      if (actual !== sha) throw new InputMismatchError(`${file}: this worker's copy differs from the coordinator's (sha256 ${actual.slice(0, 12)}… vs ${sha.slice(0, 12)}…); run workers from the same checkout`);
      verified.add(key);
    }
  };
}
