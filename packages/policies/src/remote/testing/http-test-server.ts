import { createServer, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { type TestServerMode, testChunk } from "./test-chunk";
import { listenOnLoopback } from "./listen";

/** HTTP adds one failure openpi cannot have: a 200 whose body is not JSON. */
export type HttpTestServerMode = TestServerMode | "malformed";

export interface HttpTestServerOptions {
  /** 0 (the default) picks a free port; pass a crashed server's port to "restart" it. */
  port?: number;
  /** Applies to /act; /reset always answers 200 {} while the server is up. */
  mode?: HttpTestServerMode;
  /** Status of "error" replies; 500 by default. */
  errorStatus?: number;
  /** Rows per reply; 4 by default. */
  chunk?: number;
  /** Width of each row; 7 by default. */
  actionDims?: number;
  /** Reply `{ action: number[] }` instead of `{ actions: number[][] }`. */
  flat?: boolean;
}

/** One request the server received, with its parsed JSON body. */
export interface HttpTestCall {
  path: string;
  body: unknown;
  authorization?: string;
}

export interface HttpTestServer {
  url: string;
  port: number;
  calls: HttpTestCall[];
  /** Switches behaviour for later calls. */
  setMode(mode: HttpTestServerMode): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

/** A server on 127.0.0.1 for HttpPolicy's JSON protocol, answering testChunk(state) in "normal" mode. */
export async function startHttpTestServer(opts: HttpTestServerOptions = {}): Promise<HttpTestServer> {
  let mode = opts.mode ?? "normal";
  const { chunk = 4, actionDims = 7, flat = false, errorStatus = 500 } = opts;
  const calls: HttpTestCall[] = [];
  const sockets = new Set<Socket>();
  let acts = 0;
  const crash = () => {
    for (const s of sockets) s.destroy();
    if (http.listening) http.close();
  };
  const http = createServer(async (req, res) => {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      return res.writeHead(400, { "content-type": "text/plain" }).end(`request body is not JSON: ${text.slice(0, 80)}`);
    }
    calls.push({ path: req.url ?? "", body, authorization: req.headers.authorization });
    const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    if (req.method !== "POST") return res.writeHead(405).end();
    if (req.url === "/reset") return json(200, {});
    if (req.url !== "/act") return res.writeHead(404, { "content-type": "text/plain" }).end(`no route ${req.url}`);
    acts++;
    if (typeof mode === "object" && acts > mode.crashAfter) return crash();
    if (mode === "hang") return;
    if (mode === "error") return res.writeHead(errorStatus, { "content-type": "text/plain" }).end("simulated policy failure (test server mode 'error')");
    if (mode === "malformed") return res.writeHead(200, { "content-type": "application/json" }).end("{not json");
    const state = (body as { state?: number[] } | undefined)?.state ?? [];
    const values = Array.from(testChunk(state, flat ? 1 : chunk, actionDims));
    const rows = Array.from({ length: flat ? 1 : chunk }, (_, h) => values.slice(h * actionDims, (h + 1) * actionDims));
    json(200, flat ? { action: rows[0] } : { actions: rows });
  });
  http.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const closed = new Promise((resolve) => http.once("close", resolve));

  const port = await listenOnLoopback(http, opts.port);
  return {
    url: `http://127.0.0.1:${port}`,
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
