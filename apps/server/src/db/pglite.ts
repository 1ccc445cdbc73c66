/**
 * The embedded storage: PGlite persisted to a folder. PGlite writes through to the folder's files on
 * every commit (verified by the kill -9 tests), so an acknowledged commit survives the process dying.
 * Two processes must never open one folder, so a pid lock file guards it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { isProcessAlive } from "@gauntlet/core";
import type { Database, Queryable } from "./database";

/** Opens (creating if needed) the PGlite database in `dataDir`. */
export async function openPglite(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  // The data folder is machine state, never source: keep it out of git wherever it lies.
  const ignore = join(dataDir, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, "*\n");
  const lock = acquireLock(dataDir);
  let pg: PGlite;
  try {
    pg = await PGlite.create(join(dataDir, "pgdata"));
  } catch (err) {
    rmSync(lock, { force: true });
    throw new Error(`cannot open the arena database in ${dataDir}: ${(err as Error).message}`);
  }
  const wrap = (q: { query: PGlite["query"] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params)).rows;
    },
  });
  let closed = false;
  return {
    kind: "pglite",
    ...wrap(pg),
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async close() {
      if (closed) return;
      closed = true;
      await pg.close();
      rmSync(lock, { force: true });
    },
  };
}

/** Writes `<dataDir>/arena.lock` with our pid; refuses if a live process holds it. */
function acquireLock(dataDir: string): string {
  const lock = join(dataDir, "arena.lock");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isProcessAlive(pid)) {
      throw new Error(`the arena database in ${dataDir} is in use by process ${pid}; stop it first or use another --data folder`);
    }
  }
  writeFileSync(lock, `${process.pid}\n`);
  return lock;
}
