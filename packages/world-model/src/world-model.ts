/**
 * A loaded world model: its manifest and graph, and one batched prediction step. Direct models
 * predict in one call; diffusion and flow models run the sampler around their denoiser graph.
 */
import type { Rng } from "@gauntlet/core";
import { sigmoid } from "./judge";
import { loadChecked } from "./load-checked";
import { contextLength, framesPerCall, type WorldModelManifest, worldModelManifestSchema } from "./manifest";
import type { ModelSession, SessionOptions, Tensor } from "./runtime/session";
import { guide, sample } from "./sampler";

/** One batched prediction: B samples, each with its own context, actions, state and noise stream. */
export interface PredictRequest {
  /** [B, T, C, H, W] context frames in the manifest's range, oldest first. */
  frames: Float32Array;
  /** [B, K, action.dim] raw actions (normalised here). */
  actions: Float32Array;
  /** [B, state.dim] raw states; needed when the graph takes a state. */
  state?: Float32Array;
  /** One noise stream per sample (diffusion and flow). */
  rngs: readonly Rng[];
}

export interface Prediction {
  /** [B, K, C, H, W] predicted frames, clamped to the manifest's range (by `predict`; not by `predictUnclamped`). */
  frames: Float32Array;
  /** [B, state.dim] raw predicted states, when the graph outputs them. */
  state?: Float32Array;
  /** [B, K] success probabilities of the predicted frames, when the graph scores its own frames. */
  success?: Float32Array;
  /** [B, K] progress of the predicted frames in [0, 1], when the graph outputs it. */
  progress?: Float32Array;
}

export class WorldModel {
  /** Graph calls made so far (a diffusion frame costs `steps` of them). */
  calls = 0;

  constructor(
    readonly manifest: WorldModelManifest,
    readonly session: ModelSession,
    readonly dir: string,
  ) {}

  /** Predicts the next K frames (and state) of every sample in one batched pass. */
  async predict(req: PredictRequest): Promise<Prediction> {
    const prediction = await this.predictUnclamped(req);
    clampInPlace(prediction.frames, this.manifest.image.range);
    return prediction;
  }

  /**
   * `predict` without clamping the frames to the range: for callers that round frames to bytes
   * themselves (ByteGrid), which clamps to the same result, so the pass over the frames is saved.
   */
  async predictUnclamped(req: PredictRequest): Promise<Prediction> {
    const m = this.manifest;
    const B = req.rngs.length;
    const { width: W, height: H, views } = m.image;
    const C = 3 * views.length;
    const T = contextLength(m);
    const K = framesPerCall(m);
    const frameSize = K * C * H * W;
    expectLength("frames", req.frames, B * T * C * H * W);
    expectLength("actions", req.actions, B * K * m.action.dim);
    const actions = normalise(req.actions, m.action.mean, m.action.std);
    const feeds: Record<string, Tensor> = {
      [m.inputs.frames.name]: { data: req.frames, dims: [B, T, C, H, W] },
      [m.inputs.actions.name]: { data: actions, dims: [B, K, m.action.dim] },
    };
    if (m.inputs.state) {
      if (!req.state || !m.state) throw new Error(`world model ${m.name}: its graph takes a state; pass one`);
      expectLength("state", req.state, B * m.state.dim);
      feeds[m.inputs.state.name] = { data: normalise(req.state, m.state.mean, m.state.std), dims: [B, m.state.dim] };
    }
    const extras = [m.outputs.state, m.outputs.success, m.outputs.progress].filter((t) => t !== undefined);
    const wanted = [m.outputs.frames.name, ...extras.map((t) => t.name)];
    let frames: Float32Array;
    // The state and scores of the predicted frames (a diffusion model's from its last denoiser step).
    let last: Record<string, Tensor> = {};
    if (m.kind === "direct") {
      last = await this.run(feeds, wanted);
      frames = last[m.outputs.frames.name].data;
    } else {
      const spec = m.sampler;
      const noisy = m.inputs.noisy;
      const level = m.inputs.sigma ?? m.inputs.t;
      if (!spec || !noisy || !level) throw new Error(`world model ${m.name}: a ${m.kind} model needs sampler, inputs.noisy and inputs.sigma/t`);
      const guided = spec.guidance !== 1;
      // With guidance the conditional half and the unconditional half (zero actions) share one call.
      const base = guided ? stackWithUnconditional(feeds, m.inputs.actions.name) : feeds;
      const rows = guided ? 2 * B : B;
      frames = await sample(m.kind, spec, req.rngs, frameSize, async (x, lvl, step) => {
        const out = await this.run(
          {
            ...base,
            [noisy.name]: { data: guided ? repeatTwice(x) : x, dims: [rows, K, C, H, W] },
            [level.name]: { data: new Float32Array(rows).fill(lvl), dims: [rows] },
          },
          wanted,
        );
        if (step === spec.steps - 1) last = out;
        const raw = out[m.outputs.frames.name].data;
        return guided ? guide(raw, spec.guidance) : raw;
      });
    }
    // With guidance the outputs hold the unconditional half after the first B rows.
    const rowsOf = (name: string | undefined, width: number) => (name ? last[name].data.slice(0, B * width) : undefined);
    const stateOut = rowsOf(m.outputs.state?.name, m.state?.dim ?? 0);
    const logits = rowsOf(m.outputs.success?.name, K);
    const progress = rowsOf(m.outputs.progress?.name, K);
    return {
      frames,
      state: stateOut && m.state ? denormalise(stateOut, m.state.mean, m.state.std) : undefined,
      success: logits?.map(sigmoid),
      progress: progress?.map((v) => Math.min(1, Math.max(0, v))),
    };
  }

  async close(): Promise<void> {
    await this.session.close();
  }

  private run(feeds: Record<string, Tensor>, outputs: string[]): Promise<Record<string, Tensor>> {
    this.calls++;
    return this.session.run(feeds, outputs);
  }
}

/** Loads `dir/manifest.json` and its graph; a manifest that does not match the graph throws here, naming the mismatch. */
export async function loadWorldModel(dir: string, opts: SessionOptions = {}): Promise<WorldModel> {
  const { manifest, session } = await loadChecked(dir, worldModelManifestSchema, "world-model manifest", opts);
  return new WorldModel(manifest, session, dir);
}

/** Clamps every value to the range, in place (predictions are fresh arrays no one else holds). */
function clampInPlace(frames: Float32Array, [lo, hi]: readonly [number, number]): void {
  const n = frames.length;
  for (let i = 0; i < n; i++) {
    const x = frames[i];
    // Most values are inside the range already: skip Math.min/max there (same result, faster).
    if (!(x > lo && x < hi)) frames[i] = Math.min(hi, Math.max(lo, x));
  }
}

function expectLength(what: string, data: Float32Array, n: number): void {
  if (data.length !== n) throw new Error(`predict: ${what} has ${data.length} values, expected ${n}`);
}

function normalise(x: Float32Array, mean: readonly number[], std: readonly number[]): Float32Array {
  const d = mean.length;
  return Float32Array.from(x, (v, i) => (v - mean[i % d]) / std[i % d]);
}

function denormalise(x: Float32Array, mean: readonly number[], std: readonly number[]): Float32Array {
  const d = mean.length;
  return Float32Array.from(x, (v, i) => v * std[i % d] + mean[i % d]);
}

/** Every feed twice along the batch axis, the second copy's actions zeroed (normalised zero = the unconditional branch). */
function stackWithUnconditional(feeds: Record<string, Tensor>, actionsName: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    const data = new Float32Array(2 * t.data.length);
    data.set(t.data);
    if (name !== actionsName) data.set(t.data, t.data.length);
    out[name] = { data, dims: [2 * t.dims[0], ...t.dims.slice(1)] };
  }
  return out;
}

function repeatTwice(x: Float32Array): Float32Array {
  const out = new Float32Array(2 * x.length);
  out.set(x);
  out.set(x, x.length);
  return out;
}
