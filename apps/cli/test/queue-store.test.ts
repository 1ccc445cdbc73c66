/** The queue's result store on a real PostgreSQL: first write wins, duplicates are counted, errored episodes can be retried. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EpisodeResultStore, type StoredEpisode } from "@gauntlet/rollout/queue";
import { type LocalServer, startPostgres } from "@gauntlet/rollout/queue/local-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const episode = (id: string, status: string, tag: string): StoredEpisode => ({
  id,
  status,
  recordJson: JSON.stringify({ id, status, tag }),
  videos: [{ file: "third.mp4", bytes: new TextEncoder().encode(`video ${tag}`) }],
});

describe("EpisodeResultStore", () => {
  let postgres: LocalServer;
  let store: EpisodeResultStore;
  beforeAll(async () => {
    postgres = await startPostgres();
    store = await EpisodeResultStore.open(postgres.url);
  });
  afterAll(async () => {
    await store?.close();
    await postgres?.stop();
  });

  it("keeps the first result of a job, counts the others, and writes the run folder from it", async () => {
    await store.saveRun("r1", 2, {});
    const writes = await Promise.all(["a", "b", "c", "d", "e"].map((tag) => store.put("r1", episode("x", "success", tag), `w-${tag}`)));
    expect(writes.filter((w) => w === "stored")).toHaveLength(1);
    const first = ["a", "b", "c", "d", "e"][writes.indexOf("stored")];
    expect(await store.put("r1", episode("y", "failure", "y"), "w")).toBe("stored");

    const dir = mkdtempSync(join(tmpdir(), "store-"));
    expect(await store.materialise("r1", ["x", "y"], dir)).toBe(2);
    expect(readFileSync(join(dir, "episodes/x/record.json"), "utf8")).toBe(`${JSON.stringify({ id: "x", status: "success", tag: first })}\n`);
    expect(readFileSync(join(dir, "episodes/x/third.mp4"), "utf8")).toBe(`video ${first}`);
    expect(await store.statuses("r1")).toEqual(new Map([["x", "success"], ["y", "failure"]]));
    const [progress] = await store.progress("r1");
    expect(progress).toMatchObject({ run: "r1", planned: 2, stored: 2, errored: 0, duplicateWrites: 4, etaSeconds: 0 });
  });

  it("discards errored episodes so that they run again", async () => {
    await store.saveRun("r2", 1, {});
    expect(await store.put("r2", episode("z", "errored", "1"), "w")).toBe("stored");
    expect(await store.put("r2", episode("z", "success", "2"), "w")).toBe("duplicate");
    expect(await store.discardErrored("r2")).toBe(1);
    expect(await store.put("r2", episode("z", "success", "3"), "w")).toBe("stored");
    expect(await store.statuses("r2", ["z", "missing"])).toEqual(new Map([["z", "success"]]));
  });
});
