/**
 * The arena end to end, in real Chromium against the real server: a real evaluation run is
 * imported, a judge votes on 20 blind pairs with the keyboard, and the leaderboard changes.
 * Before every vote, no policy identity is in the DOM or in any network response so far (every
 * response body is captured); the two videos stay in sync; the pages fit a phone's width; the
 * run browser lists the run and its 3D replay re-simulates an episode in WebGL.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type ArenaServer, startArenaServer } from "@gauntlet/server";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWeb } from "../src/build";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
/** Distinctive names, so finding one anywhere is a leak and never a coincidence. */
const POLICIES = [
  { kind: "oracle", name: "zeta-oracle" },
  { kind: "oracle", noise: 0.2, name: "kappa-noisy" },
  { kind: "oracle", noise: 0.5, name: "sigma-sloppy" },
  { kind: "random", name: "omega-random" },
];
const NAMES = POLICIES.map((p) => p.name);
/** 4 policies × 11 seeds: a judge never sees a revealed episode again, so at most 2 votes per seed (22); pairs stay for after the last vote. */
const VOTES = 20;
const FRAME_S = 0.1;
const REASON = "the left arm grabbed it faster, but both fumbled at first";

interface Captured {
  url: string;
  method: string;
  status: number;
  body: string;
}

let runDir: string;
let server: ArenaServer;
/** The same run with a public run browser (as `gauntlet start` serves it). */
let runsServer: ArenaServer;
/** The same run, whose assignments are expired as soon as they are issued. */
let expiringServer: ArenaServer;
let browser: Browser;
let records: { policy: string; success: boolean; seed: number; id: string }[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "gauntlet-arena-e2e-"));
  runDir = join(dir, "run");
  const config = join(dir, "e2e.json");
  writeFileSync(config, JSON.stringify({ name: "e2e", scenes: [join(root, "scenes/pick-cube.json")], policies: POLICIES, seeds: { start: 0, count: 11 }, cameras: ["third", "wrist"], maxRetries: 0 }));
  await promisify(execFile)(process.execPath, [join(root, "apps/cli/bin/gauntlet.mjs"), "evaluate", config, "--out", runDir, "--workers", "1"], { cwd: root, env: { ...process.env, CI: "1" } });
  records = readdirSync(join(runDir, "episodes")).map((id) => JSON.parse(readFileSync(join(runDir, "episodes", id, "record.json"), "utf8")));
  const webDir = join(dir, "web");
  await buildWeb({ outDir: webDir });
  server = await startArenaServer({ port: 0, dataDir: join(dir, "db"), importRuns: [runDir], webDir, adminToken: "e2e-admin-token" });
  runsServer = await startArenaServer({ port: 0, dataDir: join(dir, "runs-db"), importRuns: [runDir], webDir, adminToken: "e2e-admin-token", publicRuns: true });
  expiringServer = await startArenaServer({ port: 0, dataDir: join(dir, "expiring-db"), importRuns: [runDir], webDir, adminToken: "e2e-admin-token", assignmentTtlMs: -1 });
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await runsServer?.close();
  await expiringServer?.close();
});

/** Records every response body of a page, in order. */
function captureResponses(page: Page): { settled: () => Promise<Captured[]> } {
  const pending: Promise<Captured | null>[] = [];
  page.on("response", (r) => {
    pending.push(
      r
        .body()
        .then((b) => ({ url: r.url(), method: r.request().method(), status: r.status(), body: b.toString("latin1") }))
        .catch(() => null),
    );
  });
  return { settled: async () => (await Promise.all(pending)).filter((c): c is Captured => c !== null) };
}

/** Every identifying string found in `text`: policy names, episode ids, the run's path. */
function identities(text: string): string[] {
  const found = NAMES.filter((n) => text.includes(n));
  for (const r of records) if (text.includes(r.id)) found.push(r.id);
  if (text.includes(runDir)) found.push(runDir);
  return found;
}

/** The two videos' durations and positions once both have loaded their metadata. */
async function videoState(page: Page): Promise<{ durations: number[]; times: number[]; rates: number[]; paused: boolean[] }> {
  await page.waitForFunction(() => {
    const v = Array.from(document.querySelectorAll<HTMLVideoElement>(".stage video"));
    return v.length === 2 && v.every((x) => x.readyState >= 1 && !x.seeking);
  });
  return page.evaluate(() => {
    const v = Array.from(document.querySelectorAll<HTMLVideoElement>(".stage video"));
    return { durations: v.map((x) => x.duration), times: v.map((x) => x.currentTime), rates: v.map((x) => x.playbackRate), paused: v.map((x) => x.paused) };
  });
}

/** What a careful judge concludes from the videos alone: a rollout that ends early finished the task. */
function judge(durations: number[]): "a" | "b" | "t" | "f" {
  const [l, r] = durations;
  const full = Math.max(l, r);
  if (Math.abs(l - r) < FRAME_S / 2) return full >= 5 ? "f" : "t";
  return l < r ? "a" : "b";
}

describe("arena in Chromium", () => {
  it(`a judge votes on ${VOTES} blind pairs with the keyboard; nothing identifies a policy before each vote; the leaderboard changes`, async () => {
    const before = await (await fetch(`${server.url}/api/leaderboard`)).json();
    expect(before.votes.total).toBe(0);
    expect(before.rows.every((r: { human: unknown }) => r.human === null)).toBe(true);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const net = captureResponses(page);
    await page.goto(`${server.url}/`);
    const revealed = new Set<string>();
    for (let i = 0; i < VOTES; i++) {
      await page.waitForSelector("main[data-phase=judging]");
      const video = await videoState(page);

      if (i < 3) {
        // Scrub with the mouse to the middle of the shorter rollout: both videos show the same moment.
        await page.keyboard.press(" ");
        await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLVideoElement>(".stage video")).every((v) => v.paused));
        const box = await page.locator(".transport .scrub").boundingBox();
        if (!box) throw new Error("no scrubber");
        const target = Math.min(...video.durations) / 2;
        await page.mouse.click(box.x + (box.width * target) / Math.max(...video.durations), box.y + box.height / 2);
        const scrubbed = await videoState(page);
        const shared = Number(await page.locator(".transport .scrub").inputValue());
        expect(Math.abs(shared - target)).toBeLessThan(0.3);
        for (const t of scrubbed.times) expect(Math.abs(t - shared)).toBeLessThan(FRAME_S);
        expect(Math.abs(scrubbed.times[0] - scrubbed.times[1])).toBeLessThan(FRAME_S);
        // Speed applies to both; after playing and pausing they are still together.
        await page.keyboard.press("+");
        await page.keyboard.press("+");
        await page.keyboard.press(" ");
        await page.waitForTimeout(300);
        await page.keyboard.press(" ");
        const played = await videoState(page);
        expect(played.rates).toEqual([2, 2]);
        const clock = Number(await page.locator(".transport .scrub").inputValue());
        expect(clock).toBeGreaterThan(shared);
        // Each video shows the shared moment, or its last frame if it has already ended.
        played.times.forEach((t, k) => {
          expect(Math.abs(t - Math.min(clock, played.durations[k] - FRAME_S / 2))).toBeLessThan(FRAME_S);
        });
      }

      if (i === 1) {
        // Switching both rollouts to the wrist camera (key C) keeps the shared moment.
        const srcs = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLVideoElement>(".stage video"), (v) => v.currentSrc));
        const clock = Number(await page.locator(".transport .scrub").inputValue());
        await page.keyboard.press("c");
        await page.waitForFunction((old) => Array.from(document.querySelectorAll<HTMLVideoElement>(".stage video")).every((v, k) => v.currentSrc !== old[k]), srcs);
        expect(await page.locator("button.camera[aria-pressed=true]").textContent()).toBe("wrist");
        const wrist = await videoState(page);
        wrist.times.forEach((t, k) => {
          expect(Math.abs(t - Math.min(clock, wrist.durations[k] - FRAME_S / 2))).toBeLessThan(FRAME_S);
        });
      }

      // Before the vote: no identity in the page or in anything the server has sent since the start.
      const dom = await page.content();
      expect(identities(dom), `DOM before vote ${i + 1}`).toEqual([]);
      for (const c of await net.settled()) {
        const isVote = c.method === "POST" && c.url.endsWith("/api/votes");
        if (!isVote) expect(identities(c.body), `${c.method} ${c.url} before vote ${i + 1}`).toEqual([]);
      }

      if (i === 3) {
        // A reason typed from the keyboard: its letters (a, b, t, f) must not count as votes.
        await page.keyboard.press("r");
        await page.keyboard.type(REASON);
        await page.keyboard.press("Enter");
        expect(await page.locator("main").getAttribute("data-phase")).toBe("judging");
      }
      await page.keyboard.press(judge(video.durations));
      await page.waitForSelector("main[data-phase=revealed]");
      const names = await page.locator(".verdict .policy").allTextContents();
      expect(names.length).toBe(2);
      expect(names[0]).not.toBe(names[1]);
      for (const n of names) expect(NAMES).toContain(n);
      for (const n of names) revealed.add(n);
      // The checks above can fail: once revealed, the names are in the DOM.
      expect(identities(await page.content()).sort()).toEqual([...names].sort());
      // The seed comes only with the reveal, for the 3D replay links.
      expect(await page.locator(".replay-link").first().getAttribute("href")).toMatch(/seed=\d+/);
      await page.keyboard.press(i % 2 ? "Enter" : "n");
    }
    await page.waitForSelector("main[data-phase=judging]");
    // Every pair and every vote answer was captured, and the vote answers (only they) named the policies.
    const captured = await net.settled();
    expect(captured.filter((c) => c.url.endsWith("/api/pairs/next")).length).toBe(VOTES + 1);
    expect(captured.filter((c) => c.url.includes("/api/media/") && c.body.length > 0).length).toBeGreaterThanOrEqual(2 * VOTES);
    const voteBodies = captured.filter((c) => c.method === "POST" && c.url.endsWith("/api/votes"));
    expect(voteBodies.length).toBe(VOTES);
    expect(voteBodies.every((c) => identities(c.body).length === 2)).toBe(true);
    expect(revealed.size).toBeGreaterThanOrEqual(3);
    // The run browser names policies: without the admin token a judge cannot look a pair up in it.
    expect((await fetch(`${server.url}/api/runs`)).status).toBe(401);

    const exported = await (await fetch(`${server.url}/api/admin/export?format=jsonl`, { headers: { authorization: "Bearer e2e-admin-token" } })).text();
    const rows = exported.trim().split("\n").map((l) => JSON.parse(l));
    expect(rows.length).toBe(VOTES);
    expect(rows.filter((r) => r.reason === REASON).length).toBe(1);

    const after = await (await fetch(`${server.url}/api/leaderboard`)).json();
    expect(after.votes.total).toBe(VOTES);
    expect(after.votes.counted).toBe(VOTES);
    const rated = after.rows.filter((r: { human: unknown }) => r.human !== null);
    expect(rated.length).toBeGreaterThanOrEqual(3);
    const theta = Object.fromEntries(rated.map((r: { policy: string; human: { theta: number } }) => [r.policy, r.human.theta]));
    if ("zeta-oracle" in theta && "omega-random" in theta) expect(theta["zeta-oracle"]).toBeGreaterThan(theta["omega-random"]);

    // The leaderboard page shows the votes: its table and interval plot have the rated policies.
    const board = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await board.goto(`${server.url}/leaderboard.html`);
    await board.waitForSelector("table.leaderboard");
    expect(await board.locator("main").getAttribute("data-votes")).toBe(String(VOTES));
    expect(await board.locator("svg.interval-plot").count()).toBe(2);
    for (const r of rated) expect(await board.locator(`tr[data-policy="${r.policy}"] td`).nth(3).textContent()).toBe(String(r.human.votes));
    await board.close();
    await page.close();
  }, 300_000);

  it("moves on to a fresh pair when the vote's assignment has expired, with the same judge", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const net = captureResponses(page);
    await page.goto(`${expiringServer.url}/`);
    await page.waitForSelector("main[data-phase=judging]");
    const nextPair = page.waitForResponse((r) => r.url().endsWith("/api/pairs/next"));
    await page.keyboard.press("a");
    await nextPair;
    await page.waitForSelector("main[data-phase=judging]");
    const captured = await net.settled();
    expect(captured.filter((c) => c.method === "POST" && c.url.endsWith("/api/votes")).map((c) => c.status)).toEqual([410]);
    expect(captured.filter((c) => c.url.endsWith("/api/pairs/next")).map((c) => c.status)).toEqual([200, 200]);
    // Still the first judge: a refused vote is not a dead session.
    expect(captured.filter((c) => c.url.endsWith("/api/sessions")).length).toBe(1);
    expect(await page.locator("button.vote:disabled").count()).toBe(0);
    await page.close();
  }, 120_000);

  it("fits a phone's width: no horizontal overflow, videos stacked, big vote buttons", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const path of ["/", "/leaderboard.html", "/runs.html"]) {
      await page.goto(`${(path === "/runs.html" ? runsServer : server).url}${path}`);
      await page.waitForSelector("main:not(:has(> p.status:only-child))");
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, `${path} overflows`).toBeLessThanOrEqual(client);
    }
    await page.goto(`${server.url}/`);
    await page.waitForSelector("main[data-phase=judging]");
    const [left, right] = await Promise.all([page.locator(".side[data-side=left] video").boundingBox(), page.locator(".side[data-side=right] video").boundingBox()]);
    if (!left || !right) throw new Error("videos not laid out");
    expect(right.y).toBeGreaterThanOrEqual(left.y + left.height);
    expect(left.width).toBeGreaterThan(300);
    for (const b of await page.locator("button.vote").all()) {
      const box = await b.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(44);
      expect(box?.width).toBeGreaterThanOrEqual(150);
    }
    await page.close();
  }, 120_000);

  it("browses the run and replays an episode in 3D, re-simulated in the page along the recorded states", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${runsServer.url}/runs.html`);
    await page.waitForSelector("table.outcomes");
    for (const name of NAMES) {
      const mine = records.filter((r) => r.policy === name);
      const cell = await page.locator("table.outcomes tbody tr", { hasText: name }).locator("td").first().textContent();
      expect(cell).toContain(`(${mine.filter((r) => r.success).length}/${mine.length})`);
    }
    await page.goto(`${runsServer.url}/runs.html#policy=zeta-oracle`);
    await page.waitForSelector(".episode");
    expect(await page.locator(".episode").count()).toBe(records.filter((r) => r.policy === "zeta-oracle").length);
    await page.locator(".episode .replay-link").first().click();
    await page.waitForSelector("main[data-state=ready]", { timeout: 60_000 });
    const main = page.locator("main");
    expect(await main.getAttribute("data-diverged-at")).toBe("");
    expect(Number(await main.getAttribute("data-max-tool-error"))).toBeLessThan(0.002);
    const colours = await page.evaluate(() => {
      const src = document.querySelector("canvas") as HTMLCanvasElement;
      const c = document.createElement("canvas");
      [c.width, c.height] = [64, 48];
      const g = c.getContext("2d") as CanvasRenderingContext2D;
      g.drawImage(src, 0, 0, 64, 48);
      const d = g.getImageData(0, 0, 64, 48).data;
      const seen = new Set<number>();
      for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      return seen.size;
    });
    expect(colours).toBeGreaterThan(20);
    // An unknown episode gets the server's reason, not a blank page.
    await page.goto(`${runsServer.url}/replay.html#src=/api/replay/forged-id&seed=1`);
    await page.reload();
    await page.waitForSelector("main[data-state=error]");
    expect(await page.locator("main .error").textContent()).toMatch(/^Cannot load the episode: .+/);
    await page.close();
  }, 120_000);
});
