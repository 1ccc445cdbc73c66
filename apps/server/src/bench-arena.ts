/**
 * The arena's benchmark: sustained votes/s and latency with concurrent judges against a real server
 * process on loopback (embedded database), acknowledged votes lost across a kill -9 mid-load, and the
 * leaderboard refresh at 100,000 votes and 20 policies.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { makeRng } from "@gauntlet/core";
import { davidsonOutcomeProbabilities } from "@gauntlet/ranking";
import { Arena } from "./arena";
import { pairKey } from "./catalog";
import { openDatabase } from "./db/database";
import { insertBatch } from "./db/group-commit";
import { type AssignmentRow, assignmentsTable, CHOICES, type Choice, episodesTable, judgesTable, type VoteRow, votesTable } from "./db/tables";
import { readRunFolder } from "./import-run";
import { computeLeaderboard } from "./leaderboard";
import { type AckedVote, percentile, runJudgeLoad, spawnArena } from "./load";
import { writeRun } from "./synthetic-run";

export interface BenchArenaOptions {
  /** The command that starts `gauntlet arena` with the given extra arguments. */
  serverCommand: (args: string[]) => string[];
  judges?: number;
  durationMs?: number;
  killAfterMs?: number;
  leaderboardVotes?: number;
  policies?: number;
  log?: (line: string) => void;
}

export interface BenchArenaResult {
  votesPerSecond: number;
  /** CPU time of the server process per acknowledged vote (one next-pair and one vote request, commits included). */
  serverCpuMsPerVote: number;
  /** 1-minute load average of the machine during the load phase (the figures depend on it). */
  loadAverage: number;
  voteP50Ms: number;
  voteP99Ms: number;
  pairP99Ms: number;
  errors: Record<string, number>;
  ackedBeforeKill: number;
  lostAfterKill: number;
  leaderboardVotes: number;
  /** A refresh on a running server (the second computation after start-up). */
  leaderboardRefreshMs: number;
  /** The first computation after start-up, JIT compilation included. */
  leaderboardFirstMs: number;
  startupLoadMs: number;
}

const ADMIN = "bench-admin-token-0123456789abcdef";

/** Runs the three measurements; each starts from a fresh data folder. */
export async function benchArena(options: BenchArenaOptions): Promise<BenchArenaResult> {
  const log = options.log ?? (() => {});
  const policies = options.policies ?? 20;
  const truth = Object.fromEntries(Array.from({ length: policies }, (_, k) => [`policy-${String(k).padStart(2, "0")}`, -1.5 + (3 * k) / (policies - 1)]));
  const run = writeRun(mkdtempSync(join(tmpdir(), "bench-arena-run-")), {
    policies: Object.fromEntries(Object.entries(truth).map(([name, theta]) => [name, (_s: string, seed: number) => ((seed * 7919) % 100) / 100 < 1 / (1 + Math.exp(-theta))])),
    scenes: ["bench-scene"],
    seeds: 60,
  });
  const serverArgs = (dataDir: string, importRun: boolean) => [
    ...["--data", dataDir, "--port", "0", "--admin-token", ADMIN, "--rate-limits", "off", "--daily-cap", "1000000"],
    ...(importRun ? ["--import", run] : []),
  ];
  const env = { ...process.env, DATABASE_URL: "" };

  // 1. Sustained load.
  const judges = options.judges ?? 50;
  const durationMs = options.durationMs ?? 30_000;
  log(`load: ${judges} judges for ${durationMs / 1000} s, ${policies} policies`);
  const loadServer = await spawnArena(options.serverCommand(serverArgs(mkdtempSync(join(tmpdir(), "bench-arena-data-")), true)), { env });
  // A short warm-up so JIT and the database caches are not in the figure.
  await runJudgeLoad({ url: loadServer.url, judges, durationMs: 2_000 });
  const cpuBefore = processCpuSeconds(loadServer.child.pid);
  const load = await runJudgeLoad({ url: loadServer.url, judges, durationMs });
  const serverCpuMsPerVote = ((processCpuSeconds(loadServer.child.pid) - cpuBefore) * 1000) / load.acked.length;
  const loadAverage = loadavg()[0];
  loadServer.child.kill("SIGTERM");
  await loadServer.exited;

  // 2. kill -9 mid-load, restart, count acknowledged votes missing from the database.
  const killDir = mkdtempSync(join(tmpdir(), "bench-arena-kill-"));
  const victim = await spawnArena(options.serverCommand(serverArgs(killDir, true)), { env });
  const timer = setTimeout(() => victim.child.kill("SIGKILL"), options.killAfterMs ?? 5_000);
  const killed = await runJudgeLoad({ url: victim.url, judges, durationMs: 60_000 });
  clearTimeout(timer);
  await victim.exited;
  const survivor = await spawnArena(options.serverCommand(serverArgs(killDir, false)), { env });
  const exported = await fetch(`${survivor.url}/api/admin/export?format=jsonl`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.text());
  survivor.child.kill("SIGTERM");
  await survivor.exited;
  const key = (v: Pick<AckedVote, "judge" | "seed" | "left" | "right" | "choice">) => `${v.judge}|${v.seed}|${v.left}|${v.right}|${v.choice}`;
  const stored = new Set(
    exported
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .map((r) => key({ judge: r.judge, seed: r.seed, left: r.left_policy, right: r.right_policy, choice: r.choice })),
  );
  const lost = killed.acked.filter((a) => !stored.has(key(a))).length;
  log(`kill -9: ${killed.acked.length} acknowledged, ${lost} lost`);

  // 3. Leaderboard refresh at 100k votes.
  const leaderboardVotes = options.leaderboardVotes ?? 100_000;
  const boardDir = mkdtempSync(join(tmpdir(), "bench-arena-board-"));
  await seedVotes(boardDir, run, truth, leaderboardVotes, log);
  const t0 = performance.now();
  const arena = await Arena.open({ dataDir: boardDir });
  const startupLoadMs = performance.now() - t0;
  const t1 = performance.now();
  arena.leaderboard();
  const leaderboardFirstMs = performance.now() - t1;
  // A running server refreshes again and again: the steady figure is the next refresh (code already compiled).
  const t2 = performance.now();
  computeLeaderboard(arena.votes, arena.catalog.successCounts());
  const leaderboardRefreshMs = performance.now() - t2;
  await arena.close();

  return {
    votesPerSecond: load.acked.length / (durationMs / 1000),
    serverCpuMsPerVote,
    loadAverage,
    voteP50Ms: percentile(load.voteLatencyMs, 50),
    voteP99Ms: percentile(load.voteLatencyMs, 99),
    pairP99Ms: percentile(load.pairLatencyMs, 99),
    errors: load.errors,
    ackedBeforeKill: killed.acked.length,
    lostAfterKill: lost,
    leaderboardVotes,
    leaderboardRefreshMs,
    leaderboardFirstMs,
    startupLoadMs,
  };
}

/** User + system CPU seconds of a process (Linux /proc; NaN elsewhere). */
function processCpuSeconds(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return Number.NaN;
  // Fields after the command name: state is 3rd, utime 14th, stime 15th (1-based, whole line).
  const fields = readFileSync(file, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Writes `count` votes drawn from a Davidson model with strengths `truth` straight into a fresh database. */
async function seedVotes(dataDir: string, runDir: string, truth: Record<string, number>, count: number, log: (line: string) => void): Promise<void> {
  const db = await openDatabase({ dataDir });
  const { rows } = await readRunFolder(runDir);
  await insertBatch(db, episodesTable, rows);
  const bySeed = new Map<number, typeof rows>();
  for (const r of rows) bySeed.set(r.seed, [...(bySeed.get(r.seed) ?? []), r]);
  const rng = makeRng(5);
  const judges = Math.ceil(count / 1000);
  const now = new Date();
  const expires = new Date(now.getTime() + 86_400_000);
  log(`seeding ${count} votes from ${judges} judges`);
  await insertBatch(
    db,
    judgesTable,
    Array.from({ length: judges }, (_, j) => ({ id: `bench-judge-${j}`, createdAt: now })),
  );
  for (let j = 0; j < judges; j++) {
    const seen = new Set<string>();
    const assignments: AssignmentRow[] = [];
    const votes: VoteRow[] = [];
    while (assignments.length < Math.min(1000, count - j * 1000)) {
      const group = bySeed.get(rng.int(0, bySeed.size - 1)) as typeof rows;
      const a = group[rng.int(0, group.length - 1)];
      const b = group[rng.int(0, group.length - 1)];
      const key = pairKey(a, b);
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      const [pl, pr] = davidsonOutcomeProbabilities(truth[a.policy], truth[b.policy], 0.5);
      const u = rng.next();
      const choice: Choice = u < pl ? "left" : u < pl + pr ? "right" : CHOICES[2 + rng.int(0, 1)];
      const id = `bench-${j}-${assignments.length}`;
      assignments.push({ id, judge: `bench-judge-${j}`, left: a.id, right: b.id, pairKey: key, gold: false, createdAt: now, expiresAt: expires });
      votes.push({ assignment: id, judge: `bench-judge-${j}`, choice, reason: null, createdAt: now });
    }
    await insertBatch(db, assignmentsTable, assignments);
    await insertBatch(db, votesTable, votes);
  }
  await db.close();
}
