/** Bench section of the arena (apps/server): sustained votes/s, kill -9 durability, leaderboard refresh. */
import { benchArena } from "@gauntlet/server";
import type { BenchSection } from "./figures";

export const arenaSection: BenchSection = {
  name: "arena",
  async run(add) {
    const result = await benchArena({
      serverCommand: (args) => [process.execPath, "--import", "tsx", "apps/cli/src/main.ts", "arena", ...args],
      log: (line) => console.log(`  ${line}`),
    });
    add({ figure: "arena votes/s sustained, 50 concurrent judges, 30 s, loopback, embedded database", value: result.votesPerSecond, unit: "votes/s", target: ">= 500" });
    add({ figure: "arena server CPU per vote (one next-pair + one vote request, commits included)", value: result.serverCpuMsPerVote, unit: "ms" });
    add({ figure: "arena votes/s one server core could sustain at that CPU cost (1000 / CPU ms per vote)", value: 1000 / result.serverCpuMsPerVote, unit: "votes/s" });
    add({ figure: "machine load average (1 min) during the arena load phase, on 2 cores", value: result.loadAverage, unit: "" });
    add({ figure: "arena vote latency p99 (POST /api/votes, commit included)", value: result.voteP99Ms, unit: "ms", target: "<= 50" });
    add({ figure: "arena vote latency p50", value: result.voteP50Ms, unit: "ms" });
    add({ figure: "arena next-pair latency p99 (GET /api/pairs/next, commit included)", value: result.pairP99Ms, unit: "ms" });
    add({ figure: "arena votes acknowledged before kill -9", value: result.ackedBeforeKill, unit: "votes" });
    add({ figure: "arena acknowledged votes lost after kill -9 and restart", value: result.lostAfterKill, unit: "votes", target: "0" });
    add({ figure: `arena leaderboard refresh, ${result.leaderboardVotes} votes, 20 policies (gold check, outlier test, two fits, sandwich intervals, agreement)`, value: result.leaderboardRefreshMs, unit: "ms", target: "<= 1000" });
    add({ figure: "arena first leaderboard computation after start-up (JIT compilation included)", value: result.leaderboardFirstMs, unit: "ms" });
    add({ figure: `arena start-up load of ${result.leaderboardVotes} votes from the embedded database`, value: result.startupLoadMs, unit: "ms" });
  },
};
