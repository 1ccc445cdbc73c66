/**
 * Plans a stress run: the evaluation's nominal jobs (level 0, shared by every axis) plus, per
 * scene, axis, level above 0 and seed, one perturbed scene that every policy then runs. A
 * perturbation that no draw makes valid is listed as rejected, with its reasons, and not run.
 */
import type { EvaluationConfig, EpisodeJob } from "@gauntlet/rollout";
import { planJobs } from "@gauntlet/rollout";
import { loadScene } from "@gauntlet/sim";
import type { PerturbationAxis } from "../axis";
import { PerturbationRejectedError, perturbationSeed, perturbScene } from "../perturb-scene";

/** A perturbation that was not run because every draw broke the scene. */
export interface Rejection {
  sceneId: string;
  axis: string;
  level: number;
  seed: number;
  reasons: string[];
}

export interface StressPlan {
  jobs: EpisodeJob[];
  rejected: Rejection[];
  axes: PerturbationAxis[];
  levels: number[];
}

/** Every job of a stress run, in a fixed order: nominal first, then scene × axis × level × seed × policy. */
export function planStress(config: EvaluationConfig, axes: PerturbationAxis[], levels: number[], out: string): StressPlan {
  for (const axis of axes) {
    const bad = levels.find((l) => l >= axis.levels.length);
    if (bad !== undefined) throw new Error(`levels: axis ${axis.name} has levels 0..${axis.levels.length - 1}, got ${bad}`);
  }
  // Level 0 is the same nominal episode for every axis, so it runs once; perturbed jobs copy their
  // nominal twin (backend, model, cameras...) and swap in the perturbed scene.
  const nominalJobs = planJobs(config, out);
  const jobs: EpisodeJob[] = levels.includes(0) ? [...nominalJobs] : [];
  const rejected: Rejection[] = [];
  for (const scenePath of config.scenePaths) {
    const nominal = loadScene(scenePath);
    const twins = nominalJobs.filter((j) => j.scenePath === scenePath);
    for (const axis of axes) {
      for (const level of levels.filter((l) => l > 0)) {
        for (let k = 0; k < config.seeds.count; k++) {
          const seed = config.seeds.start + k;
          try {
            const { scene, perturbation } = perturbScene(nominal, axis, level, perturbationSeed(seed, axis.name));
            for (const twin of twins.filter((j) => j.seed === seed)) jobs.push({ ...twin, sceneId: scene.id, scene, perturbation });
          } catch (err) {
            if (!(err instanceof PerturbationRejectedError)) throw err;
            rejected.push({ sceneId: nominal.id, axis: axis.name, level, seed, reasons: err.reasons });
          }
        }
      }
    }
  }
  return { jobs, rejected, axes, levels };
}
