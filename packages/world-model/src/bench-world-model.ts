/** Measures world-model stepping: time per batched env step, predicted frames per second, graph calls per frame. */
import { makeRng } from "@gauntlet/core";
import { WorldModelBatch } from "./batch";
import type { Judge } from "./judge";
import { framesPerCall } from "./manifest";
import type { RuntimeName } from "./runtime/session";
import { loadWorldModel } from "./world-model";

export interface WorldModelBenchOptions {
  runtime: RuntimeName;
  /** Episodes stepped together. */
  batch: number;
  /** Timed steps, after two warm-up steps. */
  steps?: number;
  judge?: Judge;
  /** Intra-op threads (node) or wasm threads (web); 1 by default, as in evaluations. */
  threads?: number;
}

export interface WorldModelBench {
  /** Wall time of one batched step (all episodes), model + judge + frame conversion. */
  msPerStep: number;
  /** Predicted frames (one per episode per step, all views) per second. */
  framesPerSecond: number;
  /** Graph calls per step (1 for a direct model; the sampler's steps for diffusion and flow). */
  callsPerStep: number;
  provider: string;
}

/** Steps `batch` episodes of the model in `dir` from flat grey first frames with seeded random actions. */
export async function benchWorldModel(dir: string, opts: WorldModelBenchOptions): Promise<WorldModelBench> {
  const model = await loadWorldModel(dir, { runtime: opts.runtime, threads: opts.threads, log: () => undefined });
  try {
    const m = model.manifest;
    const batch = new WorldModelBatch(model, opts.judge, opts.batch);
    const grey = { width: m.image.width, height: m.image.height, data: new Uint8Array(m.image.width * m.image.height * 4).fill(128) };
    const images = Object.fromEntries(m.image.views.map((v) => [v, grey]));
    const state = new Array(batch.stateNames.length).fill(0);
    const maxSteps = 1_000_000;
    const start = (i: number) => ({ images, state, instruction: "bench", task: "pick-lift", seed: i, maxSteps });
    await batch.reset(Array.from({ length: opts.batch }, (_, i) => start(i)));
    const rng = makeRng(0);
    const actions = () => Array.from({ length: opts.batch }, () => Array.from({ length: framesPerCall(m) }, () => batch.actionSpec.dims.map((d) => rng.uniform(d.low, d.high))));
    let ms = 0;
    let calls = 0;
    const steps = opts.steps ?? 20;
    for (let i = -2; i < steps; i++) {
      const before = model.calls;
      const t0 = performance.now();
      const results = await batch.step(actions());
      // Two warm-up steps are not timed.
      if (i >= 0) {
        ms += performance.now() - t0;
        calls += model.calls - before;
      }
      // An episode the judge ends restarts (untimed), so every step keeps the whole batch.
      const ended = results.map((r) => r?.some((x) => x.terminated || x.truncated) ?? false);
      if (ended.some(Boolean)) await batch.reset(ended.map((e, k) => (e ? start(k) : null)));
    }
    ms /= steps;
    return { msPerStep: ms, framesPerSecond: (opts.batch * framesPerCall(m) * 1000) / ms, callsPerStep: calls / steps, provider: model.session.provider };
  } finally {
    await model.close();
  }
}
