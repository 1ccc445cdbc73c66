import { createServer } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer } from "ws";
import { decodeMsgpackNumpy, encodeMsgpackNumpy } from "../msgpack-numpy";
import { NdArray } from "../nd-array";
import { type TestServerMode, testChunk } from "./test-chunk";
import { listenOnLoopback } from "./listen";

export interface OpenPiTestServerOptions {
  /** 0 (the default) picks a free port; pass a crashed server's port to "restart" it. */
  port?: number;
  mode?: TestServerMode;
  /** Rows per reply; 4 by default. */
  chunk?: number;
  /** Width of each row; 7 by default. */
  actionDims?: number;
  /** Reply with shape [D] (one action) instead of [H, D]. */
  flat?: boolean;
  /** Which observation key holds the state the reply is derived from; "observation/state" by default. */
  stateKey?: string;
  /** Sent on connect; {} by default, as openpi's server does without metadata. */
  metadata?: Record<string, unknown>;
}

/** One observation the server received, decoded (images and state as NdArray). */
export interface OpenPiTestCall {
  obs: Record<string, unknown>;
  /** The Authorization header of the connection it came on. */
  authorization?: string;
}

export interface OpenPiTestServer {
  url: string;
  port: number;
  calls: OpenPiTestCall[];
  /** Switches behaviour for later calls. */
  setMode(mode: TestServerMode): void;
  close(): Promise<void>;
}

/**
 * An openpi-compatible websocket server on 127.0.0.1 that mirrors `WebsocketPolicyServer`:
 * metadata on connect, one msgpack_numpy reply `{actions, server_timing}` per observation,
 * and on an exception the traceback as a text frame followed by close code 1011.
 */
export async function startOpenPiTestServer(opts: OpenPiTestServerOptions = {}): Promise<OpenPiTestServer> {
  let mode = opts.mode ?? "normal";
  const { chunk = 4, actionDims = 7, flat = false, stateKey = "observation/state" } = opts;
  const calls: OpenPiTestCall[] = [];
  const sockets = new Set<Socket>();
  const http = createServer((req, res) => {
    // openpi answers GET /healthz outside the websocket handshake.
    res.writeHead(req.url === "/healthz" ? 200 : 426).end(req.url === "/healthz" ? "OK\n" : "Upgrade Required\n");
  });
  http.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 0 });
  const closed = new Promise((resolve) => http.once("close", resolve));
  const crash = () => {
    for (const s of sockets) s.destroy();
    wss.close();
    if (http.listening) http.close();
  };

  wss.on("connection", (ws, req) => {
    const authorization = req.headers.authorization;
    ws.send(encodeMsgpackNumpy(opts.metadata ?? {}));
    let prevTotalMs: number | undefined;
    ws.on("message", (data: Buffer, isBinary) => {
      const start = performance.now();
      try {
        if (!isBinary) throw new Error("expected a binary msgpack frame");
        const obs = decodeMsgpackNumpy(data) as Record<string, unknown>;
        calls.push({ obs, authorization });
        if (typeof mode === "object" && calls.length > mode.crashAfter) return crash();
        if (mode === "hang") return;
        if (mode === "error") throw new Error("simulated policy failure (test server mode 'error')");
        const state = obs[stateKey] instanceof NdArray ? (obs[stateKey] as NdArray).values() : [];
        const values = testChunk(state, flat ? 1 : chunk, actionDims);
        const actions = NdArray.from(values, flat ? [actionDims] : [chunk, actionDims]);
        const serverTiming: Record<string, number> = { infer_ms: performance.now() - start };
        if (prevTotalMs !== undefined) serverTiming.prev_total_ms = prevTotalMs;
        ws.send(encodeMsgpackNumpy({ actions, server_timing: serverTiming }));
        prevTotalMs = performance.now() - start;
      } catch (err) {
        ws.send(`Traceback (most recent call last):\n  (gauntlet openpi test server)\n${(err as Error).message}\n`);
        ws.close(1011, "Internal server error. Traceback included in previous frame.");
      }
    });
  });

  const port = await listenOnLoopback(http, opts.port);
  return {
    url: `ws://127.0.0.1:${port}`,
    port,
    calls,
    setMode: (m) => {
      mode = m;
    },
    close: async () => {
      crash();
      await closed;
    },
  };
}
