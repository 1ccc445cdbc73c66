import type { Pose, Scene, SceneObject } from "@gauntlet/core";

/** The privileged simulator state that success predicates and oracles read. */
export interface SimState {
  /** Current pose of every object, by id. */
  objects: Record<string, Pose>;
  /** Pose of every object at the start of the episode. */
  initial: Record<string, Pose>;
  /** End-effector (tool frame) pose in the world. */
  ee: Pose;
  /** Current finger gap, m. */
  gripperGap: number;
  /** Id of the object held by the gripper, if any. */
  grasped: string | null;
  /** The robot base in the world; actions are expressed in this frame. */
  base: Pose;
  /** Lowest tool height the workspace allows, world z. */
  toolFloor: number;
}

export interface TaskVerdict {
  success: boolean;
  /** 0..1 */
  progress: number;
}

/** A task: which objects matter, and a success predicate plus progress measure on the true state. */
export interface Task {
  readonly type: Scene["task"]["type"];
  /** Versioned env id, e.g. "PickCube-v1". */
  readonly envId: string;
  evaluate(state: SimState): TaskVerdict;
}

/** Reads a task parameter naming an object of the scene; errors name the field. */
export function objectParam(scene: Scene, key: string, fallback?: string): SceneObject {
  const value = scene.task.params[key] ?? fallback;
  if (typeof value !== "string") throw new Error(`scene.task.params.${key}: expected an object id, got ${JSON.stringify(value)}`);
  const obj = scene.objects.find((o) => o.id === value);
  if (!obj) throw new Error(`scene.task.params.${key}: no object with id "${value}" (have ${scene.objects.map((o) => o.id).join(", ")})`);
  return obj;
}

/** Reads a positive numeric task parameter with a default; errors name the field. */
export function numberParam(scene: Scene, key: string, fallback: number): number {
  const value = scene.task.params[key] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new Error(`scene.task.params.${key}: expected a positive number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Half the vertical extent of an upright object. */
export function halfHeight(obj: SceneObject): number {
  if (obj.type === "box") return obj.size[2] / 2;
  if (obj.type === "cylinder") return obj.size[1] / 2;
  return obj.size[0];
}

/** Horizontal distance between two points. */
export function distanceXY(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** Clamps to [0, 1]. */
export function unit(x: number): number {
  return Math.min(1, Math.max(0, x));
}
