import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Database, openDatabase } from "./database";
import { GroupCommit } from "./group-commit";
import { assignmentsTable, judgesTable } from "./tables";

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: mkdtempSync(join(tmpdir(), "arena-gc-")) });
});
afterAll(() => db.close());

it("commits concurrent writes in shared transactions, reports conflicts, and isolates a bad row", async () => {
  const writer = new GroupCommit(db, [judgesTable, assignmentsTable]);
  const now = new Date();
  const results = await Promise.all(Array.from({ length: 200 }, (_, k) => writer.insert(judgesTable, { id: `judge-${k}`, createdAt: now })));
  expect(results.every(Boolean)).toBe(true);
  // 200 rows in far fewer commits: the first write commits alone, the rest queue behind it.
  expect(writer.stats.commits).toBeLessThanOrEqual(3);
  expect(writer.stats.largestBatch).toBeGreaterThan(100);
  expect(await writer.insert(judgesTable, { id: "judge-7", createdAt: now })).toBe(false);

  // An assignment whose episodes do not exist violates a foreign key: only it fails, its neighbours commit.
  const bad = writer.insert(assignmentsTable, {
    id: "bad-assignment",
    judge: "judge-1",
    left: "no-episode",
    right: "no-episode-either",
    pairKey: "k",
    gold: false,
    createdAt: now,
    expiresAt: now,
  });
  const good = [writer.insert(judgesTable, { id: "judge-new-1", createdAt: now }), writer.insert(judgesTable, { id: "judge-new-2", createdAt: now })];
  await expect(bad).rejects.toThrow(/foreign key/);
  expect(await Promise.all(good)).toEqual([true, true]);
  const [{ n }] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM judges");
  expect(n).toBe(202);
});
