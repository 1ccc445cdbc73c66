/** The onnxruntime-node backend of ModelSession: CPU everywhere, CUDA where its binaries are installed. */
import { existsSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { OrtSession } from "./ort-session";
import { type ModelSession, type SessionOptions, announce, firstThatOpens } from "./session";

/**
 * Providers tried by default, in order: `GAUNTLET_ORT_PROVIDERS` (comma-separated) if set; else CUDA
 * when onnxruntime-node's CUDA binaries are installed, WebGPU (bundled; Dawn over Vulkan) when an
 * NVIDIA driver is loaded, then CPU. On a CPU-only machine WebGPU would land on a software Vulkan
 * driver, slower than the CPU provider, so it is not tried there.
 */
export function defaultNodeProviders(): string[] {
  const forced = process.env.GAUNTLET_ORT_PROVIDERS;
  if (forced) return forced.split(",").map((p) => p.trim()).filter(Boolean);
  const bundled = new Set(ort.listSupportedBackends().filter((b) => b.bundled).map((b) => b.name));
  const nvidia = existsSync("/proc/driver/nvidia/version");
  return [...(bundled.has("cuda") ? ["cuda"] : []), ...(nvidia && bundled.has("webgpu") ? ["webgpu"] : []), "cpu"];
}

/** Opens an ONNX file with onnxruntime-node, trying each provider in order. */
export async function openNodeSession(path: string, opts: SessionOptions = {}): Promise<ModelSession> {
  const providers = opts.providers ?? defaultNodeProviders();
  const threads = opts.threads ?? 1;
  // Spinning only exists with pool threads (threads > 1); the results are the same either way.
  const spinning = { extra: { session: { intra_op: { allow_spinning: opts.spin ? "1" : "0" } } } };
  const { session, provider } = await firstThatOpens(
    providers,
    (p) => ort.InferenceSession.create(path, { executionProviders: [p], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential", ...(threads > 1 ? spinning : {}) }),
    path,
  );
  announce("onnxruntime-node", provider, opts.log, providers.slice(0, providers.indexOf(provider)));
  return new OrtSession("onnxruntime-node", session, provider, (data, dims) => new ort.Tensor("float32", data, dims));
}
