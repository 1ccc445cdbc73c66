import { makeRng } from "@gauntlet/core";
import { describe, expect, it } from "vitest";
import { guide, type SamplerSpec, sample } from "./sampler";
import { TINY_DIFFUSION } from "./testing/shipped-models";
import { loadWorldModel } from "./world-model";

const spec = (over: Partial<SamplerSpec> = {}): SamplerSpec => ({ method: "euler", steps: 4, sigmas: [2, 1, 0.5, 0.1, 0], guidance: 1, parameterization: "x0", eta: 0, ...over });
const target = Float32Array.from([0.2, -0.4, 0.9]);
/** A perfect denoiser for data that is always `target`. */
const perfect = (param: SamplerSpec["parameterization"], kind: "diffusion" | "flow") => async (x: Float32Array, level: number) =>
  Float32Array.from(x, (v, i) => {
    const x0 = target[i % 3];
    if (param === "x0") return x0;
    if (kind === "diffusion") return (v - x0) / level; // eps
    return (v - (1 - level) * x0) / level - x0; // velocity = eps - x0
  });

describe("sampler", () => {
  it.each([
    ["diffusion", "x0"],
    ["diffusion", "eps"],
    ["flow", "velocity"],
    ["flow", "x0"],
  ] as const)("lands on the data with a perfect %s denoiser (%s)", async (kind, param) => {
    const s = spec({ parameterization: param, sigmas: kind === "flow" ? [1, 0.6, 0.3, 0.1, 0] : [2, 1, 0.5, 0.1, 0] });
    const out = await sample(kind, s, [makeRng(1), makeRng(2)], 3, perfect(param, kind));
    for (const [i, v] of out.entries()) expect(v).toBeCloseTo(target[i % 3], 5);
  });

  it("follows the probability-flow ODE: DDIM with eta 0 equals Euler, eta 1 differs but is seeded", async () => {
    // A denoiser that shrinks the sample: the path, not just the end point, matters.
    const shrink = async (x: Float32Array) => Float32Array.from(x, (v) => v * 0.5);
    const euler = await sample("diffusion", spec(), [makeRng(3)], 8, shrink);
    const ddim0 = await sample("diffusion", spec({ method: "ddim", eta: 0 }), [makeRng(3)], 8, shrink);
    const ddim1 = await sample("diffusion", spec({ method: "ddim", eta: 1 }), [makeRng(3)], 8, shrink);
    const again = await sample("diffusion", spec({ method: "ddim", eta: 1 }), [makeRng(3)], 8, shrink);
    expect(Array.from(ddim0)).toEqual(Array.from(euler));
    expect(Array.from(ddim1)).not.toEqual(Array.from(euler));
    expect(Array.from(again)).toEqual(Array.from(ddim1));
  });

  it("draws each sample's noise from its own stream, whatever its batch-mates", async () => {
    const alone = await sample("diffusion", spec({ parameterization: "eps" }), [makeRng(9)], 5, async (x) => Float32Array.from(x, () => 0.1));
    const paired = await sample("diffusion", spec({ parameterization: "eps" }), [makeRng(4), makeRng(9)], 5, async (x) => Float32Array.from(x, () => 0.1));
    expect(Array.from(paired.subarray(5))).toEqual(Array.from(alone));
  });

  it("guides as uncond + g (cond - uncond)", () => {
    expect(Array.from(guide(Float32Array.from([1, 2, 0, 1]), 3))).toEqual([3, 4]);
  });

  it("is deterministic under the seed through the tiny diffusion model, and the seed matters", async () => {
    const model = await loadWorldModel(TINY_DIFFUSION);
    const m = model.manifest;
    const frameLen = 3 * 6 * 32 * 32;
    const req = (seed: number) => ({
      frames: Float32Array.from({ length: frameLen }, (_, i) => (i % 7) / 7),
      actions: Float32Array.from([0.02, -0.01, 0, 0, 0, 0, 1]),
      state: Float32Array.from([16, 16, 0, 0, 0, 0, 1]),
      rngs: [makeRng(seed)],
    });
    const a = await model.predict(req(1));
    const b = await model.predict(req(1));
    const c = await model.predict(req(2));
    expect(Array.from(a.frames)).toEqual(Array.from(b.frames));
    expect(Array.from(a.frames)).not.toEqual(Array.from(c.frames));
    expect(a.frames.length).toBe(6 * 32 * 32);
    expect(a.state).toHaveLength(7);
    // With guidance 1.5 each of the steps is one batched call (conditional and unconditional together).
    expect(m.sampler?.guidance).toBe(1.5);
    expect(model.calls).toBe(3 * (m.sampler?.steps ?? 0));
    await model.close();
  });
});
