/** How world-model episodes begin: the simulator renders the scene at the seed's initial state in the model's views. */
import type { Scene } from "@gauntlet/core";
import { makeSimEnv, type SimEnv } from "@gauntlet/sim";
import type { EpisodeStart } from "./batch";

/** Renders a scene's first frames for a model's views (one SimEnv, reused across scenes). */
export class SceneStarts {
  private sim?: Promise<SimEnv>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly owned: boolean;

  constructor(
    private readonly views: readonly string[],
    private readonly modelName: string,
    sim?: SimEnv,
  ) {
    this.sim = sim ? Promise.resolve(sim) : undefined;
    this.owned = !sim;
  }

  /** The scene reset with `seed`: its rendered views (at the scene's camera size), state and task. */
  start(scene: Scene, seed: number): Promise<EpisodeStart> {
    const missing = this.views.filter((v) => !scene.cameras.some((c) => c.name === v));
    if (missing.length > 0) return Promise.reject(new Error(`scene ${scene.id} has no camera ${missing.join(", ")}, which world model ${this.modelName} needs (views ${this.views.join(", ")})`));
    // One simulator renders for every caller, one reset at a time.
    const next = this.queue.then(async () => {
      this.sim ??= makeSimEnv(scene, { cameras: [...this.views] });
      // The model's context starts clean; image-level corruption is applied to what the policy sees (see observe).
      const { obs } = await (await this.sim).reset({ seed, scene: withoutObservation(scene) });
      return { images: obs.images, state: obs.state, instruction: obs.instruction, task: scene.task.type, seed, maxSteps: scene.task.maxSteps };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Closes the simulator if this made it. */
  async close(): Promise<void> {
    if (this.owned && this.sim) await (await this.sim).close();
  }
}

/** Stripped scenes per input scene: SimEnv.reset rebuilds its world for a scene it has not seen (by reference). */
const stripped = new WeakMap<Scene, Scene>();

/** The scene without image-level corruption: the same object when it has none, else one stable copy per scene. */
export function withoutObservation(scene: Scene): Scene {
  if (scene.observation === undefined) return scene;
  let clean = stripped.get(scene);
  if (!clean) {
    clean = { ...scene, observation: undefined };
    stripped.set(scene, clean);
  }
  return clean;
}
