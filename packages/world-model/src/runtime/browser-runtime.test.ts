/**
 * The web runtime in a real browser: `browser-fixture/entry.ts` is bundled with esbuild and served
 * with the ORT wasm files and the shipped models from a cross-origin-isolated page (COOP/COEP, so
 * wasm threads are available); headless Chromium opens each model by URL through
 * `openWebSession` (WebGPU first, then wasm) and its outputs must match onnxruntime-node's on the
 * same inputs within 1e-4.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { basename, extname, join } from "node:path";
import { makeRng } from "@gauntlet/core";
import { build } from "esbuild";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT, TINY_DIFFUSION } from "../testing/shipped-models";
import type { PageRun, PlainTensor } from "./browser-fixture/entry";
import { openSession } from "./open-session";
import type { ModelSession } from "./session";

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const ORT_DIST = join(REPO_ROOT, "node_modules/onnxruntime-web/dist");
/** The shipped reference model and the tiny diffusion denoiser, served as /models/<name>.onnx. */
const MODELS: Record<string, string> = {
  "world-model": join(REPO_ROOT, "models/world-model/model.onnx"),
  "wm-tiny-diffusion": join(TINY_DIFFUSION, "model.onnx"),
};
/** wasm threads asked of the page; more than one proves the threaded build runs. */
const THREADS = 2;
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".onnx": "application/octet-stream" };

let server: Server;
let browser: Browser;
let origin: string;

/** Serves the page, its bundle, ORT's dist files and the models, with the headers of cross-origin isolation. */
function serve(bundle: string): Promise<Server> {
  const files = (path: string): string | Buffer | undefined => {
    if (path === "/") return '<!doctype html><meta charset="utf-8"><script type="module" src="/entry.js"></script>';
    if (path === "/entry.js") return bundle;
    if (path.startsWith("/ort/")) return readFileSync(join(ORT_DIST, basename(path)));
    const model = /^\/models\/([\w-]+)\.onnx$/.exec(path)?.[1];
    return model && MODELS[model] ? readFileSync(MODELS[model]) : undefined;
  };
  const s = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    let body: string | Buffer | undefined;
    try {
      body = files(path);
    } catch {
      body = undefined;
    }
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
    if (body === undefined) {
      res.writeHead(404).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path === "/" ? ".html" : extname(path)] ?? "application/octet-stream" }).end(body);
  });
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve(s)));
}

/** A fresh page on the fixture, so each model gets its own runtime (and its own provider log line). */
async function openFixture(): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => "runModel" in globalThis).catch((e) => {
    throw new Error(`the fixture did not load: ${errors.join("; ") || (e as Error).message}`);
  });
  return page;
}

/** Deterministic positive feeds (noise levels feed log(sigma)) for a session's inputs, batch 3. */
function feedsFor(session: ModelSession, seed: number): Record<string, PlainTensor> {
  const rng = makeRng(seed);
  return Object.fromEntries(
    session.inputs.map((v) => {
      const dims = v.shape.map((d) => (typeof d === "number" && d > 0 ? d : 3));
      const size = dims.reduce((a, b) => a * b, 1);
      return [v.name, { data: Array.from(Float32Array.from({ length: size }, () => rng.uniform(0.05, 1))), dims }];
    }),
  );
}

beforeAll(async () => {
  const out = await build({
    entryPoints: [join(import.meta.dirname, "browser-fixture/entry.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    // The web runtime reads files with node:fs only in Node; the browser never takes that branch.
    external: ["node:*"],
    logLevel: "silent",
  });
  server = await serve(out.outputFiles[0].text);
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("onnxruntime-web in Chromium agrees with onnxruntime-node", () => {
  it.each(Object.keys(MODELS))("within 1e-4 on %s", async (name) => {
    const node = await openSession(MODELS[name], { runtime: "node", log: () => {} });
    const page = await openFixture();
    try {
      const feeds = feedsFor(node, 7);
      const typed = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { data: Float32Array.from(t.data), dims: t.dims }]));
      const expected = await node.run(typed);
      const webGpu = await page.evaluate(async () => {
        const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
        return gpu ? (await gpu.requestAdapter()) !== null : false;
      });
      const got: PageRun = await page.evaluate(({ url, feeds, threads }) => (globalThis as unknown as { runModel: (u: string, f: typeof feeds, t: number) => Promise<PageRun> }).runModel(url, feeds, threads), {
        url: `${origin}/models/${name}.onnx`,
        feeds,
        threads: THREADS,
      });
      expect(got.crossOriginIsolated).toBe(true);
      expect(got.runtime).toBe("onnxruntime-web");
      // ORT drops to one thread without cross-origin isolation; pthreads run as dedicated workers.
      expect(got.threads).toBe(THREADS);
      expect(page.workers().length).toBeGreaterThan(0);
      // WebGPU is tried first; without an adapter (no GPU, --disable-gpu) the runtime must fall back to wasm and say so.
      expect(got.provider).toBe(webGpu ? "webgpu" : "wasm");
      if (!webGpu) expect(got.log).toEqual(["world-model: onnxruntime-web on wasm (after webgpu failed)"]);
      expect(Object.keys(got.outputs).sort()).toEqual(Object.keys(expected).sort());
      let worst = 0;
      for (const [out, t] of Object.entries(expected)) {
        expect(got.outputs[out].dims).toEqual([...t.dims]);
        t.data.forEach((v, i) => {
          worst = Math.max(worst, Math.abs(v - got.outputs[out].data[i]));
        });
      }
      console.error(`browser-runtime: ${name} on ${got.provider} (${got.threads} wasm threads, ${page.workers().length} workers, webgpu adapter: ${webGpu}), max |web - node| = ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      await page.close();
      await node.close();
    }
  });
});
