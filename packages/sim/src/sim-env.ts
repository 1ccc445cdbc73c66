/**
 * SimEnv: the Rapier backend of the Env contract. It composes a dynamics source (SimWorld),
 * a task (success predicate and progress on the true state) and a renderer (three.js).
 */
import type { Action, Env, EnvSpec, Observation, ResetOptions, RgbImage, Scene, StepInfo, StepResult } from "@gauntlet/core";
import { EE_DELTA_ACTION_SPEC, corruptImage, corruptionSeed, isCorrupting, makeRng, validateAction } from "@gauntlet/core";
import type { PrivilegedSource } from "./oracles/oracle-policy";
import { type OffscreenRenderer, createOffscreenRenderer } from "./render";
import { loadBackdrop } from "./load-backdrop";
import { SceneView } from "./render/scene-view";
import { type SimState, type Task, makeTask } from "./tasks";
import { loadRapier } from "./world/rapier";
import { SimWorld } from "./world/sim-world";

export const STATE_NAMES = ["x", "y", "z", "roll", "pitch", "yaw", "gripper"];

export interface SimEnvOptions {
  /** Which of the scene's cameras to render; all by default, none for physics-only runs. */
  cameras?: string[];
  /** A renderer to share; by default one renderer per process. */
  renderer?: OffscreenRenderer;
  /**
   * End the episode at its first success (default true). False keeps it running to the step
   * limit, e.g. to record what a policy does with the object after the task is done.
   */
  endOnSuccess?: boolean;
}

let sharedRenderer: Promise<OffscreenRenderer> | undefined;

/** Builds a simulator env for a validated scene. */
export async function makeSimEnv(scene: Scene, opts: SimEnvOptions = {}): Promise<SimEnv> {
  const R = await loadRapier();
  const cameras = opts.cameras ?? scene.cameras.map((c) => c.name);
  let renderer = opts.renderer;
  if (!renderer && cameras.length > 0) {
    sharedRenderer ??= createOffscreenRenderer({ width: 128, height: 128 });
    renderer = await sharedRenderer;
  }
  return new SimEnv(scene, cameras, new SimWorld(R, scene), renderer, opts.endOnSuccess ?? true);
}

export class SimEnv implements Env, PrivilegedSource {
  spec: EnvSpec;
  private task: Task;
  private view?: SceneView;
  private steps = 0;
  private seed = 0;
  private done = true;
  private closed = false;

  constructor(
    public scene: Scene,
    private readonly cameraNames: string[],
    private world: SimWorld,
    private readonly renderer?: OffscreenRenderer,
    private readonly endOnSuccess = true,
  ) {
    for (const name of cameraNames) {
      if (!scene.cameras.some((c) => c.name === name)) throw new Error(`cameras: "${name}" is not in scene ${scene.id} (have ${scene.cameras.map((c) => c.name).join(", ")})`);
    }
    this.task = makeTask(scene);
    this.spec = specOf(scene, this.task, cameraNames);
  }

  async reset(opts: ResetOptions): Promise<{ obs: Observation; info: StepInfo }> {
    this.assertOpen();
    if (opts.scene && opts.scene !== this.scene) this.replaceScene(opts.scene);
    this.world.reset(makeRng(opts.seed).fork("episode"));
    this.seed = opts.seed;
    this.steps = 0;
    this.done = false;
    return { obs: await this.observe(), info: this.verdict() };
  }

  async step(action: Action): Promise<StepResult> {
    this.assertOpen();
    if (this.done) throw new Error("step: the episode has ended (or never started); call reset first");
    const clipped = validateAction(action, this.spec.action);
    this.world.applyAction(clipped);
    this.steps++;
    const info = this.verdict();
    const terminated = info.success && this.endOnSuccess;
    const truncated = !terminated && this.steps >= this.spec.maxSteps;
    this.done = terminated || truncated;
    return { obs: await this.observe(), reward: info.success ? 1 : 0, terminated, truncated, info };
  }

  /** The true simulator state: for success predicates, oracles and tests, never for evaluated policies. */
  trueState(): SimState {
    return this.world.state();
  }

  /** Current joint angles of the arm, radians. */
  joints(): number[] {
    return this.world.joints();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.world.free();
    this.view?.dispose();
  }

  private verdict(): StepInfo {
    const state = this.world.state();
    return { ...this.task.evaluate(state), grasped: state.grasped };
  }

  private replaceScene(scene: Scene): void {
    this.world.free();
    // Re-dressing the view in place is far cheaper than a new one (three.js sets each new mesh up on its first render).
    if (!this.view?.retarget(scene)) {
      this.view?.dispose();
      this.view = undefined;
    }
    this.world = new SimWorld(this.world.R, scene);
    this.scene = scene;
    this.task = makeTask(scene);
    this.spec = specOf(scene, this.task, this.cameraNames);
  }

  private async observe(): Promise<Observation> {
    const images: Record<string, RgbImage> = {};
    if (this.renderer && this.cameraNames.length > 0) {
      this.view ??= new SceneView(this.scene, this.world.chain.robot, loadBackdrop(this.scene));
      this.view.update(this.world.viewPoses());
      for (const cam of this.spec.cameras) {
        const data = await this.renderer.render(this.view.scene, this.view.viewFrom(cam.name), cam.width, cam.height);
        images[cam.name] = { width: cam.width, height: cam.height, data };
        // Image-level perturbations corrupt what the camera delivers; the same seed gives the same noise.
        const corruption = this.scene.observation;
        if (isCorrupting(corruption)) images[cam.name] = corruptImage(images[cam.name], corruption, corruptionSeed(this.seed, cam.name, this.steps));
      }
    }
    return { images, state: this.world.proprioception(), instruction: this.scene.task.instruction };
  }

  private assertOpen(): void {
    if (this.closed) throw new Error("SimEnv is closed");
  }
}

function specOf(scene: Scene, task: Task, cameraNames: string[]): EnvSpec {
  return {
    id: task.envId,
    backend: "sim",
    task: scene.task.type,
    cameras: scene.cameras.filter((c) => cameraNames.includes(c.name)).map((c) => ({ name: c.name, width: c.width, height: c.height })),
    action: EE_DELTA_ACTION_SPEC,
    stateNames: STATE_NAMES,
    controlHz: scene.physics.controlHz,
    maxSteps: scene.task.maxSteps,
  };
}
