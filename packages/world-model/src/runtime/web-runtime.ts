/**
 * The onnxruntime-web backend of ModelSession: WebGPU then WebAssembly in a browser, WebAssembly
 * in Node (the fallback runtime). Threads need a cross-origin-isolated page in a browser.
 */
import type { GraphValue } from "@gauntlet/core";
import * as ort from "onnxruntime-web";
import { type ModelSession, type SessionOptions, type Tensor, announce, checkTensor, firstThatOpens } from "./session";

const inNode = typeof process !== "undefined" && process.versions?.node !== undefined;

/** Providers tried by default: WebGPU then wasm in a browser, wasm in Node. */
export function defaultWebProviders(): string[] {
  return inNode ? ["wasm"] : ["webgpu", "wasm"];
}

/** Opens an ONNX model (a file path in Node, a URL in a browser, or the bytes) with onnxruntime-web. */
export async function openWebSession(model: string | Uint8Array, opts: SessionOptions = {}): Promise<ModelSession> {
  const providers = opts.providers ?? defaultWebProviders();
  ort.env.wasm.numThreads = opts.threads ?? 1;
  const bytes = typeof model === "string" && inNode ? new Uint8Array(await (await import("node:fs/promises")).readFile(model)) : model;
  const what = typeof model === "string" ? model : "model bytes";
  const { session, provider } = await firstThatOpens(
    providers,
    (p) => (typeof bytes === "string" ? ort.InferenceSession.create(bytes, { executionProviders: [p] }) : ort.InferenceSession.create(bytes, { executionProviders: [p] })),
    what,
  );
  announce("onnxruntime-web", provider, opts.log, providers.slice(0, providers.indexOf(provider)));
  return new WebSession(session, provider);
}

class WebSession implements ModelSession {
  readonly runtime = "onnxruntime-web";
  readonly inputs: GraphValue[];
  readonly outputs: GraphValue[];
  private closed = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly provider: string,
  ) {
    this.inputs = session.inputMetadata.map(graphValue);
    this.outputs = session.outputMetadata.map(graphValue);
  }

  async run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      checkTensor(name, t);
      ortFeeds[name] = new ort.Tensor("float32", t.data, t.dims);
    }
    const result = outputs ? await this.session.run(ortFeeds, [...outputs]) : await this.session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    // WebGPU outputs may live on the GPU; getData() downloads them (and is a copy on wasm).
    for (const [name, t] of Object.entries(result)) out[name] = { data: (await t.getData()) as Float32Array, dims: t.dims };
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}

function graphValue(v: ort.InferenceSession.ValueMetadata): GraphValue {
  return v.isTensor ? { name: v.name, type: v.type, shape: v.shape } : { name: v.name, shape: [] };
}
