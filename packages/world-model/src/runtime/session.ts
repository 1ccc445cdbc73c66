/**
 * One interface over the ONNX runtimes: a session runs named float32 tensors through a graph and
 * says which runtime and execution provider it landed on. onnxruntime-node serves Node (CPU, and
 * CUDA where its binaries are installed); onnxruntime-web serves the browser (WebGPU, then
 * WebAssembly) and is the Node fallback.
 */
import type { GraphValue } from "@gauntlet/core";

/** A dense float32 tensor, row-major. */
export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

/** A loaded graph on one runtime. */
export interface ModelSession {
  /** "onnxruntime-node" or "onnxruntime-web". */
  readonly runtime: string;
  /** The execution provider the session runs on: "cpu", "cuda", "webgpu", "wasm". */
  readonly provider: string;
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  /** Runs the graph; returns the requested outputs (all by default). */
  run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>>;
  /** Frees the session; safe to call more than once. */
  close(): Promise<void>;
}

export type RuntimeName = "node" | "web";

export interface SessionOptions {
  /** Which runtime; "node" by default in Node. */
  runtime?: RuntimeName;
  /**
   * Execution providers to try in order, falling back to the next when one fails to load. Default:
   * node ["cuda" where installed, "cpu"]; web ["webgpu", "wasm"] in a browser, ["wasm"] in Node.
   */
  providers?: readonly string[];
  /** Intra-op threads (node) or wasm threads (web); 1 by default: deterministic, and fair in a worker pool. */
  threads?: number;
  /**
   * Whether idle intra-op threads spin-wait for work between and after graph calls (node, threads > 1).
   * Off by default: on a machine shared with other work, spinning threads take the cores that work
   * needs, and the graph call slows down with it (bench section `world-model` shows both).
   */
  spin?: boolean;
  /** Where to report the provider chosen; console.error by default, once per runtime and provider. */
  log?: (line: string) => void;
}

/** Tries each provider in order and returns the first session that opens, naming every failure if none does. */
export async function firstThatOpens<S>(providers: readonly string[], open: (provider: string) => Promise<S>, what: string): Promise<{ session: S; provider: string }> {
  if (providers.length === 0) throw new Error(`${what}: no execution providers to try`);
  const failures: string[] = [];
  for (const provider of providers) {
    try {
      return { session: await open(provider), provider };
    } catch (err) {
      failures.push(`${provider}: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  throw new Error(`${what}: no execution provider could load the model:\n  ${failures.join("\n  ")}`);
}

const announced = new Set<string>();

/** Logs the runtime and provider a session landed on (and which failed first), once per process for each. */
export function announce(runtime: string, provider: string, log: ((line: string) => void) | undefined, skipped: readonly string[]): void {
  const key = `${runtime}/${provider}/${skipped}`;
  if (announced.has(key)) return;
  announced.add(key);
  const fell = skipped.length > 0 ? ` (after ${skipped.join(", ")} failed)` : "";
  (log ?? console.error)(`world-model: ${runtime} on ${provider}${fell}`);
}

/** Checks that a tensor's data length matches its dims. */
export function checkTensor(name: string, t: Tensor): void {
  const size = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== size) throw new Error(`tensor "${name}": ${t.data.length} values for dims [${t.dims}] (${size} expected)`);
}
