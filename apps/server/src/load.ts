/**
 * A load generator for the arena: N concurrent judges, each looping "next pair → vote" over keep-alive
 * HTTP connections, recording every acknowledged vote and the latencies. Used by the `arena` bench and
 * by the kill -9 test (acknowledged votes are what must survive).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";

export interface AckedVote {
  judge: string;
  scene: string;
  seed: number;
  left: string;
  right: string;
  choice: string;
}

export interface LoadOptions {
  url: string;
  judges: number;
  /** Stop starting new votes after this long. */
  durationMs: number;
  /** Called on every acknowledged vote (e.g. to kill the server after some). */
  onAck?: (ack: AckedVote, total: number) => void;
}

export interface LoadResult {
  acked: AckedVote[];
  /** Latency of each acknowledged POST /api/votes, ms. */
  voteLatencyMs: number[];
  /** Latency of each successful GET /api/pairs/next, ms. */
  pairLatencyMs: number[];
  /** Failures by kind (status code or network error), e.g. { "ECONNRESET": 3 }. */
  errors: Record<string, number>;
  elapsedMs: number;
}

const CHOICES = ["left", "right", "tie", "both-failed"];

/** Runs the judges until `durationMs` has passed or the server stops answering. */
export async function runJudgeLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.judges });
  const result: LoadResult = { acked: [], voteLatencyMs: [], pairLatencyMs: [], errors: {}, elapsedMs: 0 };
  const fail = (kind: string) => {
    result.errors[kind] = (result.errors[kind] ?? 0) + 1;
  };
  const started = performance.now();
  const deadline = started + options.durationMs;
  const judge = async () => {
    let token = "";
    try {
      while (performance.now() < deadline) {
        if (!token) token = (await call(agent, options.url, "POST", "/api/sessions", undefined, {})).body.token;
        const t0 = performance.now();
        const pair = await call(agent, options.url, "GET", "/api/pairs/next", token);
        if (pair.status !== 200) {
          fail(String(pair.status));
          if (pair.status === 404 || pair.status === 429) token = "";
          continue;
        }
        result.pairLatencyMs.push(performance.now() - t0);
        const choice = CHOICES[Math.floor(Math.random() * CHOICES.length)];
        const t1 = performance.now();
        const vote = await call(agent, options.url, "POST", "/api/votes", token, { assignment: pair.body.assignment, choice });
        if (vote.status !== 201) {
          fail(String(vote.status));
          continue;
        }
        result.voteLatencyMs.push(performance.now() - t1);
        const { seed, left, right } = vote.body.reveal;
        const ack = { judge: token.split(".")[1], scene: pair.body.scene, seed, left: left.policy, right: right.policy, choice };
        result.acked.push(ack);
        options.onAck?.(ack, result.acked.length);
      }
    } catch (err) {
      // The server went away (killed): this judge stops; what was acknowledged so far is recorded.
      fail((err as NodeJS.ErrnoException).code ?? "network");
    }
  };
  await Promise.all(Array.from({ length: options.judges }, judge));
  result.elapsedMs = performance.now() - started;
  agent.destroy();
  return result;
}

export interface ArenaProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Everything the process printed so far. */
  output(): string;
}

/** Spawns an arena server process (e.g. `node --import tsx apps/cli/src/main.ts arena …`) and waits until it listens. */
export function spawnArena(command: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<ArenaProcess> {
  const child = spawn(command[0], command.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /listening at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ url: match[1], child, exited, output: () => output });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    exited.then((code) => reject(new Error(`arena process exited (${code}) before listening:\n${output.slice(-3000)}`)));
  });
}

/** The p-th percentile (0..100) of a list of numbers, by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies of the documented API, read field by field
type Json = any;

function call(agent: Agent, base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      new URL(path, base),
      {
        method,
        agent,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
          } catch (err) {
            reject(err);
          }
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}
