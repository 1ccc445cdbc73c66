/**
 * PickCube-v1
 *
 * Task description: pick up the cube and lift it above the table.
 * Randomisations: the cube's x, y and yaw, per `scene.task.randomize.<object>`.
 * Success conditions: the cube is held by the gripper and its centre is at least
 * `params.liftHeight` (default 0.08 m) above where it started.
 */
import type { Scene } from "@gauntlet/core";
import { distance } from "@gauntlet/core";
import { numberParam, objectParam, type SimState, type Task, unit } from "./task";

export function makePickLiftTask(scene: Scene): Task {
  const object = objectParam(scene, "object", "cube").id;
  const liftHeight = numberParam(scene, "liftHeight", 0.08);
  return {
    type: "pick-lift",
    envId: "PickCube-v1",
    evaluate(state: SimState) {
      const now = state.objects[object].position;
      const start = state.initial[object].position;
      const lifted = now[2] - start[2];
      const held = state.grasped === object;
      const reach = unit(1 - distance(state.ee.position, now) / 0.2);
      const progress = held ? 0.5 + 0.5 * unit(lifted / liftHeight) : 0.4 * reach;
      return { success: held && lifted >= liftHeight, progress };
    },
  };
}
