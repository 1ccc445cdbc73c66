/**
 * Connections to the queue's Redis and the result store's PostgreSQL, checked up front so that an
 * unreachable server is one clear error naming its url, not a retry loop that never ends.
 */
import { Redis } from "ioredis";
import pg from "pg";

const CONNECT_TIMEOUT_MS = 5000;

/** The url with its password masked, safe to print. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString().replace(/\/$/, "");
  } catch {
    return url;
  }
}

/** Validates a redis:// url and checks the server answers PING; returns BullMQ connection options. */
export async function checkRedis(url: string, field = "--queue"): Promise<{ url: string; maxRetriesPerRequest: null }> {
  if (!/^rediss?:\/\/[^/]/.test(url)) throw new Error(`${field}: expected a redis:// url, e.g. redis://127.0.0.1:6379, got "${url}"`);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The socket's own error (ECONNREFUSED, ENOTFOUND) says more than connect()'s "Connection is closed".
  let cause: Error | undefined;
  client.on("error", (err: Error) => {
    cause ??= err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    const e = cause ?? (err as Error);
    throw new Error(`cannot reach Redis at ${redactUrl(url)} (${field}): ${e.message || e.name}`);
  } finally {
    client.disconnect();
  }
  // BullMQ workers block on Redis, so their commands must wait for reconnects instead of failing.
  return { url, maxRetriesPerRequest: null };
}

/** Validates a postgres:// url, connects a pool and checks it answers; errors name the url. */
export async function connectPostgres(url: string, field = "--database"): Promise<pg.Pool> {
  if (!/^postgres(ql)?:\/\/[^/]/.test(url)) throw new Error(`${field}: expected a postgres:// url, e.g. postgres://user@127.0.0.1:5432/gauntlet, got "${url}"`);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 4 });
  pool.on("error", () => {}); // an idle client's lost connection; the next query reports it
  try {
    await pool.query("SELECT 1");
  } catch (err) {
    await pool.end().catch(() => undefined);
    const e = err as Error & { code?: string };
    throw new Error(`cannot reach PostgreSQL at ${redactUrl(url)} (${field}): ${e.message || e.code || e.name}`);
  }
  return pool;
}
