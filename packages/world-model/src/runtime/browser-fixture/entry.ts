/**
 * The page side of browser-runtime.test.ts: bundled for the browser, it opens a model by URL with
 * the web runtime (`@gauntlet/world-model/web`, WebGPU then wasm) and runs it on the feeds it is
 * given, so the test can compare the page's outputs with onnxruntime-node's.
 */
import * as ort from "onnxruntime-web";
import { openWebSession } from "../web-runtime";

/** Feeds and outputs cross the page boundary as plain arrays. */
export interface PlainTensor {
  data: number[];
  dims: number[];
}

/** What one run in the page reports. */
export interface PageRun {
  provider: string;
  runtime: string;
  log: string[];
  crossOriginIsolated: boolean;
  threads: number;
  outputs: Record<string, PlainTensor>;
}

/** Opens `modelUrl` with the web runtime, runs it once on `feeds` and releases it. */
async function runModel(modelUrl: string, feeds: Record<string, PlainTensor>, threads: number): Promise<PageRun> {
  // The wasm binaries are served next to this bundle, under /ort/.
  ort.env.wasm.wasmPaths = new URL("/ort/", location.href).href;
  const log: string[] = [];
  const session = await openWebSession(modelUrl, { threads, log: (line) => log.push(line) });
  try {
    const typed = Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, { data: Float32Array.from(t.data), dims: t.dims }]));
    const result = await session.run(typed);
    const outputs = Object.fromEntries(Object.entries(result).map(([k, t]) => [k, { data: Array.from(t.data), dims: [...t.dims] }]));
    return { provider: session.provider, runtime: session.runtime, log, crossOriginIsolated, threads: ort.env.wasm.numThreads ?? 1, outputs };
  } finally {
    await session.close();
  }
}

(globalThis as unknown as { runModel: typeof runModel }).runModel = runModel;
