/** The web build at `/` with cross-origin isolation, extra routers behind the admin token, and the run browser. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type ArenaServer, startArenaServer } from "../src/index";
import { writeRun } from "./helpers";

const ADMIN = "static-admin-token-0123456789";
let server: ArenaServer;
let publicServer: ArenaServer;

beforeAll(async () => {
  const web = mkdtempSync(join(tmpdir(), "arena-web-"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>arena</title>");
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "assets", "app.js"), "console.log('hi')");
  const run = writeRun(mkdtempSync(join(tmpdir(), "arena-run-")), { policies: { one: () => true, two: () => false }, scenes: ["s"], seeds: 2 });
  // Large enough that a client can hang up mid-transfer (socket buffers hold a few MiB).
  writeFileSync(join(run, "episodes", "s__two__s1", "third.mp4"), Buffer.alloc(32 << 20));
  const queue = express.Router();
  queue.get("/progress", (_req, res) => {
    res.json({ done: 3, total: 10 });
  });
  server = await startArenaServer({
    dataDir: mkdtempSync(join(tmpdir(), "arena-data-")),
    databaseUrl: "",
    port: 0,
    adminToken: ADMIN,
    webDir: web,
    importRuns: [run],
    routers: [{ path: "/api/admin/queue", router: queue, admin: true }],
  });
  publicServer = await startArenaServer({ dataDir: mkdtempSync(join(tmpdir(), "arena-data-")), databaseUrl: "", port: 0, adminToken: ADMIN, importRuns: [run], publicRuns: true });
});
afterAll(async () => {
  await server.close();
  await publicServer.close();
});

it("serves the web build with COOP/COEP headers and falls back to index.html for client routes", async () => {
  for (const path of ["/", "/leaderboard", "/assets/app.js"]) {
    const res = await fetch(server.url + path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(res.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
  }
  expect(await (await fetch(`${server.url}/leaderboard`)).text()).toContain("<title>arena</title>");
  // Unknown API routes are JSON 404s, not the web app.
  const api = await fetch(`${server.url}/api/nope`);
  expect(api.status).toBe(404);
  expect(await api.json()).toEqual({ error: expect.any(String), reason: "not-found" });
});

it("mounts extra routers, behind the admin token when asked", async () => {
  expect((await fetch(`${server.url}/api/admin/queue/progress`)).status).toBe(401);
  const res = await fetch(`${server.url}/api/admin/queue/progress`, { headers: { authorization: `Bearer ${ADMIN}` } });
  expect(await res.json()).toEqual({ done: 3, total: 10 });
});

it("keeps the run browser behind the admin token by default: it names the policy of each episode", async () => {
  const admin = { headers: { authorization: `Bearer ${ADMIN}` } };
  const { episodes } = await (await fetch(`${server.url}/api/runs`, admin)).json();
  for (const path of ["/api/runs", episodes[0].video, episodes[0].replay]) {
    const res = await fetch(server.url + path);
    expect(res.status, path).toBe(401);
    expect((await res.json()).reason).toBe("unauthorized");
  }
  expect((await fetch(server.url + episodes[0].replay, admin)).status).toBe(200);
});

it("lists episodes for the run browser, with their videos and replays (public runs)", async () => {
  const { episodes } = await (await fetch(`${publicServer.url}/api/runs?policy=one`)).json();
  expect(episodes).toHaveLength(2);
  expect(episodes[0]).toMatchObject({ policy: "one", scene: "s", success: true });
  const video = await fetch(publicServer.url + episodes[0].video, { headers: { range: "bytes=0-9" } });
  expect(video.status).toBe(206);
  const replay = await (await fetch(publicServer.url + episodes[0].replay)).json();
  expect(replay.successes).toEqual([false, false, true]);
  expect((await fetch(`${publicServer.url}/api/episodes/nope/replay`)).status).toBe(404);
});

it("does not report a failure when a client hangs up mid-video (every seek does)", async () => {
  const errors = vi.spyOn(console, "error");
  try {
    const { episodes } = await (await fetch(`${publicServer.url}/api/runs?policy=two`)).json();
    const big = episodes.find((e: { id: string }) => e.id === "s__two__s1");
    // The server's sendFile callback runs as the response closes unfinished.
    const closed = new Promise((resolve) => publicServer.server.once("request", (_req, res) => res.once("close", resolve)));
    const abort = new AbortController();
    const res = await fetch(publicServer.url + big.video, { signal: abort.signal });
    await res.body?.getReader().read();
    abort.abort();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(errors).not.toHaveBeenCalled();
  } finally {
    errors.mockRestore();
  }
});
