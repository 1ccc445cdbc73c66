/** The onnxruntime-node backend of ModelSession: CPU everywhere, CUDA where its binaries are installed. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import { OrtSession } from "./ort-session";
import { type ModelSession, type SessionOptions, announce, firstThatOpens } from "./session";

/**
 * Providers tried by default, in order: `GAUNTLET_ORT_PROVIDERS` (comma-separated) if set; else, when
 * an NVIDIA driver is loaded, CUDA if onnxruntime-node's CUDA provider library is installed (see
 * cudaProviderLibrary) and WebGPU (bundled; Dawn over Vulkan); then CPU. On a CPU-only machine
 * WebGPU would land on a software Vulkan driver, slower than the CPU provider, so it is not tried there.
 */
export function defaultNodeProviders(): string[] {
  const forced = process.env.GAUNTLET_ORT_PROVIDERS;
  if (forced) return forced.split(",").map((p) => p.trim()).filter(Boolean);
  if (!existsSync("/proc/driver/nvidia/version")) return ["cpu"];
  const webgpu = ort.listSupportedBackends().some((b) => b.name === "webgpu" && b.bundled);
  return [...(existsSync(cudaProviderLibrary()) ? ["cuda"] : []), ...(webgpu ? ["webgpu"] : []), "cpu"];
}

/**
 * Where onnxruntime-node keeps its CUDA provider. `listSupportedBackends()` reports CUDA as not
 * bundled even once it is installed, because the library is a separate download: the install
 * script fetches it with `ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node` (this
 * project's .npmrc skips it, since the download fails offline), into the binding's folder.
 */
export function cudaProviderLibrary(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json"));
  return join(pkg, "bin", "napi-v6", process.platform, process.arch, "libonnxruntime_providers_cuda.so");
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
