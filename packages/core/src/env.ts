import type { Action, ActionSpec } from "./spaces";
import type { Scene } from "./scene";

/** An RGB(A) image: `data` is row-major RGBA bytes, row 0 at the top. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** What a policy sees: named camera images, a proprioceptive state vector and the instruction. */
export interface Observation {
  images: Record<string, RgbImage>;
  /** [x, y, z, roll, pitch, yaw, gripper] of the end effector, as in BridgeData; see EnvSpec.stateNames. */
  state: Float32Array;
  instruction: string;
}

/** The task's verdict and diagnostics after a reset or step. */
export interface StepInfo {
  success: boolean;
  /** 0..1, how far the task has got. */
  progress: number;
  [key: string]: unknown;
}

export interface StepResult {
  obs: Observation;
  reward: number;
  /** The episode ended by the task (success or an unrecoverable failure). */
  terminated: boolean;
  /** The episode ended by the step limit. */
  truncated: boolean;
  info: StepInfo;
}

export interface CameraSpec {
  name: string;
  width: number;
  height: number;
}

/** Static facts about an environment, known before reset. */
export interface EnvSpec {
  /** Versioned id, e.g. "PickCube-v1". */
  id: string;
  backend: "sim" | "world-model";
  task: string;
  cameras: CameraSpec[];
  action: ActionSpec;
  stateNames: string[];
  /** Policy steps per second. */
  controlHz: number;
  maxSteps: number;
  /**
   * Actions the env takes per call. Absent or 1: `step` takes one. K > 1: the env is conditioned on
   * chunks of K actions (a chunk-conditioned world model predicts K frames per call) and is stepped
   * with `stepChunk`; runEpisode fills each call from the policy's chunks.
   */
  chunkSize?: number;
}

export interface ResetOptions {
  seed: number;
  scene?: Scene;
}

/** The one environment interface every backend implements. */
export interface Env {
  readonly spec: EnvSpec;
  /** Starts an episode; the same seed and scene give the same initial state and frames. */
  reset(opts: ResetOptions): Promise<{ obs: Observation; info: StepInfo }>;
  /** Applies one action (validated and clipped per spec.action). */
  step(action: Action): Promise<StepResult>;
  /**
   * Applies exactly `spec.chunkSize` actions in one call and returns a result per executed action
   * (fewer when the episode ends inside the chunk). Required when chunkSize > 1.
   */
  stepChunk?(actions: readonly Action[]): Promise<StepResult[]>;
  /** Frees resources; safe to call more than once. */
  close(): Promise<void>;
}

/** Actions per env call: spec.chunkSize, or 1. */
export function actionsPerCall(spec: EnvSpec): number {
  return spec.chunkSize ?? 1;
}

/** One env call: `step` for an env that takes one action, `stepChunk` for one conditioned on chunks. */
export async function stepCall(env: Env, actions: readonly Action[]): Promise<StepResult[]> {
  const k = actionsPerCall(env.spec);
  if (actions.length !== k) throw new Error(`env ${env.spec.id} takes ${k} action(s) per call, got ${actions.length}`);
  if (k === 1) return [await env.step(actions[0])];
  if (!env.stepChunk) throw new Error(`env ${env.spec.id}: spec.chunkSize is ${k} but the env has no stepChunk`);
  return env.stepChunk(actions);
}
