/**
 * Closed-loop success of the vision policy on a scene over a range of seeds, with rendered
 * cameras. Figures only: see bench-vision-main.ts for the command that prints the tables.
 */
import type { Scene } from "@gauntlet/core";
import { makeSimEnv } from "@gauntlet/sim";
import { visionOptionsFromScene, type VisionKnobs } from "./vision-options";
import { VisionPolicy } from "./vision-policy";

/** Per-seed outcome of a bench run. */
export interface VisionEpisode {
  seed: number;
  success: boolean;
  steps: number;
  /** The policy's phase when the episode ended. */
  phase: string;
}

/** Runs the vision policy with `knobs` on `scene` for each seed and reports every episode. */
export async function benchVisionPolicy(scene: Scene, knobs: VisionKnobs, seeds: number[]): Promise<VisionEpisode[]> {
  const opts = visionOptionsFromScene(scene, knobs);
  const cameras = [opts.camera.name, ...(opts.wristCamera ? [opts.wristCamera.name] : [])];
  const env = await makeSimEnv(scene, { cameras });
  const policy = new VisionPolicy(opts);
  const episodes: VisionEpisode[] = [];
  try {
    for (const seed of seeds) {
      let { obs } = await env.reset({ seed });
      await policy.reset({ seed, spec: env.spec });
      let steps = 0;
      let success = false;
      for (let done = false; !done; ) {
        for (const action of await policy.act(obs)) {
          const r = await env.step(action);
          obs = r.obs;
          steps++;
          success = r.info.success;
          done = r.terminated || r.truncated;
          if (done) break;
        }
      }
      episodes.push({ seed, success, steps, phase: policy.currentPhase() });
    }
  } finally {
    await env.close();
  }
  return episodes;
}
