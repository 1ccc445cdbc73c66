import { openNodeSession } from "./node-runtime";
import type { ModelSession, SessionOptions } from "./session";

/**
 * Opens an ONNX file on the runtime the options name (onnxruntime-node by default). The web
 * runtime is imported only when asked for, so Node users never load its wasm.
 */
export async function openSession(path: string, opts: SessionOptions = {}): Promise<ModelSession> {
  if ((opts.runtime ?? "node") === "node") return openNodeSession(path, opts);
  const { openWebSession } = await import("./web-runtime");
  return openWebSession(path, opts);
}
