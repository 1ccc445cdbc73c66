/**
 * `gauntlet worker`: pulls episode jobs from a Redis queue, runs them, writes results to PostgreSQL.
 * Start any number, on any machine with a checkout of this repository; stop one with Ctrl-C (it
 * finishes the episodes in hand) or kill it (its jobs are retried elsewhere).
 *
 *   gauntlet worker --queue redis://127.0.0.1:6379 --database postgres://postgres@127.0.0.1:5432/gauntlet
 *   gauntlet worker --queue redis://queue.lab:6379 --database postgres://gauntlet@db.lab/gauntlet --concurrency 4
 */
import { parseArgs } from "node:util";
import { startQueueWorker } from "@gauntlet/rollout/queue";
import { positiveInt } from "./rollout";

/** Runs a queue worker until SIGINT or SIGTERM. */
export async function worker(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      queue: { type: "string" },
      database: { type: "string" },
      concurrency: { type: "string" },
      "lock-ms": { type: "string" },
      name: { type: "string" },
    },
  });
  if (!values.queue) throw new Error("--queue: expected a redis:// url, e.g. --queue redis://127.0.0.1:6379");
  const databaseUrl = values.database ?? process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("--database: expected a postgres:// url (or set DATABASE_URL), e.g. --database postgres://postgres@127.0.0.1:5432/gauntlet");
  const running = await startQueueWorker({
    queueUrl: values.queue,
    databaseUrl,
    concurrency: values.concurrency ? positiveInt(values.concurrency, "--concurrency") : 1,
    lockMs: values["lock-ms"] ? positiveInt(values["lock-ms"], "--lock-ms") : undefined,
    name: values.name,
    log: (line) => console.log(line),
  });
  // Ends on a signal, or with an error when the worker stopped itself (its checkout differs from the coordinator's).
  const signalled = new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      // A second signal (or a close stuck on an unreachable Redis) ends the process at once; the queue retries its jobs.
      if (stopping) process.exit(1);
      stopping = true;
      console.log(`${signal}: finishing the episodes in hand; send it again to quit now`);
      running.close().then(resolve);
    };
    process.on("SIGINT", () => stop("SIGINT"));
    process.on("SIGTERM", () => stop("SIGTERM"));
  });
  await Promise.race([signalled, running.stopped]);
}
