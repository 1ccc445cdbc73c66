/** The ModelSession over an onnxruntime InferenceSession, shared by the onnxruntime-node and onnxruntime-web backends. */
// The subpath, not the package index: this file is bundled for browsers, and the index pulls in Node modules.
import { type GraphValue, graphValue } from "@gauntlet/core/graph-check";
import type { InferenceSession, Tensor as OrtTensor } from "onnxruntime-common";
import { type ModelSession, type Tensor, checkTensor } from "./session";

/**
 * Builds a float32 tensor for the runtime's own Tensor class: onnxruntime-web's bundle carries its
 * own copy of onnxruntime-common, so a tensor must come from the runtime that will read it.
 */
export type MakeOrtTensor = (data: Float32Array, dims: readonly number[]) => OrtTensor;

/** Wraps an opened onnxruntime session as a ModelSession. */
export class OrtSession implements ModelSession {
  readonly inputs: GraphValue[];
  readonly outputs: GraphValue[];
  private closed = false;

  constructor(
    readonly runtime: string,
    private readonly session: InferenceSession,
    readonly provider: string,
    private readonly makeTensor: MakeOrtTensor,
  ) {
    this.inputs = session.inputMetadata.map(graphValue);
    this.outputs = session.outputMetadata.map(graphValue);
  }

  async run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, OrtTensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      checkTensor(name, t);
      ortFeeds[name] = this.makeTensor(t.data, t.dims);
    }
    const result = outputs ? await this.session.run(ortFeeds, [...outputs]) : await this.session.run(ortFeeds);
    const out: Record<string, Tensor> = {};
    // WebGPU outputs may live on the GPU; getData() downloads them (and returns the data itself on the CPU).
    for (const [name, t] of Object.entries(result)) out[name] = { data: (await t.getData()) as Float32Array, dims: t.dims };
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.release();
  }
}
