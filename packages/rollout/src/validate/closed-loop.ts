/**
 * Runs the same observation-only policies on the same scenes and seeds in the simulator and in
 * the world model, through the same episode loop, and scores the simulator
 * episodes' frames with the world model's judge too, so that judge errors and dynamics errors
 * can be told apart.
 */
import type { EpisodeRecord, RgbImage } from "@gauntlet/core";
import { loadScene, makeSimEnv, type SimEnv } from "@gauntlet/sim";
import { rmSync } from "node:fs";
import type { Judge } from "@gauntlet/world-model";
import { scoreFrames } from "@gauntlet/world-model/validity";
import type { EvaluationConfig } from "../evaluation-config";
import { makePolicy } from "../policy-spec";
import type { Progress } from "../progress";
import { EpisodeStore } from "../episode-store";
import { runEpisode } from "../run-episode";
import { inputHashes, runEvaluation } from "../run-evaluation";

export interface SimClosedLoop {
  records: EpisodeRecord[];
  /** The same episodes with success as the judge sees their frames (any frame over its threshold). */
  judged: EpisodeRecord[];
}

/** Every (scene, policy, seed) of the config in the simulator, judged by the predicate and by `judge`. */
export async function runClosedLoopSim(config: EvaluationConfig, judge: Judge, progress?: Progress): Promise<SimClosedLoop> {
  const out: SimClosedLoop = { records: [], judged: [] };
  const views = judge.manifest.image.views;
  for (const path of config.scenePaths) {
    const scene = loadScene(path);
    const sim = await makeSimEnv(scene, { cameras: views });
    try {
      for (const spec of config.policies) {
        const policy = await makePolicy(spec, sim);
        try {
          for (let seed = config.seeds.start; seed < config.seeds.start + config.seeds.count; seed++) {
            const { record, frames } = await runEpisode(sim, policy, { seed, scene });
            const images = frames[views[0]].map((_, t) => Object.fromEntries(views.map((v) => [v, image(sim, v, frames[v][t])])));
            const probs = await scoreFrames(judge, images, { instruction: scene.task.instruction, task: scene.task.type });
            out.records.push(record);
            out.judged.push({ ...record, success: probs.some((p) => p >= judge.manifest.threshold) });
            progress?.tick();
          }
        } finally {
          await policy.close?.();
        }
      }
    } finally {
      await sim.close();
    }
  }
  return out;
}

/**
 * Every (scene, policy, seed) of the config in the world model, as an ordinary evaluation run in
 * `out` (lockstep batches, videos, resumable): first frames rendered by the simulator, success from the judge.
 */
export async function runClosedLoopWorldModel(config: EvaluationConfig, run: { worldModel: string; judge: string; out: string; workers?: number; quiet?: boolean }): Promise<EpisodeRecord[]> {
  const wm: EvaluationConfig = { ...config, name: `${config.name}-world-model`, backend: "world-model", worldModel: run.worldModel, judge: run.judge };
  // A folder left by another model or judge is stale, not resumable.
  if (new EpisodeStore(run.out).changedInputs(inputHashes(wm)).length > 0) rmSync(run.out, { recursive: true, force: true });
  return runEvaluation(wm, { out: run.out, workers: run.workers ?? 1, quiet: run.quiet });
}

function image(sim: SimEnv, view: string, data: Uint8Array): RgbImage {
  const cam = sim.spec.cameras.find((c) => c.name === view) as { width: number; height: number };
  return { width: cam.width, height: cam.height, data };
}
