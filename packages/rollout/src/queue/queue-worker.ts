/**
 * A queue worker: pulls episode jobs from BullMQ, runs each on the same pool the local path uses
 * (so records and videos are identical), and writes the result to the shared store, once per job.
 * A worker that dies mid-episode stops renewing its job's lock; another worker's stalled-job
 * check puts the job back in the queue after `lockMs`, and it runs again elsewhere.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { isProcessAlive } from "@gauntlet/core";
import { type Job, Worker } from "bullmq";
import { createLocalPool, createWorkerPool } from "../episode-pool";
import { checkRedis } from "./connect";
import { fromQueuedEpisode, InputMismatchError, makeInputVerifier, QUEUE_NAME, type QueuedEpisode, queuedEpisodeId } from "./queued-job";
import { EpisodeResultStore } from "./result-store";

export interface QueueWorkerOptions {
  queueUrl: string;
  databaseUrl: string;
  /** Episodes run at once by this process (worker threads when > 1). Default 1. */
  concurrency?: number;
  /** How long a job's lock lives without renewal: a dead worker's job is retried after about this long. Default 20 s. */
  lockMs?: number;
  /** Shown on the admin page and stored with each episode. Default host:pid. */
  name?: string;
  /** Called with one line per event (ready, running, stored, failed). */
  log?: (line: string) => void;
}

export interface QueueWorker {
  readonly name: string;
  /** Settles when the worker has stopped: resolves after `close()`, rejects if it stopped itself (its checkout differs from the coordinator's). */
  readonly stopped: Promise<void>;
  /** Finishes the episodes in hand, then disconnects. */
  close(): Promise<void>;
}

export interface EpisodeOutcome {
  id: string;
  status: string;
  write: "stored" | "duplicate";
}

export const DEFAULT_LOCK_MS = 20_000;

/** Starts a worker; it runs until `close()`. */
export async function startQueueWorker(opts: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = await checkRedis(opts.queueUrl);
  const store = await EpisodeResultStore.open(opts.databaseUrl);
  const concurrency = opts.concurrency ?? 1;
  const lockDuration = opts.lockMs ?? DEFAULT_LOCK_MS;
  const name = opts.name ?? `${hostname()}:${process.pid}`;
  const log = opts.log ?? (() => {});
  const pool = concurrency === 1 ? createLocalPool() : createWorkerPool(concurrency);
  const scratch = makeScratch();
  const verifyInputs = makeInputVerifier();

  const processJob = async (job: Job<QueuedEpisode>): Promise<EpisodeOutcome> => {
    const id = queuedEpisodeId(job.data);
    const started = performance.now();
    try {
      verifyInputs(job.data.inputs);
    } catch (err) {
      // The job fails this attempt and is retried on other workers; this one stops taking jobs.
      if (err instanceof InputMismatchError) stopSelf(err);
      throw err;
    }
    log(`running ${job.data.run}/${id} (attempt ${job.attemptsStarted})`);
    // The episode runs exactly as in a local run, into a scratch run folder, then ships to the store.
    const record = await pool.run(fromQueuedEpisode(job.data, scratch));
    if (record.id !== id) throw new Error(`episode ${id}: the worker produced ${record.id}; the scene or policy name differs from the coordinator's`);
    const folder = join(scratch, "episodes", id);
    const videos = await Promise.all(record.frames.filter((f) => f.video).map(async (f) => ({ file: f.video as string, bytes: await readFile(join(folder, f.video as string)) })));
    const recordJson = (await readFile(join(folder, "record.json"), "utf8")).trimEnd();
    const write = await store.put(job.data.run, { id, status: record.status, recordJson, videos }, name);
    await rm(folder, { recursive: true, force: true });
    log(`${write} ${job.data.run}/${id} ${record.status} in ${Math.round(performance.now() - started)} ms (episode ${record.wallMs} ms)`);
    return { id, status: record.status, write };
  };

  const worker = new Worker<QueuedEpisode, EpisodeOutcome>(QUEUE_NAME, processJob, {
    connection,
    concurrency,
    name,
    lockDuration,
    // Checked often enough that a dead worker's job waits at most about 1.5 lock durations.
    stalledInterval: Math.max(1000, Math.round(lockDuration / 2)),
    // A job whose workers die a third time (say it crashes every worker it lands on) fails instead of taking the fleet down.
    maxStalledCount: 2,
  });
  worker.on("failed", (job, err) => log(`failed ${job?.id ?? "?"}: ${err.message}`));
  worker.on("error", (err) => log(`error: ${err.message}`));
  await worker.waitUntilReady();
  log(`ready ${name}: ${concurrency} episode(s) at a time, lock ${lockDuration} ms`);

  let reason: Error | undefined;
  let settle: () => void = () => {};
  const stopped = new Promise<void>((resolve, reject) => {
    settle = () => (reason ? reject(reason) : resolve());
  });
  stopped.catch(() => undefined);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await worker.close();
      await pool.close();
      await store.close();
      await rm(scratch, { recursive: true, force: true });
      settle();
    })();
    return closing;
  };
  // Not awaited: close() waits for the jobs in hand, and this is called from inside one.
  const stopSelf = (err: Error) => {
    reason ??= err;
    log(`stopping: ${err.message}`);
    void close();
  };
  return { name, stopped, close };
}

/** A scratch run folder named by this process's pid; those of dead workers (killed, so never cleaned) are removed first. */
function makeScratch(): string {
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(/^gauntlet-worker-(\d+)-/.exec(entry)?.[1]);
    if (pid && !isProcessAlive(pid)) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  return mkdtempSync(join(tmpdir(), `gauntlet-worker-${process.pid}-`));
}
