/**
 * Pools that run episode jobs: in this thread, or in worker threads over comlink. Workers get
 * specs, not instances, and seeds come from the jobs, so results do not depend on the pool.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { EpisodeRecord } from "@gauntlet/core";
import { findVulkanDriver } from "@gauntlet/sim/render";
import * as Comlink from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { type EpisodeJob, EpisodeRunner } from "./episode-runner";

export interface EpisodePool {
  readonly size: number;
  /** Runs one job when a slot is free; resolves with its stored record. */
  run(job: EpisodeJob): Promise<EpisodeRecord>;
  /** Runs world-model jobs that share one model and judge as one lockstep batch in one slot. */
  runBatch(jobs: EpisodeJob[]): Promise<EpisodeRecord[]>;
  close(): Promise<void>;
}

/** One worker per core by default. */
export function defaultWorkerCount(): number {
  return availableParallelism();
}

/** Runs jobs one at a time in this thread: simple to debug, and what tests use. */
export function createLocalPool(): EpisodePool {
  const runner = new EpisodeRunner();
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    size: 1,
    run: (job) => enqueue(() => runner.run(job)),
    runBatch: (jobs) => enqueue(() => runner.runBatch(jobs)),
    close: () => runner.close(),
  };
}

/** Runs jobs on `size` worker threads, each with its own env, policy and renderer. */
export function createWorkerPool(size: number): EpisodePool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`workers: expected a positive integer, got ${size}`);
  // Dawn reads the Vulkan driver from the real process environment, which workers cannot set.
  try {
    process.env.VK_ICD_FILENAMES ??= findVulkanDriver().icdPath;
  } catch {
    // No driver: physics-only jobs still run; rendering ones fail with the driver's install hint.
  }
  const slots = Array.from({ length: size }, (_, i) => {
    const worker = new Worker(new URL("./episode-worker.mjs", import.meta.url));
    // A crashed worker would leave its comlink call pending forever; fail the call instead.
    const died = new Promise<never>((_, reject) => {
      worker.on("error", (err) => reject(new Error(`worker ${i} crashed: ${err.message}`)));
      worker.on("exit", (code) => reject(new Error(`worker ${i} exited with code ${code}`)));
    });
    died.catch(() => undefined);
    return { worker, remote: Comlink.wrap<EpisodeRunner>(nodeEndpoint(worker)), died };
  });
  type Slot = (typeof slots)[number];
  const idle = [...slots];
  const waiting: ((slot: Slot) => void)[] = [];
  const acquire = () =>
    new Promise<Slot>((resolve) => {
      const slot = idle.pop();
      if (slot) resolve(slot);
      else waiting.push(resolve);
    });
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else idle.push(slot);
  };
  return {
    size,
    async run(job) {
      const slot = await acquire();
      try {
        return await Promise.race([slot.remote.run(job), slot.died]);
      } finally {
        release(slot);
      }
    },
    async runBatch(jobs) {
      const slot = await acquire();
      try {
        return await Promise.race([slot.remote.runBatch(jobs), slot.died]);
      } finally {
        release(slot);
      }
    },
    async close() {
      await Promise.all(slots.map((s) => Promise.race([s.remote.close(), s.died]).catch(() => undefined)));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
