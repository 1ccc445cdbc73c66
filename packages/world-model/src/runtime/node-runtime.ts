/** The onnxruntime-node backend of ModelSession: CPU everywhere, CUDA where its binaries are installed. */
import { existsSync } from "node:fs";
import type { GraphValue } from "@gauntlet/core";
import * as ort from "onnxruntime-node";
import { type ModelSession, type SessionOptions, type Tensor, announce, checkTensor, firstThatOpens } from "./session";

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
  const { session, provider } = await firstThatOpens(
    providers,
    (p) => ort.InferenceSession.create(path, { executionProviders: [p], intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: "sequential" }),
    path,
  );
  announce("onnxruntime-node", provider, opts.log, providers.slice(0, providers.indexOf(provider)));
  return new NodeSession(session, provider);
}

class NodeSession implements ModelSession {
  readonly runtime = "onnxruntime-node";
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
    return Object.fromEntries(Object.entries(result).map(([name, t]) => [name, { data: t.data as Float32Array, dims: t.dims }]));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}

/** Reads an input or output's declared name, element type and shape from onnxruntime metadata. */
export function graphValue(v: ort.InferenceSession.ValueMetadata): GraphValue {
  return v.isTensor ? { name: v.name, type: v.type, shape: v.shape } : { name: v.name, shape: [] };
}
