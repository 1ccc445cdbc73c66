/**
 * The coordinator of a distributed run: plans the same jobs as a local run, enqueues them on
 * BullMQ a window at a time (never more than `window` unfinished), waits for workers anywhere to
 * store every episode in PostgreSQL, then writes the run folder from the store, so reports work
 * exactly as after a local run. Job ids are deterministic and the store is the source of truth,
 * so a coordinator killed at any moment and restarted picks up where it was.
 */
import type { EpisodeRecord } from "@gauntlet/core";
import { Queue } from "bullmq";
import { jobId } from "../episode-runner";
import { EpisodeStore } from "../episode-store";
import type { EvaluationConfig } from "../evaluation-config";
import { startProgress } from "../progress";
import { inputHashes, planJobs } from "../run-evaluation";
import { writeRunIndex } from "../run-index";
import { checkRedis, redactUrl } from "./connect";
import { QUEUE_NAME, type QueuedEpisode, queueJobId, toQueuedEpisode } from "./queued-job";
import { EpisodeResultStore } from "./result-store";

export interface QueuedRunOptions {
  out: string;
  queueUrl: string;
  databaseUrl: string;
  /** Most jobs enqueued and not yet stored at any time (back-pressure). Default 256; keep it above the fleet's total concurrency. */
  window?: number;
  quiet?: boolean;
}

/** Job options: a few attempts for thrown errors; finished jobs leave Redis (the store keeps results). */
const JOB_OPTIONS = { attempts: 3, backoff: { type: "fixed", delay: 1000 }, removeOnComplete: true, removeOnFail: false } as const;
const POLL_MS = 250;
const RECONCILE_MS = 5000;

/** Runs the evaluation on the queue and materialises it into `opts.out`; returns every record, as `runEvaluation` does. */
export async function runQueuedEvaluation(config: EvaluationConfig, opts: QueuedRunOptions): Promise<EpisodeRecord[]> {
  assertQueueable(config);
  const window = opts.window ?? 256;
  if (!Number.isInteger(window) || window < 1) throw new Error(`window: expected a positive integer, got ${window}`);
  const connection = await checkRedis(opts.queueUrl);
  const store = await EpisodeResultStore.open(opts.databaseUrl);
  const queue = new Queue<QueuedEpisode>(QUEUE_NAME, { connection });
  const say = (line: string) => opts.quiet || console.error(line);
  try {
    const run = config.name;
    const jobs = planJobs(config, opts.out);
    const hashes = inputHashes(config);
    await new EpisodeStore(opts.out).writeConfig({ ...config, hashes });
    await store.saveRun(run, jobs.length, { ...config, hashes });
    // Errored episodes are retried, as a resumed local run retries them.
    const discarded = await store.discardErrored(run);
    const stored = await store.statuses(run);
    const pending = jobs.filter((j) => !stored.has(jobId(j))).map((j) => toQueuedEpisode(run, j, hashes));
    say(`${jobs.length} episodes planned, ${jobs.length - pending.length} already stored${discarded ? ` (${discarded} errored discarded for a retry)` : ""}, ${pending.length} to run on the queue at ${redactUrl(opts.queueUrl)}`);
    if (pending.length > 0) await drain(queue, store, run, pending, window, say, opts.quiet);
    const wanted = jobs.map(jobId);
    await store.materialise(run, wanted, opts.out);
    const wantedSet = new Set(wanted);
    const records = (await new EpisodeStore(opts.out).records()).filter((r) => wantedSet.has(r.id));
    if (records.length !== jobs.length) throw new Error(`run ${run}: ${jobs.length} episodes planned but ${records.length} materialised`);
    const [p] = await store.progress(run);
    const errored = records.filter((r) => r.status === "errored").length;
    say(`${records.length}/${jobs.length} episodes, each stored once (${errored} errored); ${p.duplicateWrites} duplicate deliveries absorbed; run folder ${opts.out}`);
    await writeRunIndex(opts.out, records);
    return records;
  } finally {
    await queue.close();
    await store.close();
  }
}

/**
 * Refuses what the queue cannot run faithfully: world-model episodes run in lockstep batches
 * locally, and their model and judge folders are neither portable to workers nor hashed per job.
 */
export function assertQueueable(config: Pick<EvaluationConfig, "backend">): void {
  if (config.backend === "world-model") throw new Error('evaluation.backend: "world-model" cannot run on the queue; the queue runs simulator episodes only; run world-model evaluations locally (batched)');
}

/** Keeps at most `window` jobs unfinished until every pending job is stored; fails on a job that failed for good. */
async function drain(queue: Queue<QueuedEpisode>, store: EpisodeResultStore, run: string, pending: QueuedEpisode[], window: number, say: (line: string) => void, quiet?: boolean): Promise<void> {
  const progress = quiet ? undefined : startProgress("evaluate (queue)", pending.length, "episodes");
  const unfinished = new Map<string, QueuedEpisode>(); // by episode id
  const episodeOf = (q: QueuedEpisode) => jobId(q.job);
  let next = 0;
  let lastReconcile = performance.now();
  let workers = -1;
  try {
    while (next < pending.length || unfinished.size > 0) {
      const refill = pending.slice(next, next + window - unfinished.size);
      next += refill.length;
      await enqueueEpisodes(queue, refill);
      for (const q of refill) unfinished.set(episodeOf(q), q);
      await new Promise((r) => setTimeout(r, POLL_MS));
      const done = await store.statuses(run, [...unfinished.keys()]);
      for (const id of done.keys()) unfinished.delete(id);
      progress?.tick(done.size);
      if (performance.now() - lastReconcile < RECONCILE_MS) continue;
      lastReconcile = performance.now();
      await reconcile(queue, store, run, unfinished);
      const count = await queue.getWorkersCount();
      if (count !== workers) say(count === 0 ? "\nno workers connected: start some with `gauntlet worker --queue <redis url> --database <postgres url>`" : `\n${count} worker(s) connected`);
      workers = count;
    }
  } finally {
    progress?.done();
  }
}

/**
 * Adds jobs under their deterministic ids, in one round of lookups and one bulk add: a no-op for
 * a job already queued or running; a failed or completed leftover of an earlier coordinator is replaced.
 */
export async function enqueueEpisodes(queue: Queue<QueuedEpisode>, episodes: QueuedEpisode[]): Promise<void> {
  if (episodes.length === 0) return;
  const ids = episodes.map((q) => queueJobId(q.run, jobId(q.job)));
  const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
  await Promise.all(ids.filter((_, i) => states[i] === "failed" || states[i] === "completed").map((id) => queue.remove(id)));
  await queue.addBulk(episodes.map((q, i) => ({ name: "episode", data: q, opts: { ...JOB_OPTIONS, jobId: ids[i] } })));
}

/** Checks unfinished jobs against the queue: a failed one ends the run with its reason; a vanished one (Redis flushed) is enqueued again. */
async function reconcile(queue: Queue<QueuedEpisode>, store: EpisodeResultStore, run: string, unfinished: Map<string, QueuedEpisode>): Promise<void> {
  const ids = [...unfinished.keys()];
  const states = await Promise.all(ids.map((id) => queue.getJobState(queueJobId(run, id))));
  const failed = ids.find((_, i) => states[i] === "failed");
  if (failed) {
    const job = await queue.getJob(queueJobId(run, failed));
    throw new Error(`episode ${failed} failed on the workers after ${job?.attemptsMade ?? "?"} attempt(s): ${job?.failedReason ?? "no reason given"}; fix it and run again to resume`);
  }
  // Completed jobs leave Redis once stored; only a job neither queued nor stored has been lost.
  const gone = ids.filter((_, i) => states[i] === "unknown");
  if (gone.length === 0) return;
  const stored = await store.statuses(run, gone);
  await enqueueEpisodes(
    queue,
    gone.filter((id) => !stored.has(id)).map((id) => unfinished.get(id) as QueuedEpisode),
  );
}
