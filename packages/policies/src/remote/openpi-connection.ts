import { PolicyUnavailableError } from "@gauntlet/core";
import WebSocket from "ws";
import { decodeMsgpackNumpy } from "./msgpack-numpy";

interface Pending {
  resolve(reply: Uint8Array): void;
  reject(err: Error): void;
}

/**
 * One websocket to an openpi server, past its metadata message: one request in flight at a time,
 * one binary reply per request. Any failure (timeout, close, error text) makes it unusable, so a
 * late reply to a timed-out request can never be taken for the answer to the next one.
 */
export class OpenPiConnection {
  private pending?: Pending;
  private failure?: PolicyUnavailableError;

  private constructor(
    private readonly ws: WebSocket,
    /** The metadata dict the server sent on connect (openpi's `get_server_metadata()`). */
    readonly metadata: unknown,
    private readonly url: string,
  ) {
    ws.on("message", (data: Buffer, isBinary) => this.onMessage(data, isBinary));
    ws.on("close", (code, reason) => {
      const why = reason.length ? `: ${reason.toString()}` : "";
      this.fail(new PolicyUnavailableError(`openpi server at ${url} closed the connection (code ${code}${why})`));
    });
    ws.on("error", (err) => this.fail(new PolicyUnavailableError(`openpi connection to ${url} failed: ${err.message}`, { cause: err })));
  }

  /** Connects and waits for the metadata message, as `WebsocketClientPolicy._wait_for_server` does (one attempt). */
  static open(url: string, opts: { headers?: Record<string, string>; timeoutMs: number }): Promise<OpenPiConnection> {
    return new Promise((resolve, reject) => {
      // openpi connects with compression=None and max_size=None.
      const ws = new WebSocket(url, { headers: opts.headers, perMessageDeflate: false, maxPayload: 0, handshakeTimeout: opts.timeoutMs });
      const done = (err?: Error, metadata?: unknown) => {
        clearTimeout(timer);
        ws.removeAllListeners();
        if (err) {
          ws.on("error", () => {}); // terminate() may still report the aborted handshake
          ws.terminate();
          reject(err);
        } else resolve(new OpenPiConnection(ws, metadata, url));
      };
      const timer = setTimeout(() => done(new Error(`no metadata message within ${opts.timeoutMs} ms`)), opts.timeoutMs);
      ws.once("error", (err) => done(err));
      ws.once("close", (code) => done(new Error(`closed before sending metadata (code ${code})`)));
      ws.once("message", (data: Buffer, isBinary) => {
        if (!isBinary) return done(new PolicyUnavailableError(`openpi server at ${url} refused the connection:\n${data.toString()}`));
        let metadata: unknown;
        try {
          metadata = decodeMsgpackNumpy(data);
        } catch (err) {
          return done(new Error(`unreadable metadata message: ${(err as Error).message}`));
        }
        done(undefined, metadata);
      });
    });
  }

  /** False once the socket has failed or closed; such a connection is never used again. */
  get usable(): boolean {
    return !this.failure && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one packed observation and resolves with the packed reply; rejects with PolicyUnavailableError. */
  request(bytes: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error("OpenPiPolicy: act called while another call is in flight"));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new PolicyUnavailableError(`openpi server at ${this.url} did not reply within ${timeoutMs} ms`)), timeoutMs);
      this.pending = {
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.ws.send(bytes, { binary: true }, (err) => {
        if (err) this.fail(new PolicyUnavailableError(`openpi send to ${this.url} failed: ${err.message}`, { cause: err }));
      });
    });
  }

  /** Closes the socket politely, forcing it shut if the server does not answer the close within a second. */
  async close(): Promise<void> {
    this.fail(new PolicyUnavailableError(`openpi connection to ${this.url} was closed by the client`));
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    const pending = this.pending;
    this.pending = undefined;
    if (!isBinary) {
      // openpi's server sends the traceback as a text frame, then closes with 1011.
      this.fail(new PolicyUnavailableError(`openpi server at ${this.url} raised an error:\n${data.toString()}`), pending);
    } else if (!pending) {
      this.fail(new PolicyUnavailableError(`openpi server at ${this.url} sent a message nobody asked for`));
    } else pending.resolve(data);
  }

  private fail(err: PolicyUnavailableError, pending = this.pending): void {
    this.failure ??= err;
    this.pending = undefined;
    pending?.reject(err);
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) {
      this.ws.close(1000);
      setTimeout(() => this.ws.terminate(), 1000).unref();
    }
  }
}
