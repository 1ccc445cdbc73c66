/**
 * Runs the same observation-only policies on the same scenes and seeds in the simulator and in
 * the world model, through the same episode loop (`runEpisode`), and scores the simulator
 * episodes' frames with the world model's judge too, so that judge errors and dynamics errors
 * can be told apart.
 */
import type { EpisodeRecord, Policy, RgbImage, Scene } from "@gauntlet/core";
import { loadScene, makeSimEnv, type SimEnv } from "@gauntlet/sim";
import { type Judge, makeWorldModelEnv, sceneAtModelSize, type WorldModel } from "@gauntlet/world-model";
import { scoreFrames } from "@gauntlet/world-model/validity";
import type { EvaluationConfig, PolicySpec } from "../evaluation-config";
import { makePolicy } from "../policy-spec";
import type { Progress } from "../progress";
import { runEpisode } from "../run-episode";

export interface SimClosedLoop {
  records: EpisodeRecord[];
  /** The same episodes with success as the judge sees their frames (any frame over its threshold). */
  judged: EpisodeRecord[];
}

/** Every (scene, policy, seed) of the config in the simulator, judged by the predicate and by `judge`. */
export async function runClosedLoopSim(config: EvaluationConfig, judge: Judge, progress?: Progress): Promise<SimClosedLoop> {
  const out: SimClosedLoop = { records: [], judged: [] };
  const views = judge.manifest.image.views;
  await forEachEpisode(config, views, async ({ scene, sim }) => async (spec) => {
    const policy = await makePolicy(spec, sim);
    return {
      policy,
      run: async (seed) => {
        const { record, frames } = await runEpisode(sim, policy, { seed, scene });
        const images = frames[views[0]].map((_, t) => Object.fromEntries(views.map((v) => [v, image(sim, v, frames[v][t])])));
        const probs = await scoreFrames(judge, images, scene.task.type);
        out.records.push(record);
        out.judged.push({ ...record, success: probs.some((p) => p >= judge.manifest.threshold) });
        progress?.tick();
      },
    };
  });
  return out;
}

/** Every (scene, policy, seed) of the config in the world model (first frames rendered by the simulator, success from the judge). */
export async function runClosedLoopWorldModel(config: EvaluationConfig, model: WorldModel, judge: Judge, progress?: Progress): Promise<EpisodeRecord[]> {
  const out: EpisodeRecord[] = [];
  await forEachEpisode(config, model.manifest.image.views, async ({ scene, sim }) => {
    const wm = makeWorldModelEnv(model, { scene, judge, sim });
    // Policies that read camera calibration see the world model's frame size here.
    const wmScene = sceneAtModelSize(scene, model.manifest);
    return async (spec) => {
      const policy = await makePolicy(spec, sim, wmScene);
      return {
        policy,
        run: async (seed) => {
          out.push((await runEpisode(wm, policy, { seed, scene })).record);
          progress?.tick();
        },
      };
    };
  });
  return out;
}

type PolicyRunner = (spec: PolicySpec) => Promise<{ policy: Policy; run: (seed: number) => Promise<void> }>;

/** Scene by scene (one simulator each), policy by policy, seed by seed; closes what it opens. */
async function forEachEpisode(config: EvaluationConfig, views: string[], perScene: (ctx: { scene: Scene; sim: SimEnv }) => Promise<PolicyRunner>): Promise<void> {
  for (const path of config.scenePaths) {
    const scene = loadScene(path);
    const sim = await makeSimEnv(scene, { cameras: views });
    try {
      const runner = await perScene({ scene, sim });
      for (const spec of config.policies) {
        const { policy, run } = await runner(spec);
        try {
          for (let seed = config.seeds.start; seed < config.seeds.start + config.seeds.count; seed++) await run(seed);
        } finally {
          await policy.close?.();
        }
      }
    } finally {
      await sim.close();
    }
  }
}

function image(sim: SimEnv, view: string, data: Uint8Array): RgbImage {
  const cam = sim.spec.cameras.find((c) => c.name === view) as { width: number; height: number };
  return { width: cam.width, height: cam.height, data };
}
