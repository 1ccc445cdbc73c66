/**
 * The onnxruntime-web backend of ModelSession: WebGPU then WebAssembly in a browser, WebAssembly
 * in Node (the fallback runtime). Threads need a cross-origin-isolated page in a browser.
 */
import * as ort from "onnxruntime-web";
import { OrtSession } from "./ort-session";
import { type ModelSession, type SessionOptions, announce, firstThatOpens } from "./session";

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
  return new OrtSession("onnxruntime-web", session, provider, (data, dims) => new ort.Tensor("float32", data, dims));
}
