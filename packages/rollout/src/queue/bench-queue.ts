/**
 * What the queue path adds to each episode, measured without the episode: the coordinator's
 * enqueue, BullMQ's delivery to a worker and back, the result store's write of a real record
 * with its video, and the coordinator's copy of it into the run folder. Stable under machine load, unlike end-to-end timings.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EpisodeRecord } from "@gauntlet/core";
import { Queue, Worker } from "bullmq";
import { checkRedis } from "./connect";
import type { QueuedEpisode } from "./queued-job";
import { enqueueEpisodes } from "./run-queued-evaluation";
import { EpisodeResultStore } from "./result-store";

const WINDOW = 64;

export interface QueueMachineryFigures {
  /** Coordinator: look up the job's state, then add it under its deterministic id (batched per window). */
  enqueueMs: number;
  /** A worker (concurrency 1) fetching a job, completing it and fetching the next. */
  deliverMs: number;
  /** One idempotent write of the sample episode (record + MP4s) to PostgreSQL. */
  storePutMs: number;
  /** The coordinator writing one stored episode back into a run folder. */
  materialiseMs: number;
  /** Bytes the sample episode takes in the store. */
  episodeBytes: number;
}

/** Measures the queue's per-episode machinery with `jobs` no-op jobs and `puts` writes of a stored episode from `episodeDir`. */
export async function benchQueueMachinery(opts: { queueUrl: string; databaseUrl: string; episodeDir: string; jobs?: number; puts?: number }): Promise<QueueMachineryFigures> {
  const jobs = opts.jobs ?? 300;
  const puts = opts.puts ?? 50;
  const connection = await checkRedis(opts.queueUrl);
  const name = `bench-noop-${Date.now()}`;
  const queue = new Queue<QueuedEpisode>(name, { connection });
  let enqueueMs: number;
  let deliverMs: number;
  try {
    const episodes: QueuedEpisode[] = Array.from({ length: jobs }, (_, seed) => ({ run: "bench", job: { scenePath: "scenes/pick-cube.json", sceneId: "pick-cube", policy: { kind: "random" }, seed, maxRetries: 0 }, inputs: {} }));
    let t0 = performance.now();
    for (let i = 0; i < jobs; i += WINDOW) await enqueueEpisodes(queue, episodes.slice(i, i + WINDOW));
    enqueueMs = (performance.now() - t0) / jobs;
    // Enqueuing again must be a no-op: that is what makes a coordinator restart safe.
    await enqueueEpisodes(queue, episodes.slice(0, WINDOW));
    const waiting = await queue.getWaitingCount();
    if (waiting !== jobs) throw new Error(`re-enqueuing duplicated jobs: ${waiting} waiting, expected ${jobs}`);
    let done = 0;
    t0 = performance.now();
    const drained = new Promise<void>((resolve) => {
      const worker = new Worker(name, async () => ++done, { connection, concurrency: 1 });
      worker.on("completed", () => done === jobs && worker.close().then(resolve));
    });
    await drained;
    deliverMs = (performance.now() - t0) / jobs;
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }

  const record = readFileSync(join(opts.episodeDir, "record.json"), "utf8").trimEnd();
  const parsed = JSON.parse(record) as EpisodeRecord;
  const videos = parsed.frames.filter((f) => f.video).map((f) => ({ file: f.video as string, bytes: readFileSync(join(opts.episodeDir, f.video as string)) }));
  const store = await EpisodeResultStore.open(opts.databaseUrl);
  try {
    const run = `bench-put-${Date.now()}`;
    const t0 = performance.now();
    for (let i = 0; i < puts; i++) await store.put(run, { id: `${parsed.id}-${i}`, status: parsed.status, recordJson: record, videos }, "bench");
    const storePutMs = (performance.now() - t0) / puts;
    const t1 = performance.now();
    await store.materialise(run, Array.from({ length: puts }, (_, i) => `${parsed.id}-${i}`), mkdtempSync(join(tmpdir(), "bench-materialise-")));
    const materialiseMs = (performance.now() - t1) / puts;
    const episodeBytes = Buffer.byteLength(record) + videos.reduce((s, v) => s + v.bytes.byteLength, 0);
    return { enqueueMs, deliverMs, storePutMs, materialiseMs, episodeBytes };
  } finally {
    await store.close();
  }
}
