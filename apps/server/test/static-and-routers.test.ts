/** The web build at `/` with cross-origin isolation, extra routers behind the admin token, and the run browser. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ArenaServer, startArenaServer } from "../src/index";
import { writeRun } from "./helpers";

const ADMIN = "static-admin-token-0123456789";
let server: ArenaServer;

beforeAll(async () => {
  const web = mkdtempSync(join(tmpdir(), "arena-web-"));
  writeFileSync(join(web, "index.html"), "<!doctype html><title>arena</title>");
  mkdirSync(join(web, "assets"));
  writeFileSync(join(web, "assets", "app.js"), "console.log('hi')");
  const run = writeRun(mkdtempSync(join(tmpdir(), "arena-run-")), { policies: { one: () => true, two: () => false }, scenes: ["s"], seeds: 2 });
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
});
afterAll(() => server.close());

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

it("lists episodes for the run browser, with their videos and replays", async () => {
  const { episodes } = await (await fetch(`${server.url}/api/runs?policy=one`)).json();
  expect(episodes).toHaveLength(2);
  expect(episodes[0]).toMatchObject({ policy: "one", scene: "s", success: true });
  const video = await fetch(server.url + episodes[0].video, { headers: { range: "bytes=0-9" } });
  expect(video.status).toBe(206);
  const replay = await (await fetch(server.url + episodes[0].replay)).json();
  expect(replay.successes).toEqual([false, false, true]);
  expect((await fetch(`${server.url}/api/episodes/nope/replay`)).status).toBe(404);
});
