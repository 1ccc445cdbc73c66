import { type ActionChunk, type EnvSpec, type Observation, type Policy, PolicyUnavailableError } from "@gauntlet/core";
import { toActionChunk } from "./action-chunk";
import { type BackoffOptions, withBackoff } from "./backoff";

export interface HttpPolicyOptions {
  /** Base URL; the policy posts to `{url}/reset` and `{url}/act`. */
  url: string;
  /** Sent as `Authorization: Api-Key <apiKey>`, as OpenPiPolicy does. */
  apiKey?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Limit for one request, connecting and reading the reply included; 10 000 ms by default. */
  timeoutMs?: number;
  /** Connection attempts per call with exponential backoff; see BackoffOptions. */
  reconnect?: BackoffOptions;
  /** Width every action must have; the env spec's action size by default. */
  actionDims?: number;
  name?: string;
}

/** An image in an /act request: RGBA bytes, row 0 at the top, base64-encoded. */
export interface HttpImage {
  width: number;
  height: number;
  encoding: "rgba8-base64";
  data: string;
}

/** Body of `POST {url}/act`; the reply is `{ action: number[] }` or `{ actions: number[][] }` (a chunk, executed in order). */
export interface HttpActRequest {
  images: Record<string, HttpImage>;
  /** [x, y, z, roll, pitch, yaw, gripper]. */
  state: number[];
  instruction: string;
}

/** Body of `POST {url}/reset`, sent at the start of each episode; any 2xx reply will do. */
export interface HttpResetRequest {
  seed: number;
  spec: EnvSpec;
}

// Only failures to reach the server are retried: a request the server may have seen is never resent.
const CONNECT_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);
const isConnectError = (err: unknown) => CONNECT_ERRORS.has(((err as Error).cause as { code?: string } | undefined)?.code ?? "");

/**
 * A policy behind a plain JSON-over-HTTP server, for models not served with openpi.
 * Timeouts, 4xx/5xx replies, refused connections and malformed replies surface as PolicyUnavailableError.
 */
export class HttpPolicy implements Policy {
  readonly name: string;
  private readonly url: string;
  private readonly timeoutMs: number;
  private actionDims?: number;

  constructor(private readonly opts: HttpPolicyOptions) {
    this.url = opts.url.replace(/\/+$/, "");
    this.name = opts.name ?? `http(${this.url})`;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.actionDims = opts.actionDims;
  }

  /** Posts the seed and env spec to `/reset`. */
  async reset({ seed, spec }: { seed: number; spec: EnvSpec }): Promise<void> {
    this.actionDims = this.opts.actionDims ?? spec.action.dims.length;
    const body: HttpResetRequest = { seed, spec };
    await this.post("/reset", body);
  }

  /** Posts the observation to `/act` and returns the reply's action or chunk. */
  async act(obs: Observation): Promise<ActionChunk> {
    const images: Record<string, HttpImage> = {};
    for (const [name, img] of Object.entries(obs.images)) {
      const data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength).toString("base64");
      images[name] = { width: img.width, height: img.height, encoding: "rgba8-base64", data };
    }
    const body: HttpActRequest = { images, state: Array.from(obs.state), instruction: obs.instruction };
    const reply = (await this.post("/act", body)) as { action?: unknown; actions?: unknown } | null;
    const where = `policy server at ${this.url}/act`;
    const rows = reply?.actions ?? (reply?.action === undefined ? undefined : [reply.action]);
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r) && r.every((v) => typeof v === "number"))) {
      const got = JSON.stringify(reply)?.slice(0, 120);
      throw new PolicyUnavailableError(`${where}: expected { action: number[] } or { actions: number[][] }, got ${got}`);
    }
    const width = rows[0]?.length ?? 0;
    if (!rows.every((r) => r.length === width)) {
      throw new PolicyUnavailableError(`${where}: action rows have differing lengths [${rows.map((r) => r.length).join(", ")}]`);
    }
    const shape = reply?.actions === undefined ? [width] : [rows.length, width];
    return toActionChunk(rows.flat() as number[], shape, this.actionDims, where);
  }

  private post(path: string, body: unknown): Promise<unknown> {
    const url = `${this.url}${path}`;
    const headers: Record<string, string> = { "content-type": "application/json", ...this.opts.headers };
    if (this.opts.apiKey) headers.authorization = `Api-Key ${this.opts.apiKey}`;
    const payload = JSON.stringify(body);
    return withBackoff(`POST ${url}`, () => this.attempt(url, headers, payload), { ...this.opts.reconnect, retryable: isConnectError });
  }

  private async attempt(url: string, headers: Record<string, string>, payload: string): Promise<unknown> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeoutMs);
    try {
      const res = await fetch(url, { method: "POST", headers, body: payload, signal: abort.signal });
      const text = await res.text();
      if (!res.ok) {
        throw new PolicyUnavailableError(`POST ${url} answered HTTP ${res.status} ${res.statusText}: ${text.slice(0, 2000)}`);
      }
      try {
        return JSON.parse(text);
      } catch {
        throw new PolicyUnavailableError(`POST ${url} answered malformed JSON: ${text.slice(0, 200)}`);
      }
    } catch (err) {
      if (abort.signal.aborted) throw new PolicyUnavailableError(`POST ${url} got no reply within ${this.timeoutMs} ms`, { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
