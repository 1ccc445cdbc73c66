/** Test helpers: a real PostgreSQL server started as the `postgres` user in a temp folder on a free port. */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export { type RunSpec, tinyMp4, writeRun } from "../src/synthetic-run";

/** A free TCP port on loopback (closed again before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

const PG_BIN = "/usr/lib/postgresql/15/bin";

/** Starts a throwaway PostgreSQL 15 (Debian's) as the postgres user; stop() kills it and removes the folder. */
export async function startPostgres(): Promise<PostgresServer> {
  if (!existsSync(join(PG_BIN, "postgres"))) throw new Error(`PostgreSQL not found in ${PG_BIN}; run scripts/setup.sh (apt-get install postgresql)`);
  const dir = mkdtempSync(join(tmpdir(), "arena-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const asPostgres = (cmd: string, args: string[]) => ["-u", "postgres", "--", join(PG_BIN, cmd), ...args];
  execFileSync("runuser", asPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]), { stdio: "pipe" });
  const port = await freePort();
  const child: ChildProcess = spawn("runuser", asPostgres("postgres", ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1"]), {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (d) => {
    log += d;
  });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; ; attempt++) {
    try {
      execFileSync(join(PG_BIN, "pg_isready"), ["-h", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
      break;
    } catch {
      if (attempt > 300 || child.exitCode !== null) throw new Error(`postgres did not start: ${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        execFileSync("runuser", asPostgres("pg_ctl", ["-D", data, "stop", "-m", "fast", "-w"]), { stdio: "ignore" });
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a fresh database on a running server and returns its URL (each test file gets a clean schema). */
export function createDatabase(server: PostgresServer, name: string): string {
  const port = new URL(server.url).port;
  execFileSync(join(PG_BIN, "createdb"), ["-h", "127.0.0.1", "-p", port, "-U", "postgres", name]);
  return server.url.replace(/\/postgres$/, `/${name}`);
}
