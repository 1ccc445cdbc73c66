/** The server storage: a PostgreSQL connection pool (node-postgres). */
import pg from "pg";
import type { Database, Queryable } from "./database";

/** Connects to PostgreSQL at `url` and checks the connection before returning. */
export async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  // An idle client's error (e.g. the server restarting) must not crash the process.
  pool.on("error", (err) => console.error(`arena: postgres pool error: ${err.message}`));
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end();
    throw new Error(`cannot connect to PostgreSQL (DATABASE_URL): ${(err as Error).message}`);
  }
  const wrap = (client: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await client.query(sql, params)).rows as T[];
    },
  });
  let closed = false;
  return {
    kind: "postgres",
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
