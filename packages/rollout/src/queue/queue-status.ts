/**
 * What the queue is doing across every worker: BullMQ's job counts and connected workers, and
 * each run's progress, throughput and time left from the result store. Feeds the admin page.
 */
import { Queue } from "bullmq";
import { checkRedis } from "./connect";
import { QUEUE_NAME } from "./queued-job";
import { EpisodeResultStore, type RunProgress } from "./result-store";

export interface QueueStatus {
  /** Jobs by BullMQ state; `waiting` never exceeds the coordinators' windows. */
  jobs: { waiting: number; active: number; delayed: number; failed: number };
  workers: { name: string; addr: string }[];
  runs: RunProgress[];
  at: string;
}

export interface QueueMonitor {
  status(): Promise<QueueStatus>;
  close(): Promise<void>;
}

/** Connects to the queue and the store (errors name the url) and reads their status on demand. */
export async function openQueueMonitor(queueUrl: string, databaseUrl: string): Promise<QueueMonitor> {
  const connection = await checkRedis(queueUrl);
  const store = await EpisodeResultStore.open(databaseUrl);
  const queue = new Queue(QUEUE_NAME, { connection });
  return {
    async status() {
      const [counts, workers, runs] = await Promise.all([queue.getJobCounts("waiting", "active", "delayed", "failed"), queue.getWorkers(), store.progress()]);
      return {
        jobs: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, failed: counts.failed ?? 0 },
        workers: workers.map((w) => ({ name: workerName(String(w.rawname ?? "")), addr: String(w.addr ?? "") })),
        runs,
        at: new Date().toISOString(),
      };
    },
    async close() {
      await queue.close();
      await store.close();
    },
  };
}

/** BullMQ names a worker's connection `bull:<queue, base64>:w:<worker name>`; the admin page wants the worker's name. */
function workerName(raw: string): string {
  const at = raw.indexOf(":w:");
  return at >= 0 ? raw.slice(at + 3) : raw;
}
