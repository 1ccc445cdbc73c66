/**
 * Bench section `queue`: the distributed path (BullMQ on a local redis-server, results in a local
 * PostgreSQL, `gauntlet worker` processes) against the local pool on the same small suite.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type EvaluationConfig, parseEvaluationConfig, runEvaluation } from "@gauntlet/rollout";
import { benchQueueMachinery, runQueuedEvaluation } from "@gauntlet/rollout/queue";
import { type LocalServer, startPostgres, startRedis } from "@gauntlet/rollout/queue/local-servers";
import type { BenchSection } from "./figures";

const CLI = fileURLToPath(new URL("../../bin/gauntlet.mjs", import.meta.url));
const SEEDS = 5;
const REPEATS = 3;

function suite(name: string, seeds: number): EvaluationConfig {
  return parseEvaluationConfig({ name, scenes: ["scenes/pick-cube.json"], policies: ["oracle", "random"], seeds: { start: 0, count: seeds }, cameras: ["third"] }, process.cwd());
}

/** Starts `gauntlet worker` processes and resolves once each has connected. */
async function startWorkers(n: number, redis: LocalServer, postgres: LocalServer): Promise<ChildProcess[]> {
  const children = Array.from({ length: n }, (_, i) =>
    spawn(process.execPath, [CLI, "worker", "--queue", redis.url, "--database", postgres.url, "--name", `bench-${i}`], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  try {
    return await Promise.all(
      children.map(
        (child) =>
          new Promise<ChildProcess>((resolve, reject) => {
            child.stdout?.on("data", (d: Buffer) => d.toString().includes("ready ") && resolve(child));
            child.once("exit", (code) => reject(new Error(`gauntlet worker exited with code ${code} before it was ready`)));
          }),
      ),
    );
  } catch (err) {
    // One worker failed to start: the others must not outlive the bench.
    await stopWorkers(children);
    throw err;
  }
}

async function stopWorkers(workers: ChildProcess[]): Promise<void> {
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          if (w.exitCode !== null || w.signalCode !== null) return resolve(null);
          w.once("exit", resolve);
          w.kill("SIGTERM");
        }),
    ),
  );
}

/** Seconds per episode of the suite on the local pool (one worker, in this process). */
async function localSecondsPerEpisode(seeds: number, out = mkdtempSync(join(tmpdir(), "bench-local-"))): Promise<number> {
  const t0 = performance.now();
  const records = await runEvaluation(suite(`bench-local-${Date.now()}`, seeds), { out, workers: 1, quiet: true });
  return (performance.now() - t0) / 1000 / records.length;
}

/** Seconds per episode of the suite on the queue, coordinated from this process (fresh run, materialisation included). */
async function queuedSecondsPerEpisode(seeds: number, redis: LocalServer, postgres: LocalServer): Promise<number> {
  const t0 = performance.now();
  const out = mkdtempSync(join(tmpdir(), "bench-queue-"));
  const records = await runQueuedEvaluation(suite(`bench-queue-${Date.now()}`, seeds), { out, queueUrl: redis.url, databaseUrl: postgres.url, quiet: true });
  return (performance.now() - t0) / 1000 / records.length;
}

/**
 * Both paths are measured warm (the process-wide renderer and physics engine already started, as
 * in any long run), alternately and averaged over REPEATS, because other work on the machine adds noise.
 */
export const queueSection: BenchSection = {
  name: "queue",
  async run(add) {
    const [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    let workers: ChildProcess[] = [];
    try {
      const sample = mkdtempSync(join(tmpdir(), "bench-local-"));
      await localSecondsPerEpisode(1, sample);
      const m = await benchQueueMachinery({ queueUrl: redis.url, databaseUrl: postgres.url, episodeDir: join(sample, "episodes", "pick-cube__oracle__s0") });
      add({ figure: "queue machinery: enqueue (state lookup + add), per episode", value: m.enqueueMs, unit: "ms" });
      add({ figure: "queue machinery: BullMQ delivery to a worker and completion, per episode", value: m.deliverMs, unit: "ms" });
      add({ figure: `queue machinery: idempotent store write of one episode (record + MP4, ${(m.episodeBytes / 1024).toFixed(0)} KiB)`, value: m.storePutMs, unit: "ms" });
      add({ figure: "queue machinery: coordinator copies one stored episode into the run folder", value: m.materialiseMs, unit: "ms" });
      const machineryMs = m.enqueueMs + m.deliverMs + m.storePutMs + m.materialiseMs;
      workers = await startWorkers(1, redis, postgres);
      await queuedSecondsPerEpisode(1, redis, postgres);
      const local: number[] = [];
      const one: number[] = [];
      for (let i = 0; i < REPEATS; i++) {
        local.push(await localSecondsPerEpisode(SEEDS));
        one.push(await queuedSecondsPerEpisode(SEEDS, redis, postgres));
      }
      await stopWorkers(workers);
      add({ figure: `local pool, 1 worker: seconds per episode (pick-cube, oracle + random, ${SEEDS} seeds, one 128² camera)`, value: mean(local), unit: "s" });
      add({ figure: "queue, 1 worker process: seconds per episode", value: mean(one), unit: "s" });
      add({ figure: `queue overhead per episode vs the local pool, loopback, end to end (mean of ${REPEATS} alternations)`, value: 100 * (mean(one) / mean(local) - 1), unit: "%", target: "<= 10%" });
      add({ figure: "queue overhead per episode vs the local pool, loopback, machinery alone", value: (100 * machineryMs) / (1000 * mean(local)), unit: "%", target: "<= 10%" });
      add({ figure: "queue throughput, 1 worker process", value: 1 / mean(one), unit: "episodes/s" });
      workers = await startWorkers(2, redis, postgres);
      await queuedSecondsPerEpisode(1, redis, postgres);
      const two: number[] = [];
      for (let i = 0; i < REPEATS; i++) two.push(await queuedSecondsPerEpisode(SEEDS, redis, postgres));
      await stopWorkers(workers);
      add({ figure: "queue throughput, 2 worker processes", value: 1 / mean(two), unit: "episodes/s" });
      add({ figure: "queue scaling, 2 worker processes over 1", value: mean(one) / mean(two), unit: "x" });
    } finally {
      // Also on a failed measurement: worker processes would otherwise outlive the bench.
      await stopWorkers(workers);
      await redis.stop();
      await postgres.stop();
    }
  },
};
