/**
 * The distributed path end to end, on a real redis-server and a real PostgreSQL: worker processes
 * and a coordinator (`gauntlet worker`, `gauntlet evaluate --queue`) against a local-pool run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEvaluationConfig, runEvaluation } from "@gauntlet/rollout";
import { QUEUE_NAME } from "@gauntlet/rollout/queue";
import { type LocalServer, startPostgres, startRedis } from "@gauntlet/rollout/queue/local-servers";
import { snapshotRun } from "@gauntlet/rollout/testing";
import { Queue } from "bullmq";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const suite = (name: string, policies = ["oracle", "random"], seeds = 3) => ({
  name,
  scenes: [join(root, "scenes/pick-cube.json")],
  policies,
  seeds: { start: 0, count: seeds },
  cameras: ["third"],
});
const LOCK_MS = "3000";

/** Starts the CLI; `lines` collects its stdout, `waitFor` resolves on the first line matching. */
function cli(args: string[], cwd = root) {
  const child = spawn(process.execPath, [join(root, "apps/cli/bin/gauntlet.mjs"), ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let buffer = "";
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (!waiters[i].re.test(line)) continue;
        waiters[i].resolve(line);
        waiters.splice(i, 1);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    stderr: () => stderr,
    waitFor: (re: RegExp) =>
      new Promise<string>((resolve, reject) => {
        const seen = lines.find((l) => re.test(l));
        if (seen) return resolve(seen);
        waiters.push({ re, resolve });
        exited.then((code) => reject(new Error(`exited (${code}) before printing ${re}:\n${lines.join("\n")}\n${stderr}`)));
      }),
  };
}

describe("gauntlet evaluate --queue with gauntlet worker processes", () => {
  let redis: LocalServer;
  let postgres: LocalServer;
  let reference: Record<string, string>;
  const children: ChildProcess[] = [];
  const work = mkdtempSync(join(tmpdir(), "queue-test-"));

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    const local = join(work, "local");
    await runEvaluation(parseEvaluationConfig(suite("queue-local"), root), { out: local, workers: 1, quiet: true });
    reference = snapshotRun(local);
  }, 300_000);

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    await redis?.stop();
    await postgres?.stop();
  });

  const startWorker = async (name: string, cwd = root) => {
    const w = cli(["worker", "--queue", redis.url, "--database", postgres.url, "--lock-ms", LOCK_MS, "--name", name], cwd);
    children.push(w.child);
    await w.waitFor(/^ready /);
    return w;
  };
  const coordinator = (name: string, out: string, config = suite(name)) => {
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(config));
    const c = cli(["evaluate", file, "--queue", redis.url, "--database", postgres.url, "--out", out, "--window", "2"]);
    children.push(c.child);
    return c;
  };
  const rows = async (run: string) => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const { rows } = await client.query("SELECT job_id, worker, duplicate_writes FROM rollout_episodes WHERE run = $1 ORDER BY job_id", [run]);
      return rows as { job_id: string; worker: string; duplicate_writes: number }[];
    } finally {
      await client.end();
    }
  };

  it("two workers and a coordinator give the local pool's records and videos", async () => {
    const [a, b] = await Promise.all([startWorker("wa"), startWorker("wb")]);
    const out = join(work, "queued");
    const c = coordinator("queue-equal", out);
    expect(await c.exited, c.stderr()).toBe(0);
    expect(snapshotRun(out)).toEqual(reference);
    const stored = await rows("queue-equal");
    expect(stored.map((r) => r.job_id)).toEqual(Object.keys(reference));
    // Both workers took part.
    expect(new Set(stored.map((r) => r.worker))).toEqual(new Set(["wa", "wb"]));
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).episodes).toEqual({ total: 6, completed: 6, errored: 0 });
    expect(existsSync(join(out, "report.html"))).toBe(true);
    a.child.kill("SIGTERM");
    b.child.kill("SIGTERM");
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  }, 300_000);

  it("finishes every episode exactly once when a worker and the coordinator are SIGKILLed mid-run", async () => {
    const [victim, survivor] = await Promise.all([startWorker("victim"), startWorker("survivor")]);
    const out = join(work, "killed");
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
    let mostUnfinished = 0;
    const sampler = setInterval(() => {
      queue.getJobCounts("waiting", "active", "delayed").then(
        (n) => {
          mostUnfinished = Math.max(mostUnfinished, n.waiting + n.active + n.delayed);
        },
        () => undefined,
      );
    }, 50);
    try {
      const first = coordinator("queue-kill", out);
      // Kill the victim inside its first episode, and the coordinator with it.
      const running = await victim.waitFor(/^running /);
      const killedJob = (running.match(/^running queue-kill\/(\S+)/) as RegExpMatchArray)[1];
      victim.child.kill("SIGKILL");
      first.child.kill("SIGKILL");
      await Promise.all([victim.exited, first.exited]);

      const second = coordinator("queue-kill", out);
      expect(await second.exited, second.stderr()).toBe(0);
      expect(snapshotRun(out)).toEqual(reference);
      const stored = await rows("queue-kill");
      expect(stored.map((r) => r.job_id)).toEqual(Object.keys(reference));
      // The killed worker's episode was retried on the survivor after its lock expired.
      expect(stored.find((r) => r.job_id === killedJob)?.worker).toBe("survivor");
      expect(survivor.lines.filter((l) => l.startsWith(`stored queue-kill/${killedJob} `))).toHaveLength(1);
      expect(mostUnfinished).toBeLessThanOrEqual(2);
    } finally {
      clearInterval(sampler);
      await queue.close();
      survivor.child.kill("SIGTERM");
      await survivor.exited;
    }
  }, 300_000);

  it("a worker whose scene file differs from the coordinator's refuses the job and stops; another worker runs it", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "other-checkout-"));
    mkdirSync(join(elsewhere, "scenes"));
    writeFileSync(join(elsewhere, "scenes/pick-cube.json"), `${readFileSync(join(root, "scenes/pick-cube.json"), "utf8")}\n`);
    const stale = await startWorker("stale", elsewhere);
    const c = coordinator("queue-mismatch", join(work, "mismatch"), suite("queue-mismatch", ["oracle"], 1));
    expect(await stale.exited).toBe(1);
    expect(stale.stderr()).toContain("scenes/pick-cube.json: this worker's copy differs from the coordinator's");
    const good = await startWorker("good");
    expect(await c.exited, c.stderr()).toBe(0);
    expect((await rows("queue-mismatch")).map((r) => r.worker)).toEqual(["good"]);
    good.child.kill("SIGTERM");
    await good.exited;
  }, 300_000);
});
