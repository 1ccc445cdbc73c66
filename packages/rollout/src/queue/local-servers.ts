/**
 * Throwaway Redis and PostgreSQL servers on ephemeral loopback ports, for tests and benchmarks of
 * the queue path: real Debian binaries, temp folders, nothing persisted, stopped on request.
 *
 *   const redis = await startRedis();        // redis.url: redis://127.0.0.1:<port>
 *   const pg = await startPostgres();        // pg.url: postgres://postgres@127.0.0.1:<port>/postgres
 *   ...; await redis.stop(); await pg.stop();
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running server: its url, and how to stop it (idempotent). */
export interface LocalServer {
  url: string;
  stop(): Promise<void>;
}

const POSTGRES_BIN = process.env.POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";
const START_TIMEOUT_MS = 30_000;

/** A free TCP port on loopback (the OS picks it). */
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

/** Starts `redis-server` with persistence off. */
export async function startRedis(): Promise<LocalServer> {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "pipe"] });
  await waitForOutput(child, "Ready to accept connections", "redis-server (install it with `apt-get install redis-server`)");
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** Initialises a temp cluster and starts PostgreSQL as the `postgres` user (it refuses root), trust auth on loopback. */
export async function startPostgres(): Promise<LocalServer> {
  if (!existsSync(join(POSTGRES_BIN, "postgres"))) throw new Error(`PostgreSQL not found in ${POSTGRES_BIN}; install it with \`apt-get install postgresql\` or set POSTGRES_BIN`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "gauntlet-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    chmodSync(dir, 0o755);
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const as = (cmd: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];
  execFileSync(...as(join(POSTGRES_BIN, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]), { stdio: "ignore" });
  // fsync off: a test database need not survive a power cut, and it makes writes far cheaper.
  const settings = ["-c", "listen_addresses=127.0.0.1", "-c", `unix_socket_directories=${dir}`, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
  const child = spawn(...as(join(POSTGRES_BIN, "postgres"), ["-D", data, "-p", String(port), ...settings]), { stdio: ["ignore", "pipe", "pipe"] });
  await waitForOutput(child, "database system is ready to accept connections", "postgres");
  await waitForPort(port);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown (it ends open sessions instead of waiting for them),
      // sent to the postmaster itself, since runuser does not pass it on.
      const postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      await stopChild(child, () => process.kill(postmaster, "SIGINT"));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates a fresh, empty database on a startPostgres() server and returns its url (a clean schema per test file). */
export function createDatabase(server: LocalServer, name: string): string {
  const port = new URL(server.url).port;
  execFileSync(join(POSTGRES_BIN, "createdb"), ["-h", "127.0.0.1", "-p", port, "-U", "postgres", name]);
  return server.url.replace(/\/postgres$/, `/${name}`);
}

function waitForOutput(child: ChildProcess, ready: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${what} did not start within ${START_TIMEOUT_MS / 1000}s:\n${log}`)), START_TIMEOUT_MS);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (!settled && log.includes(ready)) {
        settled = true;
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (err) => fail(new Error(`cannot start ${what}: ${err.message}`)));
    child.once("exit", (code) => fail(new Error(`${what} exited with code ${code}:\n${log}`)));
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

function stopChild(child: ChildProcess, signal: () => void = () => child.kill("SIGTERM")): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      signal();
    } catch {
      child.kill("SIGTERM");
    }
  });
}
