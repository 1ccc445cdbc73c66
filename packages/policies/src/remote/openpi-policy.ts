import { type ActionChunk, type EnvSpec, type Observation, type Policy, PolicyUnavailableError } from "@gauntlet/core";
import { toActionChunk } from "./action-chunk";
import { type BackoffOptions, withBackoff } from "./backoff";
import { decodeMsgpackNumpy, encodeMsgpackNumpy } from "./msgpack-numpy";
import { NdArray } from "./nd-array";
import { OpenPiConnection } from "./openpi-connection";
import { checkOpenPiKeys, LIBERO_OPENPI_KEYS, type OpenPiKeyMap, toOpenPiObservation } from "./openpi-keys";

export interface OpenPiPolicyOptions {
  /** "ws://host:port"; a bare "host:port" gets "ws://" as openpi's client does. */
  url: string;
  /** Sent as `Authorization: Api-Key <apiKey>`, like openpi's `api_key`. */
  apiKey?: string;
  /** Observation dict keys the server expects; LIBERO_OPENPI_KEYS by default. */
  keys?: OpenPiKeyMap;
  /** Limit for one reply, and for connecting plus the metadata message; 10 000 ms by default. */
  timeoutMs?: number;
  /** Connection attempts per call with exponential backoff; see BackoffOptions. */
  reconnect?: BackoffOptions;
  /** Width every action row must have; the env spec's action size by default. */
  actionDims?: number;
  name?: string;
}

/**
 * A policy served by openpi's `serve_policy.py` (pi0, pi0-FAST, pi0.5 or anything behind
 * `WebsocketPolicyServer`), spoken to exactly as `openpi_client.WebsocketClientPolicy` does.
 * Hangs, dropped connections and server tracebacks surface as PolicyUnavailableError; the next
 * `reset` or `act` reconnects with backoff.
 */
export class OpenPiPolicy implements Policy {
  readonly name: string;
  private readonly url: string;
  private readonly keys: OpenPiKeyMap;
  private readonly timeoutMs: number;
  private actionDims?: number;
  private conn?: OpenPiConnection;
  private connecting?: Promise<OpenPiConnection>;

  constructor(private readonly opts: OpenPiPolicyOptions) {
    this.url = /^wss?:\/\//.test(opts.url) ? opts.url : `ws://${opts.url}`;
    this.name = opts.name ?? `openpi(${this.url})`;
    this.keys = opts.keys ?? LIBERO_OPENPI_KEYS;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.actionDims = opts.actionDims;
  }

  /** Sends nothing (openpi's `reset()` is a no-op) but checks the key mapping and connects, so a dead server errors the episode before its first step. */
  async reset({ spec }: { seed: number; spec: EnvSpec }): Promise<void> {
    checkOpenPiKeys(this.keys, spec.cameras);
    this.actionDims = this.opts.actionDims ?? spec.action.dims.length;
    await this.connection();
  }

  /** Sends the mapped observation and returns every row of the reply's `actions` as the chunk. */
  async act(obs: Observation): Promise<ActionChunk> {
    const packed = encodeMsgpackNumpy(toOpenPiObservation(obs, this.keys));
    const conn = await this.connection();
    const reply = decodeReply(await conn.request(packed, this.timeoutMs), this.url);
    const actions = reply.actions;
    if (!(actions instanceof NdArray)) {
      const keys = Object.keys(reply).join(", ");
      throw new PolicyUnavailableError(`openpi server at ${this.url}: reply has no "actions" array (keys: ${keys || "none"})`);
    }
    return toActionChunk(actions.values(), actions.shape, this.actionDims, `openpi server at ${this.url}`);
  }

  /** The metadata the server sent on the current connection, if connected. */
  serverMetadata(): unknown {
    return this.conn?.metadata;
  }

  /** Closes the socket; safe to call more than once, and a later call reconnects. */
  async close(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    await conn?.close();
  }

  private connection(): Promise<OpenPiConnection> {
    if (this.conn?.usable) return Promise.resolve(this.conn);
    this.conn = undefined;
    this.connecting ??= withBackoff(`connecting to openpi server at ${this.url}`, () => this.open(), this.opts.reconnect).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<OpenPiConnection> {
    const headers = this.opts.apiKey ? { Authorization: `Api-Key ${this.opts.apiKey}` } : undefined;
    this.conn = await OpenPiConnection.open(this.url, { headers, timeoutMs: this.timeoutMs });
    return this.conn;
  }
}

function decodeReply(bytes: Uint8Array, url: string): Record<string, unknown> {
  let reply: unknown;
  try {
    reply = decodeMsgpackNumpy(bytes);
  } catch (err) {
    throw new PolicyUnavailableError(`openpi server at ${url} sent an unreadable reply: ${(err as Error).message}`, { cause: err });
  }
  if (reply === null || typeof reply !== "object" || Array.isArray(reply)) {
    throw new PolicyUnavailableError(`openpi server at ${url}: expected a reply dict, got ${Array.isArray(reply) ? "a list" : typeof reply}`);
  }
  return reply as Record<string, unknown>;
}
