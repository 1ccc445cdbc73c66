/**
 * Runs any ONNX policy described by a manifest (see manifest.ts and models/README.md) on CPU
 * through onnxruntime-node, with one intra-op thread: deterministic, and fair when many run in a
 * worker pool. The same observation always gives the same action chunk.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ActionChunk, type EnvSpec, graphValue, type Observation, type Policy } from "@gauntlet/core";
import * as ort from "onnxruntime-node";
import { type OnnxPolicyInput, type OnnxPolicyManifest, checkManifestAgainstGraph, parseOnnxPolicyManifest } from "./manifest";
import { resizeArea } from "@gauntlet/core";

export interface LoadOnnxPolicyOptions {
  /** The policy's name in records and tables; the manifest's name by default. */
  name?: string;
}

/**
 * Loads `dir/manifest.json` and the ONNX file it names, and checks that the manifest's inputs and
 * output match the graph's (names, dtypes, shapes); any mismatch throws here, naming it.
 */
export async function loadOnnxPolicy(dir: string, opts: LoadOnnxPolicyOptions = {}): Promise<Policy> {
  const manifestPath = join(dir, "manifest.json");
  let json: unknown;
  try {
    json = JSON.parse(await readFile(manifestPath, "utf8"));
  } catch (err) {
    throw new Error(`${manifestPath}: cannot read the ONNX policy manifest: ${(err as Error).message}`);
  }
  const manifest = parseOnnxPolicyManifest(json, manifestPath);
  const modelPath = join(dir, manifest.model);
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: "sequential",
  });
  try {
    checkManifestAgainstGraph(manifest, { inputs: session.inputMetadata.map(graphValue), outputs: session.outputMetadata.map(graphValue) }, manifestPath);
  } catch (err) {
    await session.release();
    throw err;
  }
  return new OnnxPolicy(opts.name ?? manifest.name, manifest, session);
}

/** A Policy backed by an ONNX session; build it with loadOnnxPolicy. */
export class OnnxPolicy implements Policy {
  private spec?: EnvSpec;

  constructor(
    readonly name: string,
    readonly manifest: OnnxPolicyManifest,
    private readonly session: ort.InferenceSession,
  ) {}

  async reset({ spec }: { seed: number; spec: EnvSpec }): Promise<void> {
    this.spec = spec;
  }

  /** Returns the first `execute` actions of the predicted chunk, denormalised, gripper as 1/0 (or a probability). */
  async act(obs: Observation): Promise<ActionChunk> {
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of this.manifest.inputs) feeds[input.name] = new ort.Tensor("float32", this.encode(input, obs), input.shape);
    const { output } = this.manifest;
    const result = await this.session.run(feeds, [output.name]);
    const raw = result[output.name].data as Float32Array;
    const dims = this.manifest.action.layout.length;
    const chunk: ActionChunk = [];
    for (let h = 0; h < (output.execute ?? output.chunk); h++) {
      const action = new Float32Array(dims);
      for (let i = 0; i < dims; i++) {
        const v = raw[h * dims + i];
        if (output.gripper?.index === i) {
          const p = 1 / (1 + Math.exp(-v));
          action[i] = output.gripper.threshold === null ? p : p >= output.gripper.threshold ? 1 : 0;
        } else {
          action[i] = v * output.std[i] + output.mean[i];
        }
      }
      chunk.push(action);
    }
    return chunk;
  }

  async close(): Promise<void> {
    await this.session.release();
  }

  private encode(input: OnnxPolicyInput, obs: Observation): Float32Array {
    if (input.role === "image") {
      const image = obs.images[input.camera];
      if (!image) throw new Error(`${this.name}: needs camera "${input.camera}", but the observation has ${Object.keys(obs.images).join(", ") || "no cameras"}; render it (makeSimEnv cameras option)`);
      const [, , height, width] = input.shape;
      return imageToTensor(resizeArea(image, width, height), width, height, input);
    }
    if (input.role === "state") {
      if (obs.state.length !== input.mean.length) throw new Error(`${this.name}: expected a state of ${input.mean.length} numbers, got ${obs.state.length}`);
      return Float32Array.from(obs.state, (v, i) => (v - input.mean[i]) / input.std[i]);
    }
    const key = input.key === "instruction" ? obs.instruction : this.spec?.task;
    if (key === undefined) throw new Error(`${this.name}: call reset before act (the task one-hot is keyed by the env spec's task)`);
    const index = input.vocabulary.indexOf(key);
    if (index < 0) throw new Error(`${this.name}: ${input.key} "${key}" is not in the model's vocabulary (${input.vocabulary.map((v) => `"${v}"`).join(", ")})`);
    const onehot = new Float32Array(input.vocabulary.length);
    onehot[index] = 1;
    return onehot;
  }
}

/** RGB HWC bytes to a normalised NCHW float tensor: (byte / scale - mean[c]) / std[c]. */
export function imageToTensor(rgb: Uint8Array, width: number, height: number, norm: { scale: number; mean: number[]; std: number[] }): Float32Array {
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    for (let p = 0; p < plane; p++) out[c * plane + p] = (rgb[p * 3 + c] / norm.scale - norm.mean[c]) / norm.std[c];
  }
  return out;
}
