import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startHttpTestServer, startOpenPiTestServer } from "@gauntlet/policies/testing";
import { afterAll, describe, expect, it } from "vitest";
import { type EpisodeJob, EpisodeRunner } from "./episode-runner";
import { EpisodeStore } from "./episode-store";
import { summarize } from "./report/summarize";

const scenePath = fileURLToPath(new URL("../../../scenes/pick-cube.json", import.meta.url));
const runner = new EpisodeRunner();
afterAll(() => runner.close());

const job = (policy: EpisodeJob["policy"], out: string, seed = 0): EpisodeJob => ({ scenePath, sceneId: "pick-cube", policy, seed, cameras: ["third"], maxRetries: 1, out });
const keys = { "observation/image": { image: "third" }, "observation/state": "state", prompt: "instruction" };

describe("EpisodeRunner with remote policies", () => {
  it("completes an episode against a healthy openpi server", async () => {
    const server = await startOpenPiTestServer({ mode: "normal" });
    const out = mkdtempSync(join(tmpdir(), "runner-ok-"));
    const record = await runner.run(job({ kind: "openpi", url: server.url, keys, timeoutMs: 2000, name: "pi" }, out));
    expect(record.status).not.toBe("errored");
    expect(record.steps).toBeGreaterThan(0);
    expect(server.calls.length).toBeGreaterThanOrEqual(record.steps / 10);
    await server.close();
  });

  it("marks an episode errored, not failed, when the server hangs, after retrying; it is kept and excluded", async () => {
    const server = await startOpenPiTestServer({ mode: "hang" });
    const out = mkdtempSync(join(tmpdir(), "runner-hang-"));
    const record = await runner.run(job({ kind: "openpi", url: server.url, keys, timeoutMs: 300, name: "pi-hang" }, out));
    expect(record.status).toBe("errored");
    expect(record.error).toMatch(/PolicyUnavailableError/);
    expect(server.calls.length).toBe(2); // one attempt plus one retry
    const stored = JSON.parse(readFileSync(join(out, "episodes", record.id, "record.json"), "utf8"));
    expect(stored.status).toBe("errored");
    expect(new EpisodeStore(out).has(record.id)).toBe(false); // a resumed run retries it
    const summary = summarize("t", await new EpisodeStore(out).records());
    expect(summary.episodes).toEqual({ total: 1, completed: 0, errored: 1 });
    expect(summary.leaderboard).toEqual([]);
    await server.close();
  });

  it("recovers when an HTTP server crashes mid-episode and a retry succeeds", async () => {
    const server = await startHttpTestServer({ mode: { crashAfter: 3 } });
    const out = mkdtempSync(join(tmpdir(), "runner-crash-"));
    const port = server.port;
    const pending = runner.run({ ...job({ kind: "http", url: server.url, timeoutMs: 1000, name: "http-crash" }, out), maxRetries: 3 });
    // Once it has crashed, bring a healthy server back on the same port while the runner backs off and retries.
    let revived: Awaited<ReturnType<typeof startHttpTestServer>> | undefined;
    while (!revived) {
      await new Promise((r) => setTimeout(r, 20));
      if (server.calls.filter((c) => c.path === "/act").length > 3) revived = await startHttpTestServer({ mode: "normal", port }).catch(() => undefined);
    }
    const record = await pending;
    await revived.close();
    expect(record.status).not.toBe("errored");
    expect(record.steps).toBeGreaterThan(0);
  });
});
