/** The queue admin router against a real redis-server and PostgreSQL, with a connected queue worker. */
import type { AddressInfo } from "node:net";
import { EpisodeResultStore, startQueueWorker } from "@gauntlet/rollout/queue";
import { type LocalServer, startPostgres, startRedis } from "@gauntlet/rollout/queue/local-servers";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQueueAdmin } from "../src/queue-admin";

describe("queue admin", () => {
  let redis: LocalServer;
  let postgres: LocalServer;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  });
  afterAll(async () => {
    await redis?.stop();
    await postgres?.stop();
  });

  it("shows each run's progress, throughput and time left, and the connected workers", async () => {
    const store = await EpisodeResultStore.open(postgres.url);
    await store.saveRun("admin-run", 5, { name: "admin-run" });
    const episode = (id: string) => ({ id, status: "success", recordJson: JSON.stringify({ id }), videos: [{ file: "third.mp4", bytes: new Uint8Array([1, 2, 3]) }] });
    expect(await store.put("admin-run", episode("a"), "w1")).toBe("stored");
    expect(await store.put("admin-run", episode("b"), "w1")).toBe("stored");
    expect(await store.put("admin-run", episode("b"), "w2")).toBe("duplicate");
    await store.close();
    const worker = await startQueueWorker({ queueUrl: redis.url, databaseUrl: postgres.url, name: "admin-test-worker" });

    const admin = await createQueueAdmin({ queueUrl: redis.url, databaseUrl: postgres.url, statusUrl: "/api/admin/queue/status.json" });
    const app = express();
    app.use("/admin/queue", admin.page);
    app.use("/api/admin/queue", admin.status);
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const status = await (await fetch(`${origin}/api/admin/queue/status.json`)).json();
      const run = status.runs.find((r: { run: string }) => r.run === "admin-run");
      expect(run).toMatchObject({ planned: 5, stored: 2, errored: 0, duplicateWrites: 1 });
      expect(run.throughput).toBeGreaterThan(0);
      expect(run.etaSeconds).toBeCloseTo(3 / run.throughput, 6);
      expect(status.jobs).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      expect(status.workers.map((w: { name: string }) => w.name)).toEqual(["admin-test-worker"]);
      const page = await (await fetch(`${origin}/admin/queue/`)).text();
      expect(page).toContain('"/api/admin/queue/status.json"');
      expect(page).not.toContain("admin-run"); // the page carries no data; status.json does
    } finally {
      server.close();
      await admin.close();
      await worker.close();
    }
  });

  it("names the url it cannot reach", async () => {
    await expect(createQueueAdmin({ queueUrl: "redis://127.0.0.1:1", databaseUrl: postgres.url, statusUrl: "/s" })).rejects.toThrow(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
    await expect(createQueueAdmin({ queueUrl: redis.url, databaseUrl: "postgres://u:secret@127.0.0.1:1/x", statusUrl: "/s" })).rejects.toThrow("cannot reach PostgreSQL at postgres://u:***@127.0.0.1:1/x");
  });
});
