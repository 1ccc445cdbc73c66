/** Starts the arena: database, optional run imports, HTTP server. The function the CLI calls. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Arena, type ArenaOptions, type ImportResult } from "./arena";
import { type AppOptions, createArenaApp } from "./http/app";
import { randomId } from "./tokens";

export interface StartArenaOptions extends ArenaOptions, Omit<AppOptions, "adminToken"> {
  /** Embedded database folder (default `.gauntlet/arena`); ignored when databaseUrl is set. */
  dataDir?: string;
  /** PostgreSQL URL; defaults to $DATABASE_URL. */
  databaseUrl?: string;
  /** Admin bearer token; defaults to $GAUNTLET_ADMIN_TOKEN, else a random one (see `adminToken` in the result). */
  adminToken?: string;
  /** Port (0 = any free one); default 8788. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Run folders imported before listening. */
  importRuns?: string[];
}

export interface ArenaServer {
  url: string;
  adminToken: string;
  arena: Arena;
  imports: ImportResult[];
  server: Server;
  /** Stops accepting connections, waits for pending writes and closes the database; idempotent. */
  close(): Promise<void>;
}

/** Opens the database, imports `importRuns`, and listens; resolves once the server accepts connections. */
export async function startArenaServer(options: StartArenaOptions = {}): Promise<ArenaServer> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? undefined;
  const arena = await Arena.open({ ...options, databaseUrl: databaseUrl || undefined, dataDir: options.dataDir ?? ".gauntlet/arena" });
  const imports: ImportResult[] = [];
  try {
    for (const runDir of options.importRuns ?? []) imports.push(await arena.importRun(runDir));
  } catch (err) {
    await arena.close();
    throw err;
  }
  const adminToken = options.adminToken ?? process.env.GAUNTLET_ADMIN_TOKEN ?? randomId(24);
  const app = createArenaApp(arena, { ...options, adminToken });
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(options.port ?? 8788, host, () => resolve(s));
    s.once("error", (err) => reject(new Error(`cannot listen on ${host}:${options.port ?? 8788}: ${err.message}; pass another port`)));
  }).catch(async (err) => {
    await arena.close();
    throw err;
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    adminToken,
    arena,
    imports,
    server,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => arena.close());
      return closing;
    },
  };
}
