import type { Quat, Rng, Vec3 } from "@gauntlet/core";
import { EE_DELTA_ACTION_SPEC, invertPose, quatFromEuler, quatMultiply, quatRotate } from "@gauntlet/core";
import type { SimState } from "../tasks";

/** Tool pointing straight down (tool +x along world -z), turned by `yaw` about world z. */
export function topDown(yaw: number): Quat {
  return quatMultiply(quatFromEuler(0, 0, yaw), quatFromEuler(0, Math.PI / 2, 0));
}

/** The yaw of a box's face nearest to `reference`, folding the box's 90° symmetry. */
export function graspYaw(objectQuat: Quat, reference = 0): number {
  const x = quatRotate(objectQuat, [1, 0, 0]);
  let yaw = Math.atan2(x[1], x[0]);
  while (yaw - reference > Math.PI / 4) yaw -= Math.PI / 2;
  while (yaw - reference < -Math.PI / 4) yaw += Math.PI / 2;
  return yaw;
}

/** The yaw of a top-down tool orientation (the inverse of topDown for such poses). */
export function toolYaw(q: Quat): number {
  const y = quatRotate(q, [0, 1, 0]);
  return Math.atan2(-y[0], y[1]);
}

export interface ServoGoal {
  position: Vec3;
  yaw: number;
  /** 1 = open, 0 = closed. */
  gripper: number;
  /** Largest translation per step, m (default: the action limit). */
  maxStep?: number;
}

/**
 * A proportional servo from the true tool pose to a goal pose, as an ee-delta action in the
 * robot base frame, with optional Gaussian action noise (std `noise` × each dimension's limit).
 */
export function servoAction(state: SimState, goal: ServoGoal, noise: number, rng: Rng): number[] {
  const dims = EE_DELTA_ACTION_SPEC.dims;
  const limit = goal.maxStep ?? dims[0].high;
  const toBase = invertPose(state.base).quaternion;
  const worldDelta: Vec3 = [0, 1, 2].map((i) => goal.position[i] - state.ee.position[i]) as Vec3;
  const move = quatRotate(toBase, worldDelta);
  const norm = Math.hypot(...move);
  const scale = norm > limit ? limit / norm : 1;
  const rot = rotationVector(quatMultiply(quatMultiply(toBase, topDown(goal.yaw)), conj(quatMultiply(toBase, state.ee.quaternion))));
  const action = [...move.map((v) => v * scale), ...rot.map((v) => Math.max(-dims[3].high, Math.min(dims[3].high, v))), goal.gripper];
  if (noise > 0) for (let i = 0; i < 6; i++) action[i] += noise * dims[i].high * rng.normal();
  return action;
}

/** Distance from the tool to a goal position, m. */
export function reached(state: SimState, position: Vec3, tolerance: number): boolean {
  return Math.hypot(...[0, 1, 2].map((i) => position[i] - state.ee.position[i])) <= tolerance;
}

function conj(q: Quat): Quat {
  return [-q[0], -q[1], -q[2], q[3]];
}

/** Axis × angle of a unit quaternion, taking the short way round. */
function rotationVector(q: Quat): Vec3 {
  const s = q[3] < 0 ? -1 : 1;
  const [x, y, z, w] = q.map((v) => v * s);
  const sinHalf = Math.hypot(x, y, z);
  if (sinHalf < 1e-9) return [0, 0, 0];
  const angle = 2 * Math.atan2(sinHalf, w);
  return [(x / sinHalf) * angle, (y / sinHalf) * angle, (z / sinHalf) * angle];
}
