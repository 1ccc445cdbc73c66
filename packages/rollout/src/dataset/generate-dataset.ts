/**
 * Simulator episodes as world-model training data: per episode the third camera area-averaged to
 * size x size (the same `resizeArea` the ONNX policies use, so the world model's frames look like
 * what those policies were trained on), the executed (clipped) actions, the proprioceptive states,
 * and the true success and progress of every frame.
 *
 * Layout of `out/`:
 *   index.json                      format, sizes, names, tasks and one entry per episode
 *   episodes/<id>/frames.npy        uint8   [T+1, V, H, W, 3]  (V = 1 view: third)
 *   episodes/<id>/actions.npy       float32 [T, 7]
 *   episodes/<id>/states.npy        float32 [T+1, 7]
 *   episodes/<id>/success.npy       bool    [T+1]
 *   episodes/<id>/progress.npy      float32 [T+1]
 * Everything follows from the scenes, the ladder and the seed: the same options give the same bytes.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EE_DELTA_ACTION_SPEC, type Env, type Scene, validateAction } from "@gauntlet/core";
import { resizeArea } from "@gauntlet/core";
import { makeSimEnv } from "@gauntlet/sim";
import { type PolicySpec, policyName } from "../evaluation-config";
import { makePolicy } from "../policy-spec";
import { startProgress } from "../progress";
import { runEpisode } from "../run-episode";
import { writeNpy } from "./npy";

/** The task types, in one-hot order, shared by the world model's judge. */
export const DATASET_TASKS = ["pick-lift", "push", "place", "stack"] as const;

export interface DatasetOptions {
  /** Output folder; replaced if it exists. */
  out: string;
  /** Validated scenes (their `third` camera is rendered). */
  scenes: Scene[];
  /** Episodes per scene. */
  episodes: number;
  /** Episode e of every scene uses seed + e. */
  seed: number;
  /** Policies; episode e is driven by policies[e % policies.length]. */
  policies: PolicySpec[];
  /** Frame width and height after area resizing. */
  size: number;
  /**
   * Steps recorded after an episode's first success (default 0: it ends there, as in evaluation).
   * Later frames show what happens to the object once the task is done (held, carried, dropped),
   * which a world model must predict for a judge to see success at all.
   */
  afterSuccess?: number;
  /** Draw a progress bar (default true). */
  progress?: boolean;
}

export interface DatasetEpisode {
  id: string;
  dir: string;
  scene: string;
  task: string;
  taskIndex: number;
  instruction: string;
  policy: string;
  seed: number;
  steps: number;
  success: boolean;
}

export interface DatasetIndex {
  format: "gauntlet-dataset";
  version: 1;
  image: { width: number; height: number; channels: 3; views: string[]; source: string };
  actionNames: string[];
  stateNames: string[];
  tasks: string[];
  seed: number;
  policies: string[];
  /** Steps recorded after each episode's first success. */
  afterSuccess: number;
  episodes: DatasetEpisode[];
}

/** Generates the dataset and returns its index (also written to out/index.json). */
export async function generateDataset(opts: DatasetOptions): Promise<DatasetIndex> {
  if (!Number.isInteger(opts.size) || opts.size < 8) throw new Error(`size: expected an integer >= 8, got ${opts.size}`);
  if (!Number.isInteger(opts.episodes) || opts.episodes < 1) throw new Error(`episodes: expected a positive integer, got ${opts.episodes}`);
  if (opts.policies.length === 0) throw new Error("policies: expected at least one policy");
  const afterSuccess = opts.afterSuccess ?? 0;
  if (!Number.isInteger(afterSuccess) || afterSuccess < 0) throw new Error(`afterSuccess: expected a non-negative integer, got ${opts.afterSuccess}`);
  rmSync(opts.out, { recursive: true, force: true });
  mkdirSync(join(opts.out, "episodes"), { recursive: true });
  const index: DatasetIndex = {
    format: "gauntlet-dataset",
    version: 1,
    image: { width: opts.size, height: opts.size, channels: 3, views: ["third"], source: "third camera at the scene's resolution, area-averaged (resizeArea)" },
    actionNames: EE_DELTA_ACTION_SPEC.dims.map((d) => d.name),
    stateNames: ["x", "y", "z", "roll", "pitch", "yaw", "gripper"],
    tasks: [...DATASET_TASKS],
    seed: opts.seed,
    policies: opts.policies.map(policyName),
    afterSuccess,
    episodes: [],
  };
  const bar = opts.progress === false ? undefined : startProgress("dataset", opts.scenes.length * opts.episodes, "episodes");
  for (const scene of opts.scenes) {
    const taskIndex = DATASET_TASKS.indexOf(scene.task.type as (typeof DATASET_TASKS)[number]);
    if (taskIndex < 0) throw new Error(`scene ${scene.id}: task type ${scene.task.type} is not one of ${DATASET_TASKS.join(", ")}`);
    if (!scene.cameras.some((c) => c.name === "third")) throw new Error(`scene ${scene.id}: has no "third" camera to record`);
    const env = await makeSimEnv(scene, { cameras: ["third"], endOnSuccess: afterSuccess === 0 });
    const policies = [];
    for (const spec of opts.policies) policies.push(await makePolicy(spec, env));
    try {
      for (let e = 0; e < opts.episodes; e++) {
        const policy = policies[e % policies.length];
        const seed = opts.seed + e;
        const executed: Float32Array[] = [];
        const { record, frames } = await runEpisode(endingAfterSuccess(recordingActions(env, executed), afterSuccess), policy, { seed, scene });
        const id = `${scene.id}__${policy.name}__s${seed}`.replace(/[^A-Za-z0-9_.-]/g, "-");
        writeEpisode(join(opts.out, "episodes", id), {
          frames: frames.third.map((data) => resizeArea({ width: env.spec.cameras[0].width, height: env.spec.cameras[0].height, data }, opts.size, opts.size)),
          actions: executed,
          states: record.states,
          success: record.successes,
          progress: record.progress,
          size: opts.size,
        });
        index.episodes.push({ id, dir: `episodes/${id}`, scene: scene.id, task: scene.task.type, taskIndex, instruction: scene.task.instruction, policy: policy.name, seed, steps: record.steps, success: record.success });
        bar?.tick();
      }
    } finally {
      for (const p of policies) await p.close?.();
      await env.close();
    }
  }
  bar?.done();
  writeFileSync(join(opts.out, "index.json"), `${JSON.stringify(index, null, 1)}\n`);
  return index;
}

/**
 * The env with every executed action also pushed to `into`, exactly as the simulator applies it
 * (validated and clipped, float32); the episode record keeps rounded copies, which would not replay bit-exactly.
 */
function recordingActions(env: Env, into: Float32Array[]): Env {
  return {
    get spec() {
      return env.spec;
    },
    reset: (opts) => env.reset(opts),
    step: (action) => {
      into.push(validateAction(action, env.spec.action));
      return env.step(action);
    },
    close: () => env.close(),
  };
}

/** The env with its episodes ending `steps` steps after their first success (or at the step limit). */
function endingAfterSuccess(env: Env, steps: number): Env {
  if (steps === 0) return env;
  let succeededAt: number | undefined;
  let step = 0;
  return {
    get spec() {
      return env.spec;
    },
    reset: (opts) => {
      succeededAt = undefined;
      step = 0;
      return env.reset(opts);
    },
    step: async (action) => {
      const result = await env.step(action);
      step++;
      if (result.info.success) succeededAt ??= step;
      const ended = succeededAt !== undefined && step - succeededAt >= steps;
      return ended ? { ...result, terminated: true, truncated: false } : result;
    },
    close: () => env.close(),
  };
}

interface EpisodeArrays {
  frames: Uint8Array[];
  actions: ArrayLike<number>[];
  states: ArrayLike<number>[];
  success: boolean[];
  progress: number[];
  size: number;
}

function writeEpisode(dir: string, ep: EpisodeArrays): void {
  mkdirSync(dir, { recursive: true });
  const t = ep.actions.length;
  const pixels = ep.size * ep.size * 3;
  const frames = new Uint8Array(ep.frames.length * pixels);
  for (const [i, f] of ep.frames.entries()) frames.set(f, i * pixels);
  writeNpy(join(dir, "frames.npy"), { dtype: "uint8", shape: [t + 1, 1, ep.size, ep.size, 3], data: frames });
  writeNpy(join(dir, "actions.npy"), { dtype: "float32", shape: [t, 7], data: flat(ep.actions, 7) });
  writeNpy(join(dir, "states.npy"), { dtype: "float32", shape: [t + 1, 7], data: flat(ep.states, 7) });
  writeNpy(join(dir, "success.npy"), { dtype: "bool", shape: [t + 1], data: Uint8Array.from(ep.success, (s) => (s ? 1 : 0)) });
  writeNpy(join(dir, "progress.npy"), { dtype: "float32", shape: [t + 1], data: Float32Array.from(ep.progress) });
}

function flat(rows: ArrayLike<number>[], width: number): Float32Array {
  const out = new Float32Array(rows.length * width);
  for (const [i, r] of rows.entries()) out.set(Array.from(r), i * width);
  return out;
}

