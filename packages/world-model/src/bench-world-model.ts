/**
 * Measures world-model stepping: time per batched env step, predicted frames per second, graph calls
 * per frame, and, for comparison in the same run, the graph calls alone (so the env step's own cost
 * around them shows).
 */
import { makeRng } from "@gauntlet/core";
import { WorldModelBatch } from "./batch";
import type { Judge } from "./judge";
import { framesPerCall } from "./manifest";
import type { ModelSession, RuntimeName, Tensor } from "./runtime/session";
import { loadWorldModel, WorldModel } from "./world-model";

export interface WorldModelBenchOptions {
  runtime: RuntimeName;
  /** Episodes stepped together. */
  batch: number;
  /** Timed steps, after two warm-up steps. */
  steps?: number;
  judge?: Judge;
  /** Intra-op threads (node) or wasm threads (web); 1 by default, as in evaluations. */
  threads?: number;
  /** Whether idle intra-op threads spin (node, threads > 1); off by default, as in SessionOptions. */
  spin?: boolean;
}

export interface WorldModelBench {
  /** Wall time of one batched step (all episodes), model + judge + frame conversion. */
  msPerStep: number;
  /** Predicted frames (one per episode per step, all views) per second. */
  framesPerSecond: number;
  /**
   * Wall time of the step's world-model graph calls alone: after each timed step, the same calls
   * with the same inputs are run again through the session and timed. The judge's call is not in it.
   */
  graphMsPerStep: number;
  /** The frames per second the graph calls alone would give: the ceiling for `framesPerSecond`. */
  graphFramesPerSecond: number;
  /** Graph calls per step (1 for a direct model; the sampler's steps for diffusion and flow). */
  callsPerStep: number;
  provider: string;
}

/** Steps `batch` episodes of the model in `dir` from flat grey first frames with seeded random actions. */
export async function benchWorldModel(dir: string, opts: WorldModelBenchOptions): Promise<WorldModelBench> {
  const loaded = await loadWorldModel(dir, { runtime: opts.runtime, threads: opts.threads, spin: opts.spin, log: () => undefined });
  const recorder = new RecordingSession(loaded.session);
  const model = new WorldModel(loaded.manifest, recorder, loaded.dir);
  try {
    const m = model.manifest;
    const batch = new WorldModelBatch(model, opts.judge, opts.batch);
    const grey = { width: m.image.width, height: m.image.height, data: new Uint8Array(m.image.width * m.image.height * 4).fill(128) };
    const images = Object.fromEntries(m.image.views.map((v) => [v, grey]));
    const state = new Array(batch.stateNames.length).fill(0);
    const maxSteps = 1_000_000;
    const start = (i: number) => ({ images, state, instruction: "pick up the red cube", task: "pick-lift", seed: i, maxSteps });
    await batch.reset(Array.from({ length: opts.batch }, (_, i) => start(i)));
    const rng = makeRng(0);
    const actions = () => Array.from({ length: opts.batch }, () => Array.from({ length: framesPerCall(m) }, () => batch.actionSpec.dims.map((d) => rng.uniform(d.low, d.high))));
    let ms = 0;
    let graphMs = 0;
    let calls = 0;
    const steps = opts.steps ?? 20;
    for (let i = -2; i < steps; i++) {
      const acts = actions();
      recorder.calls.length = 0;
      const t0 = performance.now();
      const results = await batch.step(acts);
      const stepMs = performance.now() - t0;
      // The same graph calls again, right after the step, under the same conditions.
      const t1 = performance.now();
      for (const call of recorder.calls) await loaded.session.run(call.feeds, call.outputs);
      const replayMs = performance.now() - t1;
      // Two warm-up steps are not timed.
      if (i >= 0) {
        ms += stepMs;
        graphMs += replayMs;
        calls += recorder.calls.length;
      }
      // An episode the judge ends restarts (untimed), so every step keeps the whole batch.
      const ended = results.map((r) => r?.some((x) => x.terminated || x.truncated) ?? false);
      if (ended.some(Boolean)) await batch.reset(ended.map((e, k) => (e ? start(k) : null)));
    }
    const frames = opts.batch * framesPerCall(m);
    return {
      msPerStep: ms / steps,
      framesPerSecond: (frames * 1000 * steps) / ms,
      graphMsPerStep: graphMs / steps,
      graphFramesPerSecond: (frames * 1000 * steps) / graphMs,
      callsPerStep: calls / steps,
      provider: model.session.provider,
    };
  } finally {
    await model.close();
  }
}

/** A session that keeps the feeds of the calls made through it, so they can be run again alone. */
class RecordingSession implements ModelSession {
  readonly calls: { feeds: Record<string, Tensor>; outputs?: readonly string[] }[] = [];

  constructor(private readonly inner: ModelSession) {}

  get runtime(): string {
    return this.inner.runtime;
  }
  get provider(): string {
    return this.inner.provider;
  }
  get inputs() {
    return this.inner.inputs;
  }
  get outputs() {
    return this.inner.outputs;
  }

  run(feeds: Record<string, Tensor>, outputs?: readonly string[]): Promise<Record<string, Tensor>> {
    this.calls.push({ feeds, outputs });
    return this.inner.run(feeds, outputs);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
