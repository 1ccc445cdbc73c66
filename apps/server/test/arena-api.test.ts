/**
 * The arena's HTTP API against a real server on port 0, once over PGlite and once over a real
 * PostgreSQL 15 server: import, blind pairs, votes, token abuse, caps, gold exclusion, exports.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArenaServer, type StartArenaOptions, startArenaServer } from "../src/index";
import { createDatabase, type LocalServer, startPostgres } from "@gauntlet/rollout/queue/local-servers";
import { writeRun } from "./helpers";

const ADMIN = "test-admin-token-0123456789";
const POLICIES = ["alpha-policy", "beta-policy", "gamma-policy"];

const run = writeRun(mkdtempSync(join(tmpdir(), "arena-run-")), {
  policies: { "alpha-policy": () => true, "beta-policy": (_s, seed) => seed % 2 === 0, "gamma-policy": () => false },
  scenes: ["scene-one"],
  seeds: 4,
  cameras: ["third", "wrist"],
  errored: ["scene-one__gamma-policy__s3"],
});

describe.each(["pglite", "postgres"] as const)("arena API over %s", (storage) => {
  let postgres: LocalServer | undefined;
  const servers: ArenaServer[] = [];
  const storageOf = new Map<ArenaServer, Partial<StartArenaOptions>>();
  let databases = 0;
  let main: ArenaServer;

  /** A server on fresh storage (a new PGlite folder or a new PostgreSQL database). */
  async function fresh(options: Partial<StartArenaOptions> = {}): Promise<ArenaServer> {
    const storageOptions =
      storage === "pglite"
        ? { dataDir: mkdtempSync(join(tmpdir(), "arena-data-")), databaseUrl: "" }
        : { databaseUrl: createDatabase(postgres as LocalServer, `arena_${++databases}`) };
    return start({ ...storageOptions, ...options });
  }

  async function start(options: Partial<StartArenaOptions>): Promise<ArenaServer> {
    const server = await startArenaServer({ port: 0, adminToken: ADMIN, goldRate: 0, rateLimits: { ip: false, session: false, newSessions: false }, ...options });
    servers.push(server);
    storageOf.set(server, { dataDir: options.dataDir, databaseUrl: options.databaseUrl });
    return server;
  }

  beforeAll(async () => {
    if (storage === "postgres") postgres = await startPostgres();
    main = await fresh();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await postgres?.stop();
  });

  const call = async (server: ArenaServer, path: string, init: { method?: string; token?: string; body?: unknown; raw?: string } = {}) => {
    const res = await fetch(server.url + path, {
      method: init.method ?? (init.body !== undefined || init.raw !== undefined ? "POST" : "GET"),
      headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), "content-type": "application/json" },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
    const text = await res.text();
    const json = res.headers.get("content-type")?.startsWith("application/json") ? JSON.parse(text) : undefined;
    return { status: res.status, text, json, headers: res.headers };
  };
  const session = async (server: ArenaServer) => (await call(server, "/api/sessions", { body: {} })).json.token as string;

  it("imports a run folder once, whatever the number of imports, behind the admin token", async () => {
    expect((await call(main, "/api/admin/import", { body: { runDir: run } })).status).toBe(401);
    const missing = await call(main, "/api/admin/import", { body: {}, token: ADMIN });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(/^runDir:/);
    const nowhere = await call(main, "/api/admin/import", { body: { runDir: "/no/such/run" }, token: ADMIN });
    expect(nowhere.json).toMatchObject({ reason: "bad-request", error: expect.stringMatching(/runDir: no such folder/) });
    const first = await call(main, "/api/admin/import", { body: { runDir: run }, token: ADMIN });
    expect(first.json).toMatchObject({ episodes: 11, added: 11, alreadyPresent: 0, skipped: [{ episode: "scene-one__gamma-policy__s3", reason: "errored" }] });
    const again = await call(main, "/api/admin/import", { body: { runDir: run }, token: ADMIN });
    expect(again.json).toMatchObject({ episodes: 11, added: 0, alreadyPresent: 11 });
    expect((await call(main, "/api/health")).json).toMatchObject({ ok: true, storage, episodes: 11, votes: 0 });
  });

  it("serves blind pairs: same scene, no seed, opaque media, nothing that names a policy", async () => {
    const token = await session(main);
    const pair = await call(main, "/api/pairs/next", { token });
    expect(pair.status).toBe(200);
    expect(Object.keys(pair.json).sort()).toEqual(["assignment", "expiresAt", "instruction", "left", "right", "scene", "task"]);
    // Every episode id, every policy name (and its stem), and the run's paths: none may appear.
    const episodeIds = [0, 1, 2, 3].flatMap((seed) => POLICIES.map((p) => `scene-one__${p}__s${seed}`));
    for (const leak of [...POLICIES, "alpha", "beta", "gamma", ...episodeIds, "record.json", "episodes/", run]) expect(pair.text).not.toContain(leak);
    expect(pair.json.scene).toBe("scene-one");
    expect(Object.keys(pair.json.left.videos)).toEqual(["third", "wrist"]);
    const video = await fetch(main.url + pair.json.left.video, { headers: { range: "bytes=0-15" } });
    expect(video.status).toBe(206);
    expect(video.headers.get("content-type")).toBe("video/mp4");
    expect(video.headers.get("etag")).toBeNull();
    expect((await video.arrayBuffer()).byteLength).toBe(16);
    const replay = await call(main, pair.json.right.replay);
    expect(Object.keys(replay.json).sort()).toEqual(["actions", "instruction", "progress", "scene", "states", "successes", "task"]);
    for (const leak of POLICIES) expect(replay.text).not.toContain(leak);
    expect(replay.json.states).toHaveLength(3);
    // A tampered media id is refused.
    // (A middle character: the last one may carry only padding bits.)
    const at = "/api/media/".length + 20;
    const video0 = pair.json.left.video as string;
    const tampered = video0.slice(0, at) + (video0[at] === "A" ? "B" : "A") + video0.slice(at + 1);
    expect((await call(main, tampered)).json.reason).toBe("unauthorized");

    const vote = await call(main, "/api/votes", { token, body: { assignment: pair.json.assignment, choice: "left", reason: "cleaner grasp" } });
    expect(vote.status).toBe(201);
    const { left, right } = vote.json.reveal;
    expect(vote.json.accepted).toBe(true);
    expect(POLICIES).toContain(left.policy);
    expect(POLICIES).toContain(right.policy);
    expect(left.policy).not.toBe(right.policy);
    expect(typeof left.success).toBe("boolean");
    expect([0, 1, 2, 3]).toContain(vote.json.reveal.seed);
  });

  it("rejects forged, replayed, foreign and malformed votes with a reason and no stack trace", async () => {
    const [me, other] = [await session(main), await session(main)];
    const { json: pair } = await call(main, "/api/pairs/next", { token: me });
    const forged = pair.assignment.replace(/\.[^.]+$/, ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    const cases: Array<[unknown, string | undefined, number, string, RegExp?]> = [
      // Assignment failures are not 401: that would tell the client its session is dead.
      [{ assignment: forged, choice: "left" }, me, 400, "bad-assignment", /signature/],
      [{ assignment: "a1.garbled", choice: "left" }, me, 400, "bad-assignment", /not an assignment token/],
      [{ assignment: pair.assignment, choice: "left" }, other, 403, "bad-assignment"],
      [{ assignment: pair.assignment, choice: "left" }, undefined, 401, "unauthorized", /Authorization/],
      [{ assignment: pair.assignment, choice: "left" }, `${me}x`, 401, "unauthorized"],
      [{ assignment: pair.assignment, choice: "maybe" }, me, 400, "bad-request", /^choice:/],
      [{ assignment: pair.assignment, choice: "tie", reason: "x".repeat(501) }, me, 400, "bad-request", /^reason:/],
      [{ choice: "tie" }, me, 400, "bad-request", /^assignment:/],
    ];
    for (const [body, token, status, reason, message] of cases) {
      const res = await call(main, "/api/votes", { token, body });
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.json.reason).toBe(reason);
      if (message) expect(res.json.error).toMatch(message);
      expect(Object.keys(res.json).sort()).toEqual(["error", "reason"]);
    }
    const garbage = await call(main, "/api/votes", { token: me, raw: "{not json" });
    expect(garbage.json).toEqual({ error: "body: not valid JSON", reason: "bad-request" });
    expect(garbage.text).not.toMatch(/\bat .*\.(ts|js)/);
    expect((await call(main, "/api/votes", { token: me, body: { assignment: pair.assignment, choice: "tie" } })).status).toBe(201);
    const replayed = await call(main, "/api/votes", { token: me, body: { assignment: pair.assignment, choice: "right" } });
    expect(replayed.json).toMatchObject({ reason: "already-voted" });
    expect(replayed.status).toBe(409);
    expect((await call(main, "/api/nothing-here")).json.reason).toBe("not-found");
  });

  it("never shows a judge the same pair twice, then says no-pairs", async () => {
    const server = await fresh({ importRuns: [run] });
    const token = await session(server);
    const assignments: string[] = [];
    for (;;) {
      const res = await call(server, "/api/pairs/next", { token });
      if (res.status !== 200) {
        expect(res.status).toBe(404);
        expect(res.json.reason).toBe("no-pairs");
        break;
      }
      assignments.push(res.json.assignment);
    }
    // Seeds 0-2 have 3 policies (3 pairs each), seed 3 has 2 (gamma errored): 10 pairs, all different.
    expect(assignments).toHaveLength(10);
    const seen = new Set<string>();
    for (const assignment of assignments) {
      const { json } = await call(server, "/api/votes", { token, body: { assignment, choice: "both-failed" } });
      seen.add(`${json.reveal.seed}:${[json.reveal.left.policy, json.reveal.right.policy].sort()}`);
    }
    expect(seen.size).toBe(10);
  });

  it("never shows a judge an episode whose policy was revealed to them, across a restart", async () => {
    const server = await fresh({ importRuns: [run] });
    const [token, other] = [await session(server), await session(server)];
    const revealed = new Set<string>();
    let votes = 0;
    for (;;) {
      const res = await call(server, "/api/pairs/next", { token });
      if (res.status !== 200) {
        expect(res.json.reason).toBe("no-pairs");
        break;
      }
      const { json } = await call(server, "/api/votes", { token, body: { assignment: res.json.assignment, choice: "tie" } });
      for (const side of [json.reveal.left, json.reveal.right]) {
        const episode = `${json.reveal.seed}:${side.policy}`;
        expect(revealed.has(episode), episode).toBe(false);
        revealed.add(episode);
      }
      votes++;
    }
    // Each vote reveals two of a seed's episodes; the third (if any) has nobody left to be paired with.
    expect(votes).toBe(4);
    await server.close();
    const restarted = await start(storageOf.get(server) as Partial<StartArenaOptions>);
    expect((await call(restarted, "/api/health")).json).toMatchObject({ episodes: 11, votes: 4 });
    // The same session token still works (the secret is in the database), and the revealed episodes come back from it.
    expect((await call(restarted, "/api/pairs/next", { token })).json.reason).toBe("no-pairs");
    // Another judge is not affected.
    expect((await call(restarted, "/api/pairs/next", { token: other })).status).toBe(200);
  });

  it("answers 410 for an expired assignment", async () => {
    const server = await fresh({ importRuns: [run], assignmentTtlMs: -1 });
    const token = await session(server);
    const pair = await call(server, "/api/pairs/next", { token });
    const vote = await call(server, "/api/votes", { token, body: { assignment: pair.json.assignment, choice: "left" } });
    expect(vote.status).toBe(410);
    expect(vote.json.reason).toBe("expired");
  });

  it("caps the pairs per judge per day", async () => {
    const server = await fresh({ importRuns: [run], dailyCap: 2 });
    const token = await session(server);
    expect((await call(server, "/api/pairs/next", { token })).status).toBe(200);
    expect((await call(server, "/api/pairs/next", { token })).status).toBe(200);
    const third = await call(server, "/api/pairs/next", { token });
    expect(third.status).toBe(429);
    expect(third.json.reason).toBe("daily-cap");
    // Another judge is not affected.
    expect((await call(server, "/api/pairs/next", { token: await session(server) })).status).toBe(200);
  });

  it("rate-limits a session", async () => {
    const server = await fresh({ importRuns: [run], rateLimits: { ip: false, newSessions: false, session: { perSecond: 0.001, burst: 3 } } });
    const token = await session(server);
    const statuses = [];
    for (let k = 0; k < 5; k++) statuses.push((await call(server, "/api/pairs/next", { token })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });

  it("excludes judges who fail gold pairs from the ranking but keeps and exports their votes", async () => {
    const server = await fresh({ importRuns: [run], goldRate: 1 });
    const [honest, careless] = [await session(server), await session(server)];
    for (const [token, pickSuccess] of [
      [honest, true],
      [careless, false],
    ] as const) {
      for (let k = 0; k < 4; k++) {
        const { json: pair } = await call(server, "/api/pairs/next", { token });
        // A gold pair is success vs failure; the replay's successes are what the judge sees in the video.
        const leftOk = (await call(server, pair.left.replay)).json.successes.some(Boolean);
        const choice = leftOk === pickSuccess ? "left" : "right";
        expect((await call(server, "/api/votes", { token, body: { assignment: pair.assignment, choice } })).status).toBe(201);
      }
    }
    const judges = (await call(server, "/api/admin/judges", { token: ADMIN })).json.judges;
    expect(judges.map((j: { excluded: string | null; gold: { failed: number } }) => [j.excluded, j.gold.failed]).sort()).toEqual([
      ["gold", 4],
      [null, 0],
    ].sort());
    const board = (await call(server, "/api/leaderboard")).json;
    expect(board.votes).toMatchObject({ total: 8, counted: 4, excludedJudges: 1, gold: 8 });
    const jsonl = await call(server, "/api/admin/export?format=jsonl", { token: ADMIN });
    const lines = jsonl.text.trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(8);
    expect(lines.filter((l) => l.judge_excluded && l.exclusion === "gold")).toHaveLength(4);
    const csv = await call(server, "/api/admin/export?format=csv", { token: ADMIN });
    expect(csv.text.split("\n")[0]).toBe("vote_id,created_at,judge,scene,seed,left_policy,right_policy,left_success,right_success,choice,reason,gold,judge_excluded,exclusion");
    expect(csv.text.trim().split("\n")).toHaveLength(9);
    expect((await call(server, "/api/admin/export?format=xml", { token: ADMIN })).json.error).toMatch(/^format:/);
    expect((await call(server, "/api/admin/export")).status).toBe(401);
  });

  it("ranks from votes beside the success rates, and the votes survive a restart", async () => {
    const board = (await call(main, "/api/leaderboard")).json;
    expect(board.votes.total).toBe(2);
    const alpha = board.rows.find((r: { policy: string }) => r.policy === "alpha-policy");
    expect(alpha.auto).toMatchObject({ rate: 1, successes: 4, episodes: 4 });
    const gamma = board.rows.find((r: { policy: string }) => r.policy === "gamma-policy");
    expect(gamma.auto).toMatchObject({ rate: 0, episodes: 3 });
    const voted = board.rows.filter((r: { human: unknown }) => r.human);
    expect(voted.length).toBeGreaterThanOrEqual(2);
    for (const r of voted) expect(r.human.low).toBeLessThan(r.human.high);
  });
});
