/**
 * WorldModelEnv: the world-model backend of the Env contract. A reset takes its first frames from
 * the simulator (the scene rendered at the seed's initial state, in the model's views) or from real
 * camera frames the caller supplies; each step predicts the next frames with the model, estimates
 * the state, and asks the judge for success and progress.
 */
import { type Action, corruptImage, corruptionSeed, type Env, type EnvSpec, isCorrupting, type Observation, type ResetOptions, type RgbImage, type Scene, type StepInfo, type StepResult } from "@gauntlet/core";
import { makeTask, type SimEnv } from "@gauntlet/sim";
import { type EpisodeStart, WorldModelBatch } from "./batch";
import { SceneStarts } from "./episode-start";
import type { Judge } from "./judge";
import { framesPerCall } from "./manifest";
import type { WorldModel } from "./world-model";

/** Real first frames and state, used instead of rendering a scene. */
export interface InitialObservation {
  images: Record<string, RgbImage>;
  state: ArrayLike<number>;
  instruction: string;
  /** The task type the judge scores: pick-lift, push, place, stack. */
  task: string;
}

export interface WorldModelEnvOptions {
  /** The scene whose rendered frames start each episode (reset's scene overrides it). */
  scene?: Scene;
  /** Real first frames instead of a scene. */
  initial?: InitialObservation;
  /** Success and progress judge; without one, success is false and progress 0 (info.judge = "none"). */
  judge?: Judge;
  /** The views exposed as cameras (all the model's by default). */
  cameras?: string[];
  /** Step limit when there is no scene (a scene's task.maxSteps otherwise). */
  maxSteps?: number;
  /** The simulator that renders first frames; one is made from the scene when absent. */
  sim?: SimEnv;
  /** A shared first-frame renderer (kept open on close); overrides `sim`. */
  starts?: SceneStarts;
}

/** Builds a world-model env; the model and judge stay owned by the caller (close them yourself). */
export function makeWorldModelEnv(model: WorldModel, opts: WorldModelEnvOptions = {}): WorldModelEnv {
  return new WorldModelEnv(model, opts);
}

export class WorldModelEnv implements Env {
  spec: EnvSpec;
  private readonly batch: WorldModelBatch;
  private readonly starts: SceneStarts;
  private running = false;
  private closed = false;
  /** The episode being shown: its scene (for image-level corruption), seed and the index of the latest frame. */
  private shown: { scene?: Scene; seed: number; frame: number } = { seed: 0, frame: 0 };

  constructor(
    readonly model: WorldModel,
    private readonly opts: WorldModelEnvOptions = {},
  ) {
    if (!opts.scene && !opts.initial) throw new Error("WorldModelEnv: give a scene (first frames rendered by the simulator) or initial (real frames and state)");
    this.batch = new WorldModelBatch(model, opts.judge, 1);
    this.starts = opts.starts ?? new SceneStarts(model.manifest.image.views, model.manifest.name, opts.sim);
    this.spec = this.specFor(opts.scene);
  }

  async reset({ seed, scene }: ResetOptions): Promise<{ obs: Observation; info: StepInfo }> {
    if (this.closed) throw new Error("WorldModelEnv is closed");
    const start = await this.episodeStart(seed, scene ?? this.opts.scene);
    if (scene) this.spec = this.specFor(scene);
    const [first] = await this.batch.reset([start]);
    if (!first) throw new Error("reset: no result");
    this.running = true;
    this.shown = { scene: scene ?? this.opts.scene, seed, frame: 0 };
    return { obs: this.exposed(first.obs), info: first.info };
  }

  /** Predicts one step; models conditioned on chunks of K > 1 actions step with stepChunk. */
  async step(action: Action): Promise<StepResult> {
    if (framesPerCall(this.model.manifest) !== 1) throw new Error(`step: world model ${this.model.manifest.name} predicts ${framesPerCall(this.model.manifest)} frames per chunk of actions; call stepChunk`);
    const [result] = await this.stepChunk([action]);
    return result;
  }

  /** Predicts one call's frames from K actions; returns a result per executed action. */
  async stepChunk(actions: readonly Action[]): Promise<StepResult[]> {
    if (this.closed) throw new Error("WorldModelEnv is closed");
    if (!this.running) throw new Error("step: the episode has ended (or never started); call reset first");
    const [results] = await this.batch.step([actions]);
    if (!results) throw new Error("step: no result");
    const last = results[results.length - 1];
    if (last.terminated || last.truncated) this.running = false;
    return results.map((r) => ({ ...r, obs: this.exposed(r.obs) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.opts.starts) await this.starts.close();
  }

  /** An episode's first frames and state: the caller's real ones, or the scene rendered by the simulator at the seed. */
  async episodeStart(seed: number, scene: Scene | undefined): Promise<EpisodeStart> {
    if (!scene) return { ...(this.opts.initial as InitialObservation), seed, maxSteps: this.spec.maxSteps };
    return this.starts.start(scene, seed);
  }

  private exposed(obs: Observation): Observation {
    return observe(obs, this.opts.cameras, this.shown.scene, this.shown.seed, this.shown.frame++);
  }

  private specFor(scene: Scene | undefined): EnvSpec {
    return worldModelEnvSpec(this.batch, scene, this.opts);
  }
}

/** The EnvSpec of a world-model env: the scene's task (or the real frames'), the model's views, action spec and rate. */
export function worldModelEnvSpec(batch: WorldModelBatch, scene: Scene | undefined, opts: Pick<WorldModelEnvOptions, "cameras" | "initial" | "maxSteps"> = {}): EnvSpec {
  const m = batch.model.manifest;
  const views = opts.cameras ?? m.image.views;
  const unknown = views.filter((v) => !m.image.views.includes(v));
  if (unknown.length > 0) throw new Error(`cameras: world model ${m.name} predicts ${m.image.views.join(", ")}, not ${unknown.join(", ")}`);
  const task = scene ? makeTask(scene) : undefined;
  return {
    id: task?.envId ?? `WorldModel-${opts.initial?.task ?? "task"}-v1`,
    backend: "world-model",
    task: scene?.task.type ?? opts.initial?.task ?? "unknown",
    cameras: views.map((name) => ({ name, width: m.image.width, height: m.image.height })),
    action: batch.actionSpec,
    stateNames: batch.stateNames,
    controlHz: m.action.rateHz,
    maxSteps: scene?.task.maxSteps ?? opts.maxSteps ?? 100,
    ...(framesPerCall(m) > 1 ? { chunkSize: framesPerCall(m) } : {}),
  };
}

/**
 * What a policy sees of a predicted observation: the named cameras, corrupted as the scene's image-level
 * perturbation says, with the simulator's noise seeds. The model's own context stays uncorrupted.
 */
export function observe(obs: Observation, cameras: readonly string[] | undefined, scene: Scene | undefined, seed: number, frame: number): Observation {
  const shown = onlyCameras(obs, cameras);
  const corruption = scene?.observation;
  if (!isCorrupting(corruption)) return shown;
  const images = Object.fromEntries(Object.entries(shown.images).map(([camera, image]) => [camera, corruptImage(image, corruption, corruptionSeed(seed, camera, frame))]));
  return { ...shown, images };
}

/** The observation with only the named cameras (all when `cameras` is undefined). */
export function onlyCameras(obs: Observation, cameras: readonly string[] | undefined): Observation {
  if (!cameras) return obs;
  return { ...obs, images: Object.fromEntries(cameras.map((c) => [c, obs.images[c]])) };
}
