/**
 * An acknowledged vote survives kill -9: the `gauntlet arena` process (embedded database) takes votes
 * from concurrent judges, is SIGKILLed mid-load, restarted on the same folder, and every vote whose
 * 201 reached a judge must be in the database, none twice.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, expect, it } from "vitest";
import { type AckedVote, type ArenaProcess, runJudgeLoad, spawnArena } from "../src/load";
import { writeRun } from "./helpers";

const ROOT = resolve(import.meta.dirname, "../../..");
const ADMIN = "durability-admin-token-0123456789";
const processes: ArenaProcess[] = [];

afterAll(() => {
  for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
});

function startArena(dataDir: string, importRun?: string): Promise<ArenaProcess> {
  const command = [process.execPath, "--import", "tsx", "apps/cli/src/main.ts", "arena", "--data", dataDir, "--port", "0", "--admin-token", ADMIN];
  command.push("--rate-limits", "off", "--daily-cap", "100000", ...(importRun ? ["--import", importRun] : []));
  return spawnArena(command, { cwd: ROOT, env: { ...process.env, DATABASE_URL: "" } }).then((p) => {
    processes.push(p);
    return p;
  });
}

it("loses no acknowledged vote when the server is killed with SIGKILL mid-load", async () => {
  const policies = Object.fromEntries(["p0", "p1", "p2", "p3", "p4", "p5"].map((p, k) => [p, (_s: string, seed: number) => (seed + k) % 3 === 0]));
  const run = writeRun(mkdtempSync(join(tmpdir(), "arena-kill-run-")), { policies, scenes: ["kill-scene"], seeds: 30 });
  const dataDir = mkdtempSync(join(tmpdir(), "arena-kill-data-"));
  const first = await startArena(dataDir, run);
  let killedAfter = 0;
  const load = await runJudgeLoad({
    url: first.url,
    judges: 12,
    durationMs: 120_000,
    onAck: (_ack, total) => {
      // Kill while the other judges' requests are in flight.
      if (total === 150) {
        killedAfter = total;
        first.child.kill("SIGKILL");
      }
    },
  });
  expect(killedAfter).toBe(150);
  expect(await first.exited).toBeNull();
  expect(load.acked.length).toBeGreaterThanOrEqual(150);

  const second = await startArena(dataDir);
  const res = await fetch(`${second.url}/api/admin/export?format=jsonl`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const stored = (await res.text())
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const key = (v: Pick<AckedVote, "judge" | "seed" | "left" | "right" | "choice">) => `${v.judge}|${v.seed}|${v.left}|${v.right}|${v.choice}`;
  const storedKeys = new Set(stored.map((r) => key({ judge: r.judge, seed: r.seed, left: r.left_policy, right: r.right_policy, choice: r.choice })));
  const lost = load.acked.filter((a) => !storedKeys.has(key(a)));
  expect(lost).toEqual([]);
  // No vote twice, and at most the votes in flight at the kill beyond the acknowledged ones.
  expect(storedKeys.size).toBe(stored.length);
  expect(stored.length).toBeGreaterThanOrEqual(load.acked.length);
  expect(stored.length).toBeLessThanOrEqual(load.acked.length + 12);
  second.child.kill("SIGTERM");
  expect(await second.exited).toBe(0);
});
