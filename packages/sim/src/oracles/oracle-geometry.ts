import type { Quat, Vec3 } from "@gauntlet/core";
import { quatRotate } from "@gauntlet/core";
import type { SimState } from "../tasks";

/** The yaw of a box's face nearest to `reference`, folding the box's 90° symmetry. */
export function graspYaw(objectQuat: Quat, reference = 0): number {
  const x = quatRotate(objectQuat, [1, 0, 0]);
  let yaw = Math.atan2(x[1], x[0]);
  while (yaw - reference > Math.PI / 4) yaw -= Math.PI / 2;
  while (yaw - reference < -Math.PI / 4) yaw += Math.PI / 2;
  return yaw;
}

/** Whether the tool is within `tolerance` metres of a goal position. */
export function reached(state: SimState, position: Vec3, tolerance: number): boolean {
  return Math.hypot(...[0, 1, 2].map((i) => position[i] - state.ee.position[i])) <= tolerance;
}
