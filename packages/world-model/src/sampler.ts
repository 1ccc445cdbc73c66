/**
 * The sampling loop of diffusion and flow world models: the ONNX graph is one denoiser call, and
 * this loop runs it `steps` times from seeded noise (see models/README.md for the maths).
 */
import type { Rng } from "@gauntlet/core";
import type { WorldModelManifest } from "./manifest";

export type SamplerSpec = NonNullable<WorldModelManifest["sampler"]>;

/** Calls the graph once on a batch: the current samples at one noise level -> its raw frames output. */
export type Denoise = (x: Float32Array, level: number, stepIndex: number) => Promise<Float32Array>;

/**
 * Draws `batch` samples of `size` values each. Sample b's noise comes from `rngs[b]` alone, in a
 * fixed order, so a sample does not depend on which other samples share its batch.
 */
export async function sample(kind: "diffusion" | "flow", spec: SamplerSpec, rngs: readonly Rng[], size: number, denoise: Denoise): Promise<Float32Array> {
  const batch = rngs.length;
  const n = batch * size;
  const levels = spec.sigmas;
  const eta = spec.method === "ddim" ? spec.eta : 0;
  // x at the first level: x = a·0 + b·z, i.e. z scaled by sigma (diffusion) or t (flow, where it is 1).
  let x = noise(rngs, size);
  const scale = kind === "diffusion" ? levels[0] : 1;
  for (let i = 0; i < n; i++) x[i] *= scale;
  for (let s = 0; s < spec.steps; s++) {
    const level = levels[s];
    const next = levels[s + 1];
    const out = await denoise(x, level, s);
    if (out.length !== n) throw new Error(`sampler: the denoiser returned ${out.length} values for ${n}`);
    const fresh = eta > 0 && next > 0 ? noise(rngs, size) : undefined;
    const [a, b] = kind === "diffusion" ? [1, next] : [1 - next, next];
    const keep = Math.sqrt(1 - eta * eta);
    const nextX = new Float32Array(n);
    // Hot loop (size x batch values per step): no allocation per element.
    for (let i = 0; i < n; i++) {
      const xi = x[i];
      const o = out[i];
      let x0: number;
      let eps: number;
      if (kind === "diffusion") {
        // x = x0 + sigma·eps
        x0 = spec.parameterization === "eps" ? xi - level * o : o;
        eps = spec.parameterization === "eps" ? o : (xi - o) / level;
      } else {
        // x = (1 - t)·x0 + t·eps; velocity = eps - x0
        x0 = spec.parameterization === "velocity" ? xi - level * o : o;
        eps = spec.parameterization === "velocity" ? x0 + o : (xi - (1 - level) * x0) / level;
      }
      nextX[i] = a * x0 + b * (fresh ? keep * eps + eta * fresh[i] : eps);
    }
    x = nextX;
  }
  return x;
}

/** Standard normal noise, `size` values per sample, each sample from its own stream. */
function noise(rngs: readonly Rng[], size: number): Float32Array {
  const z = new Float32Array(rngs.length * size);
  rngs.forEach((rng, b) => {
    for (let i = 0; i < size; i++) z[b * size + i] = rng.normal();
  });
  return z;
}

/** Classifier-free guidance: uncond + g·(cond - uncond), element-wise over the first and second halves. */
export function guide(stacked: Float32Array, g: number): Float32Array {
  const half = stacked.length / 2;
  const out = new Float32Array(half);
  for (let i = 0; i < half; i++) out[i] = stacked[half + i] + g * (stacked[i] - stacked[half + i]);
  return out;
}
