/**
 * Perturbation benchmarks: what applying a perturbation costs next to an episode, and the wall
 * time of a stress suite with its per-axis breakdown. Figures only; tests never assert time.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { corruptImage, type EpisodeRecord, type RgbImage, type Scene } from "@gauntlet/core";
import { loadEvaluationConfig, runEpisode } from "@gauntlet/rollout";
import { loadScene, makeSimEnv, OraclePolicy } from "@gauntlet/sim";
import { AXES } from "./registry";
import { perturbationSeed, perturbScene } from "./perturb-scene";
import { runStress } from "./stress/run-stress";

export interface PerturbOverhead {
  /** Mean oracle episode on the nominal scene, one 128² camera, no video encoding, ms. */
  episodeMs: number;
  /** Mean time of a perturbation draw plus its validity check, per axis, ms. */
  drawMs: Record<string, number>;
  /** Extra reset time when the episode's scene differs from the env's last one (world rebuilt, view re-dressed), steady state, ms. */
  sceneSwapMs: number;
  /** Corrupting one frame at the image axis's level 3, ms. */
  corruptFrameMs: number;
  /** Frames in the mean episode (steps + 1). */
  framesPerEpisode: number;
}

/** Times perturbation draws, the scene swap at reset and frame corruption against nominal episodes of `scenePath`. */
export async function benchPerturbationOverhead(scenePath: string, seeds = 12): Promise<PerturbOverhead> {
  const nominal = loadScene(scenePath);
  const env = await makeSimEnv(nominal, { cameras: ["third"] });
  const oracle = new OraclePolicy(env);
  await runEpisode(env, oracle, { seed: 999, scene: nominal }); // warm-up: JIT, GPU pipelines
  let episodeMs = 0;
  let frames = 0;
  for (let s = 0; s < seeds; s++) {
    const t0 = performance.now();
    const { record } = await runEpisode(env, oracle, { seed: s, scene: nominal });
    episodeMs += performance.now() - t0;
    frames += record.steps + 1;
  }
  const drawMs: Record<string, number> = {};
  const perturbed: Scene[] = [];
  for (const axis of AXES) {
    const t0 = performance.now();
    for (let s = 0; s < seeds; s++) perturbed.push(perturbScene(nominal, axis, 3, perturbationSeed(s, axis.name)).scene);
    drawMs[axis.name] = (performance.now() - t0) / seeds;
  }
  const resetMs = async (scenes: Scene[]) => {
    const t0 = performance.now();
    for (const [i, scene] of scenes.entries()) await env.reset({ seed: i, scene });
    return (performance.now() - t0) / scenes.length;
  };
  const alternate = (scenes: Scene[]) => scenes.filter((_, i) => i % 2 === 0).flatMap((p) => [p, nominal]);
  // One untimed pass first: the first scene of each kind compiles shaders once per process, which a long run amortises.
  await resetMs(alternate(AXES.flatMap((axis) => Array.from({ length: 4 }, (_, s) => perturbScene(nominal, axis, 3, perturbationSeed(100 + s, axis.name)).scene))));
  const same = await resetMs(perturbed.map(() => nominal));
  const swapped = await resetMs(alternate(perturbed));
  const frame = (await env.reset({ seed: 0, scene: nominal })).obs.images.third as RgbImage;
  const worst = { noise: 0.1, blur: 1.8, exposure: 1.4 };
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) corruptImage(frame, worst, i);
  const corruptFrameMs = (performance.now() - t0) / 50;
  await env.close();
  return { episodeMs: episodeMs / seeds, drawMs, sceneSwapMs: Math.max(0, swapped - same), corruptFrameMs, framesPerEpisode: frames / seeds };
}

export interface StressSuiteTiming {
  wallSeconds: number;
  episodes: number;
  /** Mean wall time of one of its episodes (in its worker), ms. */
  meanEpisodeMs: number;
  /** Policies in the suite: each perturbed scene is drawn once and run by all of them. */
  policies: number;
  /** Estimated wall seconds per axis ("nominal" for level 0): the run's wall time split by each axis's share of episode time. */
  byAxis: Record<string, number>;
}

/** Runs a stress config from scratch into a temporary folder and splits its wall time by axis. */
export async function benchStressSuite(configPath: string, workers: number): Promise<StressSuiteTiming> {
  const config = loadEvaluationConfig(configPath);
  const wanted = config.perturbations?.axes ?? "all";
  const axes = wanted === "all" ? [...AXES] : AXES.filter((a) => wanted.includes(a.name));
  const levels = config.perturbations?.levels ?? [0, 1, 2, 3];
  const t0 = performance.now();
  const run = await runStress(config, { out: mkdtempSync(join(tmpdir(), "bench-stress-")), axes, levels, workers });
  const wallSeconds = (performance.now() - t0) / 1000;
  const axisOf = (r: EpisodeRecord) => r.perturbation?.axis ?? "nominal";
  const busy: Record<string, number> = {};
  for (const r of run.records) busy[axisOf(r)] = (busy[axisOf(r)] ?? 0) + r.wallMs;
  const total = Object.values(busy).reduce((s, v) => s + v, 0);
  const byAxis = Object.fromEntries(["nominal", ...axes.map((a) => a.name)].map((axis) => [axis, (wallSeconds * (busy[axis] ?? 0)) / total]));
  return { wallSeconds, episodes: run.records.length, meanEpisodeMs: total / run.records.length, policies: config.policies.length, byAxis };
}
