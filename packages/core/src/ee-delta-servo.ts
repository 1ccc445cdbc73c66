/**
 * A proportional ee-delta servo from a tool pose to a top-down goal pose, shared by the
 * privileged oracles and the vision policy. `gain` scales both the correction and the largest
 * step, so a low gain is a slower, more hesitant controller; `noise` adds Gaussian noise of
 * std noise × each limit.
 */
import { quatFromEuler, quatMultiply, quatRotate, type Pose, type Quat, type Vec3 } from "./geometry";
import type { Rng } from "./rng";
import { EE_DELTA_ACTION_SPEC } from "./spaces";

/** Where the servo should take the tool. */
export interface ServoGoal {
  position: Vec3;
  /** Yaw of the top-down tool about world z. */
  yaw: number;
  /** 1 = open, 0 = closed. */
  gripper: number;
  /** Largest translation per step, m (default: the action limit). */
  maxStep?: number;
}

export interface ServoKnobs {
  gain: number;
  noise: number;
  rng: Rng;
}

/** Tool pointing straight down (tool +x along world -z), turned by `yaw` about world z. */
export function topDown(yaw: number): Quat {
  return quatMultiply(quatFromEuler(0, 0, yaw), quatFromEuler(0, Math.PI / 2, 0));
}

/** The yaw of a top-down tool orientation. */
export function toolYaw(q: Quat): number {
  const y = quatRotate(q, [0, 1, 0]);
  return Math.atan2(-y[0], y[1]);
}

/** One ee-delta action (in the robot base frame) from the tool pose `ee` (world) towards `goal`. */
export function servoAction(ee: Pose, goal: ServoGoal, base: Pose, knobs: ServoKnobs): number[] {
  const dims = EE_DELTA_ACTION_SPEC.dims;
  const toBase = conj(base.quaternion);
  const move = quatRotate(toBase, [0, 1, 2].map((i) => goal.position[i] - ee.position[i]) as Vec3).map((v) => v * knobs.gain);
  const limit = (goal.maxStep ?? dims[0].high) * knobs.gain;
  const norm = Math.hypot(...move);
  const scale = norm > limit ? limit / norm : 1;
  const turn = quatMultiply(quatMultiply(toBase, topDown(goal.yaw)), conj(quatMultiply(toBase, ee.quaternion)));
  const rotLimit = dims[3].high * knobs.gain;
  const rot = rotationVector(turn).map((v) => Math.max(-rotLimit, Math.min(rotLimit, v * knobs.gain)));
  const action = [...move.map((v) => v * scale), ...rot, goal.gripper];
  if (knobs.noise > 0) for (let i = 0; i < 6; i++) action[i] += knobs.noise * dims[i].high * knobs.rng.normal();
  return action;
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
